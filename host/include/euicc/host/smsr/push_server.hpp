// SPDX-License-Identifier: Apache-2.0
// The push server (host/docs/push_server.md): HTTP/1.1 `POST /push` with a bearer token (RFC 6750 §2.1), a push
// request in, the per-identity delivery report out.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/host/smsr/push_delivery.hpp>

namespace euicc::host::smsr {

struct PushServerOptions {
    std::string address = "127.0.0.1"; ///< IPv4 or IPv6 literal to listen on
    std::uint16_t port = 0;            ///< 0: an ephemeral port, see PushServer::port()
    SecretBytes token;                 ///< the bearer token clients must present; must not be empty
    std::chrono::milliseconds read_timeout{30'000};
    std::chrono::milliseconds write_timeout{30'000};
};

/// Answers: 200 + push result; 400 malformed body (the DocumentError text); 401 + WWW-Authenticate without
/// the right token; 404 for another path; 405 for another method on /push; 413 for a body over the limit.
/// One event-loop thread serves HTTP; deliveries run on PushDelivery's reader threads.
class PushServer {
public:
    /// `delivery` is borrowed and must outlive the server. Throws std::invalid_argument for an empty token.
    PushServer(PushServerOptions options, PushDelivery& delivery);
    ~PushServer();
    PushServer(const PushServer&) = delete;
    PushServer& operator=(const PushServer&) = delete;

    /// Binds and listens (TransportError naming the address when it cannot), then serves on its own thread.
    /// Once only: std::logic_error on a server that started before.
    void start();
    /// Stops accepting, waits for requests in progress to finish and the thread to end. Idempotent.
    void stop();
    std::uint16_t port() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace euicc::host::smsr
