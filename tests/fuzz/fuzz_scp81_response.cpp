// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: scp81::ResponseParser (GP Amd B §3.4.2 admin server answers); split input and re-encoding
// agree.
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"
#include "fuzz_scp81_stream.hpp"

using euicc::fuzz::require;
namespace scp81 = euicc::scp81;
using Kind = scp81::AdminResponse::Kind;

namespace {

// What encode_response carries for each kind: End drops a next URI, Busy its body, BadRequest an empty body
// becomes the reason phrase.
bool same_meaning(const scp81::AdminResponse& a, const scp81::AdminResponse& b) {
    if (a.kind != b.kind || a.status != b.status) {
        return false;
    }
    switch (a.kind) {
    case Kind::Script:
        return a == b;
    case Kind::End:
        return true;
    case Kind::Busy:
        return a.retry_after == b.retry_after;
    case Kind::BadRequest:
        return a.body.empty() || a.body == b.body;
    }
    return false;
}

} // namespace

// Input: a selector byte (bits 0-4: piece size - 1, bit 7: re-encode chunked), then the byte stream the card
// reads from the server. Properties: only euicc::Error escapes; feeding the stream whole or in pieces yields
// the same responses, and fails in pieces only if it fails whole; each accepted response re-encodes to one
// with the same meaning.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    constexpr std::size_t body_limit = 4096;
    const euicc::ByteView stream(data + 1, size - 1);
    const std::size_t step = 1 + (data[0] & 0x1F);
    const bool chunked = (data[0] & 0x80) != 0;
    using Outcome = euicc::fuzz::StreamOutcome<scp81::AdminResponse>;
    const Outcome whole = euicc::fuzz::parse_stream<scp81::ResponseParser, scp81::AdminResponse>(
        stream, stream.size() + 1, body_limit);
    const Outcome pieces =
        euicc::fuzz::parse_stream<scp81::ResponseParser, scp81::AdminResponse>(stream, step, body_limit);
    // Beast only re-parses a header split across calls once its end has arrived, so a stream that stops
    // inside a bad header fails when fed whole but merely waits for more when fed in pieces; never the other
    // way round.
    require(whole.failed || !pieces.failed);
    require(whole.messages == pieces.messages);
    for (const auto& response : whole.messages) {
        const euicc::Bytes encoded = scp81::encode_response(response, chunked);
        scp81::ResponseParser parser(body_limit);
        require(parser.feed(encoded) == encoded.size());
        require(parser.done());
        require(same_meaning(response, parser.take()));
    }
    return 0;
}
