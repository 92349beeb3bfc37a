// SPDX-License-Identifier: Apache-2.0
// Private: per-command parsers of ETSI TS 102 223 §6.6, called by parse_proactive_command once 81/82 are read.
#pragma once

#include <euicc/apdu/cat_proactive.hpp>

#include "cat_codec.hpp"

namespace euicc::cat::detail {

inline constexpr const char* proactive_context = "proactive command";

// Each takes the objects it knows from `list`; the rest become header.unknown_objects.
OpenChannel parse_open_channel(ObjectList& list, CommandHeader header);
CloseChannel parse_close_channel(ObjectList& list, CommandHeader header);
ReceiveData parse_receive_data(ObjectList& list, CommandHeader header);
SendData parse_send_data(ObjectList& list, CommandHeader header);
GetChannelStatus parse_get_channel_status(ObjectList& list, CommandHeader header);
Refresh parse_refresh(ObjectList& list, CommandHeader header);
MoreTime parse_more_time(ObjectList& list, CommandHeader header);
PollInterval parse_poll_interval(ObjectList& list, CommandHeader header);
PollingOff parse_polling_off(ObjectList& list, CommandHeader header);
SetUpEventList parse_set_up_event_list(ObjectList& list, CommandHeader header);
TimerManagement parse_timer_management(ObjectList& list, CommandHeader header);
DisplayText parse_display_text(ObjectList& list, CommandHeader header);
SendShortMessage parse_send_short_message(ObjectList& list, CommandHeader header);

/// The raw value of the first `tag` object, if any.
std::optional<Bytes> take_raw(ObjectList& list, std::uint8_t tag);
/// Appends an optional raw object.
void put_raw(Bytes& out, std::uint8_t tag, bool cr, const std::optional<Bytes>& value);
/// Stores what nobody took and returns the command.
template <class Command>
Command finish(Command command, const ObjectList& list) {
    command.header.unknown_objects = list.untaken();
    return command;
}
/// Appends the unknown objects and wraps everything in D0.
Bytes finish_encoding(Bytes objects, const CommandHeader& header);

} // namespace euicc::cat::detail
