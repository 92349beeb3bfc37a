// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: scp81::RequestParser (GP Amd B §3.4.1 admin agent POSTs); split input and re-encoding
// agree.
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"
#include "fuzz_scp81_stream.hpp"

using euicc::fuzz::require;
namespace scp81 = euicc::scp81;

// Input: a selector byte (bits 0-4: piece size - 1, bit 7: re-encode chunked), then the byte stream the
// server reads from the card. Properties: only euicc::Error escapes; feeding the stream whole or in pieces
// yields the same requests, and fails in pieces only if it fails whole; each request the parser accepts is
// encoded back into bytes that parse to the same request.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    constexpr std::size_t body_limit = 4096;
    const euicc::ByteView stream(data + 1, size - 1);
    const std::size_t step = 1 + (data[0] & 0x1F);
    const bool chunked = (data[0] & 0x80) != 0;
    using Outcome = euicc::fuzz::StreamOutcome<scp81::AdminRequest>;
    const Outcome whole = euicc::fuzz::parse_stream<scp81::RequestParser, scp81::AdminRequest>(
        stream, stream.size() + 1, body_limit);
    const Outcome pieces =
        euicc::fuzz::parse_stream<scp81::RequestParser, scp81::AdminRequest>(stream, step, body_limit);
    // Beast only re-parses a header split across calls once its end has arrived, so a stream that stops
    // inside a bad header fails when fed whole but merely waits for more when fed in pieces; never the other
    // way round.
    require(whole.failed || !pieces.failed);
    require(whole.messages == pieces.messages);
    for (const auto& request : whole.messages) {
        const euicc::Bytes encoded = scp81::encode_request(request, chunked);
        scp81::RequestParser parser(body_limit);
        require(parser.feed(encoded) == encoded.size());
        require(parser.done());
        require(parser.take() == request);
    }
    return 0;
}
