// SPDX-License-Identifier: Apache-2.0
// The terminal's idle loop: timer expirations (ETSI TS 102 223 §7.4) and BIP event downloads
// (§7.5.10-7.5.11), each followed by the proactive session the card asks for (§6.2).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/host/tcp_bip_handler.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host {

/// One event ENVELOPE the loop delivered (D6 BER-TLV) and how the card took it.
struct DeliveredEvent {
    Bytes envelope;
    EnvelopeOutcome outcome; ///< Busy: the loop sends the same envelope again at a later step
};

/// What one step did, for live logs (TerminalLoopOptions::on_step).
struct TerminalLoopStep {
    std::size_t index = 0;               ///< 0 for the first step of a run
    std::vector<TimerPoll> timers;       ///< timer expirations sent (ToolkitTerminal::poll_timers)
    std::chrono::milliseconds waited{0}; ///< the longest the sockets were waited on
    std::vector<DeliveredEvent> events;  ///< event envelopes sent after the wait
};

enum class LoopStopReason {
    Predicate, ///< the caller's stop predicate returned true
    Deadline,  ///< the deadline passed
    StepLimit, ///< max_steps steps ran
};

struct TerminalLoopSummary {
    std::size_t steps = 0;
    std::size_t envelopes = 0;          ///< timer expiration and event download envelopes sent
    std::size_t proactive_commands = 0; ///< proactive commands answered in the sessions those started
    LoopStopReason reason = LoopStopReason::Predicate;
};

/// When a run ends; the checks run before every step, in this order.
struct TerminalLoopLimits {
    std::function<bool()> stop;                        ///< true ends the run; empty: never
    std::optional<TerminalClock::time_point> deadline; ///< on the loop's clock
    std::size_t max_steps = 0;                         ///< 0: no limit
};

struct TerminalLoopOptions {
    /// The clock of deadlines and timers; must be the terminal's (StandardTerminal's) clock. Empty:
    /// steady_clock::now. The sockets are always waited on in real time.
    TerminalClockFn clock;
    /// Longest wait on the sockets in one step, so that stop predicates are looked at regularly.
    std::chrono::milliseconds max_wait{200};
    /// Wait before offering again an envelope or timer the card answered 9300 (toolkit busy).
    std::chrono::milliseconds busy_retry{100};
    /// Called after every step. Exceptions propagate out of run().
    std::function<void(const TerminalLoopStep&)> on_step;
};

/// Drives a ToolkitTerminal while the card is idle: each step sends the expirations of due timers, waits on
/// the BIP sockets until data moves, the next timer is due, the deadline comes or max_wait passes, then
/// sends the event envelopes the BIP relay has for the events the card registered (SET UP EVENT LIST),
/// one at a time, each followed by the proactive session its 91xx starts (ToolkitTerminal::envelope).
/// Not thread-safe; the terminal and handler are borrowed and must outlive the loop.
///
/// The terminal's handler must be a StandardTerminal (it knows the registered events and the timers); the
/// TcpBipHandler is normally the one that StandardTerminal was built with. Errors from the card exchange
/// (StatusWordError, TransportError) and from the sockets (TransportError) end run() by propagating.
class TerminalLoop {
public:
    using Options = TerminalLoopOptions;

    /// Throws std::invalid_argument when `terminal` has no StandardTerminal handler or max_wait is negative.
    TerminalLoop(ToolkitTerminal& terminal, TcpBipHandler& bip, Options options = {});

    /// Steps until a limit in `limits` says stop. Without any limit it runs until an exception.
    TerminalLoopSummary run(const TerminalLoopLimits& limits);

    /// One step. `max_wait` caps the socket wait (on top of Options::max_wait).
    TerminalLoopStep step(std::chrono::milliseconds max_wait);

    /// An event envelope the card answered 9300, to be offered again at the next step.
    const std::optional<Bytes>& busy_envelope() const noexcept { return m_busy_envelope; }

private:
    std::chrono::milliseconds wait_for_step(std::chrono::milliseconds cap, bool timers_busy) const;
    /// Sends `envelope`; false when the card was busy (the envelope is kept for the next step).
    bool deliver(Bytes envelope, TerminalLoopStep& step);

    ToolkitTerminal& m_terminal;
    StandardTerminal& m_standard;
    TcpBipHandler& m_bip;
    Options m_options;
    std::optional<Bytes> m_busy_envelope;
    std::size_t m_next_index = 0;
};

} // namespace euicc::host
