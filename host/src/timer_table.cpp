// SPDX-License-Identifier: Apache-2.0
// Terminal timers per ETSI TS 102 223 §6.6.21 (start/deactivate/get current value) and §7.4 (expiration).
#include <algorithm>
#include <stdexcept>
#include <string>

#include <euicc/host/timer_table.hpp>

namespace euicc::host {

namespace {

using std::chrono::ceil;
using std::chrono::floor;
using std::chrono::seconds;

} // namespace

std::size_t TimerTable::index(std::uint8_t id) {
    // §8.37: timer identifiers 1..8.
    if (id < 1 || id > timer_count) {
        throw std::invalid_argument("timer identifier " + std::to_string(id) + " outside 1..8");
    }
    return static_cast<std::size_t>(id - 1);
}

void TimerTable::start(std::uint8_t id, seconds value, TerminalClock::time_point now) {
    if (value < seconds{0}) {
        throw std::invalid_argument("timer value is negative");
    }
    m_slots[index(id)] = Slot{now, now + value};
}

std::optional<seconds> TimerTable::remaining(std::uint8_t id, TerminalClock::time_point now) const {
    const auto& slot = m_slots[index(id)];
    if (!slot) {
        return std::nullopt;
    }
    // Rounded up: a timer with half a second left has not run out, so it must not read 00:00:00.
    return std::max(seconds{0}, ceil<seconds>(slot->expiry - now));
}

std::optional<seconds> TimerTable::deactivate(std::uint8_t id, TerminalClock::time_point now) {
    auto value = remaining(id, now);
    m_slots[index(id)].reset();
    return value;
}

bool TimerTable::running(std::uint8_t id) const {
    return m_slots[index(id)].has_value();
}

std::vector<DueTimer> TimerTable::due(TerminalClock::time_point now) const {
    std::vector<DueTimer> result;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        const auto& slot = m_slots[i];
        if (slot && slot->expiry <= now) {
            result.push_back({static_cast<std::uint8_t>(i + 1), floor<seconds>(now - slot->started)});
        }
    }
    return result;
}

void TimerTable::expired(std::uint8_t id) {
    m_slots[index(id)].reset();
}

std::optional<TerminalClock::time_point> TimerTable::next_expiry() const {
    std::optional<TerminalClock::time_point> earliest;
    for (const auto& slot : m_slots) {
        if (slot && (!earliest || slot->expiry < *earliest)) {
            earliest = slot->expiry;
        }
    }
    return earliest;
}

} // namespace euicc::host
