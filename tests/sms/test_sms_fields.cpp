// SPDX-License-Identifier: Apache-2.0
// Tests for TP-SCTS, TP-VP, TP-DCS (TS 23.040 §9.2.3, TS 23.038 §4) and GSM 7-bit packing/alphabet (TS 23.038 §6).
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/sms_fields.hpp>
#include <euicc/apdu/sms_gsm7.hpp>
#include <euicc/error.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::sms;
using namespace euicc::literals;

TEST_CASE("SCTS: swapped BCD vectors (spec/sms.md §3 and the pySim SMS-DELIVER)", "[sms][scts]") {
    auto [raw, expected] = GENERATE(table<Bytes, Timestamp>({
        {"22705200000000"_hex, Timestamp{22, 7, 25, 0, 0, 0, 0}},   // pySim's fixed SCTS: 2022-07-25
        {"90709030751300"_hex, Timestamp{9, 7, 9, 3, 57, 31, 0}},   // 2009-07-09 03:57:31
        {"99309251619580"_hex, Timestamp{99, 3, 29, 15, 16, 59, 8}}, // tshark: GMT + 2 hours
    }));
    CAPTURE(to_hex(raw));
    const Timestamp t = Timestamp::decode(raw);
    CHECK(t == expected);
    CHECK(t.encode() == raw);
}

TEST_CASE("SCTS: the time zone sign is bit 3 of the seventh octet", "[sms][scts]") {
    // tshark 4.0 reads 99309251619588 as "GMT - 2 hours": 8 quarters, sign bit set in the low semi-octet.
    const Timestamp west = Timestamp::decode("99309251619588"_hex);
    CHECK(west.utc_offset_quarters == -8);
    CHECK(west.encode() == "99309251619588"_hex);
    Timestamp max = west;
    max.utc_offset_quarters = -79;
    CHECK(max.encode().back() == 0x9F); // tens 7 | sign 8 in the low nibble, units 9 in the high one
    CHECK(Timestamp::decode(max.encode()) == max);
}

TEST_CASE("SCTS: invalid values", "[sms][scts]") {
    CHECK_CODEC_ERROR(Timestamp::decode("22A05200000000"_hex), "SCTS", 1);
    CHECK_CODEC_ERROR(Timestamp::decode("227052000000A0"_hex), "SCTS", 6);
    CHECK_CODEC_ERROR(Timestamp::decode("227052000000"_hex), "SCTS", 6);
    CHECK_CODEC_ERROR(Timestamp::decode("2270520000000000"_hex), "SCTS", 7);
    CHECK_THROWS_AS((Timestamp{100, 1, 1, 0, 0, 0, 0}.encode()), std::invalid_argument);
    CHECK_THROWS_AS((Timestamp{1, 1, 1, 0, 0, 0, 80}.encode()), std::invalid_argument);
}

TEST_CASE("Relative validity period durations (TS 23.040 §9.2.3.12.1)", "[sms][vp]") {
    CHECK(RelativeValidity{0x00}.minutes() == 5);
    CHECK(RelativeValidity{143}.minutes() == 12 * 60);
    CHECK(RelativeValidity{144}.minutes() == 12 * 60 + 30);
    CHECK(RelativeValidity{0xA7}.minutes() == 24 * 60); // pySim SMS-SUBMIT vector
    CHECK(RelativeValidity{168}.minutes() == 2 * 24 * 60);
    CHECK(RelativeValidity{196}.minutes() == 30 * 24 * 60);
    CHECK(RelativeValidity{197}.minutes() == 5 * 7 * 24 * 60);
    CHECK(RelativeValidity{255}.minutes() == 63 * 7 * 24 * 60);
}

