// SPDX-License-Identifier: Apache-2.0
// Bindings of the proactive commands of euicc::cat (ETSI TS 102 223 §6.5-6.6): one Python class per command type.
#include <string>
#include <type_traits>

#include <euicc/apdu/cat_proactive.hpp>

#include "bindings.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using namespace euicc::cat;

/// What every command class has besides its fields: the class attribute `type` (CommandType), `details` (number,
/// type, qualifier as a TERMINAL RESPONSE echoes them), `type_name` ('OPEN CHANNEL') and encode() (the D0 TLV).
template <class C>
py::class_<C> command_class(Struct<C>& fields) {
    py::class_<C> cls = fields.done();
    if constexpr (!std::is_member_object_pointer_v<decltype(&C::type)>) {
        cls.attr("type") = C::type; // static: the command struct's own type
    }
    cls.def_property_readonly(
           "details", [](const C& c) { return details_of(ProactiveCommand{c}); },
           "Command details (§8.6) as a TERMINAL RESPONSE echoes them.")
        .def_property_readonly("type_name",
                               [](const C& c) {
                                   return std::string(command_type_name(details_of(ProactiveCommand{c}).type));
                               })
        .def("encode", [](const C& c) { return encode(ProactiveCommand{c}); }, "The D0 BER-TLV (FETCH response).")
        .def("__bytes__", [](const C& c) { return encode(ProactiveCommand{c}); });
    return cls;
}

void bind_control(py::module_& cat) {
    Struct<Refresh> refresh(cat, "Refresh", "REFRESH (01, §6.6.13); the qualifier is the RefreshMode.");
    refresh.field("header", &Refresh::header)
        .field("files", &Refresh::files, "full paths from 3F00, e.g. 3F007FFF6F07")
        .field("aid", &Refresh::aid)
        .field("alpha_identifier", &Refresh::alpha_identifier)
        .field("icon_identifier", &Refresh::icon_identifier);
    command_class(refresh).def_property_readonly("mode", &Refresh::mode);

    Struct<MoreTime> more_time(cat, "MoreTime", "MORE TIME (02, §6.6.14).");
    more_time.field("header", &MoreTime::header);
    command_class(more_time);

    Struct<PollInterval> poll_interval(cat, "PollInterval", "POLL INTERVAL (03, §6.6.6).");
    poll_interval.field("header", &PollInterval::header).field("interval", &PollInterval::interval);
    command_class(poll_interval);

    Struct<PollingOff> polling_off(cat, "PollingOff", "POLLING OFF (04, §6.6.8).");
    polling_off.field("header", &PollingOff::header);
    command_class(polling_off);

    Struct<SetUpEventList> event_list(cat, "SetUpEventList", "SET UP EVENT LIST (05, §6.6.16); empty = none.");
    event_list.field("header", &SetUpEventList::header).field("events", &SetUpEventList::events);
    command_class(event_list);

    Struct<TimerManagement> timer(cat, "TimerManagement",
                                  "TIMER MANAGEMENT (27, §6.6.21): timer 1..8; value (a timedelta) for Start.");
    timer.field("header", &TimerManagement::header)
        .field("timer_id", &TimerManagement::timer_id)
        .field("value", &TimerManagement::value);
    command_class(timer).def_property_readonly("operation", &TimerManagement::operation,
                                               "Qualifier b1-b2: Start, Deactivate, GetValue.");
}

void bind_messaging(py::module_& cat) {
    Struct<DisplayText> display(cat, "DisplayText", "DISPLAY TEXT (21, §6.6.1).");
    display.field("header", &DisplayText::header)
        .field("text", &DisplayText::text)
        .field("icon_identifier", &DisplayText::icon_identifier)
        .field("immediate_response", &DisplayText::immediate_response)
        .field("duration", &DisplayText::duration);
    command_class(display);

    Struct<SendShortMessage> sms(cat, "SendShortMessage",
                                 "SEND SHORT MESSAGE (13, §6.6.9): an SMS-SUBMIT TPDU for the network (how a PoR "
                                 "via SMS-SUBMIT leaves the card); decode it with euicc.sms.Submit.decode.");
    sms.field("header", &SendShortMessage::header)
        .field("alpha_identifier", &SendShortMessage::alpha_identifier)
        .field("address", &SendShortMessage::address, "the SMS-C (RP-DA), optional")
        .field("tpdu", &SendShortMessage::tpdu)
        .field("icon_identifier", &SendShortMessage::icon_identifier);
    command_class(sms);
}

