// SPDX-License-Identifier: Apache-2.0
// COMPREHENSION-TLV per ETSI TS 101 220 §7.1.1 (toolkit objects inside D0/D1/D6 and TERMINAL RESPONSE).
#pragma once

#include <cstdint>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::ctlv {

/// One COMPREHENSION-TLV object. `tag` is the value without the CR bit: 1..0x7E for the 1-byte form,
/// 1..0x7FFF for the 3-byte form (`7F T1 T2`). Tags that fit in 1 byte are encoded in 1 byte unless
/// `three_byte` is set.
struct Tlv {
    std::uint16_t tag = 0;
    bool cr = false;  ///< comprehension required
    Bytes value;
    bool three_byte = false;

    friend bool operator==(const Tlv&, const Tlv&) = default;
};

/// Parses a sequence of objects covering all of `data`. Rejects tag bytes 00/80/FF, 3-byte tag value 0,
/// declared lengths past the end. Throws CodecError("COMPREHENSION-TLV", offset).
std::vector<Tlv> parse_all(ByteView data);

Bytes encode(const Tlv& tlv);
Bytes encode_all(const std::vector<Tlv>& tlvs);

/// First object whose tag (CR bit ignored, TS 101 220 §7.1.1) equals `tag`, or nullptr.
const Tlv* find(const std::vector<Tlv>& tlvs, std::uint16_t tag) noexcept;

} // namespace euicc::ctlv