TEST_CASE("DCS interpretation (TS 23.038 §4)", "[sms][dcs]") {
    using C = DataCoding;
    auto [dcs, expected] = GENERATE(table<std::uint8_t, DataCoding>({
        {0x00, C{Alphabet::Gsm7, false, std::nullopt}},
        {dcs::class2_8bit, C{Alphabet::Data8, false, 2}},         // F6
        {dcs::class2_8bit_general, C{Alphabet::Data8, false, 2}}, // 16
        {0xF5, C{Alphabet::Data8, false, 1}},                     // pySim SMS-SUBMIT
        {0xF0, C{Alphabet::Gsm7, false, 0}},
        {0x08, C{Alphabet::Ucs2, false, std::nullopt}},
        {0x24, C{Alphabet::Data8, true, std::nullopt}},
        {0x0C, C{Alphabet::Gsm7, false, std::nullopt}}, // reserved alphabet 11 -> default alphabet
        {0x4A, C{Alphabet::Ucs2, false, std::nullopt}}, // automatic deletion group
        {0x90, C{Alphabet::Gsm7, false, std::nullopt}}, // reserved group
        {0xD3, C{Alphabet::Gsm7, false, std::nullopt}}, // message waiting, store
        {0xE0, C{Alphabet::Ucs2, false, std::nullopt}},
    }));
    CAPTURE(static_cast<int>(dcs));
    CHECK(DataCoding::decode(dcs) == expected);
    CHECK(DataCoding::decode(dcs).udl_in_septets() == (expected.alphabet == Alphabet::Gsm7 && !expected.compressed));
}

TEST_CASE("GSM 7-bit packing: 'hellohello' and fill bits", "[sms][gsm7]") {
    const Bytes septets = gsm7::from_utf8("hellohello");
    CHECK(septets == "68656C6C6F68656C6C6F"_hex);
    CHECK(gsm7::pack(septets) == "E8329BFD4697D9EC37"_hex);
    CHECK(gsm7::unpack("E8329BFD4697D9EC37"_hex, 10) == septets);
    // After a 6-octet UDH the text starts on septet 7: one fill bit (TS 23.040 §9.2.3.24).
    const Bytes shifted = gsm7::pack(gsm7::from_utf8("hi"), 1);
    CHECK(shifted == "D069"_hex);
    CHECK(gsm7::unpack(shifted, 2, 1) == gsm7::from_utf8("hi"));
    CHECK(gsm7::packed_size(160) == 140);
    CHECK_CODEC_ERROR(gsm7::unpack("E832"_hex, 3), "GSM 7-bit", 2);
    CHECK_THROWS_AS(gsm7::pack("80"_hex), std::invalid_argument);
    CHECK_THROWS_AS(gsm7::pack("41"_hex, 7), std::invalid_argument);
}

TEST_CASE("GSM 7-bit alphabet and extension table", "[sms][gsm7]") {
    CHECK(gsm7::from_utf8("@\xC2\xA3$") == "000102"_hex);
    CHECK(gsm7::from_utf8("\xE2\x82\xAC[]") == "1B651B3C1B3E"_hex);
    CHECK(gsm7::to_utf8("1B651B3C1B3E"_hex) == "\xE2\x82\xAC[]");
    CHECK(gsm7::to_utf8("1041"_hex) == "\xCE\x94" "A"); // Greek capital delta
    // §6.2.1.1: an escape before an undefined extension code shows the default character; a lone one a space.
    CHECK(gsm7::to_utf8("1B41"_hex) == "A");
    CHECK(gsm7::to_utf8("411B"_hex) == "A ");
    CHECK_THROWS_AS(gsm7::from_utf8("\xE4\xB8\xAD"), std::invalid_argument); // U+4E2D
    CHECK_THROWS_AS(gsm7::from_utf8("\xC3"), std::invalid_argument);         // truncated UTF-8
    CHECK_THROWS_AS(gsm7::from_utf8("\xC0\x80"), std::invalid_argument);     // overlong
    CHECK_CODEC_ERROR(gsm7::to_utf8("4180"_hex), "GSM 7-bit", 1);
}
