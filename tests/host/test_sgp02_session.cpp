// SPDX-License-Identifier: Apache-2.0
// SecurityDomainSession: the pySim SCP03 transcripts (spec/scp03.md) byte for byte, logical channels, STORE DATA
// splitting, PUT KEY (spec/globalplatform.md §12 example) and every failure path.
#include <catch2/catch.hpp>

#include <euicc/apdu/gp.hpp>
#include <euicc/error.hpp>
#include <euicc/host/security_domain_session.hpp>
#include <euicc/host/sgp02_errors.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "host/sgp02_test_support.hpp"
#include "scp03/scp03_vectors.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;
using apdu::CommandApdu;
using apdu::StatusWord;
using host::SecurityDomainOptions;
using host::SecurityDomainSession;
using transport::ScriptedCard;

namespace {

const Bytes select_isd_r = "00A4040010A0000005591010FFFFFFFF890000010000"_hex;

/// The ScriptedCard side of a pySim transcript up to EXTERNAL AUTHENTICATE.
std::vector<ScriptedCard::Step> opening(const scp03_test::Transcript& t) {
    return {{select_isd_r, "9000"_hex},
            {t.init_upd_cmd, join(t.init_upd_rsp, "9000"_hex)},
            {t.ext_auth_cmd, "9000"_hex}};
}

SecurityDomainOptions at(scp03::SecurityLevel level) {
    SecurityDomainOptions options;
    options.level = level;
    return options;
}

} // namespace

TEST_CASE("SecurityDomainSession reproduces the pySim SCP03 transcripts", "[host][sgp02]") {
    const auto& t = GENERATE(from_range(scp03_test::transcripts()));
    CAPTURE(t.name);
    auto steps = opening(t);
    steps.push_back({t.get_eid_cmd, join(t.get_eid_rsp, "9000"_hex)});
    // The four command cases, answered with an error SW (no protection, Amd D §6.2.5) so no R-MAC is needed.
    for (const Bytes& wire : t.cases) {
        steps.push_back({wire, "6A88"_hex});
    }
    ScriptedCard card(steps);
    transport::InProcessChannel channel(card);
    const Bytes challenge(t.init_upd_cmd.begin() + 5, t.init_upd_cmd.begin() + 13);
    SequenceRng rng(challenge);

    SecurityDomainSession session(channel, isd_r_aid(), scp03_test::keys_for(t.key_bits), rng, at(t.level()));
    CHECK(session.name() == "ISD-R");
    CHECK(session.key_version() == scp03_test::keys_for(t.key_bits).kvn);
    const auto eid = session.transmit(CommandApdu::parse(scp03_test::get_eid_cmd_plain));
    CHECK(eid.data() == scp03_test::get_eid_rsp_plain);
    CHECK(eid.sw() == apdu::sw::ok);
    for (const Bytes& plain : scp03_test::case_plain) {
        CHECK(session.transmit(CommandApdu::parse(plain)).sw() == apdu::sw::referenced_data_not_found);
    }
    require_script_done(card);
}

TEST_CASE("SecurityDomainSession runs on a logical channel", "[host][sgp02]") {
    const unsigned lc = GENERATE(1u, 3u, 5u, 19u);
    CAPTURE(lc);
    const std::uint8_t cla = apdu::cla_with_channel(0x80, lc);
    Scp03TestCard card;
    card.open(isd_r_keys(), isd_r_aid(), lc)
        .secure(Bytes{cla, 0xCA, 0x00, 0xE0, 0x00}, "E006C00401308810 9000"_hex);
    transport::InProcessChannel channel(card);
    FixedRng rng(1);
    SecurityDomainOptions options;
    options.logical_channel = lc;
    SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng, options);
    CHECK(session.logical_channel() == lc);
    const auto answer = session.expect(gp::get_data(0xE0), "GET DATA E0");
    CHECK(answer.data() == "E006C00401308810"_hex);
    require_card_done(card);
}

TEST_CASE("SecurityDomainSession at level 03 for cards without R-MAC", "[host][sgp02]") {
    Scp03TestCard card;
    card.open(isd_r_keys(), isd_r_aid()).secure("80CA00E000"_hex, "E006C00401308810 9000"_hex);
    transport::InProcessChannel channel(card);
    FixedRng rng(2);
    SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng, at(scp03::SecurityLevel::CMacCDec));
    CHECK(session.level() == scp03::SecurityLevel::CMacCDec);
    CHECK(session.expect(gp::get_data(0xE0), "GET DATA E0").data() == "E006C00401308810"_hex);
    require_card_done(card);
}

