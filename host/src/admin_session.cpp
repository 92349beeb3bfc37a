// SPDX-License-Identifier: Apache-2.0
// One SCP81 admin session: PSK-TLS handshake, service request, busy gate, plan through the tunnel, 204 (GP
// Amd B §3.4.1/§3.4.2, SGP.02 §2.4.4; spec/scp81.md §4-§6 and the shared decisions of issue 5).
#include "admin_session.hpp"
#include "coroutine_stack.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>

#include <euicc/apdu/eid.hpp>
#include <euicc/error.hpp>
#include <euicc/host/admin_operations.hpp>

namespace euicc::host::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr std::size_t max_logged_identity = 128;
constexpr unsigned status_bad_request = 400;
constexpr unsigned status_forbidden = 403;

/// An identity as it may appear in a record: printable ASCII, bounded (the text comes from anyone).
std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, max_logged_identity)) {
        out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    }
    if (text.size() > max_logged_identity) {
        out += "...";
    }
    return out;
}

std::string milliseconds(std::chrono::milliseconds value) {
    return std::to_string(value.count()) + " ms";
}

bool retryable(const std::exception& error) {
    return dynamic_cast<const TransportError*>(&error) != nullptr;
}

/// GP Amd B §3.4.2: 204 No Content, nothing more to do.
scp81::AdminResponse end_of_session() {
    scp81::AdminResponse response;
    response.kind = scp81::AdminResponse::Kind::End;
    return response;
}

std::string service_request_text(const std::optional<scp81::ServiceRequest>& request) {
    return request ? scp81::format_service_request(*request) : "no service request";
}

} // namespace

AdminServerContext::AdminServerContext(AdminServerOptions options_, std::shared_ptr<PskStore> psk_store_,
                                       SessionPlanner planner_)
    : options(std::move(options_)), psk_store(std::move(psk_store_)), planner(std::move(planner_)),
      tls(make_admin_tls_context()) {}

CapacityGate AdminServerContext::gate() const {
    const std::lock_guard lock(m_gate_mutex);
    return m_gate;
}

void AdminServerContext::set_gate(CapacityGate gate) {
    const std::lock_guard lock(m_gate_mutex);
    m_gate = std::move(gate);
}

AdminSession::AdminSession(AdminServerContext& server, beast::tcp_stream tcp, std::uint64_t number,
                           std::string peer)
    : m_server(server), m_stream(std::move(tcp), server.tls), m_number(number), m_peer(std::move(peer)),
      m_parser(server.options.body_limit) {}

void AdminSession::run(asio::yield_context yield) {
    m_yield = &yield;
    try {
        serve();
    } catch (const std::exception& e) {
        detail::forget_unwound_frames(m_server.options.stack_size);
        // Whatever ends a session early is recorded against the card; nothing escapes into the event loop.
        record_failure(e);
        end_if_waiting();
    }
    close_connection();
    m_yield = nullptr;
    // The session ends here for everyone watching: the gate gets its slot back before the count drops.
    m_slot.reset();
    m_server.records.session_closed();
}

void AdminSession::abort() {
    m_aborted = true;
    m_closed = true;
    beast::get_lowest_layer(m_stream).close();
}

void AdminSession::serve() {
    if (!handshake()) {
        return;
    }
    AdminEvent connected = event(AdminStep::Connected);
    connected.detail = m_peer + " " + SSL_get_cipher_name(m_stream.native_handle());
    record(std::move(connected));

    const scp81::AdminRequest first = read_request();
    check_agent(first);
    AdminEvent requested = event(AdminStep::ServiceRequested);
    requested.service_request = first.service_request;
    requested.detail = service_request_text(first.service_request);
    record(std::move(requested));

    if (!admitted(first)) {
        return;
    }
    if (const std::optional<AdminPlan> plan = plan_for(first)) {
        run_plan(*plan);
    }
}

