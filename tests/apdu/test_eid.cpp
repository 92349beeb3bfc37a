// SPDX-License-Identifier: Apache-2.0
// Tests for EID check digits (SGP.29 mod 97) and BCD packing (SGP.02 §2.2.2); vectors from spec/sgp02.md.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include <euicc/apdu/eid.hpp>
#include <euicc/error.hpp>

#include "codec_error_check.hpp"

using namespace euicc;
using namespace euicc::apdu;
using namespace euicc::literals;

TEST_CASE("EID check-digit vectors (osmocom/pysim test_euicc.py)", "[eid]") {
    auto valid = GENERATE(as<std::string>{}, "89049032123451234512345678901235", "89086030202200000022000023022943",
                          "89044045116727494800000004479366");
    CAPTURE(valid);
    CHECK(eid_is_valid(valid));
    CHECK(eid_with_check_digits(valid) == valid);
    CHECK(eid_with_check_digits(valid.substr(0, 30)) == valid);
}

TEST_CASE("EID check digits computed from 30 digits or replaced in 32", "[eid]") {
    CHECK(eid_with_check_digits("89049032123451234512345678901200") == "89049032123451234512345678901235");
    CHECK(eid_with_check_digits("890490321234512345123456789012") == "89049032123451234512345678901235");
    CHECK(eid_with_check_digits("89049032123451234512345678901234") == "89049032123451234512345678901235");
}

TEST_CASE("EID validity rejects wrong digits, lengths and characters", "[eid]") {
    auto eid = GENERATE(as<std::string>{}, "89049032123451234512345678901234", // check digits off by one
                        "8904903212345123451234567890123",                      // 31 digits
                        "890490321234512345123456789012350",                    // 33 digits
                        "8904903212345123451234567890123A", "", "89049032 123451234512345678901235");
    CAPTURE(eid);
    CHECK_FALSE(eid_is_valid(eid));
    CHECK_THROWS_AS(eid_to_bytes(eid), std::invalid_argument);
}

TEST_CASE("eid_with_check_digits needs 30 or 32 decimal digits", "[eid]") {
    auto eid = GENERATE(as<std::string>{}, "", "89049032123451234512345678901", "8904903212345123451234567890123",
                        "89049032123451234512345678901X", "+8904903212345123451234567890123");
    CAPTURE(eid);
    CHECK_THROWS_AS(eid_with_check_digits(eid), std::invalid_argument);
}

TEST_CASE("EID bytes: two digits per byte, first digit in the high nibble", "[eid]") {
    const std::string eid = "89049032123451234512345678901235";
    const Bytes bytes = "89049032123451234512345678901235"_hex;
    CHECK(eid_to_bytes(eid) == bytes);
    CHECK(eid_from_bytes(bytes) == eid);
}

TEST_CASE("eid_from_bytes rejects wrong lengths and non-decimal nibbles", "[eid]") {
    auto [raw, offset] = GENERATE(table<Bytes, std::size_t>({
        {Bytes{}, 0},
        {"890490321234512345123456789012"_hex, 15},       // 15 bytes: the 16th is missing
        {"8904903212345123451234567890123500"_hex, 16},   // 17 bytes
        {"8904903212345123451234567890123F"_hex, 15},     // F filler nibble
        {"A9049032123451234512345678901235"_hex, 0},
    }));
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(eid_from_bytes(raw), "EID", offset);
}
