// SPDX-License-Identifier: Apache-2.0
// GP Amd B §3.4.2 admin server response (SM-SR -> card): encoder and incremental card-side parser.
#include <charconv>
#include <limits>

#include <euicc/apdu/scp81.hpp>

#include "scp81_http.hpp"

namespace euicc::scp81 {

namespace {

using detail::sv;
namespace http = detail::http;
using Kind = AdminResponse::Kind;

constexpr unsigned status_ok = 200;
constexpr unsigned status_no_content = 204;
constexpr unsigned status_continue = 100;
constexpr unsigned status_bad_request = 400;
constexpr unsigned status_service_unavailable = 503;

bool is_error_status(unsigned status) noexcept {
    return status >= 400 && status <= 599;
}

unsigned status_of(const AdminResponse& response) {
    switch (response.kind) {
    case Kind::Script:
        return status_ok;
    case Kind::End:
        return status_no_content;
    case Kind::Busy:
        return status_service_unavailable;
    case Kind::BadRequest:
        break;
    }
    const unsigned status = response.status == 0 ? status_bad_request : response.status;
    if (!is_error_status(status) || status == status_service_unavailable) {
        throw std::invalid_argument("admin response: BadRequest needs a 4xx/5xx status other than 503, got " +
                                    std::to_string(status));
    }
    return status;
}

// RFC 7231 §7.1.3 delta-seconds; the HTTP-date form is not used by an admin server (the card has no clock).
std::chrono::seconds parse_retry_after(std::string_view text) {
    std::uint32_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        throw CodecError("Retry-After", 0, "expected delta-seconds, got '" + detail::quoted(text) + "'");
    }
    return std::chrono::seconds(value);
}

} // namespace

Bytes encode_response(const AdminResponse& response, bool chunked) {
    const unsigned status = status_of(response);
    http::response<detail::Body> message{static_cast<http::status>(status), 11};
    message.set(sv(protocol_header), sv(protocol));
    switch (response.kind) {
    case Kind::Script:
        if (response.next_uri.empty()) {
            throw std::invalid_argument("admin response: a script needs X-Admin-Next-URI");
        }
        detail::require_field_value(response.next_uri, "admin response X-Admin-Next-URI");
        message.set(sv(next_uri_header), sv(response.next_uri));
        message.set(http::field::content_type, sv(content_type_command));
        if (response.targeted_application) {
            message.set(sv(targeted_application_header),
                        format_targeted_application(*response.targeted_application));
        }
        message.body() = response.body;
        break;
    case Kind::End:
        // 204 has no body and no Content-Length (RFC 7230 §3.3.2); the card ends the session.
        return detail::serialize(message);
    case Kind::Busy:
        if (response.retry_after) {
            if (response.retry_after->count() < 0) {
                throw std::invalid_argument("admin response: negative Retry-After");
            }
            message.set(http::field::retry_after, std::to_string(response.retry_after->count()));
        }
        message.set(http::field::connection, "close");
        break;
    case Kind::BadRequest: {
        message.set(http::field::connection, "close");
        message.set(http::field::content_type, "text/plain");
        if (response.body.empty()) {
            const auto reason = http::obsolete_reason(static_cast<http::status>(status));
            message.body().assign(reason.begin(), reason.end());
        } else {
            message.body() = response.body;
        }
        break;
    }
    }
    if (chunked && response.kind == Kind::Script) {
        return detail::serialize_chunked(message);
    }
    message.content_length(message.body().size());
    return detail::serialize(message);
}

struct ResponseParser::Impl {
    explicit Impl(std::size_t body_limit) : feeder("HTTP response", body_limit) {}