void bind_bip(py::module_& cat) {
    Struct<OpenChannel> open(cat, "OpenChannel",
                             "OPEN CHANNEL (40, §6.6.27): bearer, buffer size, APN, transport level and "
                             "destination address (the SM-SR a trigger names).");
    open.field("header", &OpenChannel::header)
        .field("alpha_identifier", &OpenChannel::alpha_identifier)
        .field("icon_identifier", &OpenChannel::icon_identifier)
        .field("bearer", &OpenChannel::bearer)
        .field("buffer_size", &OpenChannel::buffer_size)
        .field("network_access_name", &OpenChannel::network_access_name)
        .field("local_address", &OpenChannel::local_address)
        .field("login", &OpenChannel::login)
        .field("password", &OpenChannel::password)
        .field("transport_level", &OpenChannel::transport_level)
        .field("destination_address", &OpenChannel::destination_address);
    command_class(open)
        .def_property_readonly("immediate_link", &OpenChannel::immediate_link)
        .def_property_readonly("automatic_reconnection", &OpenChannel::automatic_reconnection)
        .def_property_readonly("background_mode", &OpenChannel::background_mode)
        .def_property_readonly("dns_server_request", &OpenChannel::dns_server_request);

    Struct<CloseChannel> close(cat, "CloseChannel", "CLOSE CHANNEL (41): the channel is the destination device.");
    close.field("header", &CloseChannel::header)
        .field("alpha_identifier", &CloseChannel::alpha_identifier)
        .field("icon_identifier", &CloseChannel::icon_identifier);
    command_class(close);

    Struct<ReceiveData> receive(cat, "ReceiveData", "RECEIVE DATA (42): requested_length (FF: as many as fit).");
    receive.field("header", &ReceiveData::header)
        .field("alpha_identifier", &ReceiveData::alpha_identifier)
        .field("icon_identifier", &ReceiveData::icon_identifier)
        .field("requested_length", &ReceiveData::requested_length);
    command_class(receive);

    Struct<SendData> send(cat, "SendData", "SEND DATA (43): channel data; qualifier b1 = send immediately.");
    send.field("header", &SendData::header)
        .field("alpha_identifier", &SendData::alpha_identifier)
        .field("icon_identifier", &SendData::icon_identifier)
        .field("data", &SendData::data);
    command_class(send).def_property_readonly("send_immediately", &SendData::send_immediately);

    Struct<GetChannelStatus> status(cat, "GetChannelStatus", "GET CHANNEL STATUS (44).");
    status.field("header", &GetChannelStatus::header);
    command_class(status);

    cat.def("target_channel", &target_channel, "header"_a,
            "The channel 1..7 a CLOSE CHANNEL / RECEIVE DATA / SEND DATA addresses, or None.");
}

} // namespace

void bind_cat_proactive(py::module_& cat) {
    bind_control(cat);
    bind_messaging(cat);
    bind_bip(cat);

    Struct<UnknownCommand> unknown(cat, "UnknownCommand",
                                   "A command type this library does not model (answered 30); every object after "
                                   "81/82 is in header.unknown_objects, so it re-encodes unchanged.");
    unknown.field("type", &UnknownCommand::type).field("header", &UnknownCommand::header);
    command_class(unknown);

    add_union(cat, "ProactiveCommand",
              {"Refresh", "MoreTime", "PollInterval", "PollingOff", "SetUpEventList", "SendShortMessage",
               "DisplayText", "TimerManagement", "OpenChannel", "CloseChannel", "ReceiveData", "SendData",
               "GetChannelStatus", "UnknownCommand"});

    cat.def(
        "parse_proactive_command", [](ByteView data) { return parse_proactive_command(data); }, "fetch_response"_a,
        "One D0 TLV -> Refresh, MoreTime, PollInterval, PollingOff, SetUpEventList, SendShortMessage, DisplayText, "
        "TimerManagement, OpenChannel, CloseChannel, ReceiveData, SendData, GetChannelStatus or UnknownCommand; "
        "raises CodecError('proactive command', offset).");
    cat.def(
        "parse_command_details", [](ByteView data) { return parse_command_details(data); }, "fetch_response"_a,
        "Only the command details, for answering a command that does not parse (result 32).");
    cat.def(
        "encode", [](const ProactiveCommand& command) { return encode(command); }, "command"_a,
        "The D0 TLV of a proactive command.");
    cat.def(
        "header_of", [](const ProactiveCommand& command) { return header_of(command); }, "command"_a);
    cat.def("details_of", &details_of, "command"_a);
    cat.def("comprehension_result", &comprehension_result, "command"_a,
            "30 for an UnknownCommand, 32 for an unknown object with CR set, else None.");
}

} // namespace euicc::python
