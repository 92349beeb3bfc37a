// SPDX-License-Identifier: Apache-2.0
// Tests for the CLA byte and logical channels 0..19 (ISO/IEC 7816-4 §5.4.1, TS 102 221 §10.1.1; iso7816.md §4).
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/cla.hpp>
#include <euicc/error.hpp>

#include "codec_error_check.hpp"

using namespace euicc;
using namespace euicc::apdu;

namespace {

// The digest's encode rule: n < 4 -> base | n, n >= 4 -> 0x40 (ISO) / 0xC0 (ETSI) | (n - 4).
std::uint8_t expected_cla(bool etsi, unsigned channel) {
    if (channel < 4) {
        return static_cast<std::uint8_t>((etsi ? 0x80 : 0x00) | channel);
    }
    return static_cast<std::uint8_t>((etsi ? 0xC0 : 0x40) | (channel - 4));
}

} // namespace

TEST_CASE("CLA table: channels 0..19 for the ISO and ETSI classes", "[cla]") {
    const bool etsi = GENERATE(false, true);
    const unsigned channel = GENERATE(range(0u, 20u));
    CAPTURE(etsi, channel);
    const std::uint8_t base = etsi ? 0x80 : 0x00;
    const std::uint8_t cla = cla_with_channel(base, channel);
    CHECK(cla == expected_cla(etsi, channel));
    CHECK(channel_of_cla(cla) == channel);
    // Round trip through every other channel keeps the class and lands back on the same byte.
    for (unsigned other = 0; other <= max_logical_channel; ++other) {
        const std::uint8_t moved = cla_with_channel(cla, other);
        CAPTURE(other);
        CHECK(moved == expected_cla(etsi, other));
        CHECK(channel_of_cla(moved) == other);
        CHECK(cla_with_channel(moved, channel) == cla);
    }
}

TEST_CASE("channel_of_cla decodes known CLA values", "[cla]") {
    auto [cla, channel] = GENERATE(table<std::uint8_t, unsigned>({
        {0x00, 0}, {0x01, 1}, {0x03, 3}, {0x0C, 0}, {0x0B, 3},      // ISO first layout, SM bits ignored
        {0x13, 3},                                                   // ISO command chaining (b5)
        {0x80, 0}, {0x81, 1}, {0x83, 3}, {0x8E, 2},                  // ETSI first layout
        {0xA0, 0}, {0xA3, 3},                                        // GSM class
        {0x40, 4}, {0x4F, 19}, {0x60, 4}, {0x6F, 19}, {0x51, 5},     // ISO further layout (b6 SM, b5 chaining)
        {0xC0, 4}, {0xCF, 19}, {0xE3, 7}, {0xD0, 4}, {0xFE, 18},     // ETSI further layout
    }));
    CAPTURE(static_cast<int>(cla));
    CHECK(channel_of_cla(cla) == channel);
}

TEST_CASE("channel_of_cla rejects CLAs outside both layouts", "[cla]") {
    // 2X/3X are RFU, 9X/BX carry no layout we know, FF is reserved for PPS (ISO/IEC 7816-3).
    const std::uint8_t cla = GENERATE(as<std::uint8_t>{}, 0x20, 0x2F, 0x30, 0x3F, 0x90, 0x9F, 0xB0, 0xBF, 0xFF);
    CAPTURE(static_cast<int>(cla));
    CHECK_CODEC_ERROR(channel_of_cla(cla), "CLA", 0);
    CHECK_THROWS_AS(cla_with_channel(cla, 0), std::invalid_argument);
}

TEST_CASE("cla_with_channel keeps SM and chaining where the target layout can carry them", "[cla]") {
    auto [cla, channel, expected] = GENERATE(table<std::uint8_t, unsigned, std::uint8_t>({
        // Same layout: only the channel bits change.
        {0x0C, 2, 0x0E},  // SM "11" kept
        {0x84, 3, 0x87},  // proprietary SM "01" kept
        {0x13, 0, 0x10},  // chaining kept
        {0xE5, 19, 0xEF}, // ETSI further with SM
        {0x72, 6, 0x72},  // ISO further with SM + chaining
        {0xA2, 1, 0xA1},  // GSM class
        // First -> further: SM "10"/"11" -> b6; "01" has no further coding; chaining (b5) kept.
        {0x08, 4, 0x60},
        {0x0C, 5, 0x61},
        {0x04, 4, 0x40},
        {0x8C, 19, 0xEF},
        {0x10, 5, 0x51},
        {0x1C, 6, 0x72},
        // Further -> first: b6 -> SM "10"; chaining kept on the ISO class only.
        {0x60, 0, 0x08},
        {0x6F, 1, 0x09},
        {0xE0, 2, 0x8A},
        {0x50, 3, 0x13},
        {0x70, 0, 0x18},
        {0xD0, 1, 0x81},
    }));
    CAPTURE(static_cast<int>(cla), channel);
    CHECK(static_cast<int>(cla_with_channel(cla, channel)) == static_cast<int>(expected));
}

TEST_CASE("cla_with_channel rejects what no CLA can express", "[cla]") {
    CHECK_THROWS_AS(cla_with_channel(0x00, 20), std::invalid_argument);
    CHECK_THROWS_AS(cla_with_channel(0x80, 100), std::invalid_argument);
    CHECK_THROWS_AS(cla_with_channel(0xA0, 4), std::invalid_argument);  // GSM class has no further layout
    CHECK_THROWS_AS(cla_with_channel(0xF0, 19), std::invalid_argument); // would be FF
    CHECK(cla_with_channel(0xF0, 18) == 0xFE);
}
