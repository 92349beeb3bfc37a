// SPDX-License-Identifier: Apache-2.0
// The ISD-R's SCP81 keysets and stored admin URI (applet_spec/admin_agent.md §3): defaults, the platform file,
// validation, and a card configured with keys of its own.
#include "test_admin_agent_harness.hpp"

#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/card/platform_settings.hpp>

#include "card_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::AdminBench;
using card::test::ReceivedPost;

namespace {

std::string refusal(const std::string& json) {
    try {
        static_cast<void>(card::parse_platform_settings(json, "platform.json"));
    } catch (const Error& e) {
        return e.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("the default platform holds the SCP81 TEST keyset 40 and the URI /gpadmin", "[card][scp81]") {
    const card::PlatformSettings defaults;
    REQUIRE(defaults.isd_r_scp81_keysets.size() == 1);
    const card::Scp81Keyset& keys = defaults.isd_r_scp81_keysets[0];
    CHECK(keys.kvn == 0x40);
    CHECK(keys.psk == card::test::scp81_test_psk());
    CHECK(keys.dek == card::test::scp81_test_dek());
    CHECK(defaults.admin_uri == "/gpadmin");
    CHECK_NOTHROW(card::validate(defaults));

    // The ISD-R lists them with its other keys: KID 1 type 85 (TLS PSK), KID 2 type 88 (AES), 16 bytes each.
    card::VirtualEuicc card({});
    CHECK(card::test::send(card, gp::select(from_hex(card::test::isd_r_aid)).encode()).sw() == apdu::sw::ok);
    const auto keys_info = gp::parse_key_information(card::test::send(card, gp::get_data(0xE0).encode()).data());
    std::vector<std::string> scp81;
    for (const gp::KeyInformation& key : keys_info) {
        if (key.version == 0x40) {
            REQUIRE(key.components.size() == 1);
            scp81.push_back(to_hex(Bytes{key.id, key.components[0].type,
                                         static_cast<std::uint8_t>(key.components[0].length)}));
        }
    }
    CHECK(scp81 == std::vector<std::string>{"018510", "028810"});
}

TEST_CASE("the platform file configures SCP81 keysets and the admin URI", "[card][scp81]") {
    const card::PlatformSettings settings = card::parse_platform_settings(
        R"({"isd_r_scp81": [{"kvn": "41", "psk": "000102030405060708090A0B0C0D0E0F1011121314151617",
                             "dek": "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"}],
            "admin_uri": "/smsr/admin?card=1"})");
    REQUIRE(settings.isd_r_scp81_keysets.size() == 1);
    CHECK(settings.isd_r_scp81_keysets[0].kvn == 0x41);
    CHECK(settings.isd_r_scp81_keysets[0].psk.size() == 24);
    CHECK(settings.admin_uri == "/smsr/admin?card=1");
    CHECK(card::parse_platform_settings(R"({"isd_r_scp81": []})").isd_r_scp81_keysets.empty());

    const std::string secret = "000102030405060708090A0B0C0D0E0F";
    CHECK(refusal(R"({"isd_r_scp81": [{"kvn": "30", "psk": ")" + secret + R"(", "dek": ")" + secret + R"("}]})")
              .find("40..4F") != std::string::npos);
    CHECK(refusal(R"({"isd_r_scp81": [{"kvn": "40", "psk": "0011", "dek": ")" + secret + R"("}]})")
              .find("16..64") != std::string::npos);
    CHECK(refusal(R"({"isd_r_scp81": [{"kvn": "40", "psk": ")" + secret + R"(", "dek": "0011"}]})")
              .find("AES") != std::string::npos);
    const std::string twice = refusal(R"({"isd_r_scp81": [{"kvn": "40", "psk": ")" + secret + R"(", "dek": ")" +
                                      secret + R"("}, {"kvn": "40", "psk": ")" + secret + R"(", "dek": ")" + secret +
                                      R"("}]})");
    CHECK(twice.find("twice") != std::string::npos);
    CHECK(twice.find(secret) == std::string::npos);
    CHECK(refusal(R"({"isd_r_scp81": [{"kvn": "40", "psk": "zz", "dek": "00"}]})").find("not hex") !=
          std::string::npos);
    CHECK(refusal(R"({"isd_r_scp81": [{"kvn": "40", "kic": "00"}]})").find("unknown member") != std::string::npos);
    CHECK(refusal(R"({"isd_r_scp81": {}})").find("array") != std::string::npos);
    CHECK(refusal(R"({"admin_uri": "gpadmin"})").find("absolute path") != std::string::npos);
    CHECK(refusal(R"({"admin_uri": "/a b"})").find("absolute path") != std::string::npos);
    CHECK(refusal(R"({"admin_uri": 7})").find("string") != std::string::npos);

    card::PlatformSettings bad;
    bad.isd_r_scp81_keysets[0].kvn = 0x50;
    CHECK_THROWS_AS(card::validate(bad), std::invalid_argument);
}

TEST_CASE("a card with its own SCP81 keyset and URI", "[card][scp81]") {
    card::VirtualEuiccConfig config = card::test::bench_config();
    const SecretBytes psk("000102030405060708090A0B0C0D0E0F1011121314151617"_hex);
    config.platform.isd_r_scp81_keysets = {card::Scp81Keyset{0x41, psk, card::test::scp81_test_dek()}};
    config.platform.admin_uri = "/smsr/admin";
    card::VirtualEuicc card(std::move(config));
    AdminBench bench(card);
    bench.server_psk = psk;
    bench.answer = [](const ReceivedPost&) { return card::test::end_response(); };
    trigger::Trigger t = card::test::lab_trigger();
    t.session->http_post->uri.reset();
    const std::string identity = scp81::encode_psk_identity(
        scp81::PskIdentity{apdu::eid_to_bytes(card::test::default_eid), from_hex(card::test::isd_r_aid), 1, 0x41});
    t.session->security = trigger::SecurityParameters{Bytes(identity.begin(), identity.end()), 0x41, 0x01, {}};
    bench.pump(card::test::push_trigger(card, t));
    REQUIRE(bench.posts.size() == 1);
    CHECK(bench.posts[0].request.uri == "/smsr/admin");
    CHECK(bench.identities == std::vector<std::string>{identity});
    CHECK(card.admin_session()->state == card::AdminSessionRecord::State::Done);
}
