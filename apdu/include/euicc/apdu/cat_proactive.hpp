// SPDX-License-Identifier: Apache-2.0
// Proactive UICC commands (ETSI TS 102 223 §6.5-6.6): the FETCH response `D0 { 81 command details, 82 device
// identities, ... }` parsed into typed commands, and back.
#pragma once

#include <optional>
#include <variant>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_proactive_bip.hpp>
#include <euicc/apdu/cat_proactive_control.hpp>
#include <euicc/apdu/cat_proactive_messaging.hpp>
#include <euicc/apdu/cat_result.hpp>

namespace euicc::cat {

/// BER-TLV tag of a proactive command (TS 101 220 §7.2).
inline constexpr std::uint8_t proactive_command_tag = 0xD0;

/// A command type this library does not model: the terminal answers "beyond terminal's capabilities" (30).
/// Every object after 81/82 is in header.unknown_objects, so the command re-encodes unchanged.
struct UnknownCommand {
    CommandType type{};
    CommandHeader header;

    friend bool operator==(const UnknownCommand&, const UnknownCommand&) = default;
};

using ProactiveCommand = std::variant<Refresh, MoreTime, PollInterval, PollingOff, SetUpEventList, SendShortMessage,
                                      DisplayText, TimerManagement, OpenChannel, CloseChannel, ReceiveData, SendData,
                                      GetChannelStatus, UnknownCommand>;

/// Parses a FETCH response (one D0 TLV, nothing after it). Objects are matched on the tag without the CR bit.
/// Throws CodecError("proactive command", offset) for a malformed TLV structure, a missing or malformed command
/// details / device identities object, a missing mandatory object of a known command (offset = end of the
/// data), or a malformed known object (offset = that object's first byte or the faulty byte).
ProactiveCommand parse_proactive_command(ByteView fetch_response);

/// Only the command details of a FETCH response, for answering a command parse_proactive_command rejected
/// (result 32 "command data not understood"). Throws CodecError("proactive command", offset) when even those
/// cannot be read.
CommandDetails parse_command_details(ByteView fetch_response);

/// The D0 TLV of any command (UnknownCommand included).
Bytes encode(const ProactiveCommand& command);

const CommandHeader& header_of(const ProactiveCommand& command) noexcept;
/// Number, type and qualifier, as a TERMINAL RESPONSE must echo them (§6.8).
CommandDetails details_of(const ProactiveCommand& command) noexcept;

/// The result a terminal must give before even trying the command: 30 for an UnknownCommand, 32 when an
/// object with CR set was not understood; nullopt when the command was fully understood.
std::optional<GeneralResult> comprehension_result(const ProactiveCommand& command) noexcept;

} // namespace euicc::cat
