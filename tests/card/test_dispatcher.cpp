// SPDX-License-Identifier: Apache-2.0
// Tests of the card's CLA/INS routing and status-word mapping (ISO/IEC 7816-4 §5.1, §5.4.1, §5.6).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include <euicc/error.hpp>

#include "../../applet_spec/src/dispatcher.hpp"
#include "card_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::transmit;

TEST_CASE("Dispatcher maps handler failures to 6A80 and 6F00", "[card][dispatcher]") {
    card::LogicalChannels channels;
    card::Dispatcher dispatcher(channels);
    dispatcher.add(0x10, card::CommandClass::Any, [](const card::Command&) -> apdu::ResponseApdu {
        throw CodecError("test data", 3, "malformed");
    });
    dispatcher.add(0x12, card::CommandClass::Any, [](const card::Command&) -> apdu::ResponseApdu {
        throw std::logic_error("bug");
    });
    dispatcher.add(0x14, card::CommandClass::Any, [](const card::Command&) -> apdu::ResponseApdu { throw 42; });
    dispatcher.add(0x16, card::CommandClass::Proprietary, [](const card::Command& c) {
        return apdu::ResponseApdu(Bytes{static_cast<std::uint8_t>(c.channel)}, apdu::sw::ok);
    });
    CHECK(to_hex(dispatcher.process("80100000"_hex)) == "6A80");
    CHECK(to_hex(dispatcher.process("80120000"_hex)) == "6F00");
    CHECK(to_hex(dispatcher.process("80140000"_hex)) == "6F00");
    CHECK(to_hex(dispatcher.process("80160000"_hex)) == "009000");
    CHECK(to_hex(dispatcher.process("00160000"_hex)) == "6E00");   // INS known, class not
    CHECK(to_hex(dispatcher.process("81160000"_hex)) == "6881");   // channel 1 closed
    CHECK(to_hex(dispatcher.process("80180000"_hex)) == "6D00");
}

TEST_CASE("the card's answers to malformed and unsupported commands", "[card][dispatcher]") {
    card::VirtualEuicc card({});
    SECTION("unknown INS: 6D00") {
        CHECK(transmit(card, "00B0000000"_hex) == "6D00");  // READ BINARY: no EFs yet
        CHECK(transmit(card, "80E2910003BF2D00"_hex) == "6D00");
        CHECK(transmit(card, "00CB3FFF00"_hex) == "6D00");
    }
    SECTION("unknown CLA: 6E00") {
        CHECK(transmit(card, "FFA40400"_hex) == "6E00");
        CHECK(transmit(card, "A0A40000023F00"_hex) == "6E00");  // GSM SIM class: this is a UICC
        CHECK(transmit(card, "20A40400"_hex) == "6E00");
        CHECK(transmit(card, "90CA005A00"_hex) == "6E00");
    }
    SECTION("secure messaging or chaining indicated in CLA: 6882, 6884") {
        for (int i = 1; i <= 4; ++i) {
            REQUIRE(transmit(card, "0070000001"_hex) == "0" + std::to_string(i) + "9000");
        }
        CHECK(transmit(card, "0CA40400"_hex) == "6882");    // first layout, b4..b3 = 11
        CHECK(transmit(card, "60A40400"_hex) == "6882");    // further layout (channel 4), b6 = 1
        CHECK(transmit(card, "E0CA005A00"_hex) == "6882");
        CHECK(transmit(card, "10A40400"_hex) == "6884");    // chaining, channel 0
        CHECK(transmit(card, "50A40400"_hex) == "6884");    // chaining, channel 4
    }
    SECTION("lengths that fit no APDU case: 6700") {
        CHECK(transmit(card, ""_hex) == "6700");
        CHECK(transmit(card, "00"_hex) == "6700");
        CHECK(transmit(card, "00A404"_hex) == "6700");
        CHECK(transmit(card, "00A4040010A000"_hex) == "6700");  // Lc 16, 1 byte present
        CHECK(transmit(card, "00A4040002A0000000"_hex) == "6700");  // Lc 2, then 3 bytes
    }
}
