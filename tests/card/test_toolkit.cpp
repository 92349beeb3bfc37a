// SPDX-License-Identifier: Apache-2.0
// Tests of the toolkit commands of the virtual eUICC (ETSI TS 102 221 §10.1.2, TS 102 223 §6): TERMINAL PROFILE,
// FETCH, TERMINAL RESPONSE, ENVELOPE routing and the 91xx announcement.
#include <catch2/catch.hpp>

#include <euicc/apdu/cat_terminal_profile.hpp>

#include "card_test_util.hpp"
#include "ota_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::transmit;

TEST_CASE("TERMINAL PROFILE is stored as sent", "[card][toolkit]") {
    card::VirtualEuicc card({});
    CHECK_FALSE(card.terminal_profile().has_value());
    // spec/cat.md: the real modem profile from the pySim trace.
    const Bytes profile = "ffffffff7f9d00dfbf00001fe2000000c36b000700004000500000000008"_hex;
    Bytes command = "801000001E"_hex;
    append(command, profile);
    CHECK(transmit(card, command) == "9000");
    REQUIRE(card.terminal_profile().has_value());
    CHECK(*card.terminal_profile() == profile);

    SECTION("a reset forgets it") {
        card.reset();
        CHECK_FALSE(card.terminal_profile().has_value());
    }
}

TEST_CASE("toolkit commands exist only with CLA 80 and P1 P2 00 00", "[card][toolkit]") {
    card::VirtualEuicc card({});
    // TS 102 221 §10.1.2: the toolkit commands are proprietary-class commands on the basic channel.
    CHECK(transmit(card, "0010000001FF"_hex) == "6E00");     // ISO class
    CHECK(transmit(card, "8110000001FF"_hex) == "6881");     // channel 1 is not open
    CHECK(transmit(card, "0070000101"_hex) == "9000");       // open channel 1
    CHECK(transmit(card, "8110000001FF"_hex) == "6E00");     // 8X with X != 0 is not the toolkit's class
    CHECK(transmit(card, "8010010001FF"_hex) == "6A86");     // P1
    CHECK(transmit(card, "80C20001"_hex) == "6A86");         // P2 (case 1)
    CHECK(transmit(card, "80100000"_hex) == "6700");         // no profile
    CHECK(transmit(card, "80C20000"_hex) == "6700");         // no envelope
    CHECK(transmit(card, "80140000"_hex) == "6700");         // no terminal response
    CHECK(transmit(card, "8012000002AABB00"_hex) == "6700"); // FETCH with data
}

TEST_CASE("FETCH and TERMINAL RESPONSE without a pending command are refused with 6985", "[card][toolkit]") {
    card::VirtualEuicc card({});
    CHECK(transmit(card, "8012000010"_hex) == "6985");
    CHECK(transmit(card, "8012000000"_hex) == "6985");
    // A well-formed TERMINAL RESPONSE to a MORE TIME nobody asked for.
    CHECK(transmit(card, "801400000C810301020082028281830100"_hex) == "6985");
    // A malformed one (no result object) is wrong data whatever the state.
    CHECK(transmit(card, "8014000009810301020082028281"_hex) == "6A80");
}

TEST_CASE("ENVELOPEs the card has no service for are accepted and ignored", "[card][toolkit]") {
    card::VirtualEuicc card({});
    // spec/cat.md: event download "data available" and "channel status" (no BIP channel exists yet).
    CHECK(transmit(card, "80C2000010D60E99010982028281B8028100B7012A"_hex) == "9000");
    CHECK(transmit(card, "80C200000DD60B99010A82028281B8020105"_hex) == "9000");
    // A timer expiration while no session waits for a timer.
    CHECK(transmit(card, "80C200000ED70C82028281A40101A503000100"_hex) == "9000");
    // Menu selection (D3, item 01 from the keypad): this card has no menu.
    CHECK(transmit(card, "80C2000009D30782020181900101"_hex) == "9000");
}

TEST_CASE("a malformed ENVELOPE gets 6A80, a wrong length 6700", "[card][toolkit]") {
    card::VirtualEuicc card({});
    CHECK(transmit(card, "80C2000003D10500"_hex) == "6A80");               // D1 length past the end
    CHECK(transmit(card, "80C2000004D1028202"_hex) == "6A80");             // an object running past D1
    CHECK(transmit(card, "80C2000005D1028202"_hex) == "6700");             // Lc says 5, 4 bytes follow
    CHECK(transmit(card, "80C2000006D10482028381"_hex) == "6A80");         // SMS-PP download without its TPDU
    CHECK(transmit(card, "80C20000FFD1"_hex) == "6700");                   // Lc says 255, 1 byte follows
    CHECK(transmit(card, "80C200000AD1088202838188020000"_hex) == "6A80"); // 08 is no TPDU (0B) object
}