    void check_header() {
        const auto fail = [this](const std::string& reason) { feeder.fail(reason); };
        const auto& parser = feeder.parser();
        const auto& message = parser.get();
        if (message.version() != 11) {
            fail("HTTP version " + std::to_string(message.version() / 10) + "." +
                 std::to_string(message.version() % 10) + " not supported (HTTP/1.1 only)");
        }
        const unsigned status = message.result_int();
        if (status == status_continue) {
            return; // interim answer to Expect: 100-continue (pySim sends it); the real response follows
        }
        if (status != status_ok && status != status_no_content && !is_error_status(status)) {
            fail("unexpected status " + std::to_string(status));
        }
        const auto protocol_value = detail::single_field(message, protocol_header, fail);
        if (protocol_value && !detail::iequals(*protocol_value, protocol)) {
            fail("X-Admin-Protocol '" + detail::quoted(*protocol_value) + "' is not " +
                 std::string(protocol));
        }
        if (!protocol_value && (status == status_ok || status == status_no_content)) {
            fail("missing X-Admin-Protocol");
        }
        const auto next_uri = detail::single_field(message, next_uri_header, fail);
        if (status != status_ok) {
            if (parser.need_eof()) {
                // The server closes after an error anyway (GP Amd B §3.4.2 / brief): the body is not needed.
                feeder.complete_now();
            }
            if (status == status_service_unavailable) {
                if (const auto retry = detail::single_field(message, "Retry-After", fail)) {
                    detail::parse_field("Retry-After", *retry, fail, parse_retry_after);
                }
            }
            return;
        }
        if (!next_uri || next_uri->empty()) {
            fail("200 without X-Admin-Next-URI");
        }
        if (parser.need_eof()) {
            fail("200 without Content-Length or chunked body (the connection must stay open)");
        }
        const auto type = detail::single_field(message, "Content-Type", fail);
        if (type && !detail::same_media_type(*type, content_type_command)) {
            fail("unsupported Content-Type '" + detail::quoted(*type) + "' (expected " +
                 std::string(content_type_command) + ")");
        }
        if (const auto target = detail::single_field(message, targeted_application_header, fail)) {
            detail::parse_field(targeted_application_header, *target, fail, parse_targeted_application);
        }
    }

    // Interim 100 answers are dropped. A chunked script may turn out empty, so its Content-Type can only be
    // required once the body is known.
    bool accept_complete() {
        const auto& message = feeder.parser().get();
        if (message.result_int() == status_continue) {
            return false;
        }
        if (message.result_int() == status_ok && !message.body().empty() &&
            message.find(http::field::content_type) == message.end()) {
            feeder.fail("script without Content-Type");
        }
        return true;
    }

    detail::Feeder<false> feeder;
};

ResponseParser::ResponseParser(std::size_t body_limit) : m_impl(std::make_unique<Impl>(body_limit)) {}
ResponseParser::~ResponseParser() = default;
ResponseParser::ResponseParser(ResponseParser&&) noexcept = default;
ResponseParser& ResponseParser::operator=(ResponseParser&&) noexcept = default;

std::size_t ResponseParser::feed(ByteView bytes) {
    return m_impl->feeder.feed(
        bytes, [this] { m_impl->check_header(); }, [this] { return m_impl->accept_complete(); });
}

bool ResponseParser::done() const noexcept {
    return m_impl->feeder.done();
}

AdminResponse ResponseParser::take() {
    const auto message = m_impl->feeder.take();
    // The header was validated by check_header; here the values are only converted.
    const auto field = [&](std::string_view name) -> std::optional<std::string> {
        const auto it = message.find(detail::sv(name));
        return it == message.end() ? std::nullopt : std::optional<std::string>(std::string(it->value()));
    };
    AdminResponse response;
    response.status = message.result_int();
    switch (response.status) {
    case status_ok:
        response.kind = Kind::Script;
        break;
    case status_no_content:
        response.kind = Kind::End;
        break;
    case status_service_unavailable:
        response.kind = Kind::Busy;
        break;
    default:
        response.kind = Kind::BadRequest;
        break;
    }
    response.next_uri = field(next_uri_header).value_or("");
    if (const auto target = field(targeted_application_header); target && response.kind == Kind::Script) {
        response.targeted_application = parse_targeted_application(*target);
    }
    if (const auto retry = field("Retry-After"); retry && response.kind == Kind::Busy) {
        response.retry_after = parse_retry_after(*retry);
    }
    response.body = message.body();
    return response;
}

} // namespace euicc::scp81
