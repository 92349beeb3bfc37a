// SPDX-License-Identifier: Apache-2.0
// Tests of the virtual eUICC's ATR (ISO/IEC 7816-3 §8): exact bytes, protocols offered and check byte TCK.
#include <catch2/catch.hpp>

#include <euicc/card/virtual_euicc.hpp>

#include "../../applet_spec/src/atr.hpp"

using namespace euicc;
using namespace euicc::literals;

TEST_CASE("atr_check_byte matches the TCK of a real ATR", "[card][atr]") {
    // vsmartcard's reference vicc ATR as printed by pcsc_scan: 3B 95 13 81 01 80 73 FF 01 00 | TCK 0B.
    CHECK(card::atr_check_byte("3B951381018073FF0100"_hex) == 0x0B);
    CHECK(card::atr_check_byte("3B00"_hex) == 0x00);
    CHECK_THROWS_AS(card::atr_check_byte("3B"_hex), std::invalid_argument);
}

TEST_CASE("the virtual eUICC answers a UICC ATR offering T=0 and T=1 with a correct TCK", "[card][atr]") {
    card::VirtualEuicc card({});
    const Bytes atr = card.atr();
    CHECK(to_hex(atr) == "3B9F9680811FC78031E073FE211F633A204E8300900016");

    // ISO 7816-3 §8.2.5: T0 ^ ... ^ TCK == 0 (TS excluded).
    std::uint8_t x = 0;
    for (std::size_t i = 1; i < atr.size(); ++i) {
        x ^= atr[i];
    }
    CHECK(x == 0);

    // T0 = 9F: 15 historical bytes; TD1 offers T=0, TD2 T=1, TD3 T=15 (global TA4).
    REQUIRE(atr.size() == 2 + 5 + 15 + 1);
    CHECK((atr[1] & 0x0F) == 15);
    CHECK((atr[3] & 0x0F) == 0);
    CHECK((atr[4] & 0x0F) == 1);
    CHECK((atr[5] & 0x0F) == 15);
}

TEST_CASE("the ATR does not change with power and reset", "[card][atr]") {
    card::VirtualEuicc card({});
    const Bytes before = card.atr();
    card.power_off();
    card.power_on();
    card.reset();
    CHECK(card.atr() == before);
}
