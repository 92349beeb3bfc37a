// SPDX-License-Identifier: Apache-2.0
// The terminal's eight toolkit timers (ETSI TS 102 223 §6.6.21 TIMER MANAGEMENT, §7.4 timer expiration).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace euicc::host {

/// Clock of the terminal: intervals only, so a monotonic clock (a wall-clock jump must not fire a timer).
using TerminalClock = std::chrono::steady_clock;

/// A timer that has run out and is waiting for its ENVELOPE timer expiration.
struct DueTimer {
    std::uint8_t timer_id = 1;
    /// Time since the timer was started (TS 102 223 §7.4: the envelope reports the time elapsed since the
    /// start, which is at least the started value when the terminal is late).
    std::chrono::seconds elapsed{0};

    friend bool operator==(const DueTimer&, const DueTimer&) = default;
};

/// Timers 1..8 as the terminal keeps them. Pure: every call takes `now` from the caller's clock.
/// Methods taking a timer id throw std::invalid_argument outside 1..8.
class TimerTable {
public:
    static constexpr std::uint8_t timer_count = 8;

    /// Starts (or restarts, with the new value) timer `id` to run out `value` after `now`.
    void start(std::uint8_t id, std::chrono::seconds value, TerminalClock::time_point now);
    /// Stops timer `id`; returns the time it still had to run (rounded up to whole seconds, 0 when already
    /// due), or nullopt when it was not running (the terminal answers result 24 then).
    std::optional<std::chrono::seconds> deactivate(std::uint8_t id, TerminalClock::time_point now);
    /// The time timer `id` still has to run (as deactivate, without stopping it); nullopt when not running.
    std::optional<std::chrono::seconds> remaining(std::uint8_t id, TerminalClock::time_point now) const;
    bool running(std::uint8_t id) const;

    /// Running timers whose time has come at `now`, by id. They stay in the table until expired() is called,
    /// so a timer whose envelope the card refused (9300 busy) is reported again at the next poll.
    std::vector<DueTimer> due(TerminalClock::time_point now) const;
    /// Takes timer `id` out of the table after its expiration envelope was delivered.
    void expired(std::uint8_t id);
    /// The earliest expiry among running timers (for a caller that sleeps until then).
    std::optional<TerminalClock::time_point> next_expiry() const;

private:
    struct Slot {
        TerminalClock::time_point started;
        TerminalClock::time_point expiry;
    };
    static std::size_t index(std::uint8_t id);

    std::array<std::optional<Slot>, timer_count> m_slots;
};

} // namespace euicc::host
