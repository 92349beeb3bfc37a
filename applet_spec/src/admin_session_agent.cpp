// SPDX-License-Identifier: Apache-2.0
// What the ISD-R does with a trigger (applet_spec/trigger.md §5): access time, TIMER MANAGEMENT, OPEN CHANNEL, retries.
#include "admin_session_agent.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/cat_proactive_control.hpp>
#include <euicc/apdu/remote_script.hpp>
#include <euicc/apdu/trigger.hpp>
#include <euicc/error.hpp>

#include <euicc/apdu/trigger_connection.hpp>

namespace euicc::card {

namespace {

using State = AdminSessionRecord::State;

/// The longest proactive command 91xx can announce.
constexpr std::size_t max_proactive_length = 0xFF;

/// The compact response (TS 102 226 §5.1.2) a trigger gets in its PoR: one "command", its status word.
Bytes trigger_response(apdu::StatusWord sw) {
    return remote::CompactResponse{1, sw, {}}.encode();
}

/// "Bearer Independent Protocol error (remote device not reachable)".
std::string describe(const cat::Result& result) {
    std::string text(cat::general_result_name(result.general));
    if (!result.additional_info.empty()) {
        const auto cause = result.additional_info.front();
        if (result.general == cat::GeneralResult::BearerIndependentProtocolError) {
            text += " (" + std::string(cat::bip_error_name(static_cast<cat::BipError>(cause))) + ")";
        } else if (result.general == cat::GeneralResult::TerminalUnableToProcess) {
            text += " (" + std::string(cat::terminal_problem_name(static_cast<cat::TerminalProblem>(cause))) +
                    ")";
        }
    }
    return text;
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
    case State::Failed:
        return "failed";
    }
    return "unknown";
}

AdminSessionAgent::AdminSessionAgent(ProactiveQueue& queue, std::shared_ptr<Rng> rng, Clock clock)
    : m_queue(queue), m_rng(std::move(rng)), m_clock(std::move(clock)) {
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
        // GP Amd B: missing elements come from the parameters stored in the ISD-R, and this card stores none yet.
        return trigger_response(apdu::sw::referenced_data_not_found);
    }
    Session session;
    try {
        session.open_channel = trigger::open_channel_from(*decoded.session->connection);
    } catch (const CodecError&) {
        return trigger_response(apdu::sw::wrong_data);
    }
    if (cat::encode(session.open_channel).size() > max_proactive_length) {
        // 91xx announces at most FF bytes (TS 102 221 §10.2.1.1): a longer command could never be fetched.
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
    if (decoded.session->retry) {
        record.retries_left = decoded.session->retry->retry_counter;
    }
    record.trigger = std::move(decoded);

    // A new trigger replaces the pending session (trigger.md §5); what the terminal already fetched of the old one
    // is answered into the void (the generation check).
    m_queue.withdraw(ProactiveQueue::Owner::AdminSession);
    ++m_generation;
    m_session = std::move(session);
    return trigger_response(apdu::sw::ok);
}

void AdminSessionAgent::kick() {
    if (!m_session || m_session->step_pending || m_session->timer_running) {
        return;
    }
    Session& session = *m_session;
    AdminSessionRecord& record = session.record;
    const unsigned generation = m_generation;
    if (record.state == State::WaitingForTimer && record.remaining > std::chrono::seconds{0}) {
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
    if (record.state == State::WaitingForTimer || record.state == State::OpeningChannel) {
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

void AdminSessionAgent::on_reset() noexcept {
    if (m_session) {
        m_session->step_pending = false;
        m_session->timer_running = false;
        m_session->segment = std::chrono::seconds{0};
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
    // TS 102 223 §6.6.27: a performed OPEN CHANNEL (00, or 07 with modified parameters) reports the channel.
    if (cat::is_performed(response.result.general) && !response.channel_statuses.empty()) {
        record.state = State::ChannelOpen;
        record.channel_id = response.channel_statuses.front().channel_id;
        return;
    }
    if (record.retries_left == 0) {
        fail(*session, "OPEN CHANNEL failed: " + describe(response.result) + "; no retry left");
        return;
    }
    // GP Amd B §3.8.3 retry policy: wait the retry delay, then try again, as many times as the counter says.
    --record.retries_left;
    const auto& retry = record.trigger.session->retry;
    record.remaining = retry && retry->waiting_delay ? *retry->waiting_delay : std::chrono::seconds{0};
    record.state = State::WaitingForTimer;
    kick();
}

void AdminSessionAgent::fail(Session& session, std::string reason) {
    session.record.state = State::Failed;
    session.record.failure = std::move(reason);
}

} // namespace euicc::card
