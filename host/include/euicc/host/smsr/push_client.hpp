// SPDX-License-Identifier: Apache-2.0
// The SM-SR's push module client (host/docs/push_server.md): push requests to the push server over HTTP/1.1
// with libcurl, a bearer token (RFC 6750 §2.1), timeouts and retries with exponential back-off.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <euicc/apdu/push_api.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/error.hpp>

namespace euicc::host::smsr {

struct PushClientOptions {
    std::string url;   ///< e.g. http://127.0.0.1:8900/push
    SecretBytes token; ///< never logged nor put in an exception text
    std::chrono::milliseconds connect_timeout{5'000};
    /// The whole exchange; the server answers once every item is settled, so allow for slow cards.
    std::chrono::milliseconds request_timeout{120'000};
    /// Attempts in all for a connection failure, a timeout or a 5xx; the pause doubles after each.
    unsigned attempts = 5;
    std::chrono::milliseconds first_backoff{200};
    std::chrono::milliseconds max_backoff{10'000};
    /// Told before each pause: the attempt that failed (1-based) and why (no token in it). Must not throw.
    std::function<void(unsigned attempt, const std::string& reason)> on_retry;
};

/// The push server refused the request (4xx): retrying the same request would not help.
class PushRejectedError : public Error {
public:
    PushRejectedError(const std::string& what, long http_status) : Error(what), m_http_status(http_status) {}
    long http_status() const noexcept { return m_http_status; }

private:
    long m_http_status;
};

/// Sends push requests. Each send is independent; one client may be used from one thread at a time.
class PushClient {
public:
    /// Throws std::invalid_argument for an empty URL or token, or no attempts.
    explicit PushClient(PushClientOptions options);

    /// POSTs `request` and returns the server's report. Errors name the URL, never the token:
    /// TimeoutError / TransportError when every attempt failed to connect, timed out or got a 5xx;
    /// PushRejectedError for a 4xx; DocumentError for a 200 whose body is not a push result for this request;
    /// std::invalid_argument for a request the codec refuses.
    push_api::PushResult send(const push_api::PushRequest& request);

private:
    PushClientOptions m_options;
};

} // namespace euicc::host::smsr
