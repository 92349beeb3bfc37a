// SPDX-License-Identifier: Apache-2.0
// Tests for CommandApdu per ISO/IEC 7816-4 §5.1 (spec/iso7816.md §1): trace vectors, extended forms, negatives.
#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/error.hpp>

#include "codec_error_check.hpp"

using namespace euicc;
using namespace euicc::apdu;
using namespace euicc::literals;

namespace {

using Ne = std::optional<std::uint32_t>;

Bytes filled(std::size_t n, std::uint8_t first = 0x00, std::uint8_t rest = 0xFF) {
    Bytes b(n, rest);
    if (n > 0) {
        b[0] = first;
    }
    return b;
}

Bytes concat(Bytes a, const Bytes& b) {
    append(a, b);
    return a;
}

} // namespace

TEST_CASE("CommandApdu parses the real trace APDUs and re-encodes them byte-exactly", "[capdu]") {
    // osmocom/pysim pySim-trace_test_gsmtap.pcapng (spec/iso7816.md, test vectors). The T=0 capture has no Le
    // on case 4 commands and P3 = 00 on case 1 ones, so by the length rules they read as case 3 / case 2S.
    auto [raw, apdu_case, data, ne] = GENERATE(table<Bytes, int, Bytes, Ne>({
        {"00a40004023f00"_hex, 3, "3f00"_hex, std::nullopt},  // SELECT MF
        {"00c000002f"_hex, 2, {}, 0x2F},                       // GET RESPONSE
        {"00b000000a"_hex, 2, {}, 10},                         // READ BINARY EF.ICCID
        {"00a40004026f16"_hex, 3, "6f16"_hex, std::nullopt},   // SELECT missing file
        {"0020000100"_hex, 2, {}, 256},                        // VERIFY PIN1 query (Le 00 = 256)
        {"002c000100"_hex, 2, {}, 256},                        // UNBLOCK PIN1 query
        {"0070000001"_hex, 2, {}, 1},                          // MANAGE CHANNEL open
        {"0070800200"_hex, 2, {}, 256},                        // MANAGE CHANNEL close 2
        {"80f2010112"_hex, 2, {}, 0x12},                       // STATUS
        {concat("00a201041e"_hex, filled(30)), 3, filled(30), std::nullopt}, // SEARCH RECORD
    }));
    CAPTURE(to_hex(raw));
    const CommandApdu c = CommandApdu::parse(raw);
    CHECK(c.cla() == raw[0]);
    CHECK(c.ins() == raw[1]);
    CHECK(c.p1() == raw[2]);
    CHECK(c.p2() == raw[3]);
    CHECK(c.apdu_case() == apdu_case);
    CHECK(c.data() == data);
    CHECK(c.ne() == ne);
    CHECK_FALSE(c.extended());
    CHECK(c.encode() == raw);
    CHECK(c == CommandApdu(raw[0], raw[1], raw[2], raw[3], data, ne));
}

TEST_CASE("CommandApdu short forms: cases 1, 2S, 3S, 4S", "[capdu]") {
    auto [raw, apdu_case, data, ne] = GENERATE(table<Bytes, int, Bytes, Ne>({
        {"80f20000"_hex, 1, {}, std::nullopt},
        {"80f2000000"_hex, 2, {}, 256},
        {"80f20000ff"_hex, 2, {}, 255},
        {"80e2910003bf2d00"_hex, 3, "bf2d00"_hex, std::nullopt},
        {"80e2910003bf2d0000"_hex, 4, "bf2d00"_hex, 256},
        {"80e2910003bf2d0010"_hex, 4, "bf2d00"_hex, 16},
        {concat(concat("80e29100ff"_hex, filled(255)), "00"_hex), 4, filled(255), 256},
    }));
    CAPTURE(to_hex(raw));
    const CommandApdu c = CommandApdu::parse(raw);
    CHECK(c.apdu_case() == apdu_case);
    CHECK(c.data() == data);
    CHECK(c.ne() == ne);
    CHECK_FALSE(c.extended());
    CHECK(c.encode() == raw);
}

TEST_CASE("CommandApdu extended forms 2E, 3E, 4E round-trip byte-exactly", "[capdu]") {
    auto [raw, apdu_case, data, ne] = GENERATE(table<Bytes, int, Bytes, Ne>({
        // spec/iso7816.md, extended length examples.
        {"00b00000000000"_hex, 2, {}, 65536},
        {concat("80e29100 00012c"_hex, filled(300, 0xBF)), 3, filled(300, 0xBF), std::nullopt},
        {"00cb3fff 000005 5c035f5f5f 0000"_hex, 4, "5c035f5f5f"_hex, 65536},
        // Small sizes that would fit the short form still come back extended.
        {"00b00000000005"_hex, 2, {}, 5},
        {"00b00000000100"_hex, 2, {}, 256},
        {"80e29100 000003 bf2d00"_hex, 3, "bf2d00"_hex, std::nullopt},
        {"80e29100 000003 bf2d00 0101"_hex, 4, "bf2d00"_hex, 257},
        {concat(concat("80e29100 00ffff"_hex, filled(65535)), "ffff"_hex), 4, filled(65535), 65535},
    }));
    CAPTURE(raw.size());
    const CommandApdu c = CommandApdu::parse(raw);
    CHECK(c.apdu_case() == apdu_case);
    CHECK(c.data() == data);
    CHECK(c.ne() == ne);
    CHECK(c.extended());
    CHECK(c.encode() == raw);
    CHECK(CommandApdu::parse(c.encode()) == c);
}

