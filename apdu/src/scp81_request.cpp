// SPDX-License-Identifier: Apache-2.0
// GP Amd B §3.4.1 admin agent POST (card -> SM-SR): encoder and incremental server-side parser.
#include <euicc/apdu/scp81.hpp>

#include "scp81_http.hpp"

namespace euicc::scp81 {

namespace {

using detail::sv;

void require_uri(std::string_view uri) {
    if (uri.empty()) {
        throw std::invalid_argument("admin request: empty URI");
    }
    for (const char c : uri) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F) {
            throw std::invalid_argument("admin request: URI with a space or control character");
        }
    }
}

} // namespace

Bytes encode_request(const AdminRequest& request, bool chunked) {
    require_uri(request.uri);
    detail::require_field_value(request.host, "admin request Host");
    detail::require_field_value(request.agent_id, "admin request X-Admin-From");
    detail::Message<true> message{detail::http::verb::post, sv(request.uri), 11};
    // Order as in spec/scp81.md §7 (njiwa/pySim): Host, protocol, agent, then the per-POST headers.
    message.set(detail::http::field::host, sv(request.host));
    message.set(sv(protocol_header), sv(protocol));
    message.set(sv(from_header), sv(request.agent_id));
    if (request.service_request) {
        message.set(sv(service_request_header), format_service_request(*request.service_request));
    }
    if (request.resume) {
        message.set(sv(resume_header), "true");
    }
    if (!request.body.empty()) {
        message.set(detail::http::field::content_type, sv(content_type_response));
    }
    if (request.script_status) {
        message.set(sv(script_status_header), sv(to_string(*request.script_status)));
    }
    message.body() = request.body;
    if (chunked) {
        return detail::serialize_chunked(message);
    }
    message.content_length(request.body.size()); // 0 on the first POST (§7): the server needs no EOF
    return detail::serialize(message);
}

struct RequestParser::Impl {
    explicit Impl(std::size_t body_limit) : feeder("HTTP request", body_limit) {}

    // GP Amd B §3.4.1: what every admin agent POST carries. Checked as soon as the header is complete so
    // that the server can answer 400 before the body arrives.
    void check_header() {
        const auto fail = [this](const std::string& reason) { feeder.fail(reason); };
        const auto& message = feeder.parser().get();
        if (message.method() != detail::http::verb::post) {
            const auto method = message.method_string();
            fail("method " + detail::quoted(std::string_view(method.data(), method.size())) +
                 " not allowed: admin requests are POST (GP Amd B §3.4)");
        }
        if (message.version() != 11) {
            fail("HTTP version " + std::to_string(message.version() / 10) + "." +
                 std::to_string(message.version() % 10) + " not supported (HTTP/1.1 only)");
        }
        const auto protocol_value = detail::single_field(message, protocol_header, fail);
        if (!protocol_value) {
            fail("missing X-Admin-Protocol");
        }
        if (!detail::iequals(*protocol_value, protocol)) {
            fail("X-Admin-Protocol '" + detail::quoted(*protocol_value) + "' is not " +
                 std::string(protocol));
        }
        if (!detail::single_field(message, "Host", fail)) {
            fail("missing Host");
        }
        const auto from = detail::single_field(message, from_header, fail);
        if (!from || from->empty()) {
            fail("missing X-Admin-From");
        }
        if (const auto status = detail::single_field(message, script_status_header, fail)) {
            detail::parse_field(script_status_header, *status, fail, parse_script_status);
        }
        if (const auto resume = detail::single_field(message, resume_header, fail)) {
            if (!detail::iequals(*resume, "true") && !detail::iequals(*resume, "false")) {
                fail("X-Admin-Resume: expected true or false, got '" + detail::quoted(*resume) + "'");
            }
        }
        if (const auto service = detail::single_field(message, service_request_header, fail)) {
            detail::parse_field(service_request_header, *service, fail, parse_service_request);
        }
        const auto type = detail::single_field(message, "Content-Type", fail);
        if (type && !detail::same_media_type(*type, content_type_response)) {
            fail("unsupported Content-Type '" + detail::quoted(*type) + "' (expected " +
                 std::string(content_type_response) + ")");
        }
    }

    // A chunked body may turn out empty, so its Content-Type can only be required once the body is known.
    bool check_complete() {
        const auto& message = feeder.parser().get();
        if (!message.body().empty() && message.find(detail::http::field::content_type) == message.end()) {
            feeder.fail("body without Content-Type");
        }
        return true;
    }

    detail::Feeder<true> feeder;
};

RequestParser::RequestParser(std::size_t body_limit) : m_impl(std::make_unique<Impl>(body_limit)) {}
RequestParser::~RequestParser() = default;
RequestParser::RequestParser(RequestParser&&) noexcept = default;
RequestParser& RequestParser::operator=(RequestParser&&) noexcept = default;

std::size_t RequestParser::feed(ByteView bytes) {
    return m_impl->feeder.feed(
        bytes, [this] { m_impl->check_header(); }, [this] { return m_impl->check_complete(); });
}

bool RequestParser::done() const noexcept {
    return m_impl->feeder.done();
}

AdminRequest RequestParser::take() {
    const auto message = m_impl->feeder.take();
    // The header was validated by check_header; here the values are only converted.
    const auto field = [&](std::string_view name) -> std::string {
        const auto it = message.find(detail::sv(name));
        return it == message.end() ? std::string() : std::string(it->value());
    };
    AdminRequest request;
    const auto target = message.target();
    request.uri.assign(target.data(), target.size());
    request.host = field("Host");
    request.agent_id = field(from_header);
    if (message.find(detail::sv(script_status_header)) != message.end()) {
        request.script_status = parse_script_status(field(script_status_header));
    }
    request.resume = detail::iequals(field(resume_header), "true");
    if (message.find(detail::sv(service_request_header)) != message.end()) {
        request.service_request = parse_service_request(field(service_request_header));
    }
    request.body = message.body();
    return request;
}

} // namespace euicc::scp81
