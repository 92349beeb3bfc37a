// SPDX-License-Identifier: Apache-2.0
// Tests of MANAGE CHANNEL and logical-channel rules on the virtual eUICC (ISO/IEC 7816-4 §7.1.2, GPCS §11.7).
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "card_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::transmit;

namespace {

const std::string eid_tlv = std::string("5A10") + card::test::default_eid;

/// "0X"/"4X" ISO-class CLA for `channel` as hex (TS 102 221 §10.1.1).
std::string iso_cla(unsigned channel) {
    char text[3];
    std::snprintf(text, sizeof text, "%02X", channel < 4 ? channel : 0x40 + (channel - 4));
    return text;
}

std::string hex_byte(unsigned value) {
    char text[3];
    std::snprintf(text, sizeof text, "%02X", value);
    return text;
}

} // namespace

TEST_CASE("MANAGE CHANNEL opens the lowest free channel and closes channels", "[card][channel]") {
    card::VirtualEuicc card({});
    CHECK(transmit(card, "0070000001"_hex) == "019000");
    CHECK(transmit(card, "0070000001"_hex) == "029000");
    CHECK(transmit(card, "0070800100"_hex) == "9000");
    CHECK(transmit(card, "0070000001"_hex) == "019000");  // the lowest free one again

    SECTION("closing a channel that is not open: 6881") {
        CHECK(transmit(card, "0070800300"_hex) == "6881");
        CHECK(transmit(card, "0070801300"_hex) == "6881");
    }
    SECTION("closing the channel the command came on (P2 00)") {
        CHECK(transmit(card, "0270800000"_hex) == "9000");
        CHECK(transmit(card, "02A40400"_hex) == "6881");
    }
    SECTION("a command on a closed channel: 6881") {
        CHECK(transmit(card, "03A40400"_hex) == "6881");
        CHECK(transmit(card, "83CA005A00"_hex) == "6881");
        CHECK(transmit(card, "4FA40400"_hex) == "6881");  // channel 19
        CHECK(transmit(card, "0370000001"_hex) == "6881");
    }
}

TEST_CASE("MANAGE CHANNEL opens all 19 further channels, then refuses with 6A81", "[card][channel]") {
    card::VirtualEuicc card({});
    for (unsigned channel = 1; channel <= 19; ++channel) {
        CAPTURE(channel);
        REQUIRE(transmit(card, "0070000001"_hex) == hex_byte(channel) + "9000");
    }
    CHECK(transmit(card, "0070000001"_hex) == "6A81");
    // Every channel answers on its own CLA, including the further layout (4X = channels 4..19).
    for (unsigned channel = 0; channel <= 19; ++channel) {
        CAPTURE(channel);
        CHECK(transmit(card, from_hex(iso_cla(channel) + "A4040C10A0000005591010FFFFFFFF8900000200")) == "9000");
    }
    CHECK(transmit(card, "0070800700"_hex) == "9000");
    CHECK(transmit(card, "0070000001"_hex) == "079000");
    CHECK(transmit(card, "0070000001"_hex) == "6A81");
}

TEST_CASE("MANAGE CHANNEL with a named channel", "[card][channel]") {
    card::VirtualEuicc card({});
    CHECK(transmit(card, "0070000300"_hex) == "9000");
    CHECK(transmit(card, "0070000300"_hex) == "6A86");  // already open
    CHECK(transmit(card, "03A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    CHECK(transmit(card, "0070001300"_hex) == "9000");  // channel 19
    CHECK(transmit(card, "4FA40400"_hex).substr(0, 4) == "6F18");
    CHECK(transmit(card, "0070001400"_hex) == "6A86");  // channel 20 does not exist
    CHECK(transmit(card, "0070000001"_hex) == "019000");  // the lowest free one is still 1
}

TEST_CASE("MANAGE CHANNEL errors", "[card][channel]") {
    card::VirtualEuicc card({});
    CHECK(transmit(card, "0070800000"_hex) == "6A86");  // the basic channel is never closed
    CHECK(transmit(card, "0070801400"_hex) == "6A86");
    CHECK(transmit(card, "0070010001"_hex) == "6A86");  // P1 neither 00 nor 80
    CHECK(transmit(card, "00700000"_hex) == "6700");    // open without Le: nowhere to put the number
    CHECK(transmit(card, "007000000100"_hex) == "6700");  // a data field
    CHECK(transmit(card, "8070000001"_hex) == "6E00");  // ISO class only
}

TEST_CASE("a new channel starts with the MF, or with the selection of the channel it was opened from",
          "[card][channel]") {
    card::VirtualEuicc card({});
    REQUIRE(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    REQUIRE(transmit(card, "0070000001"_hex) == "019000");
    CHECK(transmit(card, "81CA005A00"_hex) == "6A88");  // opened from channel 0: MF, not the ECASD

    REQUIRE(transmit(card, "01A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    REQUIRE(transmit(card, "0170000001"_hex) == "029000");  // opened from channel 1
    CHECK(transmit(card, "82CA005A00"_hex) == eid_tlv + "9000");
}

TEST_CASE("reset and power cycling close channels 1..19 and select the MF on channel 0", "[card][channel]") {
    card::VirtualEuicc card({});
    REQUIRE(transmit(card, "0070000001"_hex) == "019000");
    REQUIRE(transmit(card, "01A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    REQUIRE(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");

    SECTION("warm reset") {
        card.reset();
    }
    SECTION("power off, power on") {
        card.power_off();
        CHECK(transmit(card, "80CA005A00"_hex) == "6F00");  // no answer without power
        card.power_on();
    }
    CHECK(transmit(card, "81CA005A00"_hex) == "6881");
    CHECK(transmit(card, "80CA005A00"_hex) == "6A88");  // channel 0 is back on the MF
    CHECK(transmit(card, "0070000001"_hex) == "019000");
}