TEST_CASE("SecurityDomainSession names refused opening steps", "[host][sgp02]") {
    FixedRng rng(3);
    SECTION("SELECT 6A82") {
        Scp03TestCard card;
        card.select(isd_r_aid(), 0, 0x6A82);
        transport::InProcessChannel channel(card);
        try {
            SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "SELECT ISD-R");
            CHECK(e.sw() == apdu::sw::not_found);
        }
        require_card_done(card);
    }
    SECTION("INITIALIZE UPDATE 6A88: no keyset of that version") {
        Scp03TestCard card;
        card.select(isd_r_aid()).initialize_update(isd_r_keys(), isd_r_aid(), 0, 0x6A88);
        transport::InProcessChannel channel(card);
        try {
            SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "INITIALIZE UPDATE ISD-R");
            CHECK(e.sw() == apdu::sw::referenced_data_not_found);
        }
        require_card_done(card);
    }
    SECTION("EXTERNAL AUTHENTICATE 6300: host cryptogram refused") {
        const auto& t = scp03_test::transcripts().at(2);
        auto steps = opening(t);
        steps.back().response = "6300"_hex;
        ScriptedCard card(steps);
        transport::InProcessChannel channel(card);
        SequenceRng fixed(Bytes(t.init_upd_cmd.begin() + 5, t.init_upd_cmd.begin() + 13));
        try {
            SecurityDomainSession session(channel, isd_r_aid(), scp03_test::keys_aes128(), fixed, at(t.level()));
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "EXTERNAL AUTHENTICATE ISD-R");
            CHECK(e.sw() == StatusWord(0x6300));
        }
        require_script_done(card);
    }
}

TEST_CASE("SecurityDomainSession: a card without our keys is a SecurityError naming the SD", "[host][sgp02]") {
    FixedRng rng(4);
    SECTION("card cryptogram from other keys") {
        Scp03TestCard card;
        card.select(isd_r_aid()).initialize_update(new_smsr_keys(), isd_r_aid());
        transport::InProcessChannel channel(card);
        auto host_keys = isd_r_keys();
        host_keys.kvn = 0; // "first available": the KVN check does not catch it, the cryptogram does
        try {
            SecurityDomainSession session(channel, isd_r_aid(), host_keys, rng);
            FAIL("no exception");
        } catch (const scp03::CryptogramMismatch& e) {
            const std::string text = e.what();
            CHECK(text.rfind("ISD-R: ", 0) == 0);
            // Keys never appear in texts.
            CHECK(text.find("000102030405") == std::string::npos);
            CHECK(text.find("A0A1A2A3") == std::string::npos);
        }
        require_card_done(card);
    }
    SECTION("card answers with another key version") {
        const auto& t = scp03_test::transcripts().at(2);
        auto steps = opening(t);
        steps[1].response[10] = 0x31;
        steps.pop_back();
        ScriptedCard card(steps);
        transport::InProcessChannel channel(card);
        SequenceRng fixed(Bytes(t.init_upd_cmd.begin() + 5, t.init_upd_cmd.begin() + 13));
        CHECK_THROWS_AS(SecurityDomainSession(channel, isd_r_aid(), scp03_test::keys_aes128(), fixed, at(t.level())),
                        SecurityError);
        require_script_done(card);
    }
}

TEST_CASE("SecurityDomainSession: a wrong R-MAC aborts the session", "[host][sgp02]") {
    const auto& t = scp03_test::transcripts().at(2); // level 33
    auto steps = opening(t);
    Bytes tampered = t.get_eid_rsp;
    tampered.back() ^= 0x01;
    steps.push_back({t.get_eid_cmd, join(tampered, "9000"_hex)});
    ScriptedCard card(steps);
    transport::InProcessChannel channel(card);
    SequenceRng rng(Bytes(t.init_upd_cmd.begin() + 5, t.init_upd_cmd.begin() + 13));
    SecurityDomainSession session(channel, isd_r_aid(), scp03_test::keys_aes128(), rng, at(t.level()));
    try {
        session.transmit(CommandApdu::parse(scp03_test::get_eid_cmd_plain));
        FAIL("no exception");
    } catch (const SecurityError& e) {
        CHECK(std::string(e.what()).rfind("ISD-R: ", 0) == 0);
    }
    // Amd D §5.6: nothing more goes out on an aborted session.
    CHECK_THROWS_AS(session.transmit(CommandApdu::parse(scp03_test::case_plain[0])), SecurityError);
    require_script_done(card);
}

TEST_CASE("SecurityDomainSession::expect maps SWs to typed errors", "[host][sgp02]") {
    Scp03TestCard card;
    card.open(isd_r_keys(), isd_r_aid())
        .secure("80CA00E000"_hex, "6A84"_hex)
        .secure("80CA00E000"_hex, "69E1"_hex)
        .secure("80CA00E000"_hex, "6985"_hex)
        .secure("80CA00E000"_hex, "6310"_hex);
    transport::InProcessChannel channel(card);
    FixedRng rng(5);
    SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng);
    CHECK_THROWS_AS(session.expect(gp::get_data(0xE0), "X"), host::NotEnoughMemoryError);
    try {
        session.expect(gp::get_data(0xE0), "X");
        FAIL("no exception");
    } catch (const host::PolicyError& e) {
        CHECK(e.rule() == host::PolicyRule::Pol1);
        CHECK(e.command() == "X");
    }
    // 6985 outside a profile operation is GP's plain "conditions of use not satisfied".
    try {
        session.expect(gp::get_data(0xE0), "X");
        FAIL("no exception");
    } catch (const host::PolicyError&) {
        FAIL("6985 is not a policy refusal here");
    } catch (const StatusWordError& e) {
        CHECK(e.sw() == apdu::sw::conditions_not_satisfied);
    }
    CHECK(session.expect(gp::get_data(0xE0), "X", {StatusWord(0x6310)}).sw() == StatusWord(0x6310));
    require_card_done(card);
}

