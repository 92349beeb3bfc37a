// SPDX-License-Identifier: Apache-2.0
// Private Boost.Beast glue of the SCP81 HTTP codec (GP Amd B §3.4): serializing a message to bytes and
// feeding a Beast parser from arbitrarily split input.
#pragma once

#include <utility>
// (above) Boost 1.74 + C++20: <utility> must come before any Boost header.

#include <algorithm>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/vector_body.hpp>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>
#include <euicc/error.hpp>

#include "scp81_text.hpp"

namespace euicc::scp81::detail {

namespace http = boost::beast::http;

using Body = http::vector_body<std::uint8_t>;
template <bool IsRequest>
using Message = http::message<IsRequest, Body>;

/// The wire bytes of `message`: the header, then (unless `header_only`) the body as Content-Length says.
template <bool IsRequest>
Bytes serialize(Message<IsRequest>& message, bool header_only = false) {
    http::serializer<IsRequest, Body> serializer{message};
    serializer.split(header_only);
    Bytes out;
    boost::beast::error_code ec;
    while (header_only ? !serializer.is_header_done() : !serializer.is_done()) {
        serializer.next(ec, [&](boost::beast::error_code&, const auto& buffers) {
            std::size_t size = 0;
            for (const auto buffer : boost::beast::buffers_range_ref(buffers)) {
                const auto* data = static_cast<const std::uint8_t*>(buffer.data());
                out.insert(out.end(), data, data + buffer.size());
                size += buffer.size();
            }
            serializer.consume(size);
        });
        if (ec) {
            throw std::logic_error("HTTP serializer: " + ec.message()); // in-memory body: cannot fail
        }
    }
    return out;
}

/// `message` with its body as one chunk and the last chunk (RFC 7230 §4.1). Beast's serializer would frame an
/// empty body as an empty chunk followed by the last chunk, i.e. two terminators, so the framing is done
/// here.
template <bool IsRequest>
Bytes serialize_chunked(Message<IsRequest>& message) {
    Bytes body = std::move(message.body());
    message.body().clear();
    message.chunked(true);
    Bytes out = serialize(message, true);
    if (!body.empty()) {
        char size[2 * sizeof(std::size_t)];
        const auto end = std::to_chars(std::begin(size), std::end(size), body.size(), 16).ptr;
        out.insert(out.end(), std::begin(size), end);
        out.insert(out.end(), {'\r', '\n'});
        append(out, body);
        out.insert(out.end(), {'\r', '\n'});
    }
    out.insert(out.end(), {'0', '\r', '\n', '\r', '\n'});
    return out;
}

/// The value of a field that may occur at most once; CodecError through `fail` when repeated.
template <class Fields, class Fail>
std::optional<std::string_view> single_field(const Fields& fields, std::string_view name, Fail&& fail) {
    const auto range = fields.equal_range(boost::beast::string_view(name.data(), name.size()));
    if (range.first == range.second) {
        return std::nullopt;
    }
    if (std::next(range.first) != range.second) {
        fail(std::string(name) + " repeated");
    }
    const auto value = range.first->value();
    return std::string_view(value.data(), value.size());
}

/// Drives a Beast parser from input split at any byte, one message at a time, without reading past the end of
/// the message. Beast needs the whole header in one buffer, so unconsumed input is kept until more arrives.
template <bool IsRequest>
class Feeder {
public:
    using Parser = http::parser<IsRequest, Body>;

    Feeder(std::string context, std::size_t body_limit)
        : m_context(std::move(context)), m_body_limit(body_limit) {
        reset();
    }

