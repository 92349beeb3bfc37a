// SPDX-License-Identifier: Apache-2.0
// Tests for the SAIP package walker, header reader and EF.ICCID check on the three GSMA TS.48 test profiles in
// ../shared/profiles (saip.md §2, §3, §5, §8) plus malformed packages.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <euicc/apdu/saip.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using saip::Service;

namespace {

const std::string ts48_iccid = "89000123456789012341";

// PE types of the SAIP 2.1 TS.48 packages (28 PEs): no df-5gs/df-saip.
const std::vector<std::string> types_v21{
    "header",   "mf",         "pukCodes", "pinCodes",    "telecom",  "pinCodes",      "genericFileManagement",
    "usim",     "opt-usim",   "pinCodes", "akaParameter", "gsm-access", "csim",        "opt-csim",
    "pinCodes", "cdmaParameter", "isim",  "opt-isim",    "pinCodes", "akaParameter",  "genericFileManagement",
    "genericFileManagement", "securityDomain", "rfm", "rfm", "rfm", "rfm", "end"};

// TS48v5 SAIP 2.3 (30 PEs): as pySim's expected list for TS48v2_SAIP2.3 (saip.md test vectors).
const std::vector<std::string> types_v23{
    "header",   "mf",       "pukCodes",      "pinCodes", "telecom",  "pinCodes",     "genericFileManagement",
    "usim",     "opt-usim", "pinCodes",      "akaParameter", "gsm-access", "df-5gs", "df-saip",
    "csim",     "opt-csim", "pinCodes",      "cdmaParameter", "isim", "opt-isim",     "pinCodes",
    "akaParameter", "genericFileManagement", "genericFileManagement", "securityDomain", "rfm", "rfm", "rfm", "rfm",
    "end"};

std::vector<std::string> types_of(const std::vector<saip::ProfileElement>& pes) {
    std::vector<std::string> out;
    for (const auto& pe : pes) {
        out.emplace_back(pe.type);
    }
    return out;
}

std::vector<std::string> gfste(std::initializer_list<int> suffixes) {
    std::vector<std::string> out;
    for (int s : suffixes) {
        out.push_back("2.23.143.1.2." + std::to_string(s));
    }
    return out;
}

} // namespace

TEST_CASE("SAIP: the three TS.48 profiles walk, read and cross-check", "[saip]") {
    struct Expected {
        std::string file;
        std::size_t size;
        std::uint8_t minor;
        std::vector<std::string> types;
        std::vector<Service> services;
        std::vector<std::string> templates;
        std::size_t end_offset;
        unsigned end_identification;
    };
    auto expected = GENERATE(
        Expected{"TS48v1_A.der", 11768, 1, types_v21,
                 {Service::Usim, Service::Isim, Service::Csim, Service::Javacard, Service::UsimTestAlgorithm},
                 gfste({1, 3, 4, 5, 7, 8, 9, 10, 11}), 11759, 29},
        Expected{"TS48v2_SAIP2.1_BERTLV.der", 12257, 1, types_v21,
                 {Service::Usim, Service::Isim, Service::Csim, Service::UsimTestAlgorithm, Service::BerTlv},
                 gfste({1, 3, 4, 5, 7, 8, 9, 10, 11}), 12248, 29},
        Expected{"TS48v5_SAIP2.3_BERTLV_SUCI.der", 12284, 3, types_v23,
                 {Service::Usim, Service::Isim, Service::Csim, Service::UsimTestAlgorithm, Service::BerTlv,
                  Service::GetIdentity, Service::ProfileAX25519, Service::ProfileBP256},
                 gfste({1, 3, 4, 5, 7, 8, 9, 10, 11, 13, 14}), 12275, 31});
    CAPTURE(expected.file);
    const Bytes package = gp_test::read_profile(expected.file);
    REQUIRE(package.size() == expected.size);

    const auto pes = saip::walk(package);
    CHECK(pes.size() == expected.types.size());
    CHECK(types_of(pes) == expected.types);
    // The PEs tile the package: each starts where the previous one ended, and raw is the package slice.
    std::size_t at = 0;
    for (const auto& pe : pes) {
        CHECK(pe.offset == at);
        CHECK(std::equal(pe.raw.begin(), pe.raw.end(), package.begin() + static_cast<std::ptrdiff_t>(at)));
        at += pe.raw.size();
    }
    CHECK(at == package.size());
    CHECK(pes.back().offset == expected.end_offset);
    CHECK(pes.back().identification == expected.end_identification);
    CHECK(pes.back().mandated);
    CHECK(pes[1].identification == 4U); // mf
    CHECK_FALSE(pes[0].identification);
    CHECK(std::all_of(pes.begin() + 1, pes.end(), [](const saip::ProfileElement& pe) { return pe.mandated; }));

    const saip::ProfileHeader header = saip::read_header(pes);
    CHECK(header.major_version == 2);
    CHECK(header.minor_version == expected.minor);
    CHECK(header.profile_type == "GSMA Generic eUICC Test Profile");
    CHECK(header.iccid == ts48_iccid);
    CHECK(header.mandatory_services == expected.services);
    CHECK(header.mandatory_gfste == expected.templates);
    CHECK_FALSE(header.pol);
    CHECK(header.other.empty());
    // DER round trip of the header PE.
    CHECK(saip::encode_header(header) == pes[0].raw);

    CHECK(saip::read_ef_iccid(pes) == ts48_iccid);
    CHECK(saip::check_iccid(pes) == ts48_iccid);
}

