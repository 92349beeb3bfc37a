// SPDX-License-Identifier: Apache-2.0
// Private: plain and nibble-swapped BCD digit strings with F padding (TS 102 221 §13.2, TS 31.102 §4.2.2,
// TS 23.040 §9.1.2.3, TS 102 223 §8.1).
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

// The nibble of `c` in `alphabet`; letters match in either case.
std::optional<std::uint8_t> nibble_of(char c, std::string_view alphabet) noexcept {
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    const std::size_t index = alphabet.find(lower);
    if (index == std::string_view::npos || index >= pad) {
        return std::nullopt;
    }
    return static_cast<std::uint8_t>(index);
}

Bytes encode(std::string_view digits, bool swapped, std::string_view alphabet, std::string_view what) {
    const auto nibble = [&](char c) {
        const auto value = nibble_of(c, alphabet);
        if (!value) {
            throw std::invalid_argument(std::string(what) + ": '" + c + "' is not one of " +
                                        std::string(alphabet));
        }
        return *value;
    };
    Bytes out;
    out.reserve((digits.size() + 1) / 2);
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        const std::uint8_t first = nibble(digits[i]);
        const std::uint8_t second = i + 1 < digits.size() ? nibble(digits[i + 1]) : pad;
        out.push_back(swapped ? static_cast<std::uint8_t>((second << 4) | first)
                              : static_cast<std::uint8_t>((first << 4) | second));
    }
    return out;
}

// Nibble `n` in digit order: the low nibble comes first when swapped.
std::uint8_t nibble_at(ByteView bytes, std::size_t n, bool swapped) noexcept {
    const std::uint8_t b = bytes[n / 2];
    return static_cast<std::uint8_t>((n % 2 == 0) == swapped ? b & 0x0F : b >> 4);
}

// Without a digit count the digits end at the first F.
std::size_t digits_before_pad(ByteView bytes, bool swapped) noexcept {
    std::size_t n = 0;
    while (n < 2 * bytes.size() && nibble_at(bytes, n, swapped) != pad) {
        ++n;
    }
    return n;
}

std::string decode(ByteView bytes, bool swapped, std::size_t count, std::string_view alphabet,
                   const std::string& context, std::size_t base_offset) {
    if (count > 2 * bytes.size()) {
        throw CodecError(context, base_offset + bytes.size(),
                         std::to_string(count) + " digits but " + std::to_string(bytes.size()) + " byte(s)");
    }
    std::string out;
    out.reserve(count);
    for (std::size_t n = 0; n < 2 * bytes.size(); ++n) {
        const std::uint8_t nibble = nibble_at(bytes, n, swapped);
        const std::size_t at = base_offset + n / 2;
        if (n >= count) {
            if (nibble != pad) {
                throw CodecError(context, at, "digit after the F filler");
            }
        } else if (nibble == pad) {
            throw CodecError(context, at, "F filler inside the digits");
        } else if (nibble >= alphabet.size()) {
            throw CodecError(context, at,
                             std::string("BCD nibble ") + "0123456789ABCDEF"[nibble] + " is not one of " +
                                 std::string(alphabet));
        } else {
            out.push_back(alphabet[nibble]);
        }
    }
    return out;
}

} // namespace

bool is_decimal(std::string_view digits) noexcept {
    return !digits.empty() &&
           std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Bytes encode_plain(std::string_view digits) {
    require_decimal(digits);
    return encode(digits, false, decimal, "BCD");
}

Bytes encode_swapped(std::string_view digits) {
    require_decimal(digits);
    return encode(digits, true, decimal, "BCD");
}

Bytes encode_swapped(std::string_view digits, std::string_view alphabet, std::string_view what) {
    return encode(digits, true, alphabet, what);
}

std::string decode_plain(ByteView bytes, const std::string& context, std::size_t base_offset) {
    return decode(bytes, false, digits_before_pad(bytes, false), decimal, context, base_offset);
}

std::string decode_swapped(ByteView bytes, const std::string& context, std::size_t base_offset) {
    return decode(bytes, true, digits_before_pad(bytes, true), decimal, context, base_offset);
}

std::string decode_swapped(ByteView bytes, std::size_t count, std::string_view alphabet,
                           const std::string& context, std::size_t base_offset) {
    return decode(bytes, true, count, alphabet, context, base_offset);
}

std::size_t swapped_digit_count(ByteView bytes) noexcept {
    if (bytes.empty()) {
        return 0;
    }
    return 2 * bytes.size() - ((bytes.back() >> 4) == pad ? 1 : 0);
}

std::uint8_t swapped_byte(unsigned value) noexcept {
    return static_cast<std::uint8_t>(((value % 10) << 4) | (value / 10));
}

std::optional<unsigned> swapped_byte_value(std::uint8_t byte) noexcept {
    const unsigned tens = byte & 0x0Fu;
    const unsigned units = byte >> 4;
    if (tens > 9 || units > 9) {
        return std::nullopt;
    }
    return tens * 10 + units;
}

} // namespace euicc::bcd
