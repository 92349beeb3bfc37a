// SPDX-License-Identifier: Apache-2.0
// The ISD-R's admin agent (applet_spec/trigger.md §5, applet_spec/admin_agent.md §2, §5, §7): trigger or pull
// request, access time, TIMER MANAGEMENT, OPEN CHANNEL, retries, reset.
#include "admin_session_agent.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/cat_proactive_control.hpp>
#include <euicc/apdu/remote_script.hpp>
#include <euicc/apdu/trigger.hpp>
#include <euicc/apdu/trigger_connection.hpp>
#include <euicc/error.hpp>

#include "cat_result_text.hpp"

namespace euicc::card {

namespace {

using State = AdminSessionRecord::State;

/// The compact response (TS 102 226 §5.1.2) a trigger gets in its PoR: one "command", its status word.
Bytes trigger_response(apdu::StatusWord sw) {
    return remote::CompactResponse{1, sw, {}}.encode();
}

/// The OPEN CHANNEL a trigger's 84 (or a pull request) describes. Throws CodecError for objects it cannot carry
/// or a command longer than 91xx can announce.
cat::OpenChannel checked_open_channel(const std::vector<ctlv::Tlv>& connection) {
    cat::OpenChannel command = trigger::open_channel_from(connection);
    if (cat::encode(command).size() > ProactiveQueue::max_command_length) {
        // 91xx announces at most FF bytes: a longer command could never be fetched.
        throw CodecError("trigger", 0, "the OPEN CHANNEL would be longer than 255 bytes");
    }
    return command;
}

} // namespace

std::string_view to_string(AdminSessionRecord::State state) noexcept {
    switch (state) {
    case State::WaitingForTimer:
        return "waiting for timer";
    case State::OpeningChannel:
        return "opening channel";
    case State::ChannelOpen:
        return "channel open";
    case State::Handshaking:
        return "handshaking";
    case State::Posting:
        return "posting";
    case State::Closing:
        return "closing";
    case State::WaitingRetry:
        return "waiting retry";
    case State::Done:
        return "done";
    case State::Failed:
        return "failed";
    }
    return "unknown";
}

AdminSessionAgent::AdminSessionAgent(ProactiveQueue& queue, AdminAgentServices services, std::shared_ptr<Rng> rng,
                                     Clock clock)
    : m_queue(queue),
      m_services(services),
      m_rng(std::move(rng)),
      m_clock(std::move(clock)),
      m_scripts(services.applications, services.data_objects, services.platform, services.rng) {
    if (!m_rng || !m_clock) {
        throw std::invalid_argument("the card needs an RNG and a clock");
    }
}

Bytes AdminSessionAgent::accept_trigger(ByteView secured_data) {
    trigger::Trigger decoded;
    try {
        decoded = trigger::decode(secured_data);
    } catch (const CodecError&) {
        return trigger_response(apdu::sw::wrong_data); // trigger.md §5 step 2: nothing is scheduled
    }
    if (!decoded.session || !decoded.session->connection) {
        // GP Amd B: missing elements come from the parameters stored in the ISD-R, and this card stores no
        // connection parameters.
        return trigger_response(apdu::sw::referenced_data_not_found);
    }
    Session session;
    try {
        session.open_channel = checked_open_channel(*decoded.session->connection);
    } catch (const CodecError&) {
        return trigger_response(apdu::sw::wrong_data);
    }

    AdminSessionRecord& record = session.record;
    record.received = m_clock();
    record.access_time = record.received;
    if (decoded.extension && decoded.extension->access_control) {
        // The patent's access time point: random[0,1] x the access control value (trigger.md §4).
        record.access_time =
            trigger::access_time(*decoded.extension->access_control, m_rng->unit_interval(), record.received);
    }
    // Rounded up: the card never connects before its access time point.
    record.delay = std::max(std::chrono::ceil<std::chrono::seconds>(record.access_time - record.received),
                            std::chrono::seconds{0});
    record.remaining = record.delay;
    record.mode = trigger::ManagementMode::Push;
    record.trigger = std::move(decoded);
    start(std::move(session));
    return trigger_response(apdu::sw::ok);
}

void AdminSessionAgent::request_session(const AdminSessionRequest& request) {
    trigger::AdminSessionParameters parameters;
    parameters.connection = request.connection;
    parameters.security = request.security;
    parameters.retry = request.retry;
    parameters.http_post = request.http_post;
    trigger::Extension extension;
    extension.operation = request.operation;
    extension.mode = trigger::ManagementMode::Pull;
    extension.smsr_id = request.smsr_id;

    Session session;
    try {
        session.open_channel = checked_open_channel(request.connection);
    } catch (const CodecError& e) {
        throw std::invalid_argument(std::string("admin session request: ") + e.what());
    }
    AdminSessionRecord& record = session.record;
    record.received = m_clock();
    record.access_time = record.received; // pull: the card itself decided to connect now
    record.mode = trigger::ManagementMode::Pull;
    record.trigger.session = std::move(parameters);
    record.trigger.extension = std::move(extension);
    start(std::move(session));
    kick();
}

void AdminSessionAgent::start(Session session) {
    AdminSessionRecord& record = session.record;
    const auto& retry = record.trigger.session->retry;
    // GP Amd B §3.8.3: the retry counter of 86; our default without one (admin_agent.md §5).
    record.retries_left = retry ? retry->retry_counter : default_retries;
    // A new session replaces the current one (trigger.md §5); what the terminal already fetched of the old one is
    // answered into the void (the generation check).
    close_replaced();
    ++m_generation;
    m_session = std::move(session);
}

void AdminSessionAgent::close_replaced() {
    m_queue.withdraw(ProactiveQueue::Owner::AdminSession);
    if (m_session && connected(*m_session) && m_session->record.channel_id) {
        // The old session's channel would stay open at the terminal otherwise.
        cat::CloseChannel close;
        close.header.devices.destination = cat::channel_device(*m_session->record.channel_id);
        m_queue.push(close, ProactiveQueue::Owner::AdminSession);
    }
}

void AdminSessionAgent::kick() {
    if (!m_session || m_session->step_pending || m_session->timer_running) {
        return;
    }
    Session& session = *m_session;
    AdminSessionRecord& record = session.record;
    const unsigned generation = m_generation;
    const bool waiting = record.state == State::WaitingForTimer || record.state == State::WaitingRetry;
    if (waiting && record.remaining > std::chrono::seconds{0}) {
        // TS 102 223 §8.38: a timer value ends at 99:59:59; a longer wait takes several timer runs.
        cat::TimerManagement start;
        start.header.qualifier = static_cast<std::uint8_t>(cat::TimerOperation::Start);
        start.timer_id = timer_id;
        start.value = std::min(record.remaining, max_timer_value);
        session.segment = *start.value;
        m_queue.push(
            start, ProactiveQueue::Owner::AdminSession,
            [this, generation](const cat::TerminalResponse& r) { on_timer_response(generation, r); });
        session.step_pending = true;
        return;
    }
    if (waiting || record.state == State::OpeningChannel) {
        record.state = State::OpeningChannel;
        ++record.open_channel_attempts;
        m_queue.push(
            session.open_channel, ProactiveQueue::Owner::AdminSession,
            [this, generation](const cat::TerminalResponse& r) { on_open_channel_response(generation, r); });
        session.step_pending = true;
    }
}

void AdminSessionAgent::on_timer_expiration(const cat::TimerExpiration& expiration) {
    if (!m_session || !m_session->timer_running || expiration.timer_id != timer_id) {
        return;
    }
    Session& session = *m_session;
    // The terminal measured the segment; the card trusts it rather than its own clock, which tests keep fixed.
    session.record.remaining = std::max(session.record.remaining - session.segment, std::chrono::seconds{0});
    session.segment = std::chrono::seconds{0};
    session.timer_running = false;
    kick();
}

void AdminSessionAgent::on_terminal_profile() {
    // TS 102 223 §6.4.16: the event list is the terminal's; after a new profile the card sets it up again.
    m_events_registered = false;
    kick();
}

void AdminSessionAgent::on_reset() noexcept {
    m_events_registered = false;
    if (!m_session) {
        return;
    }
    Session& session = *m_session;
    session.step_pending = false;
    session.timer_running = false;
    session.segment = std::chrono::seconds{0};
    if (connected(session)) {
        // The reset ended the terminal's channels (TS 102 223 §6.4.27) and whatever was on its way.
        ++m_generation;
        const bool finished = session.record.state == State::Closing && session.after_close.done;
        if (session.conversation && session.conversation->scripts_run() > 0) {
            session.resume = true;
        }
        session.conversation.reset();
        session.receive_pending = false;
        session.record.channel_id.reset();
        if (finished) {
            session.record.state = State::Done;
        } else {
            try {
                schedule_retry(session, "the card was reset during the connection", policy_delay(session));
            } catch (...) {
                session.record.state = State::Failed; // only allocation can fail here
            }
        }
    }
}

std::optional<AdminSessionRecord> AdminSessionAgent::record() const {
    if (!m_session) {
        return std::nullopt;
    }
    return m_session->record;
}

AdminSessionAgent::Session* AdminSessionAgent::current(unsigned generation) noexcept {
    return m_session && generation == m_generation ? &*m_session : nullptr;
}

bool AdminSessionAgent::connected(const Session& session) const noexcept {
    switch (session.record.state) {
    case State::ChannelOpen:
    case State::Handshaking:
    case State::Posting:
    case State::Closing:
        return true;
    default:
        return false;
    }
}

void AdminSessionAgent::on_timer_response(unsigned generation, const cat::TerminalResponse& response) {
    Session* session = current(generation);
    if (session == nullptr) {
        return;
    }
    session->step_pending = false;
    session->record.last_result = response.result;
    if (!cat::is_performed(response.result.general)) {
        fail(*session, "TIMER MANAGEMENT refused: " + describe(response.result));
        return;
    }
    session->timer_running = true;
}

void AdminSessionAgent::on_open_channel_response(unsigned generation, const cat::TerminalResponse& response) {
    Session* session = current(generation);
    if (session == nullptr) {
        return;
    }
    AdminSessionRecord& record = session->record;
    session->step_pending = false;
    record.last_result = response.result;
    // TS 102 223 §6.6.27: a performed OPEN CHANNEL (00, or 07 with modified parameters) reports the channel, one of
    // 1..7 (§8.56); a response without a usable one counts as a failed attempt.
    constexpr std::uint8_t last_channel_id = cat::device::last_channel - cat::device::first_channel + 1;
    const bool usable = !response.channel_statuses.empty() && response.channel_statuses.front().channel_id >= 1 &&
                        response.channel_statuses.front().channel_id <= last_channel_id;
    if (cat::is_performed(response.result.general) && usable) {
        record.state = State::ChannelOpen;
        record.channel_id = response.channel_statuses.front().channel_id;
        // §6.6.27: the terminal may grant a smaller buffer than asked for; SEND DATA stays within it.
        record.buffer_size = response.buffer_size.value_or(session->open_channel.buffer_size);
        connect(*session);
        return;
    }
    schedule_retry(*session, "OPEN CHANNEL failed: " + describe(response.result), policy_delay(*session));
    kick();
}

void AdminSessionAgent::schedule_retry(Session& session, std::string reason, std::chrono::seconds delay,
                                       bool retry) {
    AdminSessionRecord& record = session.record;
    record.last_error = reason;
    record.channel_id.reset();
    if (!retry || record.retries_left == 0) {
        fail(session, std::move(reason) + (retry ? "; no retry left" : ""));
        return;
    }
    // GP Amd B §3.8.3 retry policy: wait the retry delay, then try again, as many times as the counter says.
    --record.retries_left;
    ++record.retries;
    record.remaining = delay;
    record.state = State::WaitingRetry;
}

std::chrono::seconds AdminSessionAgent::policy_delay(const Session& session) const {
    const auto& retry = session.record.trigger.session->retry;
    if (!retry) {
        return default_retry_delay;
    }
    return retry->waiting_delay.value_or(std::chrono::seconds{0});
}

void AdminSessionAgent::fail(Session& session, std::string reason) {
    session.record.state = State::Failed;
    session.record.failure = std::move(reason);
}

} // namespace euicc::card
