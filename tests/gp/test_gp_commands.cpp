// SPDX-License-Identifier: Apache-2.0
// Tests for GP SELECT, INSTALL, DELETE and SET STATUS (GPCS v2.3.1 §11.2, §11.5, §11.9, §11.10;
// spec/globalplatform.md §5, §6, §11, §13 and its test vectors).
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/gp.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using gp_test::hex;

TEST_CASE("GP SELECT by AID", "[gp]") {
    CHECK(hex(gp::select(apdu::aid::isd_r)) == "00A4040010A0000005591010FFFFFFFF890000010000");
    CHECK(hex(gp::select("A000000151"_hex, true)) == "00A4040205A00000015100");
    // Empty AID: select the ISD, case 2.
    CHECK(hex(gp::select(Bytes{})) == "00A4040000");
    CHECK_THROWS_AS(gp::select(Bytes(17, 0xA0)), std::invalid_argument);
}

TEST_CASE("GP SELECT response: the security domain FCI", "[gp]") {
    const Bytes fci = "6F198408A000000151000000A50D73009F6501FF9F6E0412345678"_hex;
    const gp::SelectResponse r = gp::parse_select_response(fci);
    CHECK(r.aid == "A000000151000000"_hex);
    REQUIRE(r.max_command_length);
    CHECK(*r.max_command_length == 0xFF);
    REQUIRE(r.production_life_cycle);
    CHECK(*r.production_life_cycle == "12345678"_hex);
    REQUIRE(r.security_domain_management);
    CHECK(r.security_domain_management->tag == 0x73);
    CHECK(r.proprietary.size() == 3);
    // 9F65 of 2 bytes (cards with extended-length support).
    CHECK(gp::parse_select_response("6F0E8405A000000151A5059F65020400"_hex).max_command_length == 0x400U);
}

TEST_CASE("GP SELECT response: malformed FCIs", "[gp]") {
    CHECK_CODEC_ERROR(gp::parse_select_response("6E03840100"_hex), "SELECT FCI", 0);           // not 6F
    CHECK_CODEC_ERROR(gp::parse_select_response("6F05A503800100"_hex), "SELECT FCI", 0);       // no 84
    CHECK_CODEC_ERROR(gp::parse_select_response("6F08840100A5039F6500"_hex), "SELECT FCI", 10); // 9F65 empty
    CHECK_CODEC_ERROR(gp::parse_select_response("6F0584"_hex), "BER-TLV", 1);                 // truncated
}

TEST_CASE("GP install parameters: pySim gen_install_parameters vectors", "[gp]") {
    gp::InstallParameters p;
    CHECK(gp::encode_install_parameters(p) == "C900"_hex);
    p.non_volatile_quota = 256;
    p.volatile_quota = 256;
    p.ts102226_parameters = "010001001505000000000000000000000000"_hex;
    CHECK(gp::encode_install_parameters(p) == "c900ef1cc8020100c7020100ca12010001001505000000000000000000000000"_hex);
    // Quotas above 32767 take 4 bytes (GPCS Table 11-49).
    gp::InstallParameters big;
    big.non_volatile_quota = 0x8000;
    CHECK(gp::encode_install_parameters(big) == "C900EF06C80400008000"_hex);
}

TEST_CASE("GP INSTALL [for install and make selectable]", "[gp]") {
    gp::InstallForInstall install;
    install.load_file_aid = "A0000005591010FFFFFFFF8900000D00"_hex;
    install.module_aid = "A0000005591010FFFFFFFF8900000E00"_hex;
    install.instance_aid = gp_test::isdp_aid;
    install.privileges = gp::Privileges(0x80C000);
    install.install_parameters = "C904810203 70"_hex;
    // GP form: Le = 00 after the data (njiwa sends it so; WHTY's SGP.02 vector omits it, see test_sgp02_*).
    CHECK(hex(gp::install_for_install(install)) ==
          "80E60C003F10A0000005591010FFFFFFFF8900000D0010A0000005591010FFFFFFFF8900000E0010A0000005591010FFFFFF"
          "FF89000013000380C00006C904810203700000");
    install.make_selectable = false;
    install.token = "AABB"_hex;
    const apdu::CommandApdu only_install = gp::install_for_install(install);
    CHECK(only_install.p1() == 0x04);
    CHECK(to_hex(only_install.data()).ends_with("06C9048102037002AABB"));

    install.install_parameters = "C9"_hex;
    CHECK_THROWS_AS(gp::install_for_install(install), std::invalid_argument);
    install.install_parameters = "C900"_hex;
    install.instance_aid = "A000"_hex;
    CHECK_THROWS_AS(gp::install_for_install(install), std::invalid_argument);
}

TEST_CASE("GP INSTALL [for personalization] (njiwa ECKeyAgreementEG, GPCS Table 11-47)", "[gp]") {
    // spec/globalplatform.md §6: 80 E6 20 00 16 00 00 10 <ISD-P AID> 00 00 00, plus the Le = 00 of GPCS §11.5.2.
    CHECK(hex(gp::install_for_personalization(gp_test::isdp_aid)) ==
          "80E62000160000" "10A0000005591010FFFFFFFF8900001300" "000000" "00");
    CHECK_THROWS_AS(gp::install_for_personalization(Bytes{}), std::invalid_argument);
}

TEST_CASE("GP INSTALL/DELETE confirmation", "[gp]") {
    CHECK(gp::parse_confirmation("00"_hex).empty());
    CHECK(gp::parse_confirmation(Bytes{}).empty());
    CHECK(gp::parse_confirmation("03AABBCC"_hex) == "AABBCC"_hex);
    CHECK_CODEC_ERROR(gp::parse_confirmation("03AABB"_hex), "confirmation", 1);
    CHECK_CODEC_ERROR(gp::parse_confirmation("01AABB"_hex), "confirmation", 2);
}

TEST_CASE("GP DELETE of an object and of keys", "[gp]") {
    CHECK(hex(gp::delete_object(gp_test::isdp_aid)) == "80E40000124F10A0000005591010FFFFFFFF890000130000");
    CHECK(hex(gp::delete_object("A0000001515350"_hex, true)) == "80E40080094F07A000000151535000");
    CHECK(hex(gp::delete_key(0x01, 0x30)) == "80E4000006D00101D2013000");
    CHECK(hex(gp::delete_key(std::nullopt, 0x30)) == "80E4000003D2013000");
    CHECK(hex(gp::delete_key(0x02, std::nullopt)) == "80E4000003D0010200");
    CHECK_THROWS_AS(gp::delete_key(std::nullopt, std::nullopt), std::invalid_argument);
    CHECK_THROWS_AS(gp::delete_object("A0"_hex), std::invalid_argument);
}

TEST_CASE("GP SET STATUS", "[gp]") {
    CHECK(hex(gp::set_status(gp::SetStatusScope::Application, 0x83, gp_test::isdp_aid)) ==
          "80F0408310A0000005591010FFFFFFFF8900001300");
    CHECK(hex(gp::set_status(gp::SetStatusScope::IssuerSecurityDomain, gp::life_cycle::card_secured, Bytes{})) ==
          "80F0800F");
    CHECK_THROWS_AS(gp::set_status(gp::SetStatusScope::Application, 0x07, Bytes{}), std::invalid_argument);
}
