// SPDX-License-Identifier: Apache-2.0
// The platform's durable state and settings (applet_spec/sgp02.md §2, §9): what survives a restart, damage that
// stops the card, configured vs stored ISD-R keys, the platform settings file.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include <euicc/card/platform_settings.hpp>
#include <euicc/error.hpp>

#include "card_test_util.hpp"
#include "sgp02_test_util.hpp"
#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::card::test;

namespace {

nlohmann::json read_state(const std::filesystem::path& dir) {
    std::ifstream in(dir / "card.json");
    return nlohmann::json::parse(in);
}

void write_state(const std::filesystem::path& dir, const nlohmann::json& json) {
    std::ofstream(dir / "card.json") << json.dump(2);
}

} // namespace

TEST_CASE("ISD-Ps, states, fall-back, notifications and SM-SR addressing survive a restart", "[card][sgp02][state]") {
    euicc::test::TempDir dir;
    std::vector<sgp02::IsdpStatus> before;
    {
        card::VirtualEuicc card(stored_in(dir.path()));
        REQUIRE(install_profile(card, isdp(0x10), ts48_profile(), 0x8000).back().ok());
        REQUIRE(install_profile(card, isdp(0x11), generated_profile("8949001122334455001")).back().ok());
        Scp03Host isd_r = isd_r_session(card);
        CHECK(isd_r.transmit(sgp02::enable_profile(isdp(0x10))).sw() == apdu::sw::ok);
        CHECK(isd_r.transmit(sgp02::set_fallback_attribute(isdp(0x11))).sw() == apdu::sw::ok);
        CHECK(isd_r.transmit(sgp02::update_smsr_addressing_parameters("8821234567")).sw() == apdu::sw::ok);
        before = audit(isd_r);
    }
    const nlohmann::json json = read_state(dir.path());
    CHECK(json.at("platform").at("smsr_address").at("digits") == "8821234567");
    // The ISD-R's keys were never changed, so none are stored (they come from the configuration).
    CHECK_FALSE(json.at("platform").at("isd_r").contains("keys"));

    card::VirtualEuicc card(stored_in(dir.path()));
    Scp03Host isd_r = isd_r_session(card);
    CHECK(audit(isd_r) == before);
    REQUIRE(before.size() == 2);
    CHECK(before[0].state == sgp02::ProfileState::Enabled);
    CHECK(before[1].fallback);
    // The notification of the enable is still waiting, with its number.
    const apdu::ResponseApdu notification = isd_r.transmit(gp::get_data(0xE1));
    REQUIRE(notification.sw() == apdu::sw::ok);
    CHECK(sgp02::parse_notification(notification.data()).sequence == 1);
    // The ISD-P keys too: a session with the ISD-P works after the restart.
    Scp03Host isdp_session(card, isdp(0x10), keyset(0x30, 0x10));
    CHECK(isdp_session.transmit(gp::get_data(0xE0)).sw() == apdu::sw::ok);
}

TEST_CASE("a damaged platform state stops the card", "[card][sgp02][state]") {
    euicc::test::TempDir dir;
    {
        card::VirtualEuicc card(stored_in(dir.path()));
        REQUIRE(install_profile(card, isdp(0x10), generated_profile("8949001122334455001")).back().ok());
        REQUIRE(install_profile(card, isdp(0x11), generated_profile("8949001122334455002")).back().ok());
    }
    nlohmann::json json = read_state(dir.path());
    SECTION("two enabled ISD-Ps") {
        json["platform"]["isdps"][0]["life_cycle"] = "3F";
        json["platform"]["isdps"][1]["life_cycle"] = "3F";
    }
    SECTION("a life cycle outside SGP.02 Table 1") { json["platform"]["isdps"][0]["life_cycle"] = "55"; }
    SECTION("the same AID twice") { json["platform"]["isdps"][1]["aid"] = json["platform"]["isdps"][0]["aid"]; }
    SECTION("a key that is not hex") { json["platform"]["isdps"][0]["keys"]["keys"][0]["value"] = "XYZ"; }
    SECTION("a sequence counter beyond 3 bytes") {
        json["platform"]["isdps"][0]["keys"]["sequence_counters"]["30"] = 0x1000000;
    }
    write_state(dir.path(), json);
    CHECK_THROWS_AS(card::VirtualEuicc(stored_in(dir.path())), Error);
}

