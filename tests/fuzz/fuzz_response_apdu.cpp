// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: ResponseApdu::parse (ISO/IEC 7816-4 §5.1) and the SW texts/errors built from it.
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/response_apdu.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const euicc::ByteView raw(data, size);
    try {
        const auto resp = euicc::apdu::ResponseApdu::parse(raw);
        const euicc::Bytes encoded = resp.encode();
        require(euicc::Bytes(raw.begin(), raw.end()) == encoded);
        require(euicc::apdu::ResponseApdu::parse(encoded) == resp);
        require(resp.data().size() + 2 == size);
        require(!resp.sw().describe().empty());
        require(resp.sw().to_string().size() == 4);
        euicc::apdu::expect(resp, "FUZZ");
        require(resp.sw() == euicc::apdu::sw::ok);
    } catch (const euicc::StatusWordError& e) {
        require(e.sw() != euicc::apdu::sw::ok);
    } catch (const euicc::Error&) {
    }
    return 0;
}
