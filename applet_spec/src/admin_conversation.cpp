// SPDX-License-Identifier: Apache-2.0
// GP Amd B §3.4 / SGP.02 §2.4.4: one connection of an admin session: PSK-TLS, then the HTTP POST loop that
// fetches command scripts, runs them and posts their responses until 204 (applet_spec/admin_agent.md §4).
#include "admin_conversation.hpp"

#include <utility>

#include <euicc/error.hpp>

namespace euicc::card {

using State = AdminSessionRecord::State;

AdminConversation::AdminConversation(ConversationSetup setup, AdminScriptRunner& scripts,
                                     AdminSessionRecord& record)
    : m_first_post(std::move(setup.first_post)), m_scripts(scripts), m_record(record) {
    m_record.state = State::Handshaking;
    try {
        m_tls.emplace(std::move(setup.psk_identity), std::move(setup.psk));
        append(m_output, m_tls->take_output());
    } catch (const std::exception& e) {
        fail(e.what());
    }
}

Bytes AdminConversation::take_output() { return std::exchange(m_output, {}); }

void AdminConversation::receive(ByteView records) {
    if (m_outcome != Outcome::Running || !m_tls) {
        return; // after the end, whatever still arrives (the server's close_notify) is not read
    }
    try {
        m_tls->receive(records);
        Bytes plaintext = m_tls->advance();
        append(m_output, m_tls->take_output());
        if (m_tls->established() && !m_first_sent) {
            // GP Amd B §3.4.1: the card speaks first, with an empty POST to the admin URI.
            ++m_record.handshakes;
            m_first_sent = true;
            post(m_first_post);
        }
        ByteView rest = plaintext;
        while (!rest.empty() && m_outcome == Outcome::Running) {
            rest = rest.subspan(m_parser.feed(rest));
            if (!m_parser.done()) {
                break;
            }
            answer(m_parser.take());
        }
        if (m_outcome == Outcome::Running && m_tls->closed_by_peer()) {
            fail("the server closed the TLS session before ending the admin session");
        }
    } catch (const CodecError& e) {
        fail(std::string("HTTP: ") + e.what());
    } catch (const std::exception& e) {
        fail(e.what()); // SecurityError: alert, bad record, failed handshake (never a key in the text)
    }
}

void AdminConversation::post(const scp81::AdminRequest& request) {
    m_tls->write(scp81::encode_request(request));
    append(m_output, m_tls->take_output());
    ++m_record.posts;
    m_record.state = State::Posting;
}

void AdminConversation::answer(const scp81::AdminResponse& response) {
    switch (response.kind) {
    case scp81::AdminResponse::Kind::Script: {
        m_record.last_http_status = 200;
        const AdminScriptRunner::Outcome outcome = m_scripts.run(response.body, response.targeted_application);
        if (outcome.ran) {
            ++m_scripts_run;
            ++m_record.scripts_run;
        }
        // GP Amd B §3.4.1: the next POST goes to X-Admin-Next-URI with the script's status, and the response
        // script only when the status is ok.
        scp81::AdminRequest next;
        next.uri = response.next_uri;
        next.host = m_first_post.host;
        next.agent_id = m_first_post.agent_id;
        next.script_status = outcome.status;
        next.body = outcome.response;
        post(next);
        return;
    }
    case scp81::AdminResponse::Kind::End:
        m_record.last_http_status = 204;
        m_tls->close();
        append(m_output, m_tls->take_output());
        m_outcome = Outcome::Finished;
        return;
    case scp81::AdminResponse::Kind::Busy:
        // The patent's failure message: the server is over capacity and says when to come back.
        m_record.last_http_status = 503;
        m_retry_after = response.retry_after;
        if (response.retry_after) {
            m_record.retry_after = response.retry_after;
        }
        m_tls->close();
        append(m_output, m_tls->take_output());
        m_outcome = Outcome::Busy;
        return;
    case scp81::AdminResponse::Kind::BadRequest:
        m_record.last_http_status = response.status;
        fail("HTTP " + std::to_string(response.status) + " from the admin server");
        return;
    }
}

void AdminConversation::fail(std::string reason) {
    m_outcome = Outcome::Failed;
    m_failure = std::move(reason);
}

} // namespace euicc::card
