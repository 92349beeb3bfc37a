// SPDX-License-Identifier: Apache-2.0
// SM-SR JSON API text forms (host/docs/smsr_api.md): JSON pointers (RFC 6901), names, base64 (RFC 4648 §4),
// hex and RFC 3339 UTC timestamps, and the error the parsers raise.
#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/scp81.hpp>

#include "smsr_api_detail.hpp"

namespace euicc::smsr_api {

namespace {

std::string document_message(const std::string& context, const std::string& pointer,
                             const std::string& reason) {
    return context + (pointer.empty() ? "" : " " + pointer) + ": " + reason;
}

constexpr std::array<std::string_view, 4> identity_names{"imsi", "msisdn", "impu", "impi"};
constexpr std::array<std::string_view, 3> keyset_names{"scp80", "scp03", "scp81"};
constexpr std::array<std::string_view, 3> state_names{"accepted", "running", "done"};

template <class Enum, std::size_t N>
std::optional<Enum> enum_from_name(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view enum_name(const std::array<std::string_view, N>& names, Enum value) noexcept {
    const auto i = static_cast<std::size_t>(value);
    return i < N ? names[i] : std::string_view("unknown");
}

constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    return c == '/' ? 63 : -1;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/// Digits at text[pos, pos + n) as a number; nullopt unless all are decimal.
std::optional<int> decimal(std::string_view text, std::size_t pos, std::size_t n) {
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

constexpr int first_year = 1970;
constexpr int last_year = 9999;

} // namespace

DocumentError::DocumentError(std::string context, std::string pointer, std::size_t offset,
                             const std::string& reason)
    : CodecError(context, offset, reason), m_pointer(std::move(pointer)),
      m_message(document_message(this->context(), m_pointer, reason)) {}

std::string_view to_string(IdentityType type) noexcept {
    return enum_name(identity_names, type);
}

std::string_view to_string(KeysetType type) noexcept {
    return enum_name(keyset_names, type);
}

std::string_view to_string(RequestState state) noexcept {
    return enum_name(state_names, state);
}

std::string format_timestamp(std::chrono::sys_seconds time) {
    using namespace std::chrono;
    const sys_days day = floor<days>(time);
    const year_month_day date{day};
    const int y = static_cast<int>(date.year());
    if (y < first_year || y > last_year) {
        throw std::invalid_argument("timestamp outside the years 1970..9999");
    }
    const auto in_day = (time - day).count();
    std::array<char, 24> text{};
    std::snprintf(text.data(), text.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ", y,
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                  static_cast<int>(in_day % 60));
    return std::string(text.data());
}

std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view text) {
    using namespace std::chrono;
    // RFC 3339 §5.6 restricted to the one form the API writes: full date, 'T', time to the second, 'Z'.
    if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
        text[16] != ':' || text[19] != 'Z') {
        return std::nullopt;
    }
    const auto y = decimal(text, 0, 4);
    const auto mo = decimal(text, 5, 2);
    const auto d = decimal(text, 8, 2);
    const auto h = decimal(text, 11, 2);
    const auto mi = decimal(text, 14, 2);
    const auto s = decimal(text, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s || *y < first_year || *h > 23 || *mi > 59 || *s > 59) {
        return std::nullopt; // no leap second: sys_seconds cannot hold one
    }
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s};
}

namespace detail {

void Complaint::fail(const std::string& pointer, const std::string& reason, std::size_t offset) const {
    if (m_raise == Raise::Document) {
        throw DocumentError(std::string(m_context), pointer, offset, reason);
    }
    throw std::invalid_argument("encode " + document_message(std::string(m_context), pointer, reason));
}

std::string pointer_to(std::string_view parent, std::string_view name) {
    std::string out(parent);
    out.push_back('/');
    for (const char c : name) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string pointer_to(std::string_view parent, std::size_t index) {
    return std::string(parent) + "/" + std::to_string(index);
}

std::string shortened(std::string_view name) {
    constexpr std::size_t longest = 64;
    return name.size() <= longest ? std::string(name) : std::string(name.substr(0, longest)) + "...";
}

std::optional<trigger::OperationType> operation_from_name(std::string_view name) {
    // The header names of the service request (scp81::to_header_name) are the API's names too.
    for (std::uint8_t v = 0x01; v <= 0x07; ++v) {
        const auto op = static_cast<trigger::OperationType>(v);
        if (scp81::to_header_name(op) == name) {
            return op;
        }
    }
    return std::nullopt;
}

std::optional<IdentityType> identity_type_from_name(std::string_view name) {
    return enum_from_name<IdentityType>(identity_names, name);
}

std::optional<KeysetType> keyset_type_from_name(std::string_view name) {
    return enum_from_name<KeysetType>(keyset_names, name);
}

std::optional<RequestState> state_from_name(std::string_view name) {
    return enum_from_name<RequestState>(state_names, name);
}

std::string base64_encode(ByteView data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < data.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, data.size() - i);
        std::uint32_t group = static_cast<std::uint32_t>(data[i]) << 16;
        if (n > 1) {
            group |= static_cast<std::uint32_t>(data[i + 1]) << 8;
        }
        if (n > 2) {
            group |= data[i + 2];
        }
        for (std::size_t k = 0; k < 4; ++k) {
            out.push_back(k <= n ? base64_alphabet[(group >> (18 - 6 * k)) & 0x3F] : '=');
        }
    }
    return out;
}

std::optional<Bytes> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    Bytes out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        // Padding only in the last group, at most two '=' and only at its end.
        const std::size_t pad = !last ? 0 : (text[i + 3] != '=' ? 0 : (text[i + 2] == '=' ? 2 : 1));
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const int v = k < 4 - pad ? base64_value(text[i + k]) : 0;
            if (v < 0) {
                return std::nullopt;
            }
            group = (group << 6) | static_cast<std::uint32_t>(v);
        }
        // RFC 4648 §3.5: the bits a padded group does not use must be zero (canonical encoding).
        if ((pad == 1 && (group & 0xFF) != 0) || (pad == 2 && (group & 0xFFFF) != 0)) {
            return std::nullopt;
        }
        out.push_back(static_cast<std::uint8_t>(group >> 16));
        if (pad < 2) {
            out.push_back(static_cast<std::uint8_t>(group >> 8));
        }
        if (pad < 1) {
            out.push_back(static_cast<std::uint8_t>(group));
        }
    }
    return out;
}

std::optional<Bytes> strict_hex(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    Bytes out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = hex_value(text[i]);
        const int low = hex_value(text[i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<std::uint8_t>(high << 4 | low));
    }
    return out;
}

} // namespace detail

} // namespace euicc::smsr_api
