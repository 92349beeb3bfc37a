// SPDX-License-Identifier: Apache-2.0
// UTF-8 (RFC 3629) and UTF-16BE (TS 23.038 §6.2.3 UCS2) conversions for SMS text fields.
#include "sms_utf8.hpp"

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include <euicc/error.hpp>

namespace euicc::sms::detail {

namespace {

bool is_surrogate(char32_t c) noexcept { return c >= 0xD800 && c <= 0xDFFF; }

} // namespace

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<std::uint8_t>(text[i]);
        std::size_t extra = 0;
        char32_t c = 0;
        char32_t minimum = 0;
        if (lead < 0x80) {
            c = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            extra = 1;
            c = lead & 0x1F;
            minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2;
            c = lead & 0x0F;
            minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3;
            c = lead & 0x07;
            minimum = 0x10000;
        } else {
            throw std::invalid_argument("invalid UTF-8 lead byte at " + std::to_string(i));
        }
        if (extra > 0 && i + extra >= text.size()) {
            throw std::invalid_argument("truncated UTF-8 sequence at " + std::to_string(i));
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto b = static_cast<std::uint8_t>(text[i + k]);
            if ((b & 0xC0) != 0x80) {
                throw std::invalid_argument("invalid UTF-8 continuation byte at " + std::to_string(i + k));
            }
            c = (c << 6) | (b & 0x3F);
        }
        if (c < minimum || c > 0x10FFFF || is_surrogate(c)) {
            throw std::invalid_argument("invalid UTF-8 sequence at " + std::to_string(i));
        }
        out.push_back(c);
        i += extra + 1;
    }
    return out;
}

std::string code_point_name(char32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return buffer;
}

Decoded decode_utf16be(ByteView data) {
    Decoded out;
    const auto stop = [&out](std::size_t offset, const char* reason) {
        out.fault = Fault{offset, reason};
        return out;
    };
    if (data.size() % 2 != 0) {
        return stop(data.size() - 1, "odd number of octets");
    }
    for (std::size_t i = 0; i < data.size(); i += 2) {
        char32_t c = static_cast<char32_t>((data[i] << 8) | data[i + 1]);
        if (c >= 0xDC00 && c <= 0xDFFF) {
            return stop(i, "unpaired low surrogate");
        }
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (i + 3 >= data.size()) {
                return stop(i, "high surrogate without its pair");
            }
            const auto low = static_cast<char32_t>((data[i + 2] << 8) | data[i + 3]);
            if (low < 0xDC00 || low > 0xDFFF) {
                return stop(i + 2, "high surrogate not followed by a low one");
            }
            c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        }
        append_utf8(out.text, c);
    }
    return out;
}

std::string text_or_throw(Decoded decoded, const std::string& context) {
    if (decoded.fault) {
        throw CodecError(context, decoded.fault->offset, decoded.fault->reason);
    }
    return std::move(decoded.text);
}

std::string utf16be_to_utf8(ByteView data) { return text_or_throw(decode_utf16be(data), "UCS2"); }

Bytes utf8_to_utf16be(std::string_view text) {
    Bytes out;
    const auto put16 = [&out](char32_t unit) {
        out.push_back(static_cast<std::uint8_t>(unit >> 8));
        out.push_back(static_cast<std::uint8_t>(unit & 0xFF));
    };
    for (const char32_t c : decode_utf8(text)) {
        if (c >= 0x10000) {
            const char32_t v = c - 0x10000;
            put16(0xD800 + (v >> 10));
            put16(0xDC00 + (v & 0x3FF));
        } else {
            put16(c);
        }
    }
    return out;
}

} // namespace euicc::sms::detail
