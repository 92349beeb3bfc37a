// SPDX-License-Identifier: Apache-2.0
// Tests for GP GET DATA (GPCS v2.3.1 §11.3): the pySim command vector, key information templates (pySim and a
// live eUICC over SCP81) and ETSI TS 102 226 extended card resources (spec/globalplatform.md §10 and vectors).
#include <catch2/catch.hpp>

#include <array>
#include <stdexcept>

#include <euicc/apdu/gp.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using Key = gp::KeyInformation;

TEST_CASE("GP GET DATA commands", "[gp]") {
    CHECK(gp_test::hex(gp::get_data(0x66)) == "80CA006600"); // pySim test_globalplatform
    CHECK(gp_test::hex(gp::get_data(0xE0)) == "80CA00E000"); // inside the live SCP81 script ae80220580ca00e000...
    CHECK(gp_test::hex(gp::get_data(0xFF21)) == "80CAFF2100");
    CHECK(gp_test::hex(gp::get_data(0x2F00, "5C00"_hex)) == "80CA2F00025C0000"); // list of applications
    CHECK(gp_test::hex(gp::get_data(0x5A, {}, gp::cla_iso)) == "00CA005A00");
    CHECK_THROWS_AS(gp::get_data(0x7F2101), std::invalid_argument);
    CHECK_THROWS_AS(gp::get_data(0), std::invalid_argument);
}

TEST_CASE("GP key information: pySim KeyInformationData vectors", "[gp]") {
    auto [raw, id, version, type] = GENERATE(table<Bytes, int, int, int>({
        {"c00401708010"_hex, 1, 0x70, 0x80}, // KID 1, KVN 70, DES 16 bytes
        {"c00402038810"_hex, 2, 0x03, 0x88}, // KID 2, KVN 03, AES 16 bytes
    }));
    const auto keys = gp::parse_key_information(raw);
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].id == id);
    CHECK(keys[0].version == version);
    REQUIRE(keys[0].components.size() == 1);
    CHECK(keys[0].components[0] == Key::Component{static_cast<std::uint8_t>(type), 16});
}

TEST_CASE("GP key information: live eUICC over SCP81 (pySim test_ota @6076e4e6)", "[gp]") {
    // The R-APDU inside the response script af80 23 34 <...> 0000.
    const apdu::ResponseApdu r = apdu::ResponseApdu::parse(
        "e030c00403308810c00402308810c00401308810c00402408810c00401408510c00403018810c00402018810c004010188109000"_hex);
    CHECK(r.sw() == apdu::sw::ok);
    const auto keys = gp::parse_key_information(r.data());
    REQUIRE(keys.size() == 8);
    const std::array<Key, 8> expected{
        Key{3, 0x30, {{0x88, 16}}}, Key{2, 0x30, {{0x88, 16}}}, Key{1, 0x30, {{0x88, 16}}},
        Key{2, 0x40, {{0x88, 16}}}, Key{1, 0x40, {{0x85, 16}}}, // SCP81: KID 1 = TLS-PSK
        Key{3, 0x01, {{0x88, 16}}}, Key{2, 0x01, {{0x88, 16}}}, Key{1, 0x01, {{0x88, 16}}},
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(keys[i] == expected[i]);
    }
}

TEST_CASE("GP key information: several components and malformed entries", "[gp]") {
    const auto keys = gp::parse_key_information("E008C006 0130 8810 8820"_hex);
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].components.size() == 2);
    CHECK(keys[0].components[1] == Key::Component{0x88, 0x20});
    CHECK_CODEC_ERROR(gp::parse_key_information("E004C1020130"_hex), "key information", 2);     // not C0
    CHECK_CODEC_ERROR(gp::parse_key_information("C0030130 88"_hex), "key information", 2);      // too short
    CHECK_CODEC_ERROR(gp::parse_key_information("C00501308810 88"_hex), "key information", 6);   // type, no length
    CHECK_CODEC_ERROR(gp::parse_key_information("C0040130FF01"_hex), "key information", 4);      // extended format
}

TEST_CASE("GP card resources FF21 (real card over SCP81)", "[gp]") {
    const gp::CardResources r = gp::parse_card_resources("FF210B81010D8202C5D683020962"_hex);
    CHECK(r == gp::CardResources{13, 50646, 2402});
    CHECK_CODEC_ERROR(gp::parse_card_resources("FF210881010D820083010A"_hex), "card resources", 8); // empty 82
    CHECK_CODEC_ERROR(gp::parse_card_resources("FF210381010D"_hex), "card resources", 0);          // no 82/83
    CHECK_CODEC_ERROR(gp::parse_card_resources("FF200381010D"_hex), "card resources", 0);          // wrong tag
}

TEST_CASE("GP GET DATA response tag check", "[gp]") {
    CHECK(gp::parse_get_data("66020100"_hex, 0x66).value == "0100"_hex);
    CHECK_CODEC_ERROR(gp::parse_get_data("67020100"_hex, 0x66), "GET DATA", 0);
    CHECK_CODEC_ERROR(gp::parse_get_data("660301"_hex, 0x66), "BER-TLV", 1);
}
