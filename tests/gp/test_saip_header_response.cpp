// SPDX-License-Identifier: Apache-2.0
// Tests for the SAIP ProfileHeader codec (saip.md §3, minimal framing vector), header negatives and
// EUICCResponse (saip.md §7 vectors).
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/saip.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;

TEST_CASE("SAIP minimal framing package (saip.md vector, 39 bytes)", "[saip]") {
    const Bytes vector = "a01c800102810103820474657374830a89000123456789012341a500a600aa07a0058000810101"_hex;
    saip::ProfileHeader header;
    header.major_version = 2;
    header.minor_version = 3;
    header.profile_type = "test";
    header.iccid = "89000123456789012341";
    Bytes built = saip::encode_header(header);
    append(built, "aa07a0058000810101"_hex);
    CHECK(built == vector);

    const auto pes = saip::walk(vector);
    REQUIRE(pes.size() == 2);
    CHECK(pes[1].type == "end");
    CHECK(pes[1].identification == 1U);
    CHECK(saip::read_header(pes) == header);
    // Valid framing, but no MF: nothing to cross-check.
    CHECK_CODEC_ERROR(saip::check_iccid(pes), "SAIP", 0);
}

TEST_CASE("SAIP header: optional fields, a short ICCID, unknown later fields round trip", "[saip]") {
    saip::ProfileHeader header;
    header.iccid = "8944123456789012345"; // 19 digits: F-padded
    header.pol = "01"_hex;
    header.mandatory_services = {saip::Service::Milenage, saip::Service::Usim};
    header.mandatory_gfste = {std::string(saip::template_mf), std::string(saip::template_adf_usim), "1.2.840.113549"};
    header.connectivity_parameters = "A0090607913386994211F1"_hex;
    header.other.push_back(ber::parse_one("A80B3009800331323381020100"_hex)); // eUICC-Mandatory-AIDs
    const Bytes encoded = saip::encode_header(header);
    CHECK(to_hex(encoded).find("830A8944123456789012345F") != std::string::npos);
    saip::ProfileHeader parsed = saip::parse_header(encoded);
    // Services come back in tag order.
    CHECK(parsed.mandatory_services == std::vector<saip::Service>{saip::Service::Usim, saip::Service::Milenage});
    parsed.mandatory_services = header.mandatory_services;
    CHECK(parsed == header);
    CHECK(saip::to_string(saip::Service::UsimTestAlgorithm) == "usim-test-algorithm");
    CHECK(saip::to_string(static_cast<saip::Service>(0x9E)) == "unknown");
}

TEST_CASE("SAIP header: malformed fields", "[saip]") {
    // Missing iccid (83): a01a 800102 810103 820474657374 a500 a600 -> header without 83.
    CHECK_CODEC_ERROR(saip::parse_header("a0108001028101038204746573 74a500a600"_hex), "ProfileHeader", 0);
    // iccid of 9 bytes.
    CHECK_CODEC_ERROR(saip::parse_header("a0158001028101038309890001234567890123a500a600"_hex), "ProfileHeader", 8);
    // A non-decimal ICCID digit (byte 1 of the iccid value, which starts at offset 10).
    CHECK_CODEC_ERROR(saip::parse_header("a016800102810103830a89A00123456789012341a500a600"_hex), "ProfileHeader", 11);
    // A service flag with content.
    CHECK_CODEC_ERROR(saip::parse_header("a019800102810103830a89000123456789012341a503810100a600"_hex), "ProfileHeader", 22);
    // A GFSTE entry that is not an OID, and an OID that ends inside a subidentifier.
    CHECK_CODEC_ERROR(saip::parse_header("a01a800102810103830a89000123456789012341a500a60404026781"_hex),
                      "ProfileHeader", 24);
    CHECK_CODEC_ERROR(saip::parse_header("a01a800102810103830a89000123456789012341a500a60406026781"_hex),
                      "ProfileHeader", 27);
    // major-version 256 does not fit UInt8; a negative minor-version.
    CHECK_CODEC_ERROR(saip::parse_header("a01780020100810103830a89000123456789012341a500a600"_hex), "ProfileHeader", 2);
    CHECK_CODEC_ERROR(saip::parse_header("a016800102810183830a89000123456789012341a500a600"_hex), "ProfileHeader", 5);
    // Not a header, two TLVs.
    CHECK_CODEC_ERROR(saip::parse_header("aa07a005800081011f"_hex), "ProfileHeader", 0);
    CHECK_CODEC_ERROR(saip::parse_header("a000a000"_hex), "ProfileHeader", 2);

    saip::ProfileHeader bad;
    CHECK_THROWS_AS(saip::encode_header(bad), std::invalid_argument); // no ICCID
    bad.iccid = "123";
    bad.profile_type = "";
    CHECK_THROWS_AS(saip::encode_header(bad), std::invalid_argument);
    bad.profile_type.reset();
    bad.mandatory_gfste = {"2.23."};
    CHECK_THROWS_AS(saip::encode_header(bad), std::invalid_argument);
    bad.mandatory_gfste = {"3.1"};
    CHECK_THROWS_AS(saip::encode_header(bad), std::invalid_argument);
}

