// SPDX-License-Identifier: Apache-2.0
// Tests for GP STORE DATA (GPCS v2.3.1 §11.11: P1 Table 11-89, block numbers, splitting) and DGIs (§11.1.12);
// spec/globalplatform.md §8.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/gp.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using gp::DataEncryption;
using gp::DataStructure;
using gp::StoreDataOptions;

TEST_CASE("GP STORE DATA P1: the values seen in eUICC management (spec/globalplatform.md §8)", "[gp]") {
    auto [last, structure, encryption, response, p1] =
        GENERATE(table<bool, DataStructure, DataEncryption, bool, std::uint8_t>({
            {true, DataStructure::Dgi, DataEncryption::None, false, 0x88},   // ISD-R 3A03/3A04/3A05/3A07
            {true, DataStructure::Dgi, DataEncryption::None, true, 0x89},    // 3A02, 3A08
            {false, DataStructure::Dgi, DataEncryption::None, true, 0x09},   // 3A01
            {false, DataStructure::BerTlv, DataEncryption::None, true, 0x11}, // SGP.22 ES10x
            {true, DataStructure::BerTlv, DataEncryption::None, true, 0x91},
            {true, DataStructure::Unstructured, DataEncryption::None, false, 0x80},
            {true, DataStructure::BerTlv, DataEncryption::None, false, 0x90},
            {false, DataStructure::Unstructured, DataEncryption::AllEncrypted, true, 0x61},
            {true, DataStructure::Unstructured, DataEncryption::AllEncrypted, true, 0xE1},
            {false, DataStructure::Dgi, DataEncryption::ApplicationDependent, false, 0x28},
        }));
    CHECK(gp::store_data_p1(last, StoreDataOptions{structure, encryption, response}) == p1);
}

TEST_CASE("GP STORE DATA: one block, case 3 and case 4", "[gp]") {
    CHECK(gp_test::hex(gp::store_data("3A0400"_hex, 0, true)) == "80E28800033A0400");
    CHECK(gp_test::hex(gp::store_data("3A0800"_hex, 7, true, {DataStructure::Dgi, DataEncryption::None, true})) ==
          "80E28907033A080000");
    CHECK_THROWS_AS(gp::store_data(Bytes{}, 0, true), std::invalid_argument);
    CHECK_THROWS_AS(gp::store_data(Bytes(256, 1), 0, true), std::invalid_argument);
}

TEST_CASE("GP STORE DATA splitting: GlobalPlatformPro TestStoreData P1 sequences", "[gp]") {
    // 3 blocks with base P1 61 -> 61 61 E1; one block with base 10 -> 90.
    const Bytes data(600, 0x5A);
    const auto blocks = gp::store_data_blocks(data, 240, {DataStructure::Unstructured, DataEncryption::AllEncrypted, true});
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0].p1() == 0x61);
    CHECK(blocks[1].p1() == 0x61);
    CHECK(blocks[2].p1() == 0xE1);
    CHECK(blocks[0].p2() == 0);
    CHECK(blocks[1].p2() == 1);
    CHECK(blocks[2].p2() == 2);
    CHECK(blocks[0].data().size() == 240);
    CHECK(blocks[2].data().size() == 120);
    CHECK(blocks[2].ne() == 256U);
    const auto single = gp::store_data_blocks("BF2D00"_hex, 255, {DataStructure::BerTlv, DataEncryption::None, false});
    REQUIRE(single.size() == 1);
    CHECK(gp_test::hex(single[0]) == "80E2900003BF2D00");
}

TEST_CASE("GP STORE DATA splitting: the value runs on across blocks and concatenates back", "[gp]") {
    const std::size_t size = GENERATE(1, 254, 255, 256, 1000, 255 * 256);
    const std::size_t max_block = GENERATE(1, 100, 255);
    if (size > max_block * 256) {
        return; // would need more than 256 block numbers; covered by the negative case below
    }
    Bytes data(size);
    for (std::size_t i = 0; i < size; ++i) {
        data[i] = static_cast<std::uint8_t>(i * 31 + 7);
    }
    CAPTURE(size, max_block);
    const auto blocks = gp::store_data_blocks(data, max_block, {});
    CHECK(blocks.size() == (size + max_block - 1) / max_block);
    Bytes joined;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        CHECK(blocks[i].p2() == i);
        CHECK(blocks[i].p1() == (i + 1 == blocks.size() ? 0x88 : 0x08));
        CHECK(blocks[i].data().size() <= max_block);
        append(joined, blocks[i].data());
    }
    CHECK(joined == data);
}

TEST_CASE("GP STORE DATA splitting: numbering from a first block, open sequences, limits", "[gp]") {
    const auto open = gp::store_data_blocks(Bytes(300, 1), 255, {}, 0, false);
    REQUIRE(open.size() == 2);
    CHECK(open[1].p1() == 0x08); // no last-block flag: the sequence continues
    const auto tail = gp::store_data_blocks(Bytes(10, 1), 255, {}, 2);
    CHECK(tail[0].p2() == 2);
    CHECK(tail[0].p1() == 0x88);
    CHECK(gp::store_data_blocks(Bytes(256, 1), 1, {}).back().p2() == 0xFF);
    CHECK_THROWS_AS(gp::store_data_blocks(Bytes(257, 1), 1, {}), std::invalid_argument);
    CHECK_THROWS_AS(gp::store_data_blocks(Bytes(2, 1), 1, {}, 0xFF), std::invalid_argument);
    CHECK_THROWS_AS(gp::store_data_blocks(Bytes{}, 255, {}), std::invalid_argument);
    CHECK_THROWS_AS(gp::store_data_blocks(Bytes(3, 1), 0, {}), std::invalid_argument);
    CHECK_THROWS_AS(gp::store_data_blocks(Bytes(3, 1), 256, {}), std::invalid_argument);
}

TEST_CASE("GP DGI: short and FF xx xx lengths", "[gp]") {
    // WHTY ParametersApdu.tlv45IsdpApdu: 0070 { 45 "ISDPSDIN\x01" }.
    CHECK(gp::encode_dgi(0x0070, "4509495344505344494E01"_hex) == "00700B4509495344505344494E01"_hex);
    const Bytes long_value(300, 0xEE);
    const Bytes encoded = gp::encode_dgi(0x3A01, long_value);
    CHECK(Bytes(encoded.begin(), encoded.begin() + 5) == "3A01FF012C"_hex);
    CHECK(gp::encode_dgi(0x0101, Bytes(254, 0)).at(2) == 0xFE);
    CHECK(gp::encode_dgi(0x0101, Bytes(255, 0)).at(2) == 0xFF);

    Bytes both = gp::encode_dgi(0x3A03, "4F01AA"_hex);
    append(both, encoded);
    const auto dgis = gp::parse_dgis(both);
    REQUIRE(dgis.size() == 2);
    CHECK(dgis[0] == gp::Dgi{0x3A03, "4F01AA"_hex});
    CHECK(dgis[1].tag == 0x3A01);
    CHECK(dgis[1].value == long_value);
}

TEST_CASE("GP DGI: malformed input", "[gp]") {
    CHECK_CODEC_ERROR(gp::parse_dgis("3A"_hex), "DGI", 0);
    CHECK_CODEC_ERROR(gp::parse_dgis("3A0305AABB"_hex), "DGI", 2);
    CHECK_CODEC_ERROR(gp::parse_dgis("3A03FF0010"_hex), "DGI", 2); // long form for 16 bytes
    CHECK_CODEC_ERROR(gp::parse_dgis("3A0300 3A"_hex), "DGI", 3);
}
