// SPDX-License-Identifier: Apache-2.0
// Shared helpers for the euicc::host tests: a hand-advanced terminal clock and scripted-card checks.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>

#include <euicc/apdu/bytes.hpp>
#include <euicc/host/standard_terminal.hpp>
#include <euicc/host/timer_table.hpp>
#include <euicc/transport/scripted_card.hpp>

namespace euicc::host::test {

/// A terminal clock that only moves when the test says so; copies share the same time.
class FakeClock {
public:
    TerminalClock::time_point now() const { return *m_now; }
    void advance(std::chrono::milliseconds by) { *m_now += by; }
    TerminalClockFn fn() const {
        return [now = m_now] { return *now; };
    }

private:
    std::shared_ptr<TerminalClock::time_point> m_now =
        std::make_shared<TerminalClock::time_point>(TerminalClock::time_point{} + std::chrono::hours(1));
};

/// `head` followed by `tail` (a command or response built from parts).
inline Bytes join(Bytes head, ByteView tail) {
    append(head, tail);
    return head;
}

/// Every scripted step ran and none mismatched (ScriptedCard answers 6F00 and records the difference).
inline void require_script_done(const transport::ScriptedCard& card) {
    for (const auto& failure : card.failures()) {
        UNSCOPED_INFO(failure);
    }
    CHECK(card.failures().empty());
    CHECK(card.finished());
}

} // namespace euicc::host::test
