// SPDX-License-Identifier: Apache-2.0
// Tests for SGP.02 EstablishISDRKeySet data (spec/sgp02.md §4.9, WHTY SecondStoreDataApdu CRT vector) and
// FinaliseISDRhandover (§4.10, WHTY FinaliseIsdrHandoverApdu vector).
#include <catch2/catch.hpp>

#include <array>
#include <stdexcept>

#include <euicc/apdu/sgp02.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using gp_test::hex;

TEST_CASE("SGP.02 key establishment CRT: WHTY SCP80 keyset for SM-SR2", "[sgp02]") {
    // A6 { 90020309 950110 800188 810110 820101 830102 9100 }: scenario #3 params 09, KUQ 10, AES 16, KID 1, KVN 2.
    sgp02::KeyEstablishmentCrt crt;
    CHECK(sgp02::encode_key_establishment_crt(crt) == "A615900203099501108001888101108201018301029100"_hex);
    crt.scenario_parameters = 0x0E;
    crt.key_usage_qualifier = 0x5C;
    crt.key_access = 0x00;
    crt.key_type = 0x85;
    crt.key_version = 0x40;
    crt.initial_counter = "0000000001"_hex;
    crt.sdin = "0102"_hex;
    crt.host_id = "AABBCC"_hex;
    CHECK(sgp02::encode_key_establishment_crt(crt) ==
          "A6269002030E95015C960100800185810110820101830140 91050000000001 45020102 8403AABBCC"_hex);
}

TEST_CASE("SGP.02 EstablishISDRKeySet block (a): certificate in STORE DATA 3A01", "[sgp02]") {
    const Bytes certificate(100, 0x21);
    const auto a = sgp02::establish_keyset_certificate(certificate);
    REQUIRE(a.size() == 1);
    // 80 E2 09 00: more blocks (block (b) follows), DGI, response expected; Le = 00.
    CHECK(hex(a[0]) == "80E2090067" "3A0164" + to_hex(certificate) + "00");

    const auto long_a = sgp02::establish_keyset_certificate(Bytes(300, 0x7F));
    REQUIRE(long_a.size() == 2);
    CHECK(long_a[0].p1() == 0x09);
    CHECK(long_a[1].p1() == 0x09);
    CHECK(long_a[1].p2() == 0x01);
    CHECK(to_hex(long_a[0].data()).starts_with("3A01FF012C"));
    CHECK_THROWS_AS(sgp02::establish_keyset_certificate(Bytes{}), std::invalid_argument);
}

TEST_CASE("SGP.02 EstablishISDRKeySet block (b): CRT, ephemeral key, signature in 3A02", "[sgp02]") {
    const Bytes epk = "B04104"_hex;
    const Bytes signature(64, 0x5F);
    const auto b = sgp02::establish_keyset_keys({}, epk, signature, 1);
    REQUIRE(b.size() == 1);
    CHECK(b[0].p1() == 0x89);
    CHECK(b[0].p2() == 0x01);
    CHECK(b[0].ne() == 256U);
    CHECK(to_hex(b[0].data()) == "3A0260" "A615900203099501108001888101108201018301029100" "7F4903B04104" "5F3740" +
                                     to_hex(signature));
}

TEST_CASE("SGP.02 EstablishISDRKeySet responses", "[sgp02]") {
    const Bytes rc = "00112233445566778899AABBCCDDEEFF"_hex;
    CHECK(sgp02::parse_random_challenge(ber::encode(0x85, rc)) == rc);
    Bytes both = ber::encode(0x85, "0102"_hex);
    append(both, ber::encode(0x86, rc));
    CHECK(sgp02::parse_key_establishment_response(both) == sgp02::KeyEstablishmentResult{"0102"_hex, rc});
    CHECK(sgp02::parse_key_establishment_response(ber::encode(0x86, rc)).derivation_random.empty());

    CHECK_CODEC_ERROR(sgp02::parse_random_challenge("8600"_hex), "key establishment", 0);
    CHECK_CODEC_ERROR(sgp02::parse_random_challenge("8500"_hex), "key establishment", 0);
    CHECK_CODEC_ERROR(sgp02::parse_key_establishment_response("850101"_hex), "key establishment", 3);
    CHECK_CODEC_ERROR(sgp02::parse_key_establishment_response("8601018701AA"_hex), "key establishment", 3);
    CHECK_CODEC_ERROR(sgp02::parse_key_establishment_response("8605AA"_hex), "BER-TLV", 1);
}

TEST_CASE("SGP.02 FinaliseISDRhandover: WHTY vector F203010103F203410102", "[sgp02]") {
    const std::array<sgp02::KeysetRange, 2> old_keysets{sgp02::KeysetRange{0x01, 1, 3}, sgp02::KeysetRange{0x41, 1, 2}};
    CHECK(sgp02::encode_keysets_to_delete(old_keysets) == "F203010103F203410102"_hex);
    CHECK(hex(sgp02::finalise_isdr_handover(old_keysets)) == "80E400000AF203010103F20341010200");
    const std::array<sgp02::KeysetRange, 1> backwards{sgp02::KeysetRange{0x01, 3, 1}};
    CHECK_THROWS_AS(sgp02::encode_keysets_to_delete(backwards), std::invalid_argument);
    CHECK_THROWS_AS(sgp02::finalise_isdr_handover({}), std::invalid_argument);
}
