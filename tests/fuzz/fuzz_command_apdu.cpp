// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: CommandApdu::parse (ISO/IEC 7816-4 §5.1); valid APDUs re-encode byte-exactly.
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const euicc::ByteView raw(data, size);
    try {
        const auto apdu = euicc::apdu::CommandApdu::parse(raw);
        // Every C-APDU has exactly one encoding once short/extended is known, so the bytes come back as they were.
        const euicc::Bytes encoded = apdu.encode();
        require(euicc::Bytes(raw.begin(), raw.end()) == encoded);
        require(euicc::apdu::CommandApdu::parse(encoded) == apdu);
        require(apdu.apdu_case() == 1 + (apdu.ne() ? 1 : 0) + (apdu.data().empty() ? 0 : 2));
    } catch (const euicc::Error&) {
    }
    if (size > 0) {
        // A CLA re-encoded for the channel it already addresses is unchanged (7816-4 §5.4.1).
        try {
            const unsigned channel = euicc::apdu::channel_of_cla(data[0]);
            require(euicc::apdu::cla_with_channel(data[0], channel) == data[0]);
        } catch (const euicc::Error&) {
        }
    }
    return 0;
}
