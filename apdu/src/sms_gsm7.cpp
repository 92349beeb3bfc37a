// SPDX-License-Identifier: Apache-2.0
// GSM 7-bit default alphabet, extension table and septet packing per 3GPP TS 23.038 §6.1.2.1 / §6.2.1.
#include <euicc/apdu/sms_gsm7.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include <euicc/error.hpp>

#include "sms_gsm7_decode.hpp"
#include "sms_utf8.hpp"

namespace euicc::sms::gsm7 {

namespace {

constexpr std::uint8_t escape = 0x1B;
constexpr char32_t space = 0x20;

// TS 23.038 §6.2.1: default alphabet, indexed by septet value (0x1B is the escape, shown as a space).
constexpr std::array<char32_t, 128> default_alphabet = {
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, // @ £ $ ¥ è é ù ì
    0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5, // ò Ç LF Ø ø CR Å å
    0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, // Δ _ Φ Γ Λ Ω Π Ψ
    0x03A3, 0x0398, 0x039E, 0x0020, 0x00C6, 0x00E6, 0x00DF, 0x00C9, // Σ Θ Ξ ESC Æ æ ß É
    0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027, //   ! " # ¤ % & '
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F, // ( ) * + , - . /
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, // 0..7
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F, // 8 9 : ; < = > ?
    0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, // ¡ A..G
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F, // H..O
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, // P..W
    0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7, // X Y Z Ä Ö Ñ Ü §
    0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, // ¿ a..g
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F, // h..o
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, // p..w
    0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0, // x y z ä ö ñ ü à
};

struct Extension {
    std::uint8_t septet;
    char32_t code_point;
};

// TS 23.038 §6.2.1.1: the characters reached through the escape.
constexpr std::array<Extension, 10> extension_table = {{
    {0x0A, 0x000C}, // form feed
    {0x14, 0x005E}, // ^
    {0x28, 0x007B}, // {
    {0x29, 0x007D}, // }
    {0x2F, 0x005C}, // backslash
    {0x3C, 0x005B}, // [
    {0x3D, 0x007E}, // ~
    {0x3E, 0x005D}, // ]
    {0x40, 0x007C}, // |
    {0x65, 0x20AC}, // euro sign
}};

std::optional<char32_t> extension_char(std::uint8_t septet) noexcept {
    for (const Extension& e : extension_table) {
        if (e.septet == septet) {
            return e.code_point;
        }
    }
    return std::nullopt;
}

} // namespace

Bytes pack(ByteView septets, unsigned fill_bits) {
    if (fill_bits > 6) {
        throw std::invalid_argument("GSM 7-bit: " + std::to_string(fill_bits) + " fill bits (at most 6)");
    }
    Bytes out(packed_size(septets.size(), fill_bits), 0x00);
    std::size_t bit = fill_bits;
    for (std::uint8_t s : septets) {
        if (s > 0x7F) {
            throw std::invalid_argument("GSM 7-bit: septet value " + to_hex(ByteView(&s, 1)) + " above 7F");
        }
        const std::size_t index = bit / 8;
        const unsigned shift = bit % 8;
        out[index] = static_cast<std::uint8_t>(out[index] | (s << shift));
        if (shift > 1) {
            // The septet straddles two octets: its high bits go to the low end of the next one.
            out[index + 1] = static_cast<std::uint8_t>(out[index + 1] | (s >> (8 - shift)));
        }
        bit += 7;
    }
    return out;
}

Bytes unpack(ByteView octets, std::size_t count, unsigned fill_bits) {
    if (octets.size() < packed_size(count, fill_bits)) {
        throw CodecError("GSM 7-bit", octets.size(),
                         std::to_string(count) + " septet(s) need " + std::to_string(packed_size(count, fill_bits)) +
                             " octet(s), " + std::to_string(octets.size()) + " present");
    }
    Bytes out;
    out.reserve(count);
    std::size_t bit = fill_bits;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t index = bit / 8;
        const unsigned shift = bit % 8;
        unsigned value = octets[index] >> shift;
        if (shift > 1) {
            value |= static_cast<unsigned>(octets[index + 1]) << (8 - shift);
        }
        out.push_back(static_cast<std::uint8_t>(value & 0x7F));
        bit += 7;
    }
    return out;
}

std::string to_utf8(ByteView septets) {
    return detail::text_or_throw(detail::decode_gsm7(septets, detail::LoneEscape::Space), "GSM 7-bit");
}

Bytes from_utf8(std::string_view text) {
    Bytes out;
    for (const char32_t c : detail::decode_utf8(text)) {
        bool found = false;
        for (std::size_t s = 0; s < default_alphabet.size() && !found; ++s) {
            if (s != escape && default_alphabet[s] == c) {
                out.push_back(static_cast<std::uint8_t>(s));
                found = true;
            }
        }
        for (const Extension& e : extension_table) {
            if (!found && e.code_point == c) {
                out.push_back(escape);
                out.push_back(e.septet);
                found = true;
            }
        }
        if (!found) {
            throw std::invalid_argument("GSM 7-bit: " + detail::code_point_name(c) +
                                        " is not in the default alphabet or its extension table");
        }
    }
    return out;
}

} // namespace euicc::sms::gsm7

namespace euicc::sms::detail {

Decoded decode_gsm7(ByteView septets, LoneEscape lone_escape) {
    using gsm7::default_alphabet;
    Decoded out;
    for (std::size_t i = 0; i < septets.size(); ++i) {
        const std::uint8_t s = septets[i];
        if (s > 0x7F) {
            out.fault = Fault{i, "septet value above 7F"};
            return out;
        }
        if (s != gsm7::escape) {
            append_utf8(out.text, default_alphabet[s]);
            continue;
        }
        if (i + 1 == septets.size()) {
            if (lone_escape == LoneEscape::Fault) {
                out.fault = Fault{i, "escape without the character it announces"};
                return out;
            }
            append_utf8(out.text, gsm7::space); // §6.2.1: a lone escape is displayed as a space
            continue;
        }
        const std::uint8_t next = septets[++i];
        if (next > 0x7F) {
            out.fault = Fault{i, "septet value above 7F"};
            return out;
        }
        // §6.2.1.1 note: a code the extension table lacks shows the default-alphabet character instead.
        append_utf8(out.text, gsm7::extension_char(next).value_or(default_alphabet[next]));
    }
    return out;
}

} // namespace euicc::sms::detail
