// SPDX-License-Identifier: Apache-2.0
// Tests of GET DATA '5A' (EID) on the virtual eUICC's ECASD (GPCS §11.3, SGP.02 §2.2.2).
#include <catch2/catch.hpp>

#include <string>

#include "card_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::transmit;

namespace {

const std::string eid_tlv = std::string("5A10") + card::test::default_eid;

void select_ecasd(card::VirtualEuicc& card) {
    REQUIRE(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
}

} // namespace

TEST_CASE("GET DATA 5A on the ECASD returns the EID", "[card][get_data]") {
    card::VirtualEuicc card({});
    select_ecasd(card);
    SECTION("GP class 80 returns the TLV (GPCS §11.3.3.1)") {
        CHECK(transmit(card, "80CA005A00"_hex) == eid_tlv + "9000");
    }
    SECTION("ISO class 00 returns only the value (GPCS §11.3.3.1)") {
        CHECK(transmit(card, "00CA005A00"_hex) == std::string(card::test::default_eid) + "9000");
    }
    SECTION("case 1 (no Le) still answers the data object") {
        CHECK(transmit(card, "80CA005A"_hex) == eid_tlv + "9000");
    }
    SECTION("Le shorter than the TLV: 6C12") {
        CHECK(transmit(card, "80CA005A10"_hex) == "6C12");
        CHECK(transmit(card, "80CA005A12"_hex) == eid_tlv + "9000");
    }
    SECTION("a tag the ECASD does not hold: 6A88") {
        CHECK(transmit(card, "80CA004200"_hex) == "6A88");
        CHECK(transmit(card, "80CA5A0000"_hex) == "6A88");
    }
    SECTION("a command data field: 6700") {
        CHECK(transmit(card, "80CA005A025C0000"_hex) == "6700");
    }
    SECTION("secure messaging CLA 84: 6882") {
        CHECK(transmit(card, "84CA005A00"_hex) == "6882");
    }
}

TEST_CASE("GET DATA 5A on anything but the ECASD: 6A88", "[card][get_data]") {
    card::VirtualEuicc card({});
    SECTION("MF, selected after ATR") {
        CHECK(transmit(card, "80CA005A00"_hex) == "6A88");
    }
    SECTION("ISD-R") {
        REQUIRE(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000100"_hex) == "9000");
        CHECK(transmit(card, "80CA005A00"_hex) == "6A88");
    }
}

TEST_CASE("GET DATA follows the selection of its own logical channel", "[card][get_data][channel]") {
    card::VirtualEuicc card({});
    REQUIRE(transmit(card, "0070000001"_hex) == "019000");
    REQUIRE(transmit(card, "0070000001"_hex) == "029000");
    // Channel 2 selects the ECASD, channel 0 the ISD-R.
    REQUIRE(transmit(card, "02A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    REQUIRE(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000100"_hex) == "9000");
    CHECK(transmit(card, "82CA005A00"_hex) == eid_tlv + "9000");
    CHECK(transmit(card, "80CA005A00"_hex) == "6A88");
    CHECK(transmit(card, "81CA005A00"_hex) == "6A88");  // channel 1 still has the MF
}

TEST_CASE("GET DATA on a further-interindustry channel (CLA C1 = channel 5)", "[card][get_data][channel]") {
    card::VirtualEuicc card({});
    for (int i = 1; i <= 5; ++i) {
        REQUIRE(transmit(card, "0070000001"_hex) == "0" + std::to_string(i) + "9000");
    }
    REQUIRE(transmit(card, "41A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    CHECK(transmit(card, "C1CA005A00"_hex) == eid_tlv + "9000");
    CHECK(transmit(card, "41CA005A00"_hex) == std::string(card::test::default_eid) + "9000");
}
