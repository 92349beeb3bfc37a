// SPDX-License-Identifier: Apache-2.0
// ENVELOPE timer expiration for due terminal timers (ETSI TS 102 223 §7.4, §6.6.21).
#include <algorithm>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host {

namespace {

// §8.38: a timer value holds at most 99:59:59. A terminal polled that late reports the largest value it can
// code rather than nothing: the card only needs to learn that its timer ran out.
constexpr std::chrono::seconds max_timer_value{99 * 3600 + 59 * 60 + 59};

} // namespace

std::vector<TimerPoll> ToolkitTerminal::poll_timers() {
    std::vector<TimerPoll> polls;
    std::vector<std::uint8_t> sent;
    for (;;) {
        // Asked again after each envelope: the proactive session it starts may stop or restart other timers.
        const auto due = m_handler->due_timers();
        const auto next = std::find_if(due.begin(), due.end(), [&sent](const DueTimer& t) {
            return std::find(sent.begin(), sent.end(), t.timer_id) == sent.end();
        });
        if (next == due.end()) {
            return polls;
        }
        sent.push_back(next->timer_id);

        cat::TimerExpiration expiration;
        expiration.timer_id = next->timer_id;
        expiration.value = std::min(next->elapsed, max_timer_value);
        EnvelopeOutcome outcome = send_envelope(cat::encode(expiration));
        // §7.4: when the card is busy the terminal retries later, so the timer stays due until delivered.
        // Forgotten before the proactive session runs, because the card may start the same timer again in it
        // (a delay beyond 99:59:59 is reached by restarting).
        if (outcome.status != EnvelopeStatus::Busy) {
            m_handler->timer_expiration_delivered(next->timer_id);
        }
        outcome.proactive = run_proactive_session(outcome.sw);
        polls.push_back({*next, std::move(outcome)});
    }
}

} // namespace euicc::host
