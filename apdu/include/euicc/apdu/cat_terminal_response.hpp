// SPDX-License-Identifier: Apache-2.0
// TERMINAL RESPONSE (ETSI TS 102 223 §6.8, §6.6.27-6.6.31): command details echo, device identities, result and
// the command-specific objects; the `80 14 00 00 Lc data` C-APDU.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_result.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>

namespace euicc::cat {

/// A TERMINAL RESPONSE. The command-specific objects are optional members; set those the command calls for:
/// OPEN CHANNEL: channel_statuses (one), bearer, buffer_size, [local_address];
/// SEND DATA: channel_data_length (free Tx space); RECEIVE DATA: channel_data, channel_data_length (left);
/// GET CHANNEL STATUS: channel_statuses (one per channel); POLL INTERVAL: duration;
/// TIMER MANAGEMENT: timer_id, timer_value.
struct TerminalResponse {
    CommandDetails details;                                       ///< 81, echoed from the command
    DeviceIdentities devices{device::terminal, device::uicc};     ///< 82
    Result result;                                                ///< 83
    std::optional<Bytes> channel_data;                            ///< 36
    std::optional<std::uint8_t> channel_data_length;              ///< 37
    std::vector<ChannelStatus> channel_statuses;                  ///< 38, in order
    std::optional<BearerDescription> bearer;                      ///< 35
    std::optional<std::uint16_t> buffer_size;                     ///< 39
    std::optional<OtherAddress> local_address;                    ///< 3E
    std::optional<Duration> duration;                             ///< 04
    std::optional<std::uint8_t> timer_id;                         ///< 24
    std::optional<std::chrono::seconds> timer_value;              ///< 25
    std::vector<ctlv::Tlv> unknown_objects;                       ///< anything else, encoded last

    friend bool operator==(const TerminalResponse&, const TerminalResponse&) = default;
};

/// A response to `command` with `result`: details echoed (§6.8), devices terminal -> UICC.
TerminalResponse response_to(const ProactiveCommand& command, Result result);

/// The data field: 81, 82, 83, then 36, 37, 38..., 35, 39, 3E, 04, 24, 25, unknown objects. Objects in an
/// OPEN CHANNEL response carry CR = 0 (as real terminals send them), all others CR = 1. Throws
/// std::invalid_argument for a timer id outside 1..8.
Bytes encode(const TerminalResponse& response);

/// Parses a TERMINAL RESPONSE data field. Throws CodecError("TERMINAL RESPONSE", offset) when 81/82/83 are
/// missing (offset = end of the data) or any known object is malformed.
TerminalResponse parse_terminal_response(ByteView data);

/// `80 14 00 00 Lc data` (TS 102 221 §10.1.1).
apdu::CommandApdu terminal_response_apdu(const TerminalResponse& response);

} // namespace euicc::cat
