// SPDX-License-Identifier: Apache-2.0
// A non-negative number as the value of a BER-TLV (ITU-T X.690 §8.3 style, unsigned): big-endian, fewest bytes.
#pragma once

#include <cstdint>

#include <euicc/apdu/bytes.hpp>

namespace euicc::card {

/// Big-endian with as few bytes as `value` needs (at least one): 0 -> 00, 0x1234 -> 12 34.
inline Bytes unsigned_bytes(std::uint64_t value) {
    Bytes out;
    do {
        out.insert(out.begin(), static_cast<std::uint8_t>(value & 0xFF));
        value >>= 8;
    } while (value != 0);
    return out;
}

} // namespace euicc::card
