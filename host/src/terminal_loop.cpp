// SPDX-License-Identifier: Apache-2.0
// The terminal's idle loop: timers (ETSI TS 102 223 §6.6.21, §7.4), BIP sockets and event downloads
// (§7.5.10-7.5.11), proactive sessions on 91xx (§6.2).
#include <algorithm>
#include <stdexcept>
#include <utility>

#include <euicc/host/terminal_loop.hpp>

namespace euicc::host {

using std::chrono::milliseconds;

namespace {

StandardTerminal& standard_of(ToolkitTerminal& terminal) {
    StandardTerminal* standard = terminal.standard_terminal();
    if (standard == nullptr) {
        throw std::invalid_argument("TerminalLoop: the terminal's handler must be a StandardTerminal");
    }
    return *standard;
}

std::size_t proactive_count(const EnvelopeOutcome& outcome) {
    return outcome.proactive.size();
}

} // namespace

TerminalLoop::TerminalLoop(ToolkitTerminal& terminal, TcpBipHandler& bip, Options options)
    : m_terminal(terminal), m_standard(standard_of(terminal)), m_bip(bip), m_options(std::move(options)) {
    if (!m_options.clock) {
        m_options.clock = &TerminalClock::now;
    }
    if (m_options.max_wait < milliseconds::zero() || m_options.busy_retry < milliseconds::zero()) {
        throw std::invalid_argument("TerminalLoop: max_wait and busy_retry must not be negative");
    }
}

TerminalLoopSummary TerminalLoop::run(const TerminalLoopLimits& limits) {
    TerminalLoopSummary summary;
    m_next_index = 0;
    for (;;) {
        if (limits.stop && limits.stop()) {
            summary.reason = LoopStopReason::Predicate;
            return summary;
        }
        auto cap = m_options.max_wait;
        if (limits.deadline) {
            const auto left = std::chrono::ceil<milliseconds>(*limits.deadline - m_options.clock());
            if (left <= milliseconds::zero()) {
                summary.reason = LoopStopReason::Deadline;
                return summary;
            }
            cap = std::min(cap, left);
        }
        if (limits.max_steps != 0 && summary.steps == limits.max_steps) {
            summary.reason = LoopStopReason::StepLimit;
            return summary;
        }
        const auto done = step(cap);
        ++summary.steps;
        summary.envelopes += done.timers.size() + done.events.size();
        for (const auto& timer : done.timers) {
            summary.proactive_commands += proactive_count(timer.outcome);
        }
        for (const auto& event : done.events) {
            summary.proactive_commands += proactive_count(event.outcome);
        }
    }
}

TerminalLoopStep TerminalLoop::step(milliseconds max_wait) {
    TerminalLoopStep done;
    done.index = m_next_index++;
    done.timers = m_terminal.poll_timers();
    const bool timers_busy = std::any_of(done.timers.begin(), done.timers.end(), [](const TimerPoll& poll) {
        return poll.outcome.status == EnvelopeStatus::Busy;
    });
    done.waited = wait_for_step(max_wait, timers_busy);
    m_bip.pump(done.waited);

    // An envelope the card refused as busy goes first: the card has not seen it, and later events
    // (e.g. link dropped after data available) must not overtake it.
    bool card_free = true;
    if (m_busy_envelope) {
        Bytes again = std::move(*m_busy_envelope);
        m_busy_envelope.reset();
        card_free = deliver(std::move(again), done);
    }
    // One at a time: each event reflects the channels after the previous event's proactive session, and the
    // registered list is read again since that session may have changed it (SET UP EVENT LIST).
    while (card_free) {
        auto event = m_bip.next_event(m_standard.events());
        if (!event) {
            break;
        }
        card_free = deliver(std::move(*event), done);
    }
    if (m_options.on_step) {
        m_options.on_step(done);
    }
    return done;
}

milliseconds TerminalLoop::wait_for_step(milliseconds cap, bool timers_busy) const {
    auto wait = std::clamp(cap, milliseconds::zero(), m_options.max_wait);
    if (timers_busy || m_busy_envelope) {
        wait = std::min(wait, m_options.busy_retry);
    }
    if (const auto next = m_standard.timers().next_expiry()) {
        const auto left = std::chrono::ceil<milliseconds>(*next - m_options.clock());
        if (left > milliseconds::zero()) {
            wait = std::min(wait, left);
        } else if (!timers_busy) {
            // Ran out since poll_timers(): deliver it at the next step without sleeping. A timer the card
            // refused as busy stays due; it waits busy_retry instead of spinning.
            wait = milliseconds::zero();
        }
    }
    return wait;
}

bool TerminalLoop::deliver(Bytes envelope, TerminalLoopStep& step) {
    auto outcome = m_terminal.envelope(envelope);
    const bool busy = outcome.status == EnvelopeStatus::Busy;
    if (busy) {
        // §7.5: a busy card gets the event again later; it was not processed.
        m_busy_envelope = envelope;
    }
    step.events.push_back(DeliveredEvent{std::move(envelope), std::move(outcome)});
    return !busy;
}

} // namespace euicc::host
