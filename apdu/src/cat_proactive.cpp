// SPDX-License-Identifier: Apache-2.0
// Proactive UICC commands (ETSI TS 102 223 §6.5-6.6, §9.4): FETCH response dispatch by type of command, encoding,
// and what the terminal must answer for commands or objects it does not understand (§6.10, TS 101 220 §7.1.1).
#include <euicc/apdu/cat_proactive.hpp>

#include <euicc/error.hpp>

#include "cat_proactive_parsers.hpp"

namespace euicc::cat {

namespace {

using detail::ObjectList;
using detail::proactive_context;

ObjectList open_command(ByteView fetch_response) {
    const detail::Wrapped wrapped = detail::unwrap(fetch_response, proactive_context);
    if (wrapped.tag != proactive_command_tag) {
        throw CodecError(proactive_context, 0,
                         "tag " + to_hex(ByteView(&wrapped.tag, 1)) + " is not a proactive command (D0)");
    }
    return ObjectList(fetch_response, wrapped.value_offset, proactive_context);
}

} // namespace

ProactiveCommand parse_proactive_command(ByteView fetch_response) {
    ObjectList list = open_command(fetch_response);
    CommandType type{};
    CommandHeader header = detail::read_command_start(list, type);
    switch (type) {
    case CommandType::OpenChannel: return detail::parse_open_channel(list, std::move(header));
    case CommandType::CloseChannel: return detail::parse_close_channel(list, std::move(header));
    case CommandType::ReceiveData: return detail::parse_receive_data(list, std::move(header));
    case CommandType::SendData: return detail::parse_send_data(list, std::move(header));
    case CommandType::GetChannelStatus: return detail::parse_get_channel_status(list, std::move(header));
    case CommandType::Refresh: return detail::parse_refresh(list, std::move(header));
    case CommandType::MoreTime: return detail::parse_more_time(list, std::move(header));
    case CommandType::PollInterval: return detail::parse_poll_interval(list, std::move(header));
    case CommandType::PollingOff: return detail::parse_polling_off(list, std::move(header));
    case CommandType::SetUpEventList: return detail::parse_set_up_event_list(list, std::move(header));
    case CommandType::TimerManagement: return detail::parse_timer_management(list, std::move(header));
    case CommandType::DisplayText: return detail::parse_display_text(list, std::move(header));
    case CommandType::SendShortMessage: return detail::parse_send_short_message(list, std::move(header));
    default:
        // §6.10 asks for "beyond terminal's capabilities" here, so the command is kept, not rejected.
        return detail::finish(UnknownCommand{type, std::move(header)}, list);
    }
}

CommandDetails parse_command_details(ByteView fetch_response) {
    ObjectList list = open_command(fetch_response);
    const detail::Object& object = list.require(tag::command_details, "command details");
    return detail::read_value(list, object, detail::read_command_details);
}

Bytes encode(const ProactiveCommand& command) {
    return std::visit(
        [](const auto& c) -> Bytes {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, UnknownCommand>) {
                return detail::finish_encoding(detail::command_start(c.header, c.type), c.header);
            } else {
                return encode(c);
            }
        },
        command);
}

const CommandHeader& header_of(const ProactiveCommand& command) noexcept {
    return std::visit([](const auto& c) -> const CommandHeader& { return c.header; }, command);
}

CommandDetails details_of(const ProactiveCommand& command) noexcept {
    return std::visit(
        [](const auto& c) { return CommandDetails{c.header.number, c.type, c.header.qualifier}; }, command);
}

std::optional<GeneralResult> comprehension_result(const ProactiveCommand& command) noexcept {
    if (std::holds_alternative<UnknownCommand>(command)) {
        return GeneralResult::BeyondTerminalCapabilities;
    }
    if (header_of(command).has_unknown_required_objects()) {
        return GeneralResult::CommandDataNotUnderstood;
    }
    return std::nullopt;
}

namespace detail {

std::optional<Bytes> take_raw(ObjectList& list, std::uint8_t tag) {
    const Object* object = list.take(tag);
    if (object == nullptr) {
        return std::nullopt;
    }
    return object->tlv.value;
}

void put_raw(Bytes& out, std::uint8_t tag, bool cr, const std::optional<Bytes>& value) {
    if (value) {
        put(out, tag, cr, *value);
    }
}

Bytes finish_encoding(Bytes objects, const CommandHeader& header) {
    put_all(objects, header.unknown_objects);
    return wrap(proactive_command_tag, objects);
}

} // namespace detail

} // namespace euicc::cat
