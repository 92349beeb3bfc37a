// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: ENVELOPE (ETSI TS 102 223 §7) and TERMINAL RESPONSE (§6.8) parsing; whatever parses re-encodes to
// bytes that parse to the same value.
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace cat = euicc::cat;

namespace {

void check_envelope(euicc::ByteView raw) {
    cat::Envelope envelope;
    try {
        envelope = cat::parse_envelope(raw);
    } catch (const euicc::CodecError&) {
        return;
    }
    const euicc::Bytes encoded = cat::encode(envelope);
    require(encoded.size() <= raw.size()); // only longer-than-needed length fields can shrink
    require(cat::parse_envelope(encoded) == envelope);
}

void check_terminal_response(euicc::ByteView raw) {
    cat::TerminalResponse response;
    try {
        response = cat::parse_terminal_response(raw);
    } catch (const euicc::CodecError&) {
        return;
    }
    const euicc::Bytes encoded = cat::encode(response);
    require(cat::parse_terminal_response(encoded) == response);
    require(cat::encode(cat::parse_terminal_response(encoded)) == encoded);
}

} // namespace

// The same bytes go to both parsers: an ENVELOPE and a TERMINAL RESPONSE body are both COMPREHENSION-TLV lists.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const euicc::ByteView raw(data, size);
    check_envelope(raw);
    check_terminal_response(raw);
    return 0;
}
