// SPDX-License-Identifier: Apache-2.0
// Test helpers of the SCP81 codec tests: text <-> bytes and catching a CodecError to inspect its reason.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>
#include <euicc/error.hpp>

namespace scp81_test {

inline euicc::Bytes bytes_of(std::string_view text) {
    return euicc::Bytes(text.begin(), text.end());
}
inline std::string text_of(const euicc::Bytes& bytes) {
    return std::string(bytes.begin(), bytes.end());
}

/// The CodecError `f` throws; a test failure (and an empty error) when it throws nothing.
template <class F>
euicc::CodecError codec_error(F&& f) {
    try {
        f();
    } catch (const euicc::CodecError& e) {
        INFO(e.what());
        return e;
    }
    FAIL_CHECK("no CodecError thrown");
    return euicc::CodecError("none", 0, "none");
}

} // namespace scp81_test

namespace scp81_test {

/// Feeds the whole message at once: the parser must take all of it and be done.
template <class Parser>
auto parse_whole(Parser& parser, const euicc::Bytes& wire) {
    REQUIRE(parser.feed(wire) == wire.size());
    REQUIRE(parser.done());
    return parser.take();
}

/// Feeds one byte per call: each is taken, and the parser is done exactly after the last one.
template <class Parser>
auto parse_bytewise(Parser& parser, const euicc::Bytes& wire) {
    for (std::size_t i = 0; i < wire.size(); ++i) {
        REQUIRE_FALSE(parser.done());
        REQUIRE(parser.feed(euicc::ByteView(wire).subspan(i, 1)) == 1);
    }
    REQUIRE(parser.done());
    return parser.take();
}

} // namespace scp81_test
