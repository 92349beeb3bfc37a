// SPDX-License-Identifier: Apache-2.0
// Private: plain and nibble-swapped BCD digit strings with F padding (TS 102 221 §13.2, TS 31.102 §4.2.2).
#include "bcd_digits.hpp"

#include <algorithm>
#include <stdexcept>

#include <euicc/error.hpp>

namespace euicc::bcd {

namespace {

constexpr std::uint8_t pad = 0xF;

void require_decimal(std::string_view digits) {
    if (!is_decimal(digits)) {
        throw std::invalid_argument("BCD: \"" + std::string(digits) + "\" is not a string of decimal digits");
    }
}

Bytes encode(std::string_view digits, bool swapped) {
    require_decimal(digits);
    Bytes out;
    out.reserve((digits.size() + 1) / 2);
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        const auto first = static_cast<std::uint8_t>(digits[i] - '0');
        const auto second = i + 1 < digits.size() ? static_cast<std::uint8_t>(digits[i + 1] - '0') : pad;
        out.push_back(swapped ? static_cast<std::uint8_t>((second << 4) | first)
                              : static_cast<std::uint8_t>((first << 4) | second));
    }
    return out;
}

std::string decode(ByteView bytes, bool swapped, const std::string& context, std::size_t base_offset) {
    std::string out;
    bool padded = false;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const std::uint8_t high = bytes[i] >> 4;
        const std::uint8_t low = bytes[i] & 0x0F;
        for (const std::uint8_t nibble : {swapped ? low : high, swapped ? high : low}) {
            if (nibble == pad) {
                padded = true;
            } else if (padded || nibble > 9) {
                throw CodecError(context, base_offset + i,
                                 padded ? "digit after the F padding" : "non-decimal BCD nibble");
            } else {
                out.push_back(static_cast<char>('0' + nibble));
            }
        }
    }
    return out;
}

} // namespace

bool is_decimal(std::string_view digits) noexcept {
    return !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Bytes encode_plain(std::string_view digits) { return encode(digits, false); }
Bytes encode_swapped(std::string_view digits) { return encode(digits, true); }

std::string decode_plain(ByteView bytes, const std::string& context, std::size_t base_offset) {
    return decode(bytes, false, context, base_offset);
}
std::string decode_swapped(ByteView bytes, const std::string& context, std::size_t base_offset) {
    return decode(bytes, true, context, base_offset);
}

} // namespace euicc::bcd