    /// `on_header()` runs once, when the header is complete; it may call fail() or complete_now().
    /// `on_complete()` returns false to drop the finished message and parse on (interim responses).
    template <class OnHeader, class OnComplete>
    std::size_t feed(ByteView input, OnHeader&& on_header, OnComplete&& on_complete) {
        if (m_spent) {
            throw std::logic_error(m_context + " parser used after an error");
        }
        if (m_done) {
            return 0;
        }
        m_pending.insert(m_pending.end(), input.begin(), input.end());
        std::size_t used = 0;
        while (!m_done && used < m_pending.size()) {
            if (m_header_seen && m_parser->chunked() && m_pending.size() - used < min_chunk_input) {
                break; // see min_chunk_input
            }
            boost::beast::error_code ec;
            const std::size_t n = m_parser->put(
                boost::asio::const_buffer(m_pending.data() + used, m_pending.size() - used), ec);
            used += n;
            m_offset += n;
            if (ec == http::error::need_more) {
                break;
            }
            if (ec) {
                fail(describe(ec));
            }
            if (!m_header_seen && m_parser->is_header_done()) {
                m_header_seen = true;
                on_header();
            }
            if (!m_done && m_parser->is_done()) {
                if (on_complete()) {
                    m_done = true;
                } else {
                    m_parser.emplace();
                    configure();
                    m_header_seen = false;
                    m_offset = 0;
                }
            } else if (n == 0 && !m_done) {
                break; // Beast wants more input (e.g. the header is still incomplete)
            }
        }
        // Whatever the message did not use came from this call (earlier leftovers were all needed), and
        // belongs to the caller's next message.
        const std::size_t leftover = m_pending.size() - used;
        if (m_done) {
            m_pending.clear();
            return input.size() - std::min(leftover, input.size());
        }
        m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(used));
        return input.size();
    }

    bool done() const noexcept { return m_done; }
    /// Ends the message at the end of its header (the body is left empty).
    void complete_now() noexcept { m_done = true; }
    const Parser& parser() const { return *m_parser; }

    /// The finished message; the feeder is ready for the next one.
    Message<IsRequest> take() {
        if (m_spent || !m_done) {
            throw std::logic_error(m_context + " parser: no complete message to take");
        }
        Message<IsRequest> message = m_parser->release();
        reset();
        return message;
    }

    [[noreturn]] void fail(const std::string& reason) {
        m_spent = true;
        throw CodecError(m_context, m_offset, reason);
    }

private:
    void reset() {
        m_parser.emplace();
        configure();
        m_pending.clear();
        m_header_seen = false;
        m_done = false;
        m_offset = 0;
    }

    void configure() {
        m_parser->body_limit(static_cast<std::uint64_t>(m_body_limit));
        m_parser->eager(false); // stop after the header so that header checks come before body errors
    }

    std::string describe(const boost::beast::error_code& ec) const {
        if (ec == http::error::body_limit) {
            return "body over the limit of " + std::to_string(m_body_limit) + " bytes";
        }
        if (ec == http::error::header_limit) {
            return "header over the limit of 8192 bytes";
        }
        return "malformed HTTP: " + ec.message();
    }

    // Beast 1.74 asserts (basic_parser.ipp parse_chunk_header, `n >= 5`) when the last chunk "0\r\n" was seen
    // and it is handed fewer than 5 bytes again. Holding chunked input back until 5 bytes are there never
    // stalls a message: Beast consumes the last chunk and trailer at once, so at least 5 bytes are still due.
    static constexpr std::size_t min_chunk_input = 5;

    std::string m_context;
    std::size_t m_body_limit;
    std::optional<Parser> m_parser;
    Bytes m_pending;
    std::size_t m_offset = 0; // bytes of the current message Beast has accepted
    bool m_header_seen = false;
    bool m_done = false;
    bool m_spent = false;
};

/// Re-raises a header-value codec error in the message's context, keeping its reason.
template <class Fail, class Parse>
auto parse_field(std::string_view name, std::string_view value, Fail&& fail, Parse&& parse) {
    try {
        return parse(value);
    } catch (const CodecError& e) {
        fail(std::string(name) + ": " + e.reason());
        throw; // not reached: fail() throws
    }
}

/// Beast's string_view from ours.
inline boost::beast::string_view sv(std::string_view s) {
    return {s.data(), s.size()};
}

} // namespace euicc::scp81::detail