TEST_CASE("CommandApdu built from sizes picks short or extended", "[capdu]") {
    auto [data_size, ne, expected_header] = GENERATE(table<std::size_t, Ne, Bytes>({
        {0, std::nullopt, "80e29100"_hex},
        {0, 256, "80e29100 00"_hex},
        {0, 257, "80e29100 000101"_hex},
        {0, 65536, "80e29100 000000"_hex},
        {255, std::nullopt, "80e29100 ff"_hex},
        {256, std::nullopt, "80e29100 000100"_hex},
        {255, 256, "80e29100 ff"_hex},
        {255, 257, "80e29100 0000ff"_hex},
        {256, 1, "80e29100 000100"_hex},
    }));
    CAPTURE(data_size, ne);
    const CommandApdu c(0x80, 0xE2, 0x91, 0x00, filled(data_size, 0x11, 0x22), ne);
    const Bytes encoded = c.encode();
    CHECK(Bytes(encoded.begin(), encoded.begin() + static_cast<std::ptrdiff_t>(expected_header.size())) ==
          expected_header);
    const bool extended = data_size > 255 || (ne && *ne > 256);
    CHECK(c.extended() == extended);
    const std::size_t lc_size = data_size == 0 ? 0 : (extended ? 3 : 1);
    const std::size_t le_size = !ne ? 0 : (!extended ? 1 : (data_size == 0 ? 3 : 2));
    CHECK(encoded.size() == 4 + lc_size + data_size + le_size);
    CHECK(CommandApdu::parse(encoded) == c);
}

TEST_CASE("CommandApdu set_extended forces the extended encoding", "[capdu]") {
    CommandApdu c(0x00, 0xB0, 0x00, 0x00, {}, 5);
    CHECK(c.encode() == "00b0000005"_hex);
    c.set_extended(true);
    CHECK(c.extended());
    CHECK(c.encode() == "00b00000000005"_hex);
    CHECK(CommandApdu::parse(c.encode()) == c);
    c.set_extended(false);
    CHECK(c.encode() == "00b0000005"_hex);
}

TEST_CASE("CommandApdu with_cla and with_ne copy with one field replaced", "[capdu]") {
    const CommandApdu c = CommandApdu::parse("00cb3fff 000005 5c035f5f5f 0000"_hex);
    const CommandApdu on_channel = c.with_cla(0x01);
    CHECK(on_channel.cla() == 0x01);
    CHECK(on_channel.encode() == "01cb3fff 000005 5c035f5f5f 0000"_hex);
    const CommandApdu exact = c.with_ne(0x20);
    CHECK(exact.ne() == 0x20u);
    CHECK(exact.data() == c.data());
    CHECK(c.with_ne(std::nullopt).apdu_case() == 3);
    CHECK_THROWS_AS(c.with_ne(0), std::invalid_argument);
}

TEST_CASE("CommandApdu constructor checks its invariants", "[capdu]") {
    CHECK_THROWS_AS(CommandApdu(0, 0, 0, 0, Bytes(65536)), std::invalid_argument);
    CHECK_THROWS_AS(CommandApdu(0, 0, 0, 0, {}, 0), std::invalid_argument);
    CHECK_THROWS_AS(CommandApdu(0, 0, 0, 0, {}, 65537), std::invalid_argument);
    CHECK_NOTHROW(CommandApdu(0, 0, 0, 0, Bytes(65535), 65536));
}

TEST_CASE("CommandApdu::parse rejects malformed APDUs at the offending field", "[capdu]") {
    const Bytes data5 = "5c035f5f5f"_hex;
    auto [raw, offset] = GENERATE_COPY(table<Bytes, std::size_t>({
        {Bytes{}, 0},                                     // no header
        {"00a4"_hex, 0},                             // truncated header
        {"00a400"_hex, 0},                           // truncated header
        {"00a4000400 3f"_hex, 4},                    // 6 bytes: byte 5 is Lc = 0 (short Lc never 0)
        {"00a4000405 3f00"_hex, 5},                  // short data shorter than Lc
        {"00a4000402 3f00 0100"_hex, 7},             // short Lc with a 2-byte Le: mixed forms
        {"00a4000402 3f00 00 1122"_hex, 8},          // trailing bytes after short Le
        {"00a40004 000000 3f"_hex, 5},               // extended Lc = 0
        {"00a40004 000005 3f00"_hex, 7},             // extended data shorter than Lc
        {concat("00cb3fff 000005"_hex, concat(data5, "00"_hex)), 12},       // extended Lc, 1-byte Le: mixed
        {concat("00cb3fff 000005"_hex, concat(data5, "000000"_hex)), 14},   // trailing after extended Le
    }));
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(CommandApdu::parse(raw), "C-APDU", offset);
}