void AdminSession::check_agent(const scp81::AdminRequest& first) {
    scp81::AgentId agent;
    try {
        agent = scp81::parse_agent_id(first.agent_id);
    } catch (const CodecError&) {
        detail::forget_unwound_frames(m_server.options.stack_size);
        // GP Amd B allows any agent id (trigger 8B); only the SGP.02 form names an EID to cross-check.
        return;
    }
    if (agent.eid != apdu::eid_to_bytes(m_credentials->eid)) {
        // The PSK authenticated one card; a POST speaking for another is refused rather than believed.
        const std::string reason =
            "X-Admin-From names EID " + to_hex(agent.eid) + ", the PSK identity " + m_credentials->eid;
        reject(status_forbidden, reason);
        throw Error("admin session: " + reason);
    }
}

bool AdminSession::admitted(const scp81::AdminRequest& first) {
    const CapacityGate gate = m_server.gate();
    if (!gate) {
        return true;
    }
    const AdminCounters counters = m_server.records.counters();
    Admission admission =
        gate(AdmissionQuery{m_credentials->eid, first.service_request, m_number, counters.open});
    if (admission.admitted) {
        m_slot = std::move(admission.slot);
        return true;
    }
    scp81::AdminResponse busy;
    busy.kind = scp81::AdminResponse::Kind::Busy;
    busy.retry_after = admission.retry_after;
    write(busy);
    m_closed = true;
    AdminEvent refused = event(AdminStep::RefusedBusy);
    refused.retryable = true;
    refused.retry_after = admission.retry_after;
    refused.detail = "503, retry after " + std::to_string(admission.retry_after.count()) + " s";
    record(std::move(refused));
    return false;
}

std::optional<AdminPlan> AdminSession::plan_for(const scp81::AdminRequest& first) {
    std::optional<AdminPlan> plan =
        m_server.planner(AdminPlanQuery{m_credentials->eid, first.service_request, m_number, m_peer});
    std::string nothing;
    if (!plan) {
        nothing = "no plan for this card";
    } else if (plan->operation && first.service_request &&
               *plan->operation != first.service_request->operation) {
        nothing = "planned " + std::string(scp81::to_header_name(*plan->operation)) +
                  ", the card asked for " +
                  std::string(scp81::to_header_name(first.service_request->operation));
    }
    if (nothing.empty()) {
        return plan;
    }
    AdminEvent idle = event(AdminStep::NothingToDo);
    idle.detail = nothing;
    record(std::move(idle));
    write(end_of_session());
    return std::nullopt;
}

void AdminSession::run_plan(const AdminPlan& plan) {
    AdminTunnelChannel channel(*this);
    const SecretBytes* dek = m_credentials->keyset.dek.empty() ? nullptr : &m_credentials->keyset.dek;
    const AdminPlanOutcome outcome =
        run_admin_plan(channel, plan, dek, m_rng, [this](AdminEvent step) { record(std::move(step)); });
    if (outcome.smsr_change) {
        // The card dropped the old SM-SR's keysets: its old PSK must not open another session here.
        m_server.psk_store->keysets_changed(m_credentials->eid, outcome.smsr_change->deleted_kvns,
                                            outcome.new_scp81);
    }
    write(end_of_session());
    AdminEvent completed = event(AdminStep::Completed);
    completed.detail = std::to_string(channel.scripts()) + " script(s)";
    record(std::move(completed));
}

