// SPDX-License-Identifier: Apache-2.0
// SecurityDomainSession secured by the bearer (SGP.02 §2.4.4, spec/scp81.md §6): SELECT only, plain commands,
// PUT KEY under the SCP81 DEK, no reopen; IsdR built on such a session.
#include <catch2/catch.hpp>

#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/sgp02.hpp>
#include <euicc/error.hpp>
#include <euicc/host/isd_r.hpp>
#include <euicc/host/security_domain_session.hpp>
#include <euicc/host/sgp02_errors.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "host/admin_test_support.hpp"
#include "host/host_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;
using apdu::CommandApdu;
using host::SecurityDomainSession;
using transport::ScriptedCard;

namespace {

const Bytes select_isd_r = "00A4040010A0000005591010FFFFFFFF890000010000"_hex;

SecretBytes scp81_dek() {
    return lab_scp81_keyset().dek;
}

} // namespace

TEST_CASE("bearer session: SELECT only, then plain commands", "[host][admin]") {
    ScriptedCard card({{select_isd_r, "9000"_hex},
                       {"80CA00E000"_hex, "E006C00401408510 9000"_hex},
                       {"80CAFF2100"_hex, "6A88"_hex}});
    transport::InProcessChannel channel(card);
    FixedRng rng(1);
    const SecretBytes dek = scp81_dek();
    SecurityDomainSession session =
        SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), &dek, rng);
    CHECK(session.secured_by_bearer());
    CHECK(session.name() == "ISD-R");
    CHECK(session.level() == scp03::SecurityLevel::Authenticated);
    CHECK(session.key_version() == 0);
    CHECK(session.expect(gp::get_data(0xE0), "GET DATA E0").data() == "E006C00401408510"_hex);
    // Answers are values: an error SW comes back as it is from transmit(), typed from expect().
    CHECK(session.transmit(gp::get_data(0xFF21)).sw() == apdu::sw::referenced_data_not_found);
    require_script_done(card);
}

TEST_CASE("bearer session on a logical channel re-addresses the plain command", "[host][admin]") {
    ScriptedCard card({{"01A4040010A0000005591010FFFFFFFF890000010000"_hex, "9000"_hex},
                       {"81CA00E000"_hex, "E006C00401408510 9000"_hex}});
    transport::InProcessChannel channel(card);
    FixedRng rng(2);
    host::SecurityDomainOptions options;
    options.logical_channel = 1;
    SecurityDomainSession session =
        SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), nullptr, rng, options);
    CHECK(session.transmit(gp::get_data(0xE0)).sw() == apdu::sw::ok);
    require_script_done(card);
}

TEST_CASE("bearer session: refused SELECT and typed SW errors", "[host][admin]") {
    FixedRng rng(3);
    SECTION("SELECT 6A82") {
        ScriptedCard card({{select_isd_r, "6A82"_hex}});
        transport::InProcessChannel channel(card);
        try {
            SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), nullptr, rng);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "SELECT ISD-R");
            CHECK(e.sw() == apdu::sw::not_found);
        }
        require_script_done(card);
    }
    SECTION("6A84 from expect is NotEnoughMemoryError") {
        sgp02::CreateIsdp install;
        install.isdp_aid = sgp02::isdp_aid(0x0010);
        const CommandApdu create = sgp02::create_isdp(install);
        ScriptedCard card({{select_isd_r, "9000"_hex}, {create.encode(), "6A84"_hex}});
        transport::InProcessChannel channel(card);
        SecurityDomainSession session =
            SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), nullptr, rng);
        CHECK_THROWS_AS(session.expect(create, "CREATE ISD-P"), host::NotEnoughMemoryError);
        require_script_done(card);
    }
}

TEST_CASE("bearer session: STORE DATA blocks use the whole short APDU", "[host][admin]") {
    // No secure messaging: 255 data bytes per block (scp03::max_short_data at level 00), not 239.
    const Bytes data(300, 0x5A);
    const auto blocks = gp::store_data_blocks(data, 255);
    REQUIRE(blocks.size() == 2);
    std::vector<ScriptedCard::Step> steps{{select_isd_r, "9000"_hex}};
    for (const CommandApdu& block : blocks) {
        steps.push_back({block.encode(), "9000"_hex});
    }
    ScriptedCard card(steps);
    transport::InProcessChannel channel(card);
    FixedRng rng(4);
    SecurityDomainSession session =
        SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), nullptr, rng);
    session.store_data(data, {}, "STORE DATA");
    require_script_done(card);
}

