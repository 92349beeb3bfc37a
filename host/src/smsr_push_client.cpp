// SPDX-License-Identifier: Apache-2.0
// The SM-SR's push client (host/docs/push_server.md): libcurl POST of a push request with a bearer token
// (RFC 6750 §2.1), retried with exponential back-off on connection failures, timeouts and 5xx.
#include <euicc/host/smsr/push_client.hpp>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include <curl/curl.h>
#include <openssl/crypto.h>

namespace euicc::host::smsr {

namespace {

/// One POST's outcome: a curl failure, or an HTTP status with its body.
struct Exchange {
    CURLcode code = CURLE_OK;
    long http_status = 0;
    std::string body;
};

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    const std::size_t bytes = size * count;
    if (body->size() + bytes > push_api::max_body) {
        return 0; // curl reports CURLE_WRITE_ERROR: the answer is over the API's limit
    }
    body->append(data, bytes);
    return bytes;
}

struct CurlDeleter {
    void operator()(CURL* curl) const noexcept { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

/// The Authorization header, wiped once the exchange is over (curl keeps its own copy in the list).
class BearerHeader {
public:
    explicit BearerHeader(const SecretBytes& token) : m_text("Authorization: Bearer ") {
        m_text.append(reinterpret_cast<const char*>(token.data()), token.size());
    }
    ~BearerHeader() { OPENSSL_cleanse(m_text.data(), m_text.size()); }
    BearerHeader(const BearerHeader&) = delete;
    BearerHeader& operator=(const BearerHeader&) = delete;
    const char* c_str() const noexcept { return m_text.c_str(); }

private:
    std::string m_text;
};

Exchange post_once(const PushClientOptions& options, const std::string& body) {
    const std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        throw TransportError("push client: curl_easy_init failed");
    }
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    {
        const BearerHeader bearer(options.token);
        for (const char* line : {"Content-Type: application/json", "Accept: application/json", "Expect:",
                                 bearer.c_str()}) {
            curl_slist* extended = curl_slist_append(headers.get(), line);
            if (extended == nullptr) {
                throw TransportError("push client: out of memory building the request headers");
            }
            static_cast<void>(headers.release());
            headers.reset(extended);
        }
    }
    Exchange exchange;
    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, options.url.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &append_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange.body);
    exchange.code = curl_easy_perform(handle);
    if (exchange.code == CURLE_OK) {
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &exchange.http_status);
    }
    return exchange;
}

/// Failures worth another attempt: the server not (yet) there, slow, or failing on its side.
bool retryable(const Exchange& exchange) {
    switch (exchange.code) {
    case CURLE_OK:
        return exchange.http_status >= 500;
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
        return true;
    default:
        return false;
    }
}

std::string first_line(const std::string& body) {
    return body.substr(0, std::min<std::size_t>(body.find('\n'), 200));
}

[[noreturn]] void fail(const std::string& url, const Exchange& exchange, unsigned attempts) {
    const std::string where = "push server " + url;
    const std::string tries = attempts > 1 ? " (after " + std::to_string(attempts) + " attempts)" : "";
    if (exchange.code == CURLE_OPERATION_TIMEDOUT) {
        throw TimeoutError(where + ": " + curl_easy_strerror(exchange.code) + tries);
    }
    if (exchange.code != CURLE_OK) {
        throw TransportError(where + ": " + curl_easy_strerror(exchange.code) + tries, exchange.code);
    }
    const std::string text = "HTTP " + std::to_string(exchange.http_status) + ": " + first_line(exchange.body);
    if (exchange.http_status >= 400 && exchange.http_status < 500) {
        throw PushRejectedError(where + " refused the request: " + text, exchange.http_status);
    }
    throw TransportError(where + " answered " + text + tries, exchange.http_status);
}

} // namespace

PushClient::PushClient(PushClientOptions options) : m_options(std::move(options)) {
    if (m_options.url.empty()) {
        throw std::invalid_argument("push client: empty URL");
    }
    if (m_options.token.empty()) {
        throw std::invalid_argument("push client: empty bearer token");
    }
    if (m_options.attempts == 0) {
        throw std::invalid_argument("push client: attempts must be at least 1");
    }
    global_init();
}

push_api::PushResult PushClient::send(const push_api::PushRequest& request) {
    const std::string body = push_api::encode_push_request(request);
    std::chrono::milliseconds backoff = m_options.first_backoff;
    for (unsigned attempt = 1;; ++attempt) {
        const Exchange exchange = post_once(m_options, body);
        if (exchange.code == CURLE_OK && exchange.http_status == 200) {
            push_api::PushResult result = push_api::parse_push_result(exchange.body);
            if (result.request_id != request.request_id || result.items.size() != request.items.size()) {
                throw push_api::DocumentError("push result", "", 0,
                                              "from " + m_options.url + " does not answer request " +
                                                  request.request_id);
            }
            return result;
        }
        if (!retryable(exchange) || attempt >= m_options.attempts) {
            fail(m_options.url, exchange, attempt);
        }
        if (m_options.on_retry) {
            m_options.on_retry(attempt, exchange.code != CURLE_OK
                                            ? std::string(curl_easy_strerror(exchange.code))
                                            : "HTTP " + std::to_string(exchange.http_status));
        }
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, m_options.max_backoff);
    }
}

} // namespace euicc::host::smsr
