// SPDX-License-Identifier: Apache-2.0
// Tests for the SMS user data header per 3GPP TS 23.040 §9.2.3.24 (spec/sms.md §4): pySim vectors, IE order, negatives.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/sms_udh.hpp>
#include <euicc/error.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::sms;
using namespace euicc::literals;

namespace {

Bytes view_bytes(ByteView v) { return Bytes(v.begin(), v.end()); }

} // namespace

TEST_CASE("UDH: pySim vectors parse IE by IE and leave the body", "[sms][udh]") {
    // pySim test_sms.py Test_SMS_UDH.
    auto [raw, elements, body] = GENERATE(table<Bytes, std::vector<InformationElement>, Bytes>({
        {"027100"_hex, {{0x71, {}}}, {}},
        {"027100abcdef"_hex, {{0x71, {}}}, "abcdef"_hex},
        {"03710110"_hex, {{0x71, {0x10}}}, {}},
        {"0571007001ffabcd"_hex, {{0x71, {}}, {0x70, {0xFF}}}, "abcd"_hex},
    }));
    CAPTURE(to_hex(raw));
    ByteView rest;
    const Udh udh = Udh::decode(raw, &rest);
    CHECK(udh.elements == elements);
    CHECK(view_bytes(rest) == body);
    CHECK(udh.response_packet());
    Bytes encoded = udh.encode();
    append(encoded, body);
    CHECK(encoded == raw);
}

TEST_CASE("UDH: the concatenation IE is found in any position", "[sms][udh]") {
    SECTION("sja5 PoR part 1: concatenation first, then 71 (pySim reassembler ground truth)") {
        const Udh udh = Udh::decode("0700030102017100"_hex);
        REQUIRE(udh.concatenation());
        CHECK(*udh.concatenation() == Concatenation{1, false, 2, 1});
        CHECK(udh.response_packet());
        CHECK_FALSE(udh.command_packet());
        CHECK(udh.concatenation_index() == 0u);
        CHECK(udh.data_offset(0) == 3);
        CHECK(udh.data_offset(1) == 8);
    }
    SECTION("16-bit reference after the packet identifier") {
        const Udh udh = Udh::decode("087000080412340201"_hex);
        REQUIRE(udh.concatenation());
        CHECK(*udh.concatenation() == Concatenation{0x1234, true, 2, 1});
        CHECK(udh.command_packet());
        CHECK(udh.concatenation()->to_element().data == "12340201"_hex);
    }
    SECTION("port addressing and concatenation (pySim SMS-SUBMIT vector header)") {
        const Udh udh = Udh::decode("0b050423f423f40003010201"_hex);
        REQUIRE(udh.elements.size() == 2);
        CHECK(udh.elements[0] == InformationElement{iei::port_16bit, "23f423f4"_hex});
        CHECK(*udh.concatenation() == Concatenation{1, false, 2, 1});
    }
    SECTION("TS 23.040 §9.2.3.24: the last of mutually exclusive IEs counts") {
        const Udh udh = Udh::decode("0d0003050201 080400070302 7000"_hex);
        CHECK(*udh.concatenation() == Concatenation{7, true, 3, 2});
    }
    SECTION("no concatenation IE") {
        CHECK_FALSE(Udh::decode("027000"_hex).concatenation());
        CHECK_FALSE(Udh{}.concatenation());
    }
}

TEST_CASE("UDH: an empty header encodes as UDHL 00", "[sms][udh]") {
    CHECK(Udh{}.encode() == "00"_hex);
    CHECK(Udh::decode("00"_hex).elements.empty());
}

TEST_CASE("UDH: malformed headers fail at the faulty octet", "[sms][udh]") {
    SECTION("UDHL past the user data") {
        CHECK_CODEC_ERROR(Udh::decode("057100"_hex), "UDH", 0);
    }
    SECTION("IEDL past the UDHL") {
        CHECK_CODEC_ERROR(Udh::decode("03710270ff"_hex), "UDH", 2);
    }
    SECTION("IE header cut by the UDHL") {
        CHECK_CODEC_ERROR(Udh::decode("037100 70 ff"_hex), "UDH", 3);
    }
    SECTION("concatenation IE with the wrong IEDL") {
        CHECK_CODEC_ERROR(Udh::decode("0400020102"_hex), "UDH", 2);
        CHECK_CODEC_ERROR(Udh::decode("050803010201"_hex), "UDH", 2);
    }
    SECTION("empty input") {
        CHECK_CODEC_ERROR(Udh::decode(Bytes{}), "UDH", 0);
    }
}

TEST_CASE("UDH: encoding limits", "[sms][udh]") {
    CHECK_THROWS_AS((Udh{{{0x20, Bytes(256, 0)}}}.encode()), std::invalid_argument);
    CHECK_THROWS_AS((Udh{{{0x20, Bytes(200, 0)}, {0x21, Bytes(60, 0)}}}.encode()), std::invalid_argument);
    CHECK_THROWS_AS((Concatenation{0x100, false, 2, 1}.to_element()), std::invalid_argument);
    CHECK_THROWS_AS(Udh{}.data_offset(0), std::invalid_argument);
}