TEST_CASE("configured ISD-R keys apply until the card stores its own", "[card][sgp02][state]") {
    euicc::test::TempDir dir;
    card::VirtualEuiccConfig config = stored_in(dir.path());
    config.platform.isd_r_keysets = {keyset(0x31, 0x42)};
    config.platform.non_volatile_memory = 100000;
    {
        card::VirtualEuicc card(config);
        select(card, isd_r_aid_bytes());
        CHECK(send(card, scp03::initialize_update(0x30, scp03::Challenge{})).sw() ==
              apdu::sw::referenced_data_not_found);
        Scp03Host isd_r(card, isd_r_aid_bytes(), keyset(0x31, 0x42));
        CHECK(resources(isd_r).free_non_volatile == 100000);
    }
    // Another configuration on the same directory: nothing was stored, so the new keys apply.
    {
        card::VirtualEuicc card(stored_in(dir.path()));
        Scp03Host isd_r = isd_r_session(card);
        // Now the card stores its keys (a PUT KEY), and the configuration no longer matters.
        const scp03::StaticKeys extra = keyset(0x32, 0x05);
        isd_r.expect_ok(gp::put_key_aes(0x32, {extra.enc.view(), extra.mac.view(), extra.dek.view()},
                                        isd_r_keys().dek.view()));
    }
    CHECK(read_state(dir.path()).at("platform").at("isd_r").contains("keys"));
    card::VirtualEuicc card(config);
    Scp03Host isd_r = isd_r_session(card);  // KVN 30 from the stored keys, although the configuration names 31
    select(card, isd_r_aid_bytes());
    CHECK(send(card, scp03::initialize_update(0x31, scp03::Challenge{})).sw() == apdu::sw::referenced_data_not_found);
}

TEST_CASE("platform settings: validation and the platform file", "[card][sgp02][state]") {
    SECTION("defaults: the test keyset, 256 KiB, 16 KiB") {
        const card::PlatformSettings defaults;
        REQUIRE(defaults.isd_r_keysets.size() == 1);
        CHECK(defaults.isd_r_keysets[0].kvn == 0x30);
        CHECK(defaults.isd_r_keysets[0].enc == isd_r_keys().enc);
        CHECK(defaults.isd_r_keysets[0].mac == isd_r_keys().mac);
        CHECK(defaults.isd_r_keysets[0].dek == isd_r_keys().dek);
        CHECK(defaults.non_volatile_memory == 262144);
        CHECK(defaults.volatile_memory == 16384);
    }
    SECTION("a platform file") {
        const card::PlatformSettings settings = card::parse_platform_settings(
            R"({"isd_r_scp03": [{"kvn": "31", "enc": "000102030405060708090A0B0C0D0E0F",
                                 "mac": "101112131415161718191A1B1C1D1E1F",
                                 "dek": "202122232425262728292A2B2C2D2E2F"}],
                "non_volatile_memory": 1000, "volatile_memory": 10})");
        REQUIRE(settings.isd_r_keysets.size() == 1);
        CHECK(settings.isd_r_keysets[0].kvn == 0x31);
        CHECK(settings.isd_r_keysets[0].dek == SecretBytes("202122232425262728292A2B2C2D2E2F"_hex));
        CHECK(settings.non_volatile_memory == 1000);
        CHECK(card::parse_platform_settings("{}").isd_r_keysets.at(0).kvn == 0x30);
    }
    SECTION("refusals name the member, never a key") {
        const auto message = [](const std::string& text) {
            try {
                card::parse_platform_settings(text, "test");
            } catch (const Error& e) {
                return std::string(e.what());
            }
            return std::string("accepted");
        };
        CHECK(message(R"({"isd_r_scp03": [{"kvn": "20", "enc": "00112233445566778899AABBCCDDEEFF",
                          "mac": "00112233445566778899AABBCCDDEEFF", "dek": "00112233445566778899AABBCCDDEEFF"}]})")
                  .find("30..3F") != std::string::npos);
        const std::string short_key = message(R"({"isd_r_scp03": [{"kvn": "30", "enc": "0011223344556677",
                          "mac": "00112233445566778899AABBCCDDEEFF", "dek": "00112233445566778899AABBCCDDEEFF"}]})");
        CHECK(short_key != "accepted");
        CHECK(short_key.find("0011223344556677") == std::string::npos);
        CHECK(message(R"({"isd_r_scp03": [{"kvn": "30", "enc": "zz"}]})").find("zz") == std::string::npos);
        CHECK(message(R"({"memory": 5})").find("unknown member") != std::string::npos);
        CHECK(message("[1]") != "accepted");
        CHECK_THROWS_AS(card::load_platform_settings("/nonexistent/platform.json"), Error);
    }
    SECTION("the card refuses unusable settings before touching anything") {
        card::VirtualEuiccConfig config;
        config.platform.isd_r_keysets.clear();
        CHECK_THROWS_AS(card::VirtualEuicc(config), std::invalid_argument);
    }
}

TEST_CASE("an exhausted SCP03 sequence counter refuses INITIALIZE UPDATE", "[card][sgp02][state]") {
    euicc::test::TempDir dir;
    { card::VirtualEuicc card(stored_in(dir.path())); }
    nlohmann::json json = read_state(dir.path());
    json["platform"]["isd_r"]["sequence_counters"]["30"] = 0xFFFFFE;
    write_state(dir.path(), json);
    card::VirtualEuicc card(stored_in(dir.path()));
    select(card, isd_r_aid_bytes());
    // Amd D §6.2.2.1: the last counter value still serves, then the keyset takes no more sessions.
    const apdu::ResponseApdu last = send(card, scp03::initialize_update(0x30, scp03::Challenge{}));
    REQUIRE(last.sw() == apdu::sw::ok);
    CHECK(to_hex(ByteView(last.data()).subspan(29, 3)) == "FFFFFF");
    CHECK(send(card, scp03::initialize_update(0x30, scp03::Challenge{})).sw() == apdu::sw::conditions_not_satisfied);
}
