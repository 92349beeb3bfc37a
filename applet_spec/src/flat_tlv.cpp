// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.2 BER-TLV read one level deep: for command data whose constructed-looking tags carry plain
// values (SGP.02 `F2` keyset ranges, GP `E3`-style lists).
#include "flat_tlv.hpp"

#include <euicc/error.hpp>

namespace euicc::card {

namespace {

constexpr std::size_t max_tag_bytes = 4;    // ber::Tag holds 4 bytes
constexpr std::size_t max_length_bytes = 4;

} // namespace

std::vector<ber::Tlv> flat_tlvs(ByteView data) {
    std::vector<ber::Tlv> out;
    ByteReader r(data, "TLV");
    while (!r.empty()) {
        const std::size_t start = r.offset();
        ber::Tag tag = r.u8();
        if ((tag & 0x1F) == 0x1F) {
            // X.690 §8.1.2.4: subsequent tag bytes while b8 = 1.
            for (std::size_t n = 1;; ++n) {
                if (n == max_tag_bytes) {
                    r.fail_at(start, "tag longer than 4 bytes");
                }
                const std::uint8_t next = r.u8();
                tag = tag << 8 | next;
                if ((next & 0x80) == 0) {
                    break;
                }
            }
        }
        const std::size_t length_at = r.offset();
        std::size_t length = r.u8();
        if ((length & 0x80) != 0) {
            const std::size_t count = length & 0x7F;
            if (count == 0 || count > max_length_bytes) {
                r.fail_at(length_at, "indefinite or oversized length");
            }
            length = 0;
            for (std::size_t k = 0; k < count; ++k) {
                length = length << 8 | r.u8();
            }
        }
        const ByteView value = r.take(length);
        out.push_back(ber::Tlv{tag, Bytes(value.begin(), value.end()), {}, false});
    }
    return out;
}

} // namespace euicc::card