TEST_CASE("SAIP EUICCResponse: saip.md vectors", "[saip]") {
    const saip::EuiccResponse ok = saip::parse_euicc_response("3007a0053003800100"_hex);
    REQUIRE(ok.pe_status.size() == 1);
    CHECK(ok.pe_status[0] == saip::PeStatus{0, std::nullopt, std::nullopt, std::nullopt});
    CHECK(ok.ok());
    CHECK(saip::encode_euicc_response(ok) == "3007a0053003800100"_hex);

    // bad-values(3) in PE 8 at offset 123, installation aborted.
    const Bytes aborted_bytes = "300fa00b300980010381010883017b8100"_hex;
    const saip::EuiccResponse aborted = saip::parse_euicc_response(aborted_bytes);
    REQUIRE(aborted.pe_status.size() == 1);
    CHECK(aborted.pe_status[0] == saip::PeStatus{3, 8, std::nullopt, 123});
    CHECK(aborted.installation_aborted);
    CHECK_FALSE(aborted.ok());
    CHECK(saip::status_name(aborted.pe_status[0].status) == "bad-values");
    CHECK(saip::encode_euicc_response(aborted) == aborted_bytes);

    Bytes two = "3007a0053003800100"_hex;
    append(two, aborted_bytes);
    CHECK(saip::parse_euicc_responses(two).size() == 2);
    CHECK(saip::parse_euicc_responses(Bytes{}).empty());
}

TEST_CASE("SAIP EUICCResponse: names, message, large codes, malformed", "[saip]") {
    CHECK(saip::status_name(31) == "unsupported-profile-version");
    CHECK(saip::status_name(0x6A80) == "iso-sw");
    CHECK(saip::status_name(0x9000) == "iso-sw");
    CHECK(saip::status_name(0xA001) == "proprietary");
    CHECK(saip::status_name(12) == "unknown");

    saip::EuiccResponse r;
    r.pe_status.push_back({0x6A80, 200, 0xFF, 0x12345});
    r.status_message = "no";
    const saip::EuiccResponse back = saip::parse_euicc_response(saip::encode_euicc_response(r));
    CHECK(back == r);
    CHECK_FALSE(back.ok());

    CHECK_CODEC_ERROR(saip::parse_euicc_response("3100"_hex), "EUICCResponse", 0);
    CHECK_CODEC_ERROR(saip::parse_euicc_response("3000"_hex), "EUICCResponse", 0);            // no peStatus
    CHECK_CODEC_ERROR(saip::parse_euicc_response("3007a0053103800100"_hex), "EUICCResponse", 4);
    CHECK_CODEC_ERROR(saip::parse_euicc_response("3007a0053003810100"_hex), "EUICCResponse", 4); // no status
    CHECK_CODEC_ERROR(saip::parse_euicc_response("3008a00630048002ff00"_hex), "EUICCResponse", 6); // negative
    CHECK_CODEC_ERROR(saip::parse_euicc_response("3009a0053003800100 8101"_hex), "BER-TLV", 10);
    CHECK_CODEC_ERROR(saip::parse_euicc_response("300aa0053003800100810100"_hex), "EUICCResponse", 9); // NULL with content
    CHECK_CODEC_ERROR(saip::parse_euicc_response("30023000 3000"_hex), "EUICCResponse", 4);
}
