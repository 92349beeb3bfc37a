// SPDX-License-Identifier: Apache-2.0
// Tests for hex conversion, ByteReader bounds checks and the CodecError message format.
#include <catch2/catch.hpp>

#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/error.hpp>

#include "codec_error_check.hpp"

using namespace euicc;
using namespace euicc::literals;

TEST_CASE("to_hex writes upper-case pairs without separators", "[bytes]") {
    CHECK(to_hex(Bytes{}).empty());
    CHECK(to_hex(Bytes{0x00, 0xA0, 0x0F, 0xFF}) == "00A00FFF");
}

TEST_CASE("from_hex accepts both cases and separators between pairs", "[bytes]") {
    auto [text, expected] = GENERATE(table<std::string, Bytes>({
        {"", {}},
        {"80e29100", {0x80, 0xE2, 0x91, 0x00}},
        {"80E29100", {0x80, 0xE2, 0x91, 0x00}},
        {"80 E2 91 00", {0x80, 0xE2, 0x91, 0x00}},
        {"80:e2:91:00", {0x80, 0xE2, 0x91, 0x00}},
        {" \t80\nE2\r\n ", {0x80, 0xE2}},
    }));
    CAPTURE(text);
    CHECK(from_hex(text) == expected);
}

TEST_CASE("from_hex rejects bad input at the offending character", "[bytes]") {
    auto [text, offset] = GENERATE(table<std::string, std::size_t>({
        {"0G", 1},       // not a hex digit
        {"ABC", 2},      // odd digit count: the lone digit
        {"A B1", 1},     // separator inside a pair
        {"00-11", 2},    // '-' is not a separator
        {"12 34 5", 6},  // odd count after separators
    }));
    CAPTURE(text);
    CHECK_CODEC_ERROR(from_hex(text), "hex", offset);
}

TEST_CASE("_hex literal parses and throws like from_hex", "[bytes]") {
    CHECK("00A4 0004"_hex == Bytes{0x00, 0xA4, 0x00, 0x04});
    CHECK_CODEC_ERROR("0x00"_hex, "hex", 1);
}

TEST_CASE("append concatenates", "[bytes]") {
    Bytes out{0x01};
    append(out, "0203"_hex);
    append(out, Bytes{});
    CHECK(out == "010203"_hex);
}

TEST_CASE("ByteReader reads big-endian integers and views", "[bytes]") {
    const Bytes data = "01 0203 040506 0708090A 0B0C 0D"_hex;
    ByteReader r(data, "test");
    CHECK(r.context() == "test");
    CHECK(r.peek() == 0x01);
    CHECK(r.u8() == 0x01);
    CHECK(r.u16be() == 0x0203);
    CHECK(r.u24be() == 0x040506u);
    CHECK(r.u32be() == 0x0708090Au);
    CHECK(r.offset() == 10);
    const ByteView two = r.take(2);
    CHECK(Bytes(two.begin(), two.end()) == "0B0C"_hex);
    CHECK(two.data() == data.data() + 10); // a view into the original buffer
    CHECK(r.remaining() == 1);
    CHECK_FALSE(r.empty());
    const ByteView rest = r.rest();
    CHECK(Bytes(rest.begin(), rest.end()) == "0D"_hex);
    CHECK(r.empty());
    CHECK(r.rest().empty());
    CHECK_NOTHROW(r.expect_end());
}

TEST_CASE("ByteReader reads past the end throw at the read's start offset", "[bytes]") {
    const Bytes data = "010203"_hex;
    auto read = GENERATE(as<std::string>{}, "u8", "u16be", "u24be", "u32be", "take", "peek");
    CAPTURE(read);
    ByteReader r(data, "C-APDU");
    r.u16be(); // 1 byte left at offset 2
    auto attempt = [&] {
        if (read == "u8") {
            r.u8();
            r.u8();
        } else if (read == "u16be") {
            r.u16be();
        } else if (read == "u24be") {
            r.u24be();
        } else if (read == "u32be") {
            r.u32be();
        } else if (read == "take") {
            r.take(2);
        } else {
            r.u8();
            static_cast<void>(r.peek());
        }
    };
    const std::size_t expected = (read == "u8" || read == "peek") ? 3 : 2;
    CHECK_CODEC_ERROR(attempt(), "C-APDU", expected);
    CHECK(r.offset() <= 3); // a failed read consumes nothing past the end
}

TEST_CASE("ByteReader expect_end, fail and fail_at name context and offset", "[bytes]") {
    const Bytes data = "AABBCC"_hex;
    ByteReader r(data, "R-APDU");
    r.u8();
    CHECK_CODEC_ERROR(r.expect_end(), "R-APDU", 1);
    CHECK_CODEC_ERROR(r.fail("bad"), "R-APDU", 1);
    CHECK_CODEC_ERROR(r.fail_at(7, "bad"), "R-APDU", 7);
}

TEST_CASE("CodecError message is '<context>: <reason> at offset <n>'", "[bytes][error]") {
    const CodecError e("C-APDU", 5, "short Lc of 0");
    CHECK(std::string(e.what()) == "C-APDU: short Lc of 0 at offset 5");
    CHECK(e.context() == "C-APDU");
    CHECK(e.offset() == 5);
    const Error& base = e; // part of the euicc::Error tree
    CHECK(std::string(base.what()) == e.what());
}
