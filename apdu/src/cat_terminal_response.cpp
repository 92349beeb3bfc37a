// SPDX-License-Identifier: Apache-2.0
// TERMINAL RESPONSE (ETSI TS 102 223 §6.8, §6.6.27-6.6.31): build, parse, and the C-APDU.
#include <euicc/apdu/cat_terminal_response.hpp>

#include <stdexcept>

#include "cat_codec.hpp"

namespace euicc::cat {

namespace {

using detail::Object;
using detail::ObjectList;

constexpr const char* context = "TERMINAL RESPONSE";

} // namespace

TerminalResponse response_to(const ProactiveCommand& command, Result result) {
    TerminalResponse r;
    // §6.8: the command details are echoed as received; the response goes from the terminal to the UICC.
    r.details = details_of(command);
    r.devices = DeviceIdentities{device::terminal, device::uicc};
    r.result = std::move(result);
    return r;
}

Bytes encode(const TerminalResponse& r) {
    using namespace detail;
    if (r.timer_id && (*r.timer_id < 1 || *r.timer_id > 8)) {
        throw std::invalid_argument("TERMINAL RESPONSE: timer identifier outside 1..8");
    }
    Bytes v;
    put(v, tag::command_details, true, command_details_value(r.details));
    put(v, tag::device_identities, true, device_identities_value(r.devices));
    put(v, tag::result, true, result_value(r.result));
    // Real terminals send the OPEN CHANNEL response objects without CR (spec/cat.md: the captured
    // `...8302200435010339020578`); SEND/RECEIVE DATA and GET CHANNEL STATUS use B6/B7/B8.
    const bool cr = r.details.type != CommandType::OpenChannel;
    if (r.channel_data) {
        put(v, tag::channel_data, cr, *r.channel_data);
    }
    if (r.channel_data_length) {
        put(v, tag::channel_data_length, cr, Bytes{*r.channel_data_length});
    }
    for (const ChannelStatus& status : r.channel_statuses) {
        put(v, tag::channel_status, cr, channel_status_value(status));
    }
    if (r.bearer) {
        put(v, tag::bearer_description, cr, bearer_description_value(*r.bearer));
    }
    if (r.buffer_size) {
        put(v, tag::buffer_size, cr, u16_value(*r.buffer_size));
    }
    if (r.local_address) {
        put(v, tag::other_address, cr, other_address_value(*r.local_address));
    }
    if (r.duration) {
        put(v, tag::duration, cr, duration_value(*r.duration));
    }
    if (r.timer_id) {
        put(v, tag::timer_identifier, cr, Bytes{*r.timer_id});
    }
    if (r.timer_value) {
        put(v, tag::timer_value, cr, encode_timer_value(*r.timer_value));
    }
    put_all(v, r.unknown_objects);
    return v;
}

TerminalResponse parse_terminal_response(ByteView data) {
    using namespace detail;
    ObjectList list(data, 0, context);
    TerminalResponse r;
    r.details = read_value(list, list.require(tag::command_details, "command details"), read_command_details);
    r.devices = read_value(list, list.require(tag::device_identities, "device identities"), read_device_identities);
    // §8.12: the general result byte is mandatory, additional information optional.
    r.result = read_value(list, list.require(tag::result, "result"), read_result);
    if (const Object* o = list.take(tag::channel_data)) {
        r.channel_data = o->tlv.value;
    }
    if (const Object* o = list.take(tag::channel_data_length)) {
        r.channel_data_length = read_value(list, *o, read_u8);
    }
    while (const Object* o = list.take(tag::channel_status)) {
        r.channel_statuses.push_back(read_value(list, *o, read_channel_status));
    }
    if (const Object* o = list.take(tag::bearer_description)) {
        r.bearer = read_value(list, *o, read_bearer_description);
    }
    if (const Object* o = list.take(tag::buffer_size)) {
        r.buffer_size = read_value(list, *o, read_u16);
    }
    if (const Object* o = list.take(tag::other_address)) {
        r.local_address = read_value(list, *o, read_other_address);
    }
    if (const Object* o = list.take(tag::duration)) {
        r.duration = read_value(list, *o, read_duration);
    }
    if (const Object* o = list.take(tag::timer_identifier)) {
        r.timer_id = read_value(list, *o, read_timer_id);
    }
    if (const Object* o = list.take(tag::timer_value)) {
        r.timer_value = read_value(list, *o, read_timer_value);
    }
    r.unknown_objects = list.untaken();
    return r;
}

apdu::CommandApdu terminal_response_apdu(const TerminalResponse& response) {
    // TS 102 221 §10.1.1: CLA 80, INS 14, P1 P2 00 00, case 3.
    return apdu::CommandApdu(0x80, 0x14, 0x00, 0x00, encode(response));
}

} // namespace euicc::cat
