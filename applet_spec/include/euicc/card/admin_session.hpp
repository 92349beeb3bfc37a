// SPDX-License-Identifier: Apache-2.0
// What the virtual eUICC knows about the administration session a trigger asked for (applet_spec/trigger.md §5).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <euicc/apdu/cat_result.hpp>
#include <euicc/apdu/trigger.hpp>

namespace euicc::card {

/// A snapshot of the latest triggered session, for tests and diagnostics (scenarios assert through APDUs).
struct AdminSessionRecord {
    enum class State : std::uint8_t {
        WaitingForTimer, ///< the access time has not come: TIMER MANAGEMENT asked or to be asked
        OpeningChannel,  ///< OPEN CHANNEL queued or fetched, its TERMINAL RESPONSE not yet in
        ChannelOpen,     ///< the terminal opened the channel (its traffic is a later slice)
        Failed,          ///< given up: the session is dropped, `failure` says why
    };

    State state = State::WaitingForTimer;
    trigger::Trigger trigger; ///< as decoded: operation, mode, 84/85/86/89, SM-SR id/address
    std::chrono::system_clock::time_point received{}; ///< the card's clock when the trigger was processed
    std::chrono::system_clock::time_point
        access_time{};                 ///< trigger::access_time(access control, r, received)
    std::chrono::seconds delay{0};     ///< access_time - received, rounded up to whole seconds
    std::chrono::seconds remaining{0}; ///< the part of the current wait no timer expiration has covered yet
    std::uint16_t retries_left = 0;    ///< from the retry policy (86), decremented per retry
    unsigned open_channel_attempts = 0;
    std::optional<std::uint8_t> channel_id; ///< from the channel status of a successful OPEN CHANNEL
    std::optional<cat::Result> last_result; ///< of the last TERMINAL RESPONSE to a command of this session
    std::string failure;                    ///< empty unless state == Failed
};

/// "waiting for timer", "opening channel", "channel open", "failed".
std::string_view to_string(AdminSessionRecord::State state) noexcept;

} // namespace euicc::card
