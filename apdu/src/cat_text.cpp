// SPDX-License-Identifier: Apache-2.0
// CAT text strings (ETSI TS 102 223 §8.15): GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1, packing §6.1.2.1),
// UCS2, and UTF-8 at the edges.
#include <euicc/apdu/cat_text.hpp>

#include <stdexcept>
#include <utility>

#include <euicc/apdu/sms_gsm7.hpp>

#include "cat_codec.hpp"
#include "sms_gsm7_decode.hpp"
#include "sms_utf8.hpp"

namespace euicc::cat {

namespace {

constexpr std::uint8_t gsm_cr = 0x0D;

// A text string that fails to decode reads as absent (cat_text.hpp), not as an error.
std::optional<std::string> text_or_nullopt(sms::detail::Decoded decoded) {
    if (decoded.fault) {
        return std::nullopt;
    }
    return std::move(decoded.text);
}

// CAT text carries no septet count (§8.15): it is what the octets hold, less the CR fill of TS 23.038
// §6.1.2.3.1 when the last 7 bits of the last octet are spare.
Bytes unpack_septets(const Bytes& packed) {
    Bytes septets = sms::gsm7::unpack(packed, packed.size() * 8 / 7);
    if (packed.size() % 7 == 0 && !septets.empty() && septets.back() == gsm_cr) {
        septets.pop_back();
    }
    return septets;
}

Bytes pack_septets(Bytes septets) {
    if (septets.size() % 8 == 7) {
        septets.push_back(gsm_cr); // §6.1.2.3.1: fill 7 spare bits with CR rather than a spurious '@'
    }
    return sms::gsm7::pack(septets);
}

// A lone escape at the end is a truncated character here; the header promises nullopt for it.
std::optional<std::string> septets_to_utf8(ByteView septets) {
    return text_or_nullopt(sms::detail::decode_gsm7(septets, sms::detail::LoneEscape::Fault));
}

} // namespace

std::optional<std::string> text_to_utf8(const TextString& text) {
    switch (text.dcs) {
    case dcs::gsm7_packed: return septets_to_utf8(unpack_septets(text.data));
    case dcs::gsm8: return septets_to_utf8(text.data);
    case dcs::ucs2: return text_or_nullopt(sms::detail::decode_utf16be(text.data));
    default: return std::nullopt;
    }
}

TextString text_from_utf8(std::string_view text, std::uint8_t coding) {
    switch (coding) {
    case dcs::gsm7_packed: return TextString{coding, pack_septets(sms::gsm7::from_utf8(text))};
    case dcs::gsm8: return TextString{coding, sms::gsm7::from_utf8(text)};
    case dcs::ucs2: return TextString{coding, sms::detail::utf8_to_utf16be(text)};
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