TEST_CASE("bearer session: PUT KEY under the SCP81 DEK", "[host][admin]") {
    const SecretBytes dek = scp81_dek();
    const Bytes enc = "404142434445464748494a4b4c4d4e4f"_hex;
    const Bytes mac = "505152535455565758595a5b5c5d5e5f"_hex;
    const std::vector<ByteView> keys{enc, mac};
    gp::PutKeyOptions options;
    const CommandApdu expected = gp::put_key_aes(0x31, keys, dek.view(), options);
    // The card recovers the keys with the same DEK: the KCVs it echoes are those of the clear keys.
    const gp::PutKeyCommand parsed = gp::parse_put_key(expected);
    REQUIRE(parsed.keys.size() == 2);
    CHECK(gp::decrypt_key(parsed.keys[0], dek.view()).view().size() == 16);
    Bytes answer{0x31};
    for (const ByteView key : keys) {
        const gp::KeyCheckValue kcv = gp::aes_key_check_value(key);
        answer.insert(answer.end(), kcv.begin(), kcv.end());
    }
    FixedRng rng(5);
    SECTION("the card confirms") {
        ScriptedCard card({{select_isd_r, "9000"_hex}, {expected.encode(), join(answer, "9000"_hex)}});
        transport::InProcessChannel channel(card);
        SecurityDomainSession session =
            SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), &dek, rng);
        const gp::PutKeyResponse response = session.put_key(0x31, keys, options, "PUT KEY");
        CHECK(response.version == 0x31);
        CHECK(response.check_values.size() == 2);
        require_script_done(card);
    }
    SECTION("other check values: the card decrypted other keys") {
        answer.back() ^= 0x01;
        ScriptedCard card({{select_isd_r, "9000"_hex}, {expected.encode(), join(answer, "9000"_hex)}});
        transport::InProcessChannel channel(card);
        SecurityDomainSession session =
            SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), &dek, rng);
        CHECK_THROWS_AS(session.put_key(0x31, keys, options, "PUT KEY"), SecurityError);
        require_script_done(card);
    }
    SECTION("no DEK: logic_error, nothing sent") {
        ScriptedCard card({{select_isd_r, "9000"_hex}});
        transport::InProcessChannel channel(card);
        SecurityDomainSession session =
            SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), nullptr, rng);
        CHECK_THROWS_AS(session.put_key(0x31, keys, options, "PUT KEY"), std::logic_error);
        require_script_done(card);
    }
}

TEST_CASE("bearer session: no reopen, DEK must be an AES key", "[host][admin]") {
    FixedRng rng(6);
    ScriptedCard card({{select_isd_r, "9000"_hex}});
    transport::InProcessChannel channel(card);
    SecurityDomainSession session =
        SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), nullptr, rng);
    scp03::StaticKeys keys{0x30, SecretBytes("000102030405060708090a0b0c0d0e0f"_hex),
                           SecretBytes("101112131415161718191a1b1c1d1e1f"_hex),
                           SecretBytes("202122232425262728292a2b2c2d2e2f"_hex)};
    CHECK_THROWS_AS(session.reopen(keys), std::logic_error);
    require_script_done(card);

    const SecretBytes short_dek("0011223344"_hex);
    ScriptedCard untouched(std::vector<ScriptedCard::Step>{});
    transport::InProcessChannel other(untouched);
    CHECK_THROWS_AS(SecurityDomainSession::over_secure_bearer(other, isd_r_aid(), &short_dek, rng),
                    std::invalid_argument);
    require_script_done(untouched);
}

TEST_CASE("IsdR on a bearer session sends the ES5 commands plain", "[host][admin]") {
    const Bytes isdp = sgp02::isdp_aid(0x0010);
    ScriptedCard card({{select_isd_r, "9000"_hex},
                       {sgp02::enable_profile(isdp).encode(), "9000"_hex},
                       {sgp02::set_fallback_attribute(isdp).encode(), "6985"_hex}});
    transport::InProcessChannel channel(card);
    FixedRng rng(7);
    host::IsdR isd_r(SecurityDomainSession::over_secure_bearer(channel, isd_r_aid(), nullptr, rng));
    CHECK(isd_r.enable_profile(isdp).sw == apdu::sw::ok);
    CHECK_THROWS_AS(isd_r.set_fallback(isdp), host::PolicyError);
    require_script_done(card);
}
