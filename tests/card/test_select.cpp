// SPDX-License-Identifier: Apache-2.0
// Tests of SELECT on the virtual eUICC (ISO/IEC 7816-4 §7.1.1, GPCS §11.9, TS 102 221 §11.1.1).
#include <catch2/catch.hpp>

#include <string>

#include "card_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::transmit;

namespace {

// GPCS §11.9.3.1: 6F { 84 <AID>, A5 { 9F65 01 FF } }
const std::string isd_r_fci = std::string("6F188410") + card::test::isd_r_aid + "A5049F6501FF";
const std::string ecasd_fci = std::string("6F188410") + card::test::ecasd_aid + "A5049F6501FF";
// TS 102 221 §11.1.1.3.1: 62 { 82 7821, 83 3F00, A5 {80 71}, 8A 05, 8B 2F0601, C6 {90 00, 83 01} }
const std::string mf_fcp = "621D8202782183023F00A5038001718A01058B032F0601C606900100830101";

} // namespace

TEST_CASE("SELECT by AID returns the FCI of the ISD-R and of the ECASD", "[card][select]") {
    card::VirtualEuicc card({});
    SECTION("ISD-R, case 3") {
        CHECK(transmit(card, "00A4040010A0000005591010FFFFFFFF8900000100"_hex) == isd_r_fci + "9000");
    }
    SECTION("ISD-R, case 4 with Le 00") {
        CHECK(transmit(card, "00A4040010A0000005591010FFFFFFFF890000010000"_hex) == isd_r_fci + "9000");
    }
    SECTION("ECASD") {
        CHECK(transmit(card, "00A4040010A0000005591010FFFFFFFF8900000200"_hex) == ecasd_fci + "9000");
    }
    SECTION("ECASD with P2 0C: no response data") {
        CHECK(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    }
}

TEST_CASE("SELECT by a partial AID selects the only application it starts", "[card][select]") {
    card::VirtualEuicc card({});
    // 15 of 16 bytes: only the ECASD starts with ...89000002; the FCI names the full AID.
    CHECK(transmit(card, "00A404000FA0000005591010FFFFFFFF89000002"_hex) == ecasd_fci + "9000");
    // The RID + PIX prefix both security domains share is ambiguous: refused, not guessed.
    CHECK(transmit(card, "00A4040007A0000005591010"_hex) == "6A82");
}

TEST_CASE("SELECT by name without AID selects the ISD-R", "[card][select]") {
    card::VirtualEuicc card({});
    CHECK(transmit(card, "00A4040000"_hex) == isd_r_fci + "9000");  // case 2 (GPCS §11.9.2.3)
    CHECK(transmit(card, "00A40400"_hex) == isd_r_fci + "9000");    // case 1
    CHECK(transmit(card, "00A4040C"_hex) == "9000");
}

TEST_CASE("SELECT of the MF by file identifier", "[card][select]") {
    card::VirtualEuicc card({});
    CHECK(transmit(card, "00A40004023F00"_hex) == mf_fcp + "9000");
    CHECK(transmit(card, "00A40004023F0000"_hex) == mf_fcp + "9000");
    CHECK(transmit(card, "00A4000C023F00"_hex) == "9000");
    CHECK(transmit(card, "00A4000400"_hex) == mf_fcp + "9000");  // empty data field = MF (ISO 7816-4 §7.1.1)
}

TEST_CASE("SELECT errors", "[card][select]") {
    card::VirtualEuicc card({});
    SECTION("unknown AID and unknown file: 6A82") {
        CHECK(transmit(card, "00A4040010A0000005591010FFFFFFFF8900000300"_hex) == "6A82");
        CHECK(transmit(card, "00A4040005A000000003"_hex) == "6A82");
        CHECK(transmit(card, "00A40004022FE2"_hex) == "6A82");
    }
    SECTION("AID or file identifier of impossible length: 6700") {
        CHECK(transmit(card, "00A4040004A0000005"_hex) == "6700");
        CHECK(transmit(card, "00A4040011A0000005591010FFFFFFFF890000010000"_hex) == "6700");
        CHECK(transmit(card, "00A40004013F"_hex) == "6700");
        CHECK(transmit(card, "00A4000403003F00"_hex) == "6700");
    }
    SECTION("unsupported P1/P2: 6A86") {
        CHECK(transmit(card, "00A4040410A0000005591010FFFFFFFF8900000100"_hex) == "6A86");  // FCP of an SD
        CHECK(transmit(card, "00A4040210A0000005591010FFFFFFFF8900000100"_hex) == "6A86");  // next occurrence
        CHECK(transmit(card, "00A40000023F00"_hex) == "6A86");
        CHECK(transmit(card, "00A40804023F00"_hex) == "6A86");  // by path
        CHECK(transmit(card, "00A40104023F00"_hex) == "6A86");
    }
    SECTION("Le shorter than the FCI: 6Cxx with the exact length") {
        CHECK(transmit(card, "00A4040010A0000005591010FFFFFFFF890000010005"_hex) == "6C1A");
        CHECK(transmit(card, "00A4040010A0000005591010FFFFFFFF89000001001A"_hex) == isd_r_fci + "9000");
    }
    SECTION("SELECT exists in the ISO class only: 6E00 for CLA 80") {
        CHECK(transmit(card, "80A4040010A0000005591010FFFFFFFF8900000100"_hex) == "6E00");
    }
}

TEST_CASE("a failed SELECT keeps the previous selection", "[card][select]") {
    card::VirtualEuicc card({});
    REQUIRE(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    REQUIRE(transmit(card, "00A4040010A0000005591010FFFFFFFF8900000300"_hex) == "6A82");
    CHECK(transmit(card, "80CA005A00"_hex) == std::string("5A10") + card::test::default_eid + "9000");
}