TEST_CASE("SecurityDomainSession::store_data cuts blocks that fit once wrapped", "[host][sgp02]") {
    Bytes data(500);
    for (std::size_t k = 0; k < data.size(); ++k) {
        data[k] = static_cast<std::uint8_t>(k);
    }
    const ByteView all(data);
    // Level 33: 239 plain bytes per block (255 - 8 MAC bytes, rounded down to whole blocks, minus the 80 pad).
    Scp03TestCard card;
    card.open(isd_r_keys(), isd_r_aid())
        .secure(join("80E20800EF"_hex, all.subspan(0, 239)), "9000"_hex)
        .secure(join("80E20801EF"_hex, all.subspan(239, 239)), "9000"_hex)
        .secure(join("80E2880216"_hex, all.subspan(478, 22)), "9000"_hex);
    transport::InProcessChannel channel(card);
    FixedRng rng(6);
    SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng);
    CHECK(session.store_data(data, {}, "STORE DATA").sw() == apdu::sw::ok);
    require_card_done(card);
}

TEST_CASE("SecurityDomainSession::put_key sends the spec's PUT KEY example and checks the KCVs", "[host][sgp02]") {
    // spec/globalplatform.md §14: keyset 2A of keys 11.., 22.., 33.. under DEK 2021...2F (= isd_r_keys().dek).
    const Bytes expected = "80D80081462A"
                           "881110 69EF0C06CA2299DE5E0EE0B9654C35D7 03 098542"
                           "881110 7DB08C82905D0FE08EE48E9247A89CDC 03 C65591"
                           "881110 3676D9722B8DACAC4B8FF1AA0377054F 03 5F8AF9 00"_hex;
    const Bytes k1(16, 0x11), k2(16, 0x22), k3(16, 0x33);
    const std::vector<ByteView> keys{k1, k2, k3};
    FixedRng rng(7);
    SECTION("confirmed") {
        Scp03TestCard card;
        card.open(isd_r_keys(), isd_r_aid()).secure(expected, "2A098542C655915F8AF9 9000"_hex);
        transport::InProcessChannel channel(card);
        SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng);
        const auto response = session.put_key(0x2A, keys, {}, "PUT KEY");
        CHECK(response.version == 0x2A);
        CHECK(response.check_values.size() == 3);
        require_card_done(card);
    }
    SECTION("a KCV the host did not send") {
        Scp03TestCard card;
        card.open(isd_r_keys(), isd_r_aid()).secure(expected, "2A098542C655915F8AF8 9000"_hex);
        transport::InProcessChannel channel(card);
        SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng);
        CHECK_THROWS_AS(session.put_key(0x2A, keys, {}, "PUT KEY"), SecurityError);
        require_card_done(card);
    }
    SECTION("6982: the card found a wrong KCV") {
        Scp03TestCard card;
        card.open(isd_r_keys(), isd_r_aid()).secure(expected, "6982"_hex);
        transport::InProcessChannel channel(card);
        SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng);
        try {
            session.put_key(0x2A, keys, {}, "PUT KEY");
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "PUT KEY");
            CHECK(e.sw() == apdu::sw::security_status_not_satisfied);
        }
        require_card_done(card);
    }
}

TEST_CASE("SecurityDomainSession::reopen starts a new session with other keys", "[host][sgp02]") {
    Scp03TestCard card;
    card.open(isd_r_keys(), isd_r_aid())
        .open(new_smsr_keys(), isd_r_aid())
        .secure("80CA00E000"_hex, "E006C00401318810 9000"_hex);
    transport::InProcessChannel channel(card);
    FixedRng rng(8);
    SecurityDomainSession session(channel, isd_r_aid(), isd_r_keys(), rng);
    CHECK(session.key_version() == 0x30);
    session.reopen(new_smsr_keys());
    CHECK(session.key_version() == 0x31);
    CHECK(session.expect(gp::get_data(0xE0), "GET DATA E0").data() == "E006C00401318810"_hex);
    require_card_done(card);
}

TEST_CASE("security_domain_name names the SGP.02 platform AIDs", "[host][sgp02]") {
    CHECK(host::security_domain_name(isd_r_aid()) == "ISD-R");
    CHECK(host::security_domain_name(Bytes(apdu::aid::ecasd.begin(), apdu::aid::ecasd.end())) == "ECASD");
    CHECK(host::security_domain_name(isdp_1300()) == "ISD-P A0000005591010FFFFFFFF8900001300");
    CHECK(host::security_domain_name("A000000151000000"_hex) == "A000000151000000");
}
