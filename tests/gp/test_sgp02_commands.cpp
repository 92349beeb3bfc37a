// SPDX-License-Identifier: Apache-2.0
// Tests for the SGP.02 ES5 commands to the ISD-R (spec/sgp02.md §4.1-4.8, §5.4 and its WHTY/njiwa vectors):
// CreateISDP, Enable/Disable/SetFallBack/Delete, addressing and connectivity parameters, card-side parsing.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/sgp02.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using gp_test::hex;
using gp_test::isdp_aid;

TEST_CASE("SGP.02 ISD-P AIDs and profile states", "[sgp02]") {
    CHECK(sgp02::isdp_aid(0x0013) == isdp_aid);
    CHECK(sgp02::isdp_aid(0x1234) == "A0000005591010FFFFFFFF8900123400"_hex);
    CHECK(sgp02::profile_state(0x07) == sgp02::ProfileState::Created);
    CHECK(sgp02::profile_state(0x0F) == sgp02::ProfileState::Created);
    CHECK(sgp02::profile_state(0x1F) == sgp02::ProfileState::Disabled);
    CHECK(sgp02::profile_state(0x3F) == sgp02::ProfileState::Enabled);
    CHECK_FALSE(sgp02::profile_state(0x83).has_value());
    CHECK(sgp02::to_string(sgp02::ProfileState::Enabled) == "enabled");
    CHECK(sgp02::isdp_privileges.encode() == "80C000"_hex);
}

TEST_CASE("SGP.02 CreateISDP: WHTY HexTest vector, byte for byte", "[sgp02]") {
    sgp02::CreateIsdp request;
    request.isdp_aid = isdp_aid;
    CHECK(hex(sgp02::create_isdp(request)) ==
          "80E60C003F10A0000005591010FFFFFFFF8900000D0010A0000005591010FFFFFFFF8900000E0010A0000005591010FFFFFFFF"
          "89000013000380C00006C9048102037000");
}

TEST_CASE("SGP.02 CreateISDP with a memory quota (GP EF/C8, UNCONFIRMED tag)", "[sgp02]") {
    sgp02::CreateIsdp request;
    request.isdp_aid = isdp_aid;
    request.non_volatile_quota = 0x4000;
    const apdu::CommandApdu cmd = sgp02::create_isdp(request);
    CHECK(to_hex(cmd.data()).ends_with("0CC90481020370EF04C802400000"));
    CHECK(cmd.data().size() == 0x3F + 6);
    request.isdp_aid = "A0000005"_hex;
    CHECK_THROWS_AS(sgp02::create_isdp(request), std::invalid_argument);
}

TEST_CASE("SGP.02 Enable/Disable/SetFallBack/Delete (njiwa + WHTY)", "[sgp02]") {
    const std::string aid = to_hex(isdp_aid);
    CHECK(hex(sgp02::enable_profile(isdp_aid)) == "80E28800153A03124F10" + aid);
    CHECK(hex(sgp02::disable_profile(isdp_aid)) == "80E28800153A04124F10" + aid);
    // WHTY sends SetFallBack with a trailing 00 that P1 88 (b1 = 0: no response data) does not ask for.
    const Bytes whty_fallback = from_hex("80E28800153A05124F10" + aid + "00");
    CHECK(sgp02::set_fallback_attribute(isdp_aid) == apdu::CommandApdu::parse(whty_fallback).with_ne(std::nullopt));
    CHECK(hex(sgp02::set_fallback_attribute(isdp_aid)) == "80E28800153A05124F10" + aid);
    CHECK(hex(sgp02::delete_profile(isdp_aid)) == "80E4004012" "4F10" + aid + "00");
    CHECK_THROWS_AS(sgp02::enable_profile(Bytes(17, 0xA0)), std::invalid_argument);
    CHECK_THROWS_AS(sgp02::delete_profile(Bytes{}), std::invalid_argument);
}

TEST_CASE("SGP.02 UpdateConnectivityParameters: WHTY ParametersApdu vector", "[sgp02]") {
    // SMSC +33689924111 -> 3A07 0B A0 09 06 07 91 3386994211F1
    const apdu::CommandApdu cmd = sgp02::update_connectivity_parameters("33689924111");
    CHECK(to_hex(cmd.data()) == "3A070BA0090607913386994211F1");
    CHECK(hex(cmd) == "80E288000E3A070BA0090607913386994211F1");
}

TEST_CASE("SGP.02 UpdateSMSRAddressingParameters (WHTY layout)", "[sgp02]") {
    CHECK(hex(sgp02::update_smsr_addressing_parameters("447700900123")) ==
          "80E288000F" "3A070C" "A30A" "8108" "06" "85" "447700091032");
    // Odd digit count: F padding in the high nibble of the last byte.
    CHECK(to_hex(sgp02::update_smsr_addressing_parameters("12345", 0x91).data()) == "3A0709A307810503912143F5");
    CHECK_THROWS_AS(sgp02::update_smsr_addressing_parameters("12a4"), std::invalid_argument);
    CHECK_THROWS_AS(sgp02::update_smsr_addressing_parameters(std::string(41, '1')), std::invalid_argument);
}

TEST_CASE("SGP.02 card side: ISD-P target and SM-SR address of STORE DATA payloads", "[sgp02]") {
    CHECK(sgp02::parse_profile_target(sgp02::enable_profile(isdp_aid).data(), sgp02::dgi::enable_profile) == isdp_aid);
    CHECK(sgp02::parse_profile_target(sgp02::set_fallback_attribute(isdp_aid).data(),
                                      sgp02::dgi::set_fallback_attribute) == isdp_aid);
    // Wrong DGI, wrong inner tag, short AID, truncated TLV.
    CHECK_CODEC_ERROR(sgp02::parse_profile_target(sgp02::disable_profile(isdp_aid).data(), sgp02::dgi::enable_profile),
                      "ISD-R STORE DATA", 0);
    CHECK_CODEC_ERROR(sgp02::parse_profile_target("3A03035A01AA"_hex, sgp02::dgi::enable_profile), "ISD-R STORE DATA", 3);
    CHECK_CODEC_ERROR(sgp02::parse_profile_target("3A03034F01AA"_hex, sgp02::dgi::enable_profile), "ISD-R STORE DATA", 3);
    CHECK_CODEC_ERROR(sgp02::parse_profile_target("3A03024F05"_hex, sgp02::dgi::enable_profile), "BER-TLV", 4);

    const sgp02::SmsrAddress address =
        sgp02::parse_smsr_addressing_parameters(sgp02::update_smsr_addressing_parameters("12345", 0x91).data());
    CHECK(address == sgp02::SmsrAddress{"12345", 0x91});
    CHECK_CODEC_ERROR(sgp02::parse_smsr_addressing_parameters("3A0709A307810504912143F5"_hex), "SM-SR address", 7);
    CHECK_CODEC_ERROR(sgp02::parse_smsr_addressing_parameters("3A0709A307810503912A43F5"_hex), "SM-SR address", 9);
    CHECK_CODEC_ERROR(sgp02::parse_smsr_addressing_parameters("3A0705A0038101AA"_hex), "SM-SR address", 3);
}
