// SPDX-License-Identifier: Apache-2.0
// Tests for SAIP download segments (saip.md §9.1, 1007-byte plaintext limit) and the package generator
// (saip.md §3-§6: header, mf/EF.ICCID, usim/EF.IMSI/EF.ACC, Milenage akaParameter, end).
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include <euicc/apdu/saip.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;

namespace {

Bytes join(const std::vector<Bytes>& segments) {
    Bytes out;
    for (const Bytes& s : segments) {
        append(out, s);
    }
    return out;
}

bool contains(const Bytes& haystack, const Bytes& needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

} // namespace

TEST_CASE("SAIP segments: 1007-byte cuts of the TS.48 profiles", "[saip]") {
    auto [file, count] = GENERATE(table<std::string, std::size_t>({
        {"TS48v1_A.der", 12},                   // ceil(11768 / 1007)
        {"TS48v2_SAIP2.1_BERTLV.der", 13},      // ceil(12257 / 1007)
        {"TS48v5_SAIP2.3_BERTLV_SUCI.der", 13}, // ceil(12284 / 1007)
    }));
    CAPTURE(file);
    const Bytes package = gp_test::read_profile(file);
    const auto segments = saip::segment(package);
    CHECK(segments.size() == count);
    CHECK(join(segments) == package);
    for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
        CHECK(segments[i].size() == saip::max_segment_size);
    }
    CHECK_FALSE(segments.back().empty());
}

TEST_CASE("SAIP segments aligned to PE boundaries", "[saip]") {
    const Bytes package = gp_test::read_profile("TS48v5_SAIP2.3_BERTLV_SUCI.der");
    const auto pes = saip::walk(package);
    const std::size_t max_size = GENERATE(std::size_t{512}, saip::max_segment_size, std::size_t{4096});
    CAPTURE(max_size);
    const auto segments = saip::segment(package, {max_size, true});
    CHECK(join(segments) == package);
    // Every segment starts at a PE boundary or inside a PE too big for one segment.
    std::size_t at = 0;
    for (const Bytes& s : segments) {
        CHECK(!s.empty());
        CHECK(s.size() <= max_size);
        const bool at_boundary =
            std::any_of(pes.begin(), pes.end(), [&](const saip::ProfileElement& pe) { return pe.offset == at; });
        const bool inside_big = std::any_of(pes.begin(), pes.end(), [&](const saip::ProfileElement& pe) {
            return pe.offset < at && at < pe.offset + pe.raw.size() && pe.raw.size() > max_size;
        });
        CHECK((at_boundary || inside_big));
        at += s.size();
    }
    // Aligned packing never needs fewer segments than plain cuts.
    CHECK(segments.size() >= saip::segment(package, {max_size, false}).size());
}

TEST_CASE("SAIP segments from a package already walked equal those of the package", "[saip]") {
    const Bytes package = gp_test::read_profile("TS48v2_SAIP2.1_BERTLV.der");
    const auto pes = saip::walk(package);
    const bool aligned = GENERATE(false, true);
    CAPTURE(aligned);
    const saip::SegmentOptions options{saip::max_segment_size, aligned};
    CHECK(saip::segment(pes, package, options) == saip::segment(package, options));
    CHECK_THROWS_AS(saip::segment(pes, package, {0, aligned}), std::invalid_argument);
}

TEST_CASE("SAIP segments: small packages, bad options, malformed packages", "[saip]") {
    const Bytes minimal = "a01c800102810103820474657374830a89000123456789012341a500a600aa07a0058000810101"_hex;
    CHECK(saip::segment(minimal) == std::vector<Bytes>{minimal});
    CHECK(saip::segment(minimal, {10, false}).size() == 4);
    CHECK(saip::segment(minimal, {30, true}).size() == 2); // header (30 bytes) | end (9 bytes)
    CHECK_THROWS_AS(saip::segment(minimal, {0, false}), std::invalid_argument);
    CHECK_CODEC_ERROR(saip::segment("3000"_hex), "SAIP", 0);
}

