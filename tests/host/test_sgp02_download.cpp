// SPDX-License-Identifier: Apache-2.0
// IsdP: SCP03t download of GSMA TS.48 test profiles (spec/saip.md §9, spec/scp03.md §9) against a scripted card
// with the real card-side SCP03t crypto; connectivity parameters (spec/sgp02.md §5.4, WHTY vector).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include <euicc/error.hpp>
#include <euicc/host/isd_p.hpp>
#include <euicc/host/sgp02_errors.hpp>
#include <euicc/transport/in_process_channel.hpp>

#include "host/sgp02_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;

namespace {

Bytes read_profile(const std::string& name) {
    const std::string path = std::string(EUICC_SOURCE_DIR) + "/../shared/profiles/" + name;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The segments as the SM-DP cuts them, checked independently of saip::segment: 1007 bytes each (the SGP.02
/// §4.1.3.3 maximum, spec/saip.md §9.1) except the last.
std::vector<Bytes> expected_segments(ByteView package, std::size_t size = 1007) {
    std::vector<Bytes> out;
    for (std::size_t at = 0; at < package.size(); at += size) {
        const ByteView part = package.subspan(at, std::min(size, package.size() - at));
        out.emplace_back(part.begin(), part.end());
    }
    return out;
}

Bytes select_isdp(ByteView aid, unsigned channel = 0) {
    return gp::select(aid).with_cla(apdu::cla_with_channel(0x00, channel)).encode();
}

/// EUICCResponse { peStatus { { status 0 } } } (spec/saip.md §7).
const Bytes euicc_response_ok = "3007 A005 3003 800100"_hex;

} // namespace

TEST_CASE("download_and_install_profile sends a TS.48 profile in 13 SCP03t segments", "[host][sgp02]") {
    const std::string file = GENERATE(as<std::string>{}, "TS48v2_SAIP2.1_BERTLV.der", "TS48v1_A.der",
                                      "TS48v5_SAIP2.3_BERTLV_SUCI.der");
    CAPTURE(file);
    const Bytes package = read_profile(file);
    const auto segments = expected_segments(package);
    REQUIRE(segments.size() == (package.size() + 1006) / 1007);
    const unsigned lc = GENERATE(0u, 2u);
    CAPTURE(lc);

    Scp03TestCard card;
    card.plain(select_isdp(isdp_1300(), lc), "9000"_hex).tlv_open(isdp_keys(), isdp_1300(), lc);
    for (std::size_t k = 0; k < segments.size(); ++k) {
        card.tlv_segment(segments[k], k + 1 == segments.size() ? euicc_response_ok : Bytes{}, lc);
    }
    transport::InProcessChannel channel(card);
    FixedRng rng(41);
    host::IsdP isdp(channel, isdp_1300(), rng, lc);
    const host::ProfileInstallation installed = isdp.download_and_install_profile(isdp_keys(), package);

    CHECK(installed.isdp_aid == isdp_1300());
    CHECK(installed.iccid == "89000123456789012341");
    CHECK(installed.package_size == package.size());
    CHECK(installed.segments == segments.size());
    // SELECT, 84, 85 and one STORE DATA per segment: within the goal of ceil(size / 1007) + 10.
    CHECK(installed.commands == 3 + segments.size());
    CHECK(installed.commands <= (package.size() + 1006) / 1007 + 10);
    REQUIRE(installed.responses.size() == 1);
    CHECK(installed.ok());
    // One STORE DATA (extended length) per TLV.
    CHECK(card.tlv_blocks() == std::vector<std::size_t>(2 + segments.size(), 1));
    require_card_done(card);
}

TEST_CASE("download_and_install_profile with short APDUs splits each TLV into numbered blocks", "[host][sgp02]") {
    const Bytes package = read_profile("TS48v2_SAIP2.1_BERTLV.der");
    const auto segments = expected_segments(package);
    Scp03TestCard card;
    card.plain(select_isdp(isdp_1300()), "9000"_hex).tlv_open(isdp_keys(), isdp_1300());
    for (const Bytes& segment : segments) {
        card.tlv_segment(segment);
    }
    transport::InProcessChannel channel(card);
    FixedRng rng(42);
    host::IsdP isdp(channel, isdp_1300(), rng);
    host::DownloadOptions options;
    options.max_block = 200;
    const host::ProfileInstallation installed = isdp.download_and_install_profile(isdp_keys(), package, options);
    CHECK(installed.responses.empty());
    CHECK(installed.ok());
    // 84 (12 bytes) and 85 (19 bytes) fit one block; a full segment is an 86 82 03F8 TLV of 1020 bytes: 6 blocks.
    const std::vector<std::size_t> blocks = card.tlv_blocks();
    REQUIRE(blocks.size() == 2 + segments.size());
    CHECK(blocks[0] == 1);
    CHECK(blocks[1] == 1);
    CHECK(blocks[2] == 6);
    CHECK(installed.commands == 1 + 2 + 6 * (segments.size() - 1) + blocks.back());
    require_card_done(card);
}

TEST_CASE("download_and_install_profile checks the package before sending anything", "[host][sgp02]") {
    Bytes package = read_profile("TS48v2_SAIP2.1_BERTLV.der");
    Scp03TestCard card; // no steps: any command is a failure
    transport::InProcessChannel channel(card);
    FixedRng rng(43);
    host::IsdP isdp(channel, isdp_1300(), rng);
    SECTION("header ICCID differs from EF.ICCID") {
        // The header's 83 0A <ICCID>: change one digit pair (89000123... -> 89000124...).
        const Bytes header_iccid = "830A89000123456789012341"_hex;
        const auto at = std::search(package.begin(), package.end(), header_iccid.begin(), header_iccid.end());
        REQUIRE(at != package.end());
        *(at + 5) = 0x24;
        CHECK_THROWS_AS(isdp.download_and_install_profile(isdp_keys(), package), CodecError);
    }
    SECTION("truncated package") {
        package.resize(package.size() - 10);
        CHECK_THROWS_AS(isdp.download_and_install_profile(isdp_keys(), package), CodecError);
    }
    CHECK(card.seen().empty());
    require_card_done(card);
}

TEST_CASE("download_and_install_profile failures", "[host][sgp02]") {
    const Bytes package = read_profile("TS48v2_SAIP2.1_BERTLV.der");
    const auto segments = expected_segments(package);
    Scp03TestCard card;
    transport::InProcessChannel channel(card);
    FixedRng rng(44);
    host::IsdP isdp(channel, isdp_1300(), rng);

    SECTION("SELECT refused: no such ISD-P") {
        card.plain(select_isdp(isdp_1300()), "6A82"_hex);
        try {
            isdp.download_and_install_profile(isdp_keys(), package);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "SELECT ISD-P A0000005591010FFFFFFFF8900001300");
            CHECK(e.sw() == apdu::sw::not_found);
        }
    }
    SECTION("ISD-P keys unknown to the card: SecurityError naming the ISD-P") {
        card.plain(select_isdp(isdp_1300()), "9000"_hex).tlv_initialize_update(new_smsr_keys(), isdp_1300());
        scp03::StaticKeys keys = isdp_keys();
        keys.kvn = 0x31; // the card's keyset version, other key values
        try {
            isdp.download_and_install_profile(keys, package);
            FAIL("no exception");
        } catch (const scp03::CryptogramMismatch& e) {
            CHECK(std::string(e.what()).rfind("ISD-P A0000005591010FFFFFFFF8900001300: ", 0) == 0);
        }
    }
    SECTION("6A84 on a segment: NotEnoughMemoryError naming the segment") {
        card.plain(select_isdp(isdp_1300()), "9000"_hex).tlv_open(isdp_keys(), isdp_1300());
        for (std::size_t k = 0; k < 4; ++k) {
            card.tlv_segment(segments[k]);
        }
        card.store_data_refused(0x6A84);
        try {
            isdp.download_and_install_profile(isdp_keys(), package);
            FAIL("no exception");
        } catch (const host::NotEnoughMemoryError& e) {
            CHECK(e.command() == "PROFILE DOWNLOAD 86 segment 5/13");
        }
    }
    SECTION("error TLV 9F46 on a segment") {
        card.plain(select_isdp(isdp_1300()), "9000"_hex).tlv_open(isdp_keys(), isdp_1300());
        card.tlv_segment(segments[0]);
        card.tlv_segment_refused("9F460102"_hex);
        try {
            isdp.download_and_install_profile(isdp_keys(), package);
            FAIL("no exception");
        } catch (const scp03::TlvErrorResponse& e) {
            CHECK(e.tag() == 0x9F46);
            CHECK(e.data() == "02"_hex);
        }
    }
    SECTION("profileInstallationAborted stops the download") {
        // EUICCResponse { peStatus { { status 3 bad-values, identification 5 } }, profileInstallationAborted }.
        const Bytes aborted = "300C A008 3006 800103 810105 8100"_hex;
        card.plain(select_isdp(isdp_1300()), "9000"_hex).tlv_open(isdp_keys(), isdp_1300());
        card.tlv_segment(segments[0]);
        card.tlv_segment(segments[1]);
        card.tlv_segment(segments[2], aborted);
        try {
            isdp.download_and_install_profile(isdp_keys(), package);
            FAIL("no exception");
        } catch (const host::ProfileInstallationError& e) {
            CHECK(e.iccid() == "89000123456789012341");
            CHECK(e.response().installation_aborted);
            REQUIRE(e.response().pe_status.size() == 1);
            CHECK(e.response().pe_status[0].status == 3);
            CHECK(std::string(e.what()).find("bad-values") != std::string::npos);
        }
    }
    SECTION("a PE status without abort is reported, not thrown") {
        const Bytes warning = "300A A008 3006 80010A 810107"_hex;
        card.plain(select_isdp(isdp_1300()), "9000"_hex).tlv_open(isdp_keys(), isdp_1300());
        for (std::size_t k = 0; k < segments.size(); ++k) {
            card.tlv_segment(segments[k], k == 6 ? warning : Bytes{});
        }
        const host::ProfileInstallation installed = isdp.download_and_install_profile(isdp_keys(), package);
        REQUIRE(installed.responses.size() == 1);
        CHECK_FALSE(installed.ok());
    }
    require_card_done(card);
}

TEST_CASE("download_and_install_profile of a generated profile in 512-byte segments", "[host][sgp02]") {
    saip::GeneratorParams params;
    params.iccid = "8988211000000000017";
    params.imsi = "001010000000017";
    params.ki = SecretBytes(Bytes(16, 0x11));
    params.opc = SecretBytes(Bytes(16, 0x22));
    const Bytes package = saip::generate_profile(params);
    const auto segments = expected_segments(package, 512); // njiwa's segment size
    Scp03TestCard card;
    card.plain(select_isdp(isdp_1300()), "9000"_hex).tlv_open(isdp_keys(), isdp_1300());
    for (const Bytes& segment : segments) {
        card.tlv_segment(segment, euicc_response_ok);
    }
    transport::InProcessChannel channel(card);
    FixedRng rng(45);
    host::IsdP isdp(channel, isdp_1300(), rng);
    host::DownloadOptions options;
    options.segments.max_size = 512;
    const auto installed = isdp.download_and_install_profile(isdp_keys(), package, options);
    CHECK(installed.iccid == "8988211000000000017");
    CHECK(installed.segments == segments.size());
    CHECK(installed.responses.size() == segments.size());
    require_card_done(card);
}

TEST_CASE("update_connectivity_parameters sends WHTY's 3A07 under SCP03 with the ISD-P", "[host][sgp02]") {
    Scp03TestCard card;
    // spec/sgp02.md §5.4 vector: SMSC +33689924111 -> 3A07 0B A0 09 06 07 91 3386994211F1.
    card.open(isdp_keys(), isdp_1300()).secure("80E288000E3A070BA00906079133869942 11F1"_hex, "9000"_hex);
    transport::InProcessChannel channel(card);
    FixedRng rng(46);
    host::IsdP isdp(channel, isdp_1300(), rng);
    isdp.update_connectivity_parameters(isdp_keys(), "33689924111");
    require_card_done(card);
}

TEST_CASE("IsdP checks its arguments", "[host][sgp02]") {
    Scp03TestCard card;
    transport::InProcessChannel channel(card);
    FixedRng rng(47);
    CHECK_THROWS_AS(host::IsdP(channel, "A000"_hex, rng), std::invalid_argument);
    CHECK_THROWS_AS(host::IsdP(channel, isdp_1300(), rng, 20), std::invalid_argument);
}
