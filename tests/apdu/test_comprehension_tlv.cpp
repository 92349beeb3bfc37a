// SPDX-License-Identifier: Apache-2.0
// Tests for COMPREHENSION-TLV (ETSI TS 101 220 §7.1.1; spec/iso7816.md §6): tag forms, CR bit, strictness.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/comprehension_tlv.hpp>
#include <euicc/error.hpp>

#include "codec_error_check.hpp"

using namespace euicc;
using namespace euicc::literals;

TEST_CASE("COMPREHENSION-TLV tag examples from the digest", "[ctlv]") {
    auto [raw, tag, cr, three_byte, value] = GENERATE(table<Bytes, std::uint16_t, bool, bool, Bytes>({
        {"8103014001"_hex, 0x01, true, false, "014001"_hex},   // command details, CR = 1
        {"0103014001"_hex, 0x01, false, false, "014001"_hex},  // the same object, CR = 0
        {"7f800501aa"_hex, 0x0005, true, true, "aa"_hex},      // 3-byte tag 0x0005, CR = 1
        {"7f000500"_hex, 0x0005, false, true, {}},
        {"7f7fff00"_hex, 0x7FFF, false, true, {}},
        {"7e00"_hex, 0x7E, false, false, {}},
        {"fe00"_hex, 0x7E, true, false, {}},
    }));
    CAPTURE(to_hex(raw));
    const auto tlvs = ctlv::parse_all(raw);
    REQUIRE(tlvs.size() == 1);
    CHECK(tlvs[0].tag == tag);
    CHECK(tlvs[0].cr == cr);
    CHECK(tlvs[0].three_byte == three_byte);
    CHECK(tlvs[0].value == value);
    CHECK(ctlv::encode(tlvs[0]) == raw);
}

TEST_CASE("COMPREHENSION-TLV sequence: a TERMINAL RESPONSE body", "[ctlv]") {
    // Command details (OPEN CHANNEL), device identities ME -> UICC, result 00 (TS 102 223 §6.8).
    const Bytes raw = "810301400182028281830100"_hex;
    const auto tlvs = ctlv::parse_all(raw);
    REQUIRE(tlvs.size() == 3);
    CHECK(tlvs[1].tag == 0x02);
    CHECK(tlvs[1].value == "8281"_hex);
    CHECK(ctlv::encode_all(tlvs) == raw);
    // find() ignores the CR bit: the tags are stored without it.
    REQUIRE(ctlv::find(tlvs, 0x03) != nullptr);
    CHECK(ctlv::find(tlvs, 0x03)->value == "00"_hex);
    const auto without_cr = ctlv::parse_all("010301400102028281030100"_hex);
    CHECK(ctlv::find(without_cr, 0x03) == &without_cr[2]);
    CHECK(ctlv::find(tlvs, 0x05) == nullptr);
    CHECK(ctlv::parse_all({}).empty());
}

TEST_CASE("COMPREHENSION-TLV long lengths use the BER coding", "[ctlv]") {
    const Bytes value(128, 0x5A);
    ctlv::Tlv tlv{0x36, false, value, false}; // channel data
    Bytes raw = "368180"_hex;
    append(raw, value);
    CHECK(ctlv::encode(tlv) == raw);
    const auto parsed = ctlv::parse_all(raw);
    REQUIRE(parsed.size() == 1);
    CHECK(parsed[0] == tlv);
}

TEST_CASE("COMPREHENSION-TLV encode picks the 3-byte form when needed", "[ctlv]") {
    CHECK(ctlv::encode({0x0100, false, {}, false}) == "7f010000"_hex);
    CHECK(ctlv::encode({0x0100, true, {}, false}) == "7f810000"_hex);
    CHECK(ctlv::encode({0x7F, false, {}, false}) == "7f007f00"_hex); // 7F is the 3-byte marker
    CHECK(ctlv::encode({0x05, true, {}, true}) == "7f800500"_hex);
    CHECK_THROWS_AS(ctlv::encode({0x0000, false, {}, false}), std::invalid_argument);
    CHECK_THROWS_AS(ctlv::encode({0x8000, false, {}, false}), std::invalid_argument);
}

TEST_CASE("COMPREHENSION-TLV rejects malformed input at the offending field", "[ctlv]") {
    auto [raw, offset] = GENERATE(table<Bytes, std::size_t>({
        {"0000"_hex, 0},             // 00 not a tag
        {"8000"_hex, 0},             // 80 not a tag (tag value 0 with CR)
        {"ff00"_hex, 0},             // FF padding
        {"010100 ff"_hex, 3},        // padding after an object
        {"7f000000"_hex, 0},         // 3-byte tag value 0
        {"7f800000"_hex, 0},         // 3-byte tag value 0 with CR
        {"7f80"_hex, 1},             // truncated 3-byte tag
        {"01"_hex, 1},               // no length
        {"010511"_hex, 1},           // declared length past the end
        {"0101aa 02051122"_hex, 4},  // second object's length past the end
        {"0180"_hex, 1},             // no indefinite form
        {"018201"_hex, 2},           // truncated length field
    }));
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(ctlv::parse_all(raw), "COMPREHENSION-TLV", offset);
}
