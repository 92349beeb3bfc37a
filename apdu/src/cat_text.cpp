// SPDX-License-Identifier: Apache-2.0
// CAT text strings (ETSI TS 102 223 §8.15): GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1, packing §6.1.2.1),
// UCS2, and UTF-8 at the edges.
#include <euicc/apdu/cat_text.hpp>

#include <array>
#include <stdexcept>

#include <euicc/error.hpp>

#include "cat_codec.hpp"

namespace euicc::cat {

namespace {

// TS 23.038 §6.2.1: GSM 7-bit default alphabet; index = septet.
constexpr std::array<char16_t, 128> gsm_default = {
    u'@',    u'\u00A3', u'$',      u'\u00A5', u'\u00E8', u'\u00E9', u'\u00F9', u'\u00EC',
    u'\u00F2', u'\u00C7', u'\n',   u'\u00D8', u'\u00F8', u'\r',     u'\u00C5', u'\u00E5',
    u'\u0394', u'_',    u'\u03A6', u'\u0393', u'\u039B', u'\u03A9', u'\u03A0', u'\u03A8',
    u'\u03A3', u'\u0398', u'\u039E', u'\u00A0', u'\u00C6', u'\u00E6', u'\u00DF', u'\u00C9',
    u' ',    u'!',      u'"',      u'#',      u'\u00A4', u'%',      u'&',      u'\'',
    u'(',    u')',      u'*',      u'+',      u',',      u'-',      u'.',      u'/',
    u'0',    u'1',      u'2',      u'3',      u'4',      u'5',      u'6',      u'7',
    u'8',    u'9',      u':',      u';',      u'<',      u'=',      u'>',      u'?',
    u'\u00A1', u'A',    u'B',      u'C',      u'D',      u'E',      u'F',      u'G',
    u'H',    u'I',      u'J',      u'K',      u'L',      u'M',      u'N',      u'O',
    u'P',    u'Q',      u'R',      u'S',      u'T',      u'U',      u'V',      u'W',
    u'X',    u'Y',      u'Z',      u'\u00C4', u'\u00D6', u'\u00D1', u'\u00DC', u'\u00A7',
    u'\u00BF', u'a',    u'b',      u'c',      u'd',      u'e',      u'f',      u'g',
    u'h',    u'i',      u'j',      u'k',      u'l',      u'm',      u'n',      u'o',
    u'p',    u'q',      u'r',      u's',      u't',      u'u',      u'v',      u'w',
    u'x',    u'y',      u'z',      u'\u00E4', u'\u00F6', u'\u00F1', u'\u00FC', u'\u00E0',
};

constexpr std::uint8_t gsm_escape = 0x1B; // gsm_default[0x1B] is a placeholder, never emitted as a character
constexpr std::uint8_t gsm_cr = 0x0D;

// TS 23.038 §6.2.1.1: the default extension table (after the escape septet).
struct Extension {
    std::uint8_t septet;
    char16_t code;
};
constexpr std::array<Extension, 10> gsm_extension = {{
    {0x0A, u'\f'}, {0x14, u'^'}, {0x28, u'{'}, {0x29, u'}'}, {0x2F, u'\\'},
    {0x3C, u'['},  {0x3D, u'~'}, {0x3E, u']'}, {0x40, u'|'}, {0x65, u'\u20AC'},
}};

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

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
std::u32string utf8_to_code_points(std::string_view text) {
    std::u32string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<std::uint8_t>(text[i]);
        std::size_t extra = 0;
        char32_t c = 0;
        char32_t minimum = 0;
        if (lead < 0x80) {
            c = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            extra = 1, c = lead & 0x1F, minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2, c = lead & 0x0F, minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3, c = lead & 0x07, minimum = 0x10000;
        } else {
            throw std::invalid_argument("invalid UTF-8 lead byte");
        }
        if (extra != 0 && i + extra >= text.size()) {
            throw std::invalid_argument("truncated UTF-8 sequence");
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto b = static_cast<std::uint8_t>(text[i + k]);
            if ((b & 0xC0) != 0x80) {
                throw std::invalid_argument("invalid UTF-8 continuation byte");
            }
            c = (c << 6) | (b & 0x3F);
        }
        if (c < minimum || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            throw std::invalid_argument("invalid UTF-8 code point");
        }
        out.push_back(c);
        i += extra + 1;
    }
    return out;
}

std::optional<std::string> septets_to_utf8(const Bytes& septets) {
    std::string out;
    for (std::size_t i = 0; i < septets.size(); ++i) {
        const std::uint8_t s = septets[i];
        if (s >= 0x80) {
            return std::nullopt;
        }
        if (s != gsm_escape) {
            append_utf8(out, gsm_default[s]);
            continue;
        }
        if (++i == septets.size()) {
            return std::nullopt;
        }
        const std::uint8_t e = septets[i];
        if (e >= 0x80) {
            return std::nullopt;
        }
        char16_t code = gsm_default[e]; // §6.2.1.1: an unknown extension shows the default-table character
        for (const Extension& x : gsm_extension) {
            if (x.septet == e) {
                code = x.code;
            }
        }
        append_utf8(out, code);
    }
    return out;
}

// TS 23.038 §6.1.2.1: septets packed LSB first into octets.
Bytes unpack_septets(const Bytes& packed) {
    const std::size_t count = packed.size() * 8 / 7;
    Bytes out;
    out.reserve(count);
    for (std::size_t n = 0; n < count; ++n) {
        const std::size_t bit = n * 7;
        const std::size_t byte = bit / 8;
        const std::size_t shift = bit % 8;
        unsigned value = packed[byte] >> shift;
        if (shift > 1 && byte + 1 < packed.size()) {
            value |= static_cast<unsigned>(packed[byte + 1]) << (8 - shift);
        }
        out.push_back(static_cast<std::uint8_t>(value & 0x7F));
    }
    // §6.1.2.3.1: when the last 7 bits of the last octet are spare they hold CR, which is not text.
    if (packed.size() % 7 == 0 && !out.empty() && out.back() == gsm_cr) {
        out.pop_back();
    }
    return out;
}

Bytes pack_septets(Bytes septets) {
    if (septets.size() % 8 == 7) {
        septets.push_back(gsm_cr); // §6.1.2.3.1: fill 7 spare bits with CR rather than a spurious '@'
    }
    Bytes out((septets.size() * 7 + 7) / 8, 0);
    for (std::size_t n = 0; n < septets.size(); ++n) {
        const std::size_t bit = n * 7;
        const std::size_t byte = bit / 8;
        const std::size_t shift = bit % 8;
        out[byte] = static_cast<std::uint8_t>(out[byte] | (septets[n] << shift));
        if (shift > 1) {
            out[byte + 1] = static_cast<std::uint8_t>(out[byte + 1] | (septets[n] >> (8 - shift)));
        }
    }
    return out;
}

Bytes code_points_to_septets(const std::u32string& text) {
    Bytes out;
    for (char32_t c : text) {
        bool found = false;
        for (std::uint8_t s = 0; s < gsm_default.size() && !found; ++s) {
            if (s != gsm_escape && gsm_default[s] == c) {
                out.push_back(s);
                found = true;
            }
        }
        for (const Extension& x : gsm_extension) {
            if (!found && x.code == c) {
                out.push_back(gsm_escape);
                out.push_back(x.septet);
                found = true;
            }
        }
        if (!found) {
            throw std::invalid_argument("character U+" + std::to_string(static_cast<unsigned long>(c)) +
                                        " not in the GSM 7-bit default alphabet");
        }
    }
    return out;
}

std::optional<std::string> ucs2_to_utf8(const Bytes& data) {
    if (data.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < data.size(); i += 2) {
        char32_t c = static_cast<char32_t>((data[i] << 8) | data[i + 1]);
        if (c >= 0xD800 && c <= 0xDBFF) {
            // A high surrogate must be followed by a low one (UTF-16 pair).
            if (i + 3 >= data.size()) {
                return std::nullopt;
            }
            const auto low = static_cast<char32_t>((data[i + 2] << 8) | data[i + 3]);
            if (low < 0xDC00 || low > 0xDFFF) {
                return std::nullopt;
            }
            c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            return std::nullopt;
        }
        append_utf8(out, c);
    }
    return out;
}

Bytes code_points_to_ucs2(const std::u32string& text) {
    Bytes out;
    auto put16 = [&out](char32_t unit) {
        out.push_back(static_cast<std::uint8_t>(unit >> 8));
        out.push_back(static_cast<std::uint8_t>(unit & 0xFF));
    };
    for (char32_t c : text) {
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

} // namespace

std::optional<std::string> text_to_utf8(const TextString& text) {
    switch (text.dcs) {
    case dcs::gsm7_packed: return septets_to_utf8(unpack_septets(text.data));
    case dcs::gsm8: return septets_to_utf8(text.data);
    case dcs::ucs2: return ucs2_to_utf8(text.data);
    default: return std::nullopt;
    }
}

TextString text_from_utf8(std::string_view text, std::uint8_t coding) {
    const std::u32string code_points = utf8_to_code_points(text);
    switch (coding) {
    case dcs::gsm7_packed: return TextString{coding, pack_septets(code_points_to_septets(code_points))};
    case dcs::gsm8: return TextString{coding, code_points_to_septets(code_points)};
    case dcs::ucs2: return TextString{coding, code_points_to_ucs2(code_points)};
    default: throw std::invalid_argument("text string coding " + std::to_string(coding) + " is not 00, 04 or 08");
    }
}

namespace detail {

TextString read_text_string(ByteReader& r) {
    // §8.15: a zero-length object is the null text string; it reads as empty 8-bit text.
    if (r.empty()) {
        return TextString{dcs::gsm8, {}};
    }
    TextString t;
    t.dcs = r.u8();
    t.data = read_bytes(r);
    return t;
}

Bytes text_string_value(const TextString& text) {
    Bytes out{text.dcs};
    append(out, text.data);
    return out;
}

} // namespace detail

} // namespace euicc::cat