TEST_CASE("SAIP: TS48v5 identification numbers (saip.md test vectors)", "[saip]") {
    const auto pes = saip::walk(gp_test::read_profile("TS48v5_SAIP2.3_BERTLV_SUCI.der"));
    std::vector<unsigned> ids;
    for (const auto& pe : pes) {
        ids.push_back(pe.identification.value_or(0));
    }
    CHECK(ids == std::vector<unsigned>{0,  4,  5,  2,  7,  3,  23, 8,  9,  10, 11, 12, 13, 14, 15,
                                       16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31});
    CHECK(pes[7].offset == 2552);
    CHECK(pes[7].value_length == 1201);
}

TEST_CASE("SAIP: TS48v1_A header PE equals the saip.md vector", "[saip]") {
    const Bytes vector =
        "a08189800102810101821f47534d412047656e6572696320655549434320546573742050726f66696c65830a89000123456789012341"
        "a50a8100820083008b009100a648060667810f010201060667810f010203060667810f010204060667810f010205060667810f010207"
        "060667810f010208060667810f010209060667810f01020a060667810f01020b"_hex;
    const auto pes = saip::walk(gp_test::read_profile("TS48v1_A.der"));
    CHECK(pes[0].raw == vector);
    CHECK(saip::parse_header(vector) == saip::read_header(pes));
}

TEST_CASE("SAIP: individual TS48v5 NoBERTLV PEs (saip.md vectors)", "[saip]") {
    const Bytes pes_bytes =
        "a328a0058000810105a11f300d80010181083131313131313131300e8002008181083232323232323232"
        "a24ca0058000810102a143a0413013800101810830303030ffffffff820101830106301480010a81083535353535353535830103840200aa"
        "301480010b81083636363636363636830103840200aa"
        "a435a005800081010ba12ca12a8001038101028210000102030405060708090a0b0c0d0e0f831000000000000000000000000000000000"
        "a722a005800081011b4f09a00000055910100001a0050403b00120810102040100040100"
        "aa07a005800081011f"_hex;
    const auto pes = saip::walk(pes_bytes);
    REQUIRE(pes.size() == 5);
    CHECK(types_of(pes) == std::vector<std::string>{"pukCodes", "pinCodes", "akaParameter", "rfm", "end"});
    CHECK(pes[0].identification == 5U);
    CHECK(pes[1].identification == 2U);
    CHECK(pes[2].identification == 11U);
    CHECK(pes[3].identification == 27U);
    CHECK(pes[4].identification == 31U);
    CHECK(pes[4].offset == pes_bytes.size() - 9);
    // No header first: read_header refuses.
    CHECK_CODEC_ERROR(saip::read_header(pes), "SAIP", 0);
}

