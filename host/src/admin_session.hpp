// SPDX-License-Identifier: Apache-2.0
// Private: one SCP81 admin session on the server (GP Amd B §3.4, SGP.02 §2.4.4; spec/scp81.md §4-§6): PSK-TLS
// handshake, the card's POSTs, the plan run through the tunnel, all inside one stackful coroutine.
#pragma once

#include <utility> // before any Asio header: Boost 1.74 under C++20 needs it (awaitable.hpp)

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp81.hpp>
#include <euicc/host/admin_psk_store.hpp>
#include <euicc/host/admin_records.hpp>
#include <euicc/host/admin_server.hpp>
#include <euicc/host/admin_session_plan.hpp>
#include <euicc/host/admin_tunnel_channel.hpp>

#include "admin_tls_context.hpp"

namespace euicc::host::detail {

/// What every session of one server shares. Options, store, planner and TLS context are fixed once the server
/// runs; the gate may change (guarded).
class AdminServerContext {
public:
    AdminServerContext(AdminServerOptions options, std::shared_ptr<PskStore> psk_store,
                       SessionPlanner planner);

    const AdminServerOptions options;
    const std::shared_ptr<PskStore> psk_store;
    const SessionPlanner planner;
    boost::asio::ssl::context tls;
    AdminRecords records;
    std::atomic<bool> stopping{false};

    CapacityGate gate() const;
    void set_gate(CapacityGate gate);

private:
    mutable std::mutex m_gate_mutex;
    CapacityGate m_gate;
};

using AdminStrand = boost::asio::strand<boost::asio::io_context::executor_type>;

/// One connection. run() is the body of its coroutine (spawned on `strand`); abort() may be posted to the
/// same strand from elsewhere. Implements the tunnel's AdminExchange (the coroutine suspends in send_script)
/// and the PSK hook of its handshake.
class AdminSession final : public AdminExchange, public PskServerHook {
public:
    AdminSession(AdminServerContext& server, boost::beast::tcp_stream tcp, std::uint64_t number,
                 std::string peer);

    /// Serves the connection to its end and records what happened. Never throws a std::exception.
    void run(boost::asio::yield_context yield);
    /// Closes the connection: a pending read or write ends, the session records its failure (server
    /// stopping).
    void abort();

    scp81::AdminRequest send_script(const Bytes& script) override;
    unsigned int on_psk_identity(const char* identity, unsigned char* psk,
                                 unsigned int max_psk_len) noexcept override;

private:
    void serve();
    bool handshake();
    /// X-Admin-From must not name another EID than the PSK identity (403 and Error otherwise).
    void check_agent(const scp81::AdminRequest& first);
    /// Asks the capacity gate; when refused: 503 + Retry-After, recorded, false.
    bool admitted(const scp81::AdminRequest& first);
    /// The planner's plan; none, or one for another operation: recorded, 204, nullopt.
    std::optional<AdminPlan> plan_for(const scp81::AdminRequest& first);
    void run_plan(const AdminPlan& plan);
    scp81::AdminRequest read_request();
    void write(const scp81::AdminResponse& response);
    /// Answers 4xx with `reason` and marks the connection closed (the caller throws).
    void reject(unsigned status, const std::string& reason);
    /// 204 to a POST still waiting, so a card that met a failure ends its session cleanly.
    void end_if_waiting();
    void close_connection();

    static AdminEvent event(AdminStep step);
    void record(AdminEvent event);
    void record_failure(const std::exception& error);
    std::string next_uri() const;

    AdminServerContext& m_server;
    boost::beast::ssl_stream<boost::beast::tcp_stream> m_stream;
    std::uint64_t m_number;
    std::string m_peer;
    boost::asio::yield_context* m_yield = nullptr;

    scp81::RequestParser m_parser;
    Bytes m_input; ///< received bytes the parser has not taken yet
    std::array<std::uint8_t, 4096> m_chunk{};
    bool m_awaiting_answer = false; ///< a POST was read and not yet answered
    bool m_closed = false;          ///< no more responses on this connection
    bool m_aborted = false;
    bool m_tls_up = false; ///< the handshake completed
    std::size_t m_scripts = 0;

    std::optional<AdminCredentials> m_credentials; ///< found by the PSK hook
    std::string m_refused_identity;                ///< an identity the store did not know
    std::string m_psk_error;                       ///< the store failed
    std::shared_ptr<void> m_slot;                  ///< the capacity gate's, held to the end
    OpenSslRng m_rng;
};

} // namespace euicc::host::detail
