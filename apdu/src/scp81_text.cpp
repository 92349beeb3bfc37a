// SPDX-License-Identifier: Apache-2.0
// Private text helpers of the SCP81 header-value codecs (GP Amd B §3.4 header values, SGP.02 §2.4.4.1 hex).
#include "scp81_text.hpp"

#include <stdexcept>

#include <euicc/error.hpp>

namespace euicc::scp81::detail {

namespace {

constexpr std::size_t rid_length = 5; // ISO/IEC 7816-5: registered application provider identifier
constexpr std::size_t max_aid_length = 16;

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

Bytes hex_field(std::string_view text, std::size_t base, const std::string& context, std::string_view what) {
    Bytes out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (hex_value(text[i]) < 0) {
            throw CodecError(context, base + i,
                             std::string(what) + ": non-hex character '" + quoted(text.substr(i, 1)) + "'");
        }
    }
    if (text.size() % 2 != 0) {
        throw CodecError(context, base + text.size(), std::string(what) + ": odd number of hex digits");
    }
    for (std::size_t i = 0; i < text.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(hex_value(text[i]) * 16 + hex_value(text[i + 1])));
    }
    return out;
}

std::string format_rid_pix(ByteView aid, std::string_view what) {
    if (aid.size() < rid_length || aid.size() > max_aid_length) {
        throw std::invalid_argument(std::string(what) + ": AID must be 5..16 bytes, got " +
                                    std::to_string(aid.size()));
    }
    return to_hex(aid.first(rid_length)) + "/" + to_hex(aid.subspan(rid_length));
}

Bytes parse_rid_pix(std::string_view text, std::size_t base, const std::string& context) {
    const std::size_t rid_digits = 2 * rid_length;
    if (text.size() < rid_digits) {
        throw CodecError(context, base + text.size(), "RID: expected 10 hex digits");
    }
    Bytes aid = hex_field(text.substr(0, rid_digits), base, context, "RID");
    const std::string_view rest = text.substr(rid_digits);
    if (rest.empty()) {
        return aid; // a bare RID: no PIX, no separator
    }
    if (rest.front() != '/') {
        throw CodecError(context, base + rid_digits, "expected '/' between RID and PIX");
    }
    const std::string_view pix = rest.substr(1);
    if (pix.size() > 2 * (max_aid_length - rid_length)) {
        throw CodecError(context, base + rid_digits + 1, "PIX longer than 11 bytes");
    }
    append(aid, hex_field(pix, base + rid_digits + 1, context, "PIX"));
    return aid;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

bool same_media_type(std::string_view a, std::string_view b) noexcept {
    // RFC 7231 §3.1.1.1: OWS may surround ';' and type/parameter names are case-insensitive; the version
    // value is compared without case too, as no GP value differs by case alone.
    constexpr int end = -1;
    const auto next = [](std::string_view& s) -> int {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
            s.remove_prefix(1);
        }
        if (s.empty()) {
            return end;
        }
        const int c = static_cast<unsigned char>(lower(s.front()));
        s.remove_prefix(1);
        return c;
    };
    for (;;) {
        const int x = next(a);
        const int y = next(b);
        if (x != y) {
            return false;
        }
        if (x == end) {
            return true;
        }
    }
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

std::string quoted(std::string_view text) {
    constexpr std::size_t max_shown = 40;
    std::string out;
    for (const char c : text.substr(0, max_shown)) {
        out += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    if (text.size() > max_shown) {
        out += "...";
    }
    return out;
}

void require_field_value(std::string_view value, std::string_view what) {
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7F) {
            throw std::invalid_argument(std::string(what) + ": control character in HTTP field value");
        }
    }
}

} // namespace euicc::scp81::detail
