// SPDX-License-Identifier: Apache-2.0
// COMPREHENSION-TLV codec per ETSI TS 101 220 §7.1.1 (1-byte and 3-byte tags, CR bit; spec/iso7816.md §6).
#include <euicc/apdu/comprehension_tlv.hpp>

#include <stdexcept>
#include <string>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/error.hpp>

#include "tlv_length.hpp"

namespace euicc::ctlv {

namespace {

constexpr const char* context = "COMPREHENSION-TLV";
constexpr std::uint8_t three_byte_marker = 0x7F;
constexpr std::uint8_t cr_bit = 0x80;       // 1-byte form: b8
constexpr std::uint16_t cr_bit_16 = 0x8000; // 3-byte form: bit 16 (b8 of T1)
constexpr std::uint16_t max_one_byte_tag = 0x7E;
constexpr std::uint16_t max_tag = 0x7FFF;

} // namespace

std::vector<Tlv> parse_all(ByteView data) {
    ByteReader r(data, context);
    std::vector<Tlv> out;
    while (!r.empty()) {
        const std::size_t start = r.offset();
        const std::uint8_t first = r.u8();
        Tlv tlv;
        if (first == 0x00 || first == 0x80 || first == 0xFF) {
            // TS 101 220 §7.1.1: reserved values / padding, never a tag.
            r.fail_at(start, "tag byte " + to_hex(ByteView(&first, 1)) + " not allowed");
        }
        if (first == three_byte_marker) {
            const std::uint16_t t = r.u16be();
            tlv.cr = (t & cr_bit_16) != 0;
            tlv.tag = static_cast<std::uint16_t>(t & max_tag);
            tlv.three_byte = true;
            if (tlv.tag == 0) {
                r.fail_at(start, "3-byte tag value 0000");
            }
        } else {
            tlv.cr = (first & cr_bit) != 0;
            tlv.tag = first & static_cast<std::uint8_t>(~cr_bit);
        }
        // TS 101 220 §7.1.2: COMPREHENSION-TLV lengths use the BER-TLV coding (definite only).
        const ber::detail::Length length = ber::detail::read_length(r, false, false);
        const ByteView value = r.take(length.value);
        tlv.value.assign(value.begin(), value.end());
        out.push_back(std::move(tlv));
    }
    return out;
}

Bytes encode(const Tlv& tlv) {
    if (tlv.tag == 0 || tlv.tag > max_tag) {
        throw std::invalid_argument("COMPREHENSION-TLV tag " + std::to_string(tlv.tag) + " outside 1..7FFF");
    }
    Bytes out;
    if (tlv.three_byte || tlv.tag > max_one_byte_tag) {
        const auto t = static_cast<std::uint16_t>(tlv.tag | (tlv.cr ? cr_bit_16 : 0));
        out = {three_byte_marker, static_cast<std::uint8_t>(t >> 8), static_cast<std::uint8_t>(t & 0xFF)};
    } else {
        out = {static_cast<std::uint8_t>(tlv.tag | (tlv.cr ? cr_bit : 0))};
    }
    append(out, ber::encode_length(tlv.value.size()));
    append(out, tlv.value);
    return out;
}

Bytes encode_all(const std::vector<Tlv>& tlvs) {
    Bytes out;
    for (const Tlv& tlv : tlvs) {
        append(out, encode(tlv));
    }
    return out;
}

const Tlv* find(const std::vector<Tlv>& tlvs, std::uint16_t tag) noexcept {
    for (const Tlv& tlv : tlvs) {
        if (tlv.tag == tag) {
            return &tlv;
        }
    }
    return nullptr;
}

} // namespace euicc::ctlv