TEST_CASE("SAIP generator: ICCID-only package parses back", "[saip]") {
    saip::GeneratorParams params;
    params.iccid = "8988211000000000017";
    const Bytes package = saip::generate_profile(params);
    const auto pes = saip::walk(package);
    REQUIRE(pes.size() == 3);
    CHECK(pes[0].type == "header");
    CHECK(pes[1].type == "mf");
    CHECK(pes[2].type == "end");
    CHECK(pes[1].identification == 1U);
    CHECK(pes[2].identification == 2U);
    const saip::ProfileHeader header = saip::read_header(pes);
    CHECK(header.iccid == params.iccid);
    CHECK(header.profile_type == "euicc-host generated profile");
    CHECK(header.mandatory_gfste == std::vector<std::string>{std::string(saip::template_mf)});
    CHECK(header.mandatory_services.empty());
    CHECK(saip::check_iccid(pes) == params.iccid);
    // EF.ICCID: swapped BCD with the F pad in the high nibble of the last byte.
    CHECK(contains(pes[1].raw, "830A988812010000000010F7"_hex));
}

TEST_CASE("SAIP generator: USIM with IMSI and Milenage keys", "[saip]") {
    saip::GeneratorParams params;
    params.iccid = "89000123456789012341";
    params.profile_type = "lab";
    params.imsi = "001010123456063";
    params.ki = SecretBytes("000102030405060708090a0b0c0d0e0f"_hex);
    params.opc = SecretBytes(Bytes(16, 0x00));
    const Bytes package = saip::generate_profile(params);
    const auto pes = saip::walk(package);
    std::vector<std::string> types;
    for (const auto& pe : pes) {
        types.emplace_back(pe.type);
    }
    CHECK(types == std::vector<std::string>{"header", "mf", "usim", "akaParameter", "end"});
    CHECK(pes.back().identification == 4U);
    const saip::ProfileHeader header = saip::read_header(pes);
    CHECK(header.profile_type == "lab");
    CHECK(header.mandatory_services == std::vector<saip::Service>{saip::Service::Usim, saip::Service::Milenage});
    CHECK(header.mandatory_gfste ==
          std::vector<std::string>{std::string(saip::template_mf), std::string(saip::template_adf_usim)});
    CHECK(saip::check_iccid(pes) == params.iccid);
    // EF.IMSI as in TS.48 (saip.md: 001010123456063 -> 080910101032540636), EF.ACC = 1 << 3.
    CHECK(contains(pes[2].raw, "A30B8309080910101032540636"_hex));
    CHECK(contains(pes[2].raw, "B20483020008"_hex));
    CHECK(contains(pes[2].raw, "840CA0000000871002FF49FF0589"_hex));
    // akaParameter laid out as TS.48's (saip.md §6.5) with algorithm 1 (Milenage), options 00.
    CHECK(pes[3].raw == "a435a0058000810103a12ca12a800101810100"
                        "8210000102030405060708090a0b0c0d0e0f831000000000000000000000000000000000"_hex);
    // The whole package is DER: the segments of it concatenate back.
    CHECK(join(saip::segment(package, {100, true})) == package);
}

TEST_CASE("SAIP generator: even-length IMSI, version, and bad parameters", "[saip]") {
    saip::GeneratorParams params;
    params.iccid = "890001234567890123";
    params.imsi = "26201123456789"; // 14 digits: parity nibble 1, F pad
    params.major_version = 3;
    params.minor_version = 3;
    const Bytes package = saip::generate_profile(params);
    const auto pes = saip::walk(package);
    CHECK(contains(pes[2].raw, "83090821261021436587F9"_hex));
    CHECK(saip::read_header(pes).major_version == 3);

    const auto refused = [](saip::GeneratorParams p) { CHECK_THROWS_AS(saip::generate_profile(p), std::invalid_argument); };
    saip::GeneratorParams p;
    p.iccid = "12345678901234567"; // 17 digits
    refused(p);
    p.iccid = "8900012345678901234X";
    refused(p);
    p.iccid = "89000123456789012341";
    p.imsi = "12345";
    refused(p);
    p.imsi = "001010123456063";
    p.ki = SecretBytes(Bytes(16, 1));
    refused(p); // no OPc
    p.opc = SecretBytes(Bytes(15, 1));
    refused(p);
    p.imsi.reset();
    p.opc = SecretBytes(Bytes(16, 1));
    refused(p); // keys without a USIM
    p.ki = SecretBytes();
    p.opc = SecretBytes();
    p.profile_type = std::string(101, 'x');
    refused(p);
}
