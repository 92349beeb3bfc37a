// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: COMPREHENSION-TLV parsing (ETSI TS 101 220 §7.1.1); objects survive encode + parse unchanged.
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/comprehension_tlv.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const euicc::ByteView raw(data, size);
    try {
        const auto tlvs = euicc::ctlv::parse_all(raw);
        const euicc::Bytes encoded = euicc::ctlv::encode_all(tlvs);
        require(encoded.size() <= size); // only longer-than-needed length fields can shrink
        const auto again = euicc::ctlv::parse_all(encoded);
        require(again == tlvs);
        require(euicc::ctlv::encode_all(again) == encoded);
        for (const auto& tlv : tlvs) {
            const auto* found = euicc::ctlv::find(tlvs, tlv.tag);
            require(found != nullptr && found->tag == tlv.tag);
        }
    } catch (const euicc::Error&) {
    }
    return 0;
}
