// SPDX-License-Identifier: Apache-2.0
// What the ISD-R does with a trigger (applet_spec/trigger.md §5): access time, TIMER MANAGEMENT, OPEN CHANNEL, retries.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_proactive_bip.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/card/admin_session.hpp>

#include "proactive_queue.hpp"

namespace euicc::card {

/// Keeps the one pending administration session a trigger asked for and drives it with proactive commands.
/// Borrows `queue`. The terminal owns the timers (TS 102 223 §6.6.21): the card only counts expirations, so it
/// needs no clock of its own beyond the moment the trigger arrives.
class AdminSessionAgent {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    /// Timer 1 of TS 102 223 §8.37 carries the wait; its value is at most 99:59:59 (§8.38).
    static constexpr std::uint8_t timer_id = 1;
    static constexpr std::chrono::seconds max_timer_value{99 * 3600 + 59 * 60 + 59};

    AdminSessionAgent(ProactiveQueue& queue, std::shared_ptr<Rng> rng, Clock clock);

    /// trigger.md §5 steps 2-3 for secured data starting with 81: decodes it and, when it is usable, replaces any
    /// pending session (withdrawing the old session's unfetched commands). Returns the compact response for the
    /// PoR: `01 9000` accepted, `01 6A80` malformed trigger or connection parameters, `01 6A88` no connection
    /// parameters (84) and none stored. Queues nothing: call kick() once the PoR is on its way.
    Bytes accept_trigger(ByteView secured_data);

    /// Queues the session's next proactive command unless one is queued, outstanding or a timer is running:
    /// TIMER MANAGEMENT (start timer 1) while part of the wait is left, else OPEN CHANNEL.
    void kick();

    /// ENVELOPE timer expiration (D7). Counts for the session only for timer 1 while the session's timer runs;
    /// anything else is ignored.
    void on_timer_expiration(const cat::TimerExpiration& expiration);

    /// A reset lost the queue and the terminal's timers: the session waits for kick() (at TERMINAL PROFILE).
    void on_reset() noexcept;

    std::optional<AdminSessionRecord> record() const;

private:
    struct Session {
        AdminSessionRecord record;
        cat::OpenChannel open_channel;
        bool step_pending = false;       ///< a command of this session is queued or awaits its response
        bool timer_running = false;      ///< the terminal confirmed TIMER MANAGEMENT and no D7 came yet
        std::chrono::seconds segment{0}; ///< the value of the running timer
    };

    void on_timer_response(unsigned generation, const cat::TerminalResponse& response);
    void on_open_channel_response(unsigned generation, const cat::TerminalResponse& response);
    Session* current(unsigned generation) noexcept;
    void fail(Session& session, std::string reason);

    ProactiveQueue& m_queue;
    std::shared_ptr<Rng> m_rng;
    Clock m_clock;
    std::optional<Session> m_session;
    unsigned m_generation = 0; ///< bumped per accepted trigger: responses to a replaced session are ignored
};

} // namespace euicc::card