TEST_CASE("SAIP: malformed packages", "[saip]") {
    CHECK_CODEC_ERROR(saip::walk(Bytes{}), "SAIP", 0);
    // A universal SEQUENCE is not a ProfileElement CHOICE tag.
    CHECK_CODEC_ERROR(saip::walk("aa07a005800081011f 3000"_hex), "SAIP", 9);
    // A primitive context tag.
    CHECK_CODEC_ERROR(saip::walk("8000"_hex), "SAIP", 0);
    // end PE without PEHeader, and with a PEHeader lacking the identification.
    CHECK_CODEC_ERROR(saip::walk("aa03810101"_hex), "SAIP", 0);
    CHECK_CODEC_ERROR(saip::walk("aa04a0028000"_hex), "SAIP", 2);
    CHECK_CODEC_ERROR(saip::walk("aa07a0058000820101"_hex), "SAIP", 6);
    // PEHeader identification over UInt15, and a non-minimal INTEGER.
    CHECK_CODEC_ERROR(saip::walk("aa08a006800081028000"_hex), "SAIP", 6);
    CHECK_CODEC_ERROR(saip::walk("aa08a00680008102001f"_hex), "SAIP", 6);
    // DER: non-minimal length (BER 81 07) is refused, at the top level and nested inside a PE.
    CHECK_CODEC_ERROR(saip::walk("aa8107a005800081011f"_hex), "BER-TLV", 1);
    CHECK_CODEC_ERROR(saip::walk("aa08a0068000818101 1f"_hex), "BER-TLV", 7);
    // Truncated: the first 140 bytes of the TS48v5 MF PE (saip.md vector).
    const Bytes mf_start =
        "b0820307a0058000810104810667810f010201a20ca10a8b032f0601c603010a0ba31ca11a8202412183022f058b032f0604800106"
        "a508c00140c103656effa423a1158202412183022fe28b032f0603880110a503c00140830a98001032547698103214a56ba11782044221"
        "002183022f008b032f0602800184a503c00140831661144f0ca0000000871002"_hex;
    CHECK_CODEC_ERROR(saip::walk(mf_start), "BER-TLV", 1);
    // A truncated TS.48 package: the last PE (end) loses its last byte.
    Bytes cut = gp_test::read_profile("TS48v1_A.der");
    cut.pop_back();
    CHECK_CODEC_ERROR(saip::walk(cut), "BER-TLV", 11768 - 9 + 1);
}

TEST_CASE("SAIP: ICCID mismatch between header and EF.ICCID", "[saip]") {
    Bytes package = gp_test::read_profile("TS48v5_SAIP2.3_BERTLV_SUCI.der");
    const Bytes ef = "98001032547698103214"_hex;
    const auto found = std::search(package.begin(), package.end(), ef.begin(), ef.end());
    REQUIRE(found != package.end());
    const auto content_offset = static_cast<std::size_t>(found - package.begin());
    package[content_offset + 9] = 0x24; // last digits ...41 -> ...42
    const auto pes = saip::walk(package);
    CHECK(saip::read_ef_iccid(pes) == "89000123456789012342");
    try {
        saip::check_iccid(pes);
        FAIL("check_iccid must throw");
    } catch (const CodecError& e) {
        CHECK(e.context() == "SAIP");
        CHECK(e.offset() == content_offset);
        const std::string what = e.what();
        CHECK(what.find("89000123456789012342") != std::string::npos);
        CHECK(what.find("89000123456789012341") != std::string::npos);
    }
}

TEST_CASE("SAIP: EF.ICCID with fill offsets, missing or short content, non-BCD digits", "[saip]") {
    saip::ProfileHeader header;
    header.iccid = ts48_iccid;
    const Bytes header_pe = saip::encode_header(header);
    const std::size_t h = header_pe.size();
    // Package = header + mf { PEHeader id 1, templateID MF, mf A2 00, <ef_iccid_file> }.
    const auto package_with = [&](const Bytes& ef_iccid_file) {
        Bytes mf = "a0058000810101810667810f010201a200"_hex;
        append(mf, ef_iccid_file);
        Bytes package = header_pe;
        append(package, ber::encode(0xB0, mf));
        return saip::walk(package);
    };
    // The mf TLV starts at h, its value at h + 2, ef-iccid A4 at h + 19, its first element at h + 21.
    const std::size_t ef_at = h + 19;
    const std::size_t first_content_value = h + 23;

    // Content in three pieces with a zero fillFileOffset between them.
    CHECK(saip::check_iccid(package_with("a41383039800108302325482010083057698103214"_hex)) == ts48_iccid);
    // A gap: fillFileOffset 2 skips bytes 3..4.
    CHECK_CODEC_ERROR(saip::read_ef_iccid(package_with("a40f830398001082010283057698103214"_hex)), "SAIP",
                      first_content_value);
    // Only an FCP, no content.
    CHECK_CODEC_ERROR(saip::read_ef_iccid(package_with("a402a100"_hex)), "SAIP", ef_at);
    // No ef-iccid at all.
    CHECK_CODEC_ERROR(saip::read_ef_iccid(package_with("a500"_hex)), "SAIP", h);
    // A non-decimal nibble in the first content byte.
    CHECK_CODEC_ERROR(saip::read_ef_iccid(package_with("a40c830a9a001032547698103214"_hex)), "SAIP", first_content_value);
    // No mf PE.
    Bytes no_mf = header_pe;
    append(no_mf, "aa07a005800081011f"_hex);
    CHECK_CODEC_ERROR(saip::check_iccid(saip::walk(no_mf)), "SAIP", 0);
}