bool AdminSession::handshake() {
    attach_psk_hook(m_stream.native_handle(), this);
    beast::get_lowest_layer(m_stream).expires_after(m_server.options.handshake_timeout);
    beast::error_code ec;
    m_stream.async_handshake(asio::ssl::stream_base::server, (*m_yield)[ec]);
    attach_psk_hook(m_stream.native_handle(), nullptr);
    if (!ec) {
        m_tls_up = true;
        return true;
    }
    m_closed = true;
    AdminEvent failed = event(AdminStep::HandshakeFailed);
    if (!m_psk_error.empty()) {
        failed.detail = "PSK store: " + m_psk_error;
    } else if (!m_refused_identity.empty()) {
        failed.detail = "unknown PSK identity \"" + printable(m_refused_identity) + "\"";
    } else if (ec == beast::error::timeout) {
        failed.detail = "no PSK-TLS handshake within " + milliseconds(m_server.options.handshake_timeout);
        failed.retryable = true;
    } else if (m_aborted) {
        failed.detail = "the admin server is stopping";
        failed.retryable = true;
    } else if (m_credentials) {
        // The identity was known, so the card and the server disagree on the key (or the card hung up).
        failed.detail = "PSK-TLS handshake failed (wrong PSK?): " + ec.message();
    } else {
        failed.detail = "PSK-TLS handshake failed: " + ec.message();
    }
    failed.detail += " (" + m_peer + ")";
    record(std::move(failed));
    return false;
}

unsigned int AdminSession::on_psk_identity(const char* identity, unsigned char* psk,
                                           unsigned int max_psk_len) noexcept {
    try {
        const std::string_view text(identity, ::strnlen(identity, PSK_MAX_IDENTITY_LEN));
        PskLookup lookup{text, std::nullopt};
        try {
            lookup.parsed = scp81::parse_psk_identity(text);
        } catch (const CodecError&) {
            detail::forget_unwound_frames(m_server.options.stack_size);
            // Not an SGP.02 identity (e.g. a trigger's 85 text): the store matches it as raw text.
        }
        std::optional<AdminCredentials> found = m_server.psk_store->find(lookup);
        if (!found || found->keyset.psk.size() > max_psk_len) {
            m_refused_identity = text.empty() ? std::string("(empty)") : std::string(text);
            return 0;
        }
        const ByteView key = found->keyset.psk.view();
        std::copy(key.begin(), key.end(), psk);
        m_credentials = std::move(found);
        return static_cast<unsigned int>(key.size());
    } catch (const std::exception& e) {
        detail::forget_unwound_frames(m_server.options.stack_size);
        m_psk_error = e.what();
        return 0;
    }
}

scp81::AdminRequest AdminSession::send_script(const Bytes& script) {
    if (m_closed || !m_awaiting_answer) {
        throw CardRemovedError("admin session: the connection to the card is closed");
    }
    ++m_scripts;
    scp81::AdminResponse response;
    response.kind = scp81::AdminResponse::Kind::Script;
    response.next_uri = next_uri();
    response.body = script;
    write(response);
    scp81::AdminRequest next = read_request();
    // GP Amd B §3.4.1: each later POST goes to the X-Admin-Next-URI just given and tells how the script went.
    std::string fault;
    if (next.uri != response.next_uri) {
        fault = "POST to " + printable(next.uri) + ", expected " + response.next_uri;
    } else if (!next.script_status) {
        fault = "POST without X-Admin-Script-Status";
    }
    if (!fault.empty()) {
        reject(status_bad_request, fault);
        throw CodecError("admin session POST", 0, fault);
    }
    return next;
}

scp81::AdminRequest AdminSession::read_request() {
    // Frames below this one are dead: clear what an exception caught deeper down (in a parser, a key lookup)
    // may have left poisoned (coroutine_stack.hpp), before Asio runs its handlers here.
    detail::forget_unwound_frames(m_server.options.stack_size);
    for (;;) {
        if (!m_input.empty()) {
            std::size_t used = 0;
            try {
                used = m_parser.feed(m_input);
            } catch (const CodecError& e) {
                detail::forget_unwound_frames(m_server.options.stack_size);
                reject(status_bad_request, e.what());
                throw;
            }
            m_input.erase(m_input.begin(), m_input.begin() + static_cast<std::ptrdiff_t>(used));
            if (m_parser.done()) {
                m_awaiting_answer = true;
                return m_parser.take();
            }
        }
        if (m_closed) {
            throw CardRemovedError("admin session: the connection to the card is closed");
        }
        beast::get_lowest_layer(m_stream).expires_after(m_server.options.read_timeout);
        beast::error_code ec;
        const std::size_t received = m_stream.async_read_some(asio::buffer(m_chunk), (*m_yield)[ec]);
        if (ec == beast::error::timeout) {
            m_closed = true;
            throw TimeoutError("admin session: no POST from the card within " +
                               milliseconds(m_server.options.read_timeout));
        }
        if (ec) {
            m_closed = true;
            throw CardRemovedError(m_aborted ? "admin session: closed, the admin server is stopping"
                                             : "admin session: the card closed the connection (" +
                                                   ec.message() + ")",
                                   ec.value());
        }
        m_input.insert(m_input.end(), m_chunk.begin(),
                       m_chunk.begin() + static_cast<std::ptrdiff_t>(received));
    }
}

