// SPDX-License-Identifier: Apache-2.0
// Fuzz helper: runs an SCP81 HTTP parser (GP Amd B §3.4) over a byte stream fed in pieces of a given size.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

namespace euicc::fuzz {

/// The messages a parser produced from a stream and whether it stopped on an euicc::Error.
template <class Message>
struct StreamOutcome {
    std::vector<Message> messages;
    bool failed = false;
};

/// Feeds `stream` in pieces of `step` bytes, taking every complete message. Properties: feed never takes more
/// than it is given, and takes everything unless a message completed.
template <class Parser, class Message>
StreamOutcome<Message> parse_stream(ByteView stream, std::size_t step, std::size_t body_limit) {
    StreamOutcome<Message> outcome;
    Parser parser(body_limit);
    std::size_t position = 0;
    try {
        while (position < stream.size()) {
            const ByteView piece = stream.subspan(position, std::min(step, stream.size() - position));
            const std::size_t used = parser.feed(piece);
            require(used <= piece.size());
            position += used;
            if (parser.done()) {
                outcome.messages.push_back(parser.take());
            } else {
                require(used == piece.size());
            }
        }
    } catch (const euicc::Error&) {
        outcome.failed = true;
    }
    return outcome;
}

} // namespace euicc::fuzz
