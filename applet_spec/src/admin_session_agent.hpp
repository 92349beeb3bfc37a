// SPDX-License-Identifier: Apache-2.0
// The ISD-R's admin agent (applet_spec/trigger.md §5, applet_spec/admin_agent.md): access time, TIMER MANAGEMENT,
// OPEN CHANNEL, BIP (TS 102 223 §6.4.27-31), PSK-TLS and the GP Amd B POST loop, retries.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_proactive_bip.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/card/admin_session.hpp>

#include "admin_conversation.hpp"
#include "admin_script_runner.hpp"
#include "applications.hpp"
#include "data_objects.hpp"
#include "platform.hpp"
#include "proactive_queue.hpp"

namespace euicc::card {

/// What the agent's scripts and keys live in; all borrowed, all must outlive the agent.
struct AdminAgentServices {
    const Applications& applications;
    const DataObjects& data_objects;
    Platform& platform;
    Rng& rng;
};

/// Keeps the one administration session a trigger (push) or the card itself (pull) asked for, and drives it with
/// proactive commands: the wait, OPEN CHANNEL, SET UP EVENT LIST, SEND DATA / RECEIVE DATA carrying PSK-TLS records,
/// CLOSE CHANNEL, and the retries of the retry policy. The terminal owns the timers (TS 102 223 §6.6.21): the card
/// only counts expirations, so it needs no clock of its own beyond the moment the trigger arrives.
/// Borrows `queue` and `services`.
class AdminSessionAgent {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    /// Timer 1 of TS 102 223 §8.37 carries the wait; its value is at most 99:59:59 (§8.38).
    static constexpr std::uint8_t timer_id = 1;
    static constexpr std::chrono::seconds max_timer_value{99 * 3600 + 59 * 60 + 59};
    /// The retry policy when a trigger has no 86 (admin_agent.md §5): 3 retries, 60 s apart.
    static constexpr std::uint16_t default_retries = 3;
    static constexpr std::chrono::seconds default_retry_delay{60};
    /// The SCP81 keyset and PSK when a trigger has no 85 (SGP.02 §2.4.4.1: KVN 40, KID 1).
    static constexpr std::uint8_t default_kvn = 0x40;

    AdminSessionAgent(ProactiveQueue& queue, AdminAgentServices services, std::shared_ptr<Rng> rng, Clock clock);

    /// trigger.md §5 steps 2-3 for secured data starting with 81: decodes it and, when it is usable, replaces any
    /// pending session (withdrawing the old session's unfetched commands, closing its channel). Returns the compact
    /// response for the PoR: `01 9000` accepted, `01 6A80` malformed trigger or connection parameters, `01 6A88` no
    /// connection parameters (84) and none stored. Queues nothing: call kick() once the PoR is on its way.
    Bytes accept_trigger(ByteView secured_data);

    /// Pull mode (admin_agent.md §7): a session the card starts on its own, at once, replacing any other. Queues
    /// its OPEN CHANNEL. Throws std::invalid_argument for connection objects an OPEN CHANNEL cannot carry or that
    /// make it longer than 91xx can announce.
    void request_session(const AdminSessionRequest& request);

    /// Queues the session's next proactive command unless one is queued, outstanding or a timer is running:
    /// TIMER MANAGEMENT (start timer 1) while part of a wait is left, else OPEN CHANNEL.
    void kick();

    /// ENVELOPE timer expiration (D7). Counts for the session only for timer 1 while the session's timer runs;
    /// anything else is ignored.
    void on_timer_expiration(const cat::TimerExpiration& expiration);
    /// ENVELOPE event download data available (D6, event 09) for the session's channel: RECEIVE DATA.
    void on_data_available(const cat::DataAvailableEvent& event);
    /// ENVELOPE event download channel status (D6, event 0A): a dropped link of the session's channel ends the
    /// connection and counts as a failed attempt.
    void on_channel_status(const cat::ChannelStatusEvent& event);

    /// A TERMINAL PROFILE: the terminal may have forgotten the card's event list; the session resumes.
    void on_terminal_profile();
    /// A reset lost the queue, the terminal's timers, channels and event list: a connection in progress counts as a
    /// failed attempt; the session waits for kick() (at TERMINAL PROFILE).
    void on_reset() noexcept;

    std::optional<AdminSessionRecord> record() const;

private:
    /// What CLOSE CHANNEL leads to.
    struct AfterClose {
        bool done = false;             ///< the session ended well (204)
        bool retry = true;             ///< else: a retry if one is left, or Failed
        std::string reason;            ///< of the failure
        std::chrono::seconds delay{0}; ///< before the retry
    };

    struct Session {
        AdminSessionRecord record;
        cat::OpenChannel open_channel;
        bool step_pending = false;       ///< a timer/OPEN CHANNEL/CLOSE CHANNEL of this session awaits its response
        bool timer_running = false;      ///< the terminal confirmed TIMER MANAGEMENT and no D7 came yet
        std::chrono::seconds segment{0}; ///< the value of the running timer
        std::unique_ptr<AdminConversation> conversation; ///< TLS + HTTP of the open channel
        bool receive_pending = false;    ///< a RECEIVE DATA is queued or awaits its response
        bool resume = false;             ///< a connection was interrupted after running a script (X-Admin-Resume)
        AfterClose after_close;
    };

    void start(Session session);
    void close_replaced();
    void on_timer_response(unsigned generation, const cat::TerminalResponse& response);
    void on_open_channel_response(unsigned generation, const cat::TerminalResponse& response);
    void on_event_list_response(unsigned generation, const cat::TerminalResponse& response);
    void on_send_response(unsigned generation, const cat::TerminalResponse& response);
    void on_receive_response(unsigned generation, const cat::TerminalResponse& response);
    void on_close_response(unsigned generation, const cat::TerminalResponse& response);

    void connect(Session& session);
    void start_tls(Session& session);
    /// The first POST and the PSK of a new connection; nullopt with `problem` set when the configuration cannot work.
    std::optional<ConversationSetup> conversation_setup(const Session& session, std::string& problem) const;
    void flush(Session& session);
    void request_receive(Session& session, std::size_t available);
    /// Ends the connection after a failure: drops its queued commands and closes the channel, then retries.
    void abandon(Session& session, std::string reason, bool retry = true);
    void close_channel(Session& session, AfterClose after);
    /// A retry if one is left (state WaitingRetry, `delay` to wait), else Failed. Queues nothing.
    void schedule_retry(Session& session, std::string reason, std::chrono::seconds delay, bool retry = true);
    std::chrono::seconds policy_delay(const Session& session) const;
    /// KVN and KID of the session's PSK: the trigger's 85, else KVN 40 KID 1.
    std::pair<std::uint8_t, std::uint8_t> key_reference(const Session& session) const;
    bool connected(const Session& session) const noexcept;
    Session* current(unsigned generation) noexcept;
    void fail(Session& session, std::string reason);

    ProactiveQueue& m_queue;
    AdminAgentServices m_services;
    std::shared_ptr<Rng> m_rng;
    Clock m_clock;
    AdminScriptRunner m_scripts;
    std::optional<Session> m_session;
    /// Bumped per accepted trigger and per abandoned connection: responses to what was dropped are ignored.
    unsigned m_generation = 0;
    bool m_events_registered = false; ///< SET UP EVENT LIST (data available, channel status) accepted since reset
};

} // namespace euicc::card
