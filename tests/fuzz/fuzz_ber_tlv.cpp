// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: BER-TLV parsing (ITU-T X.690 §8.1); parsed trees re-encode to bytes that parse to the same tree.
#include <cstddef>
#include <cstdint>
#include <vector>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;

namespace {

// Structural equality. A constructed value is compared through its children: BER may use longer length forms
// than the re-encoding, which always uses the shortest one.
bool same(const euicc::ber::Tlv& a, const euicc::ber::Tlv& b) {
    if (a.tag != b.tag || a.indefinite != b.indefinite || a.children.size() != b.children.size()) {
        return false;
    }
    if (!a.constructed() && a.value != b.value) {
        return false;
    }
    for (std::size_t i = 0; i < a.children.size(); ++i) {
        if (!same(a.children[i], b.children[i])) {
            return false;
        }
    }
    return true;
}

euicc::Bytes encode_all(const std::vector<euicc::ber::Tlv>& tlvs) {
    euicc::Bytes out;
    for (const auto& tlv : tlvs) {
        euicc::append(out, euicc::ber::encode(tlv));
    }
    return out;
}

} // namespace

// Input: one option byte (b1 DER, b2 indefinite allowed, b3 parse_one), then the TLV bytes.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    euicc::ber::ParseOptions options;
    options.der = (data[0] & 0x01) != 0;
    options.allow_indefinite = (data[0] & 0x02) != 0;
    const bool one = (data[0] & 0x04) != 0;
    const euicc::ByteView raw(data + 1, size - 1);
    try {
        std::vector<euicc::ber::Tlv> tlvs;
        if (one) {
            tlvs.push_back(euicc::ber::parse_one(raw, options));
        } else {
            tlvs = euicc::ber::parse_all(raw, options);
        }
        const euicc::Bytes encoded = encode_all(tlvs);
        if (options.der) {
            require(euicc::Bytes(raw.begin(), raw.end()) == encoded); // DER: one encoding per value
        }
        const auto again = euicc::ber::parse_all(encoded, options);
        require(again.size() == tlvs.size());
        for (std::size_t i = 0; i < tlvs.size(); ++i) {
            require(same(tlvs[i], again[i]));
        }
        require(encode_all(again) == encoded);
    } catch (const euicc::Error&) {
    }
    return 0;
}
