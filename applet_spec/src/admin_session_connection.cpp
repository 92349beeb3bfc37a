// SPDX-License-Identifier: Apache-2.0
// The admin agent's connection (applet_spec/admin_agent.md §3-§5): SET UP EVENT LIST, SEND DATA / RECEIVE DATA
// carrying the PSK-TLS records (TS 102 223 §6.4.29-30, §7.5.10-11), CLOSE CHANNEL, and the end of a connection.
#include "admin_session_agent.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/cat_proactive_control.hpp>
#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/scp81.hpp>

#include "cat_result_text.hpp"
#include "keystore.hpp"

namespace euicc::card {

namespace {

using State = AdminSessionRecord::State;

/// RECEIVE DATA: what one TERMINAL RESPONSE (at most 255 bytes of data) carries beside its other objects
/// (81 03, 82 02, 83 01, 36 81 L, 37 01: 18 bytes; spec/cat.md §6.4).
constexpr std::size_t max_receive_length = 255 - 18;
/// TCP port of HTTPS, left out of the Host header (RFC 7230 §5.4).
constexpr std::uint16_t https_port = 443;

/// SEND DATA: the most channel data one proactive command can carry.
std::size_t max_send_length() {
    static const std::size_t length = [] {
        cat::SendData probe;
        probe.data.resize(200); // long enough for the two-byte length forms of D0 and 36
        return ProactiveQueue::max_command_length - (cat::encode(probe).size() - probe.data.size());
    }();
    return length;
}

/// Host when the trigger has no 8A (admin_agent.md §4): the data destination address and port of the channel.
std::string default_host(const cat::OpenChannel& open_channel) {
    if (!open_channel.destination_address) {
        return {};
    }
    const std::optional<std::string> ip = cat::ip_string(*open_channel.destination_address);
    if (!ip) {
        return {};
    }
    std::string host = open_channel.destination_address->type == cat::AddressType::Ipv6 ? "[" + *ip + "]" : *ip;
    if (open_channel.transport_level && open_channel.transport_level->port != https_port) {
        host += ":" + std::to_string(open_channel.transport_level->port);
    }
    return host;
}

} // namespace

void AdminSessionAgent::on_data_available(const cat::DataAvailableEvent& event) {
    if (!m_session || !m_session->conversation || m_session->receive_pending ||
        m_session->record.channel_id != event.status.channel_id) {
        return; // another channel, or a RECEIVE DATA is on its way and its response tells what is left
    }
    const State state = m_session->record.state;
    if (state == State::Handshaking || state == State::Posting) {
        request_receive(*m_session, event.available_length);
    }
}

void AdminSessionAgent::on_channel_status(const cat::ChannelStatusEvent& event) {
    if (!m_session || !connected(*m_session) || m_session->record.state == State::Closing ||
        m_session->record.channel_id != event.status.channel_id) {
        return;
    }
    // TS 102 223 §7.5.11: link dropped (or no link any more) ends this connection.
    if (event.status.further_info == cat::channel_info::link_dropped || !event.status.link_established) {
        abandon(*m_session, "the terminal reported the link dropped");
    }
}

void AdminSessionAgent::connect(Session& session) {
    if (m_events_registered) {
        start_tls(session);
        return;
    }
    // TS 102 223 §7.5.10/§7.5.11: the terminal tells the card about received data and a dropped link only for
    // the events the card registered.
    cat::SetUpEventList events;
    events.events = {cat::Event::DataAvailable, cat::Event::ChannelStatus};
    const unsigned generation = m_generation;
    m_queue.push(events, ProactiveQueue::Owner::AdminSession,
                 [this, generation](const cat::TerminalResponse& r) { on_event_list_response(generation, r); });
}

void AdminSessionAgent::on_event_list_response(unsigned generation, const cat::TerminalResponse& response) {
    Session* session = current(generation);
    if (session == nullptr || session->record.state != State::ChannelOpen) {
        return;
    }
    session->record.last_result = response.result;
    if (!cat::is_performed(response.result.general)) {
        abandon(*session, "SET UP EVENT LIST refused: " + describe(response.result));
        return;
    }
    m_events_registered = true;
    start_tls(*session);
}

std::optional<ConversationSetup> AdminSessionAgent::conversation_setup(const Session& session,
                                                                      std::string& problem) const {
    const trigger::AdminSessionParameters& parameters = *session.record.trigger.session;
    const Platform& platform = m_services.platform;
    const Bytes eid = apdu::eid_to_bytes(platform.eid());
    const Bytes isd_r_aid(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end());

    // SGP.02 §2.4.4.1: the trigger's 85 names the PSK (and its identity); else the ISD-R's SCP81 keyset (KVN 40
    // unless an SM-SR change replaced it) key 1 with the Table 4 identity (spec/scp81.md §4: "trigger wins").
    ConversationSetup setup;
    const auto [kvn, kid] = key_reference(session);
    if (parameters.security) {
        setup.psk_identity.assign(parameters.security->psk_identity.begin(), parameters.security->psk_identity.end());
    } else {
        setup.psk_identity = scp81::encode_psk_identity(scp81::PskIdentity{eid, isd_r_aid, kid, kvn});
    }
    if (setup.psk_identity.empty() || setup.psk_identity.find('\0') != std::string::npos) {
        problem = "the trigger's PSK identity (85) is empty or holds a NUL";
        return std::nullopt;
    }
    const StoredKey* psk = platform.state().isd_r.find(kvn, kid);
    if (psk == nullptr) {
        problem = "the ISD-R has no PSK " + to_hex(Bytes{kvn}) + "/" + to_hex(Bytes{kid}) + " (SCP81 keyset)";
        return std::nullopt;
    }
    setup.psk = psk->value;

    const trigger::HttpPostParameters post = parameters.http_post.value_or(trigger::HttpPostParameters{});
    scp81::AdminRequest& first = setup.first_post;
    first.uri = post.uri.value_or(platform.settings().admin_uri);
    first.host = post.host.value_or(default_host(session.open_channel));
    first.agent_id = post.agent_id.value_or(scp81::format_agent_id(eid, isd_r_aid));
    if (first.host.empty()) {
        problem = "no Host: the trigger has no 8A and the channel no destination address";
        return std::nullopt;
    }
    try {
        static_cast<void>(scp81::encode_request(first)); // a URI or header value HTTP cannot carry never will
    } catch (const std::invalid_argument& e) {
        problem = std::string("the trigger's HTTP POST parameters (89) cannot be sent: ") + e.what();
        return std::nullopt;
    }
    if (const auto& extension = session.record.trigger.extension) {
        first.service_request = scp81::ServiceRequest{extension->operation, session.record.mode};
    }
    first.resume = session.resume;
    return setup;
}

void AdminSessionAgent::start_tls(Session& session) {
    std::string problem;
    std::optional<ConversationSetup> setup = conversation_setup(session, problem);
    if (!setup) {
        abandon(session, std::move(problem), false); // configuration: another attempt would fail the same way
        return;
    }
    // admin_agent.md §6: PUT KEY in this session decrypts under the DEK (key 2) of the PSK's keyset.
    const StoredKey* dek = m_services.platform.state().isd_r.find(key_reference(session).first, scp81_dek_id);
    m_scripts.restart(dek != nullptr ? dek->value : SecretBytes{});
    session.conversation = std::make_unique<AdminConversation>(std::move(*setup), m_scripts, session.record);
    flush(session);
}

void AdminSessionAgent::flush(Session& session) {
    AdminConversation& conversation = *session.conversation;
    const Bytes records = conversation.take_output();
    // TS 102 223 §6.6.29: each SEND DATA fits the channel buffer the terminal granted and one proactive command;
    // "send immediately" so that the records leave at once (TLS has its own framing).
    const std::size_t chunk =
        std::max<std::size_t>(1, std::min<std::size_t>(session.record.buffer_size.value_or(0xFFFF), max_send_length()));
    const unsigned generation = m_generation;
    for (std::size_t offset = 0; offset < records.size(); offset += chunk) {
        cat::SendData send;
        send.header.qualifier = cat::qualifier::send_immediately;
        send.header.devices.destination = cat::channel_device(*session.record.channel_id);
        const std::size_t n = std::min(chunk, records.size() - offset);
        send.data.assign(records.begin() + static_cast<std::ptrdiff_t>(offset),
                         records.begin() + static_cast<std::ptrdiff_t>(offset + n));
        session.record.bytes_sent += n;
        m_queue.push(send, ProactiveQueue::Owner::AdminSession,
                     [this, generation](const cat::TerminalResponse& r) { on_send_response(generation, r); });
    }
    switch (conversation.outcome()) {
    case AdminConversation::Outcome::Running:
        return;
    case AdminConversation::Outcome::Finished:
        close_channel(session, AfterClose{true, false, {}, {}});
        return;
    case AdminConversation::Outcome::Busy: {
        // The patent's failure message: come back after Retry-After (counts against the retry policy).
        const std::chrono::seconds delay = conversation.retry_after().value_or(policy_delay(session));
        if (conversation.scripts_run() > 0) {
            session.resume = true;
        }
        close_channel(session, AfterClose{false, true, "the admin server is busy (503)", delay});
        return;
    }
    case AdminConversation::Outcome::Failed:
        abandon(session, conversation.failure());
        return;
    }
}

void AdminSessionAgent::on_send_response(unsigned generation, const cat::TerminalResponse& response) {
    Session* session = current(generation);
    if (session == nullptr) {
        return;
    }
    session->record.last_result = response.result;
    if (!cat::is_performed(response.result.general) && session->record.state != State::Closing) {
        abandon(*session, "SEND DATA failed: " + describe(response.result));
    }
}

void AdminSessionAgent::request_receive(Session& session, std::size_t available) {
    if (available == 0) {
        return;
    }
    cat::ReceiveData receive;
    receive.header.devices.destination = cat::channel_device(*session.record.channel_id);
    // §8.54: FF = "255 or more"; one response carries at most max_receive_length bytes, the rest comes next.
    receive.requested_length = static_cast<std::uint8_t>(std::min(available, max_receive_length));
    const unsigned generation = m_generation;
    m_queue.push(receive, ProactiveQueue::Owner::AdminSession,
                 [this, generation](const cat::TerminalResponse& r) { on_receive_response(generation, r); });
    session.receive_pending = true;
}

void AdminSessionAgent::on_receive_response(unsigned generation, const cat::TerminalResponse& response) {
    Session* session = current(generation);
    if (session == nullptr) {
        return;
    }
    session->receive_pending = false;
    session->record.last_result = response.result;
    const State state = session->record.state;
    if (state != State::Handshaking && state != State::Posting) {
        return; // closing: the rest of the server's bytes are not read
    }
    if (!cat::is_performed(response.result.general)) {
        abandon(*session, "RECEIVE DATA failed: " + describe(response.result));
        return;
    }
    const Bytes data = response.channel_data.value_or(Bytes{});
    session->record.bytes_received += data.size();
    session->conversation->receive(data);
    flush(*session);
    // The response says how many bytes are still waiting in the terminal's Rx buffer (§8.54).
    const State after = session->record.state;
    if ((after == State::Handshaking || after == State::Posting) && current(generation) != nullptr &&
        response.channel_data_length && !session->receive_pending) {
        request_receive(*session, *response.channel_data_length);
    }
}

void AdminSessionAgent::abandon(Session& session, std::string reason, bool retry) {
    // What is queued for this connection is void; a response to what the terminal already fetched is ignored.
    ++m_generation;
    m_queue.withdraw(ProactiveQueue::Owner::AdminSession);
    session.step_pending = false;
    session.receive_pending = false;
    if (session.conversation && session.conversation->scripts_run() > 0) {
        session.resume = true;
    }
    if (session.record.channel_id && connected(session)) {
        close_channel(session, AfterClose{false, retry, std::move(reason), policy_delay(session)});
        return;
    }
    schedule_retry(session, std::move(reason), policy_delay(session), retry);
    kick();
}

void AdminSessionAgent::close_channel(Session& session, AfterClose after) {
    session.record.state = State::Closing;
    session.after_close = std::move(after);
    cat::CloseChannel close;
    close.header.devices.destination = cat::channel_device(*session.record.channel_id);
    const unsigned generation = m_generation;
    m_queue.push(close, ProactiveQueue::Owner::AdminSession,
                 [this, generation](const cat::TerminalResponse& r) { on_close_response(generation, r); });
    session.step_pending = true;
}

void AdminSessionAgent::on_close_response(unsigned generation, const cat::TerminalResponse& response) {
    Session* session = current(generation);
    if (session == nullptr) {
        return;
    }
    // Whatever the terminal answers, the channel is of no more use to the card.
    session->step_pending = false;
    session->record.last_result = response.result;
    session->record.channel_id.reset();
    session->conversation.reset();
    session->receive_pending = false;
    ++m_generation; // late RECEIVE DATA / SEND DATA responses of this connection are void
    AfterClose after = std::move(session->after_close);
    if (after.done) {
        session->record.state = State::Done;
        return;
    }
    schedule_retry(*session, std::move(after.reason), after.delay, after.retry);
    kick();
}

std::pair<std::uint8_t, std::uint8_t> AdminSessionAgent::key_reference(const Session& session) const {
    const auto& security = session.record.trigger.session->security;
    if (security) {
        return {security->kvn, security->kid};
    }
    // Without 85 the ISD-R uses the SCP81 keyset it holds: KVN 40 as delivered, another KVN 40..4F after an SM-SR
    // change put the new SM-SR's keyset (spec/sgp02.md §6: the PMC live in the ISD-R, one SM-SR at a time).
    const Keystore& keys = m_services.platform.state().isd_r;
    for (std::uint8_t kvn = default_kvn; kvn <= 0x4F; ++kvn) {
        if (keys.find(kvn, scp81_psk_id) != nullptr) {
            return {kvn, scp81_psk_id};
        }
    }
    return {default_kvn, scp81_psk_id};
}

} // namespace euicc::card
