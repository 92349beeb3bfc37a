// SPDX-License-Identifier: Apache-2.0
// Proactive commands that steer the toolkit session (ETSI TS 102 223 §6.6): REFRESH, MORE TIME, POLL INTERVAL,
// POLLING OFF, SET UP EVENT LIST, TIMER MANAGEMENT.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_objects.hpp>

namespace euicc::cat {

/// REFRESH (01, §6.6.13). Qualifier: RefreshMode.
struct Refresh {
    static constexpr CommandType type = CommandType::Refresh;
    CommandHeader header = command_header(device::terminal);
    /// File list (12, §8.18): each entry a full path starting with 3F00, e.g. 3F00 7FFF 6F07.
    std::optional<std::vector<Bytes>> files;
    std::optional<Bytes> aid;              ///< 2F
    std::optional<Bytes> alpha_identifier; ///< 05
    std::optional<Bytes> icon_identifier;  ///< 1E

    RefreshMode mode() const noexcept { return static_cast<RefreshMode>(header.qualifier); }

    friend bool operator==(const Refresh&, const Refresh&) = default;
};

/// MORE TIME (02, §6.6.14): no objects; the terminal answers "performed successfully".
struct MoreTime {
    static constexpr CommandType type = CommandType::MoreTime;
    CommandHeader header = command_header(device::terminal);

    friend bool operator==(const MoreTime&, const MoreTime&) = default;
};

/// POLL INTERVAL (03, §6.6.6): the interval the UICC asks for; the TERMINAL RESPONSE gives the one used.
struct PollInterval {
    static constexpr CommandType type = CommandType::PollInterval;
    CommandHeader header = command_header(device::terminal);
    Duration interval;

    friend bool operator==(const PollInterval&, const PollInterval&) = default;
};

/// POLLING OFF (04, §6.6.8): back to the default STATUS polling.
struct PollingOff {
    static constexpr CommandType type = CommandType::PollingOff;
    CommandHeader header = command_header(device::terminal);

    friend bool operator==(const PollingOff&, const PollingOff&) = default;
};

/// SET UP EVENT LIST (05, §6.6.16): the events to report with ENVELOPE event download; empty = none.
struct SetUpEventList {
    static constexpr CommandType type = CommandType::SetUpEventList;
    CommandHeader header = command_header(device::terminal);
    std::vector<Event> events;

    friend bool operator==(const SetUpEventList&, const SetUpEventList&) = default;
};

/// TIMER MANAGEMENT (27, §6.6.21). Qualifier b1-b2: TimerOperation. Timer value A5 is present for Start.
struct TimerManagement {
    static constexpr CommandType type = CommandType::TimerManagement;
    CommandHeader header = command_header(device::terminal);
    std::uint8_t timer_id = 1; ///< A4, 1..8
    std::optional<std::chrono::seconds> value;

    TimerOperation operation() const noexcept { return static_cast<TimerOperation>(header.qualifier & 0x03); }

    friend bool operator==(const TimerManagement&, const TimerManagement&) = default;
};

/// D0 BER-TLV of each command.
Bytes encode(const Refresh& command);
Bytes encode(const MoreTime& command);
Bytes encode(const PollInterval& command);
Bytes encode(const PollingOff& command);
Bytes encode(const SetUpEventList& command);
Bytes encode(const TimerManagement& command);

} // namespace euicc::cat
