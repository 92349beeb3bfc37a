// SPDX-License-Identifier: Apache-2.0
// CAT text string object (ETSI TS 102 223 §8.15) and its data coding schemes (3GPP TS 23.038 §4, §6.2.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

namespace euicc::cat {

/// Data coding schemes a CAT text string uses (TS 102 223 §8.15).
namespace dcs {
inline constexpr std::uint8_t gsm7_packed = 0x00; ///< SMS default alphabet, 7-bit packed
inline constexpr std::uint8_t gsm8 = 0x04;        ///< SMS default alphabet, one character per byte
inline constexpr std::uint8_t ucs2 = 0x08;        ///< UCS2 big endian
} // namespace dcs

/// Text string (§8.15): DCS byte + encoded text, kept as sent.
struct TextString {
    std::uint8_t dcs = dcs::gsm8;
    Bytes data;

    friend bool operator==(const TextString&, const TextString&) = default;
};

/// UTF-8 text of the string, or nullopt when the DCS is not one of the three above or the data is not
/// valid in it (byte >= 80 in gsm8, a lone UTF-16 surrogate or odd length in ucs2, a trailing escape).
/// GSM extension characters (escape 1B) map per TS 23.038 §6.2.1.1; unknown ones fall back to the
/// default table as that clause asks. A CR filling the last 7 spare bits of packed text is dropped.
std::optional<std::string> text_to_utf8(const TextString& text);

/// Encodes UTF-8 `text` in `coding` (one of the dcs constants). Packed text that leaves 7 spare bits gets
/// a CR fill (TS 23.038 §6.1.2.3.1). Throws std::invalid_argument for invalid UTF-8, a character the
/// coding cannot carry, or an unsupported coding.
TextString text_from_utf8(std::string_view text, std::uint8_t coding);

} // namespace euicc::cat
