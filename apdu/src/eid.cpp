// SPDX-License-Identifier: Apache-2.0
// EID (SGP.02 §2.2.2): 32 decimal digits, check digits per ISO/IEC 7064 MOD 97-10 as SGP.29 uses them.
#include <euicc/apdu/eid.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include <euicc/error.hpp>

namespace euicc::apdu {

namespace {

constexpr std::size_t eid_digits = 32;
constexpr std::size_t eid_prefix_digits = 30;
constexpr std::size_t eid_bytes = eid_digits / 2;

bool all_decimal(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The number's remainder mod 97, one digit at a time: a 32-digit value does not fit in 64 bits.
unsigned mod97(std::string_view digits) noexcept {
    unsigned r = 0;
    for (char c : digits) {
        r = (r * 10 + static_cast<unsigned>(c - '0')) % 97;
    }
    return r;
}

} // namespace

bool eid_is_valid(std::string_view eid) noexcept {
    return eid.size() == eid_digits && all_decimal(eid) && mod97(eid) == 1;
}

std::string eid_with_check_digits(std::string_view eid) {
    if ((eid.size() != eid_prefix_digits && eid.size() != eid_digits) || !all_decimal(eid)) {
        throw std::invalid_argument("EID needs 30 or 32 decimal digits, got \"" + std::string(eid) + "\"");
    }
    std::string out(eid.substr(0, eid_prefix_digits));
    // ISO/IEC 7064 MOD 97-10: with "00" appended, check = 98 - (number mod 97) makes the whole number = 1 mod 97.
    const unsigned check = 98 - mod97(out + "00");
    out.push_back(static_cast<char>('0' + check / 10));
    out.push_back(static_cast<char>('0' + check % 10));
    return out;
}

Bytes eid_to_bytes(std::string_view eid) {
    if (!eid_is_valid(eid)) {
        throw std::invalid_argument("not a valid EID: \"" + std::string(eid) + "\"");
    }
    Bytes out;
    out.reserve(eid_bytes);
    for (std::size_t i = 0; i < eid_digits; i += 2) {
        out.push_back(static_cast<std::uint8_t>(((eid[i] - '0') << 4) | (eid[i + 1] - '0')));
    }
    return out;
}

std::string eid_from_bytes(ByteView bytes) {
    ByteReader r(bytes, "EID");
    std::string out;
    out.reserve(eid_digits);
    for (std::size_t i = 0; i < eid_bytes; ++i) {
        const std::size_t at = r.offset();
        const std::uint8_t b = r.u8();
        for (const unsigned nibble : {static_cast<unsigned>(b >> 4), static_cast<unsigned>(b & 0x0F)}) {
            if (nibble > 9) {
                r.fail_at(at, "non-decimal digit in EID byte");
            }
            out.push_back(static_cast<char>('0' + nibble));
        }
    }
    r.expect_end();
    return out;
}

} // namespace euicc::apdu
