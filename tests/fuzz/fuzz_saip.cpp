// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the SAIP package walker, ProfileHeader reader, EF.ICCID check, segmenter, EUICCResponse parser
// and generator (PEDefinitions v3.3.1, saip.md); round trips wherever an encoder exists.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <euicc/apdu/saip.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace saip = euicc::saip;

namespace {

// parse(encode(h)) gives h back, with the services in tag order (the encoder writes them so).
void header_round_trip(saip::ProfileHeader header) {
    euicc::Bytes encoded;
    try {
        encoded = saip::encode_header(header);
    } catch (const std::invalid_argument&) {
        return; // e.g. an all-F ICCID or an OID arc the encoder does not write
    }
    std::sort(header.mandatory_services.begin(), header.mandatory_services.end());
    require(saip::parse_header(encoded) == header);
}

void package(euicc::ByteView raw) {
    const auto pes = saip::walk(raw);
    std::size_t at = 0;
    for (const auto& pe : pes) {
        require(pe.offset == at && pe.raw.size() > pe.value_length);
        at += pe.raw.size();
    }
    require(at == raw.size());
    for (const bool align : {false, true}) {
        euicc::Bytes joined;
        for (const euicc::Bytes& s : saip::segment(raw, {64, align})) {
            require(!s.empty() && s.size() <= 64);
            euicc::append(joined, s);
        }
        require(joined == euicc::Bytes(raw.begin(), raw.end()));
    }
    const saip::ProfileHeader header = saip::read_header(pes);
    header_round_trip(header);
    try {
        require(saip::check_iccid(pes) == header.iccid);
    } catch (const euicc::CodecError&) {
    }
}

void responses(euicc::ByteView raw) {
    for (const saip::EuiccResponse& r : saip::parse_euicc_responses(raw)) {
        require(saip::parse_euicc_response(saip::encode_euicc_response(r)) == r);
    }
}

// Generator parameters from the input: every generated package must walk and carry its ICCID in both places.
void generate(euicc::ByteView raw) {
    if (raw.size() < 21) {
        return;
    }
    saip::GeneratorParams params;
    for (std::size_t i = 0; i < 18 + raw[0] % 3; ++i) {
        params.iccid.push_back(static_cast<char>('0' + raw[1 + i] % 10));
    }
    if ((raw[0] & 0x10) != 0) {
        params.imsi = params.iccid.substr(0, 6 + raw[0] % 10);
        if ((raw[0] & 0x20) != 0) {
            params.ki = euicc::SecretBytes(euicc::Bytes(16, raw[0]));
            params.opc = euicc::SecretBytes(euicc::Bytes(16, raw[1]));
        }
    }
    const euicc::Bytes package = saip::generate_profile(params);
    const auto pes = saip::walk(package);
    require(saip::check_iccid(pes) == params.iccid);
}

} // namespace

// Input: one selector byte (0 package, 1 header PE, 2 EUICCResponses, 3 generator), then the bytes.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const euicc::ByteView raw(data + 1, size - 1);
    try {
        switch (data[0] % 4) {
        case 0:
            package(raw);
            break;
        case 1:
            header_round_trip(saip::parse_header(raw));
            break;
        case 2:
            responses(raw);
            break;
        default:
            generate(raw);
            break;
        }
    } catch (const euicc::Error&) {
    }
    return 0;
}