void AdminSession::write(const scp81::AdminResponse& response) {
    detail::forget_unwound_frames(m_server.options.stack_size);
    if (m_closed) {
        throw CardRemovedError("admin session: the connection to the card is closed");
    }
    const Bytes bytes = scp81::encode_response(response);
    beast::get_lowest_layer(m_stream).expires_after(m_server.options.write_timeout);
    beast::error_code ec;
    asio::async_write(m_stream, asio::buffer(bytes), (*m_yield)[ec]);
    m_awaiting_answer = false;
    if (ec) {
        m_closed = true;
        if (ec == beast::error::timeout) {
            throw TimeoutError("admin session: the card took no answer within " +
                               milliseconds(m_server.options.write_timeout));
        }
        throw CardRemovedError("admin session: answering the card failed (" + ec.message() + ")", ec.value());
    }
}

void AdminSession::reject(unsigned status, const std::string& reason) {
    if (m_closed) {
        return;
    }
    scp81::AdminResponse response;
    response.kind = scp81::AdminResponse::Kind::BadRequest;
    response.status = status;
    const std::string text = printable(reason);
    response.body.assign(text.begin(), text.end());
    try {
        write(response);
    } catch (const TransportError&) {
        detail::forget_unwound_frames(m_server.options.stack_size);
        // The card is gone as well; the caller reports the protocol fault, which came first.
    }
    m_closed = true;
}

void AdminSession::end_if_waiting() {
    if (m_closed || !m_awaiting_answer) {
        return;
    }
    try {
        write(end_of_session());
    } catch (const TransportError&) {
        detail::forget_unwound_frames(m_server.options.stack_size);
        // The failure that ended the session is already recorded; a card gone meanwhile adds nothing.
    }
}

void AdminSession::close_connection() {
    detail::forget_unwound_frames(m_server.options.stack_size);
    auto& tcp = beast::get_lowest_layer(m_stream);
    if (m_tls_up && !m_aborted && tcp.socket().is_open()) {
        // RFC 5246 §7.2.1: close_notify, so the card sees an orderly end; bounded, the card may just hang up.
        tcp.expires_after(m_server.options.close_timeout);
        beast::error_code ignored;
        m_stream.async_shutdown((*m_yield)[ignored]);
    }
    beast::error_code ignored;
    tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    tcp.close();
}

AdminEvent AdminSession::event(AdminStep step) {
    AdminEvent out;
    out.step = step;
    return out;
}

void AdminSession::record(AdminEvent step) {
    // Steps come in without who and when: every event of this connection carries its number and card.
    step.session = m_number;
    if (m_credentials) {
        step.eid = m_credentials->eid;
    }
    m_server.records.add(std::move(step));
}

void AdminSession::record_failure(const std::exception& error) {
    AdminEvent failed = event(AdminStep::Failed);
    failed.detail = error.what();
    failed.retryable = retryable(error);
    record(std::move(failed));
}

std::string AdminSession::next_uri() const {
    return m_server.options.next_uri_prefix + std::to_string(m_number) + "/" + std::to_string(m_scripts);
}

} // namespace euicc::host::detail
