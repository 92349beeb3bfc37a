// SPDX-License-Identifier: Apache-2.0
// The SM-SR's SCP81 admin server (GP Amd B §3.4, SGP.02 §2.4.4; spec/scp81.md §4-§6): PSK-TLS 1.2 acceptor
// and HTTP/1.1 POST loop serving many cards at once, each session running its SGP.02 operations through the
// tunnel.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <euicc/apdu/scp81.hpp>
#include <euicc/host/admin_psk_store.hpp>
#include <euicc/host/admin_records.hpp>
#include <euicc/host/admin_session_plan.hpp>

namespace euicc::host {

struct AdminServerOptions {
    std::string address = "127.0.0.1"; ///< IPv4 or IPv6 literal to listen on
    std::uint16_t port = 0;            ///< 0: an ephemeral port, see AdminServer::port()
    unsigned threads = 1;              ///< threads running the event loop (sessions never own one)
    std::chrono::milliseconds handshake_timeout{10'000};
    /// Longest wait for the card's next POST (it runs the script and answers over BIP in between).
    std::chrono::milliseconds read_timeout{30'000};
    std::chrono::milliseconds write_timeout{10'000};
    /// After the last response: how long the TLS close_notify exchange may take before the socket is closed.
    std::chrono::milliseconds close_timeout{2'000};
    std::size_t body_limit = 65536;      ///< largest response script accepted from a card
    std::size_t stack_size = 256 * 1024; ///< per-session coroutine stack
    /// X-Admin-Next-URI of a session: this prefix, the session number, '/', the script number.
    std::string next_uri_prefix = "/smsr/admin/";
};

/// What the capacity gate is told about a card whose first POST arrived.
struct AdmissionQuery {
    std::string eid;
    std::optional<scp81::ServiceRequest> service_request;
    std::uint64_t session = 0;
    std::size_t open_sessions = 0; ///< connections open now, this one included
};

/// The capacity gate's answer (the patent's congestion control: busy + retry time, spec/scp81.md shared
/// decisions: 503 Service Unavailable + Retry-After).
struct Admission {
    bool admitted = true;
    std::chrono::seconds retry_after{0}; ///< when refused: the card waits this long before it retries
    /// Kept by an admitted session until it ends, then released: a gate can hand out a token whose destructor
    /// gives its slot back. May be null.
    std::shared_ptr<void> slot;

    static Admission admit(std::shared_ptr<void> slot = nullptr) {
        return Admission{true, {}, std::move(slot)};
    }
    static Admission busy(std::chrono::seconds retry_after) { return Admission{false, retry_after, nullptr}; }
};

/// Decides whether a session may go on; called on a server thread, possibly on several at once (thread-safe).
/// An exception it throws ends the session as failed.
using CapacityGate = std::function<Admission(const AdmissionQuery&)>;

/// PSK-TLS + HTTP admin server. Per connection (a stackful coroutine on a strand, never a thread): TLS 1.2
/// handshake with cipher suites TLS_PSK_WITH_AES_128_GCM_SHA256 / TLS_PSK_WITH_AES_128_CBC_SHA256 only, no
/// certificate, no identity hint, no session tickets or resumption; the PSK comes from the PskStore by the
/// client's identity (scp81::parse_psk_identity, else the raw text); an unknown identity or a wrong PSK fails
/// the handshake (recorded). Then the card's first POST (scp81::RequestParser; malformed -> 400 and close):
/// the EID comes from the PSK identity (an X-Admin-From naming another EID is refused with 403); the capacity
/// gate may answer 503 + Retry-After and close; the SessionPlanner gives the plan (none, or one for another
/// operation than the service request names: 204 at once); run_admin_plan executes it through an
/// AdminTunnelChannel, each later POST must go to the X-Admin-Next-URI given (400 otherwise); the session
/// ends with 204. Every step goes to records(). Timeouts: handshake, each POST, each write, the close.
///
/// Thread-safety: start()/stop() from one controlling thread, never from a server thread (a listener, the
/// planner or the gate: stop() joins those threads); records() and port() from any. The journal keeps every
/// event for the server's lifetime.
class AdminServer {
public:
    /// Throws std::invalid_argument for a null store, an empty planner, zero threads or a stack under 64 KiB.
    AdminServer(AdminServerOptions options, std::shared_ptr<PskStore> psk_store, SessionPlanner planner);
    /// stop() without grace.
    ~AdminServer();
    AdminServer(const AdminServer&) = delete;
    AdminServer& operator=(const AdminServer&) = delete;

    /// Replaces the capacity gate (default: admit everyone); takes effect for the next first POST.
    void set_capacity_gate(CapacityGate gate);

    /// Binds, listens and starts the threads. Throws TransportError when the address cannot be bound,
    /// std::logic_error when called twice.
    void start();
    /// The bound port (after start()).
    std::uint16_t port() const;
    bool running() const noexcept;

    /// Stops accepting, lets open sessions run for up to `grace`, then closes the rest (each recorded as
    /// failed, retryable) and joins the threads. Idempotent; a stopped server cannot start again.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds{0});

    AdminRecords& records() noexcept;
    const AdminRecords& records() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace euicc::host
