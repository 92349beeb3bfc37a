// SPDX-License-Identifier: Apache-2.0
// The ISD-R's OTA settings (TS 102 225 key sets, TS 102 226 MSL) and the keys file shared with the host.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include <euicc/card/ota_settings.hpp>
#include <euicc/error.hpp>

#include "card_test_util.hpp"
#include "ota_test_util.hpp"
#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::parse_ota_settings;

namespace {

/// The shared-decision example of issue 3, with this project's test keys.
const char* shared_example = R"({"tar": "000000", "spi": "1629", "kic": "12", "kid": "12", "kvn": 1,
    "kic_key": "404142434445464748494A4B4C4D4E4F", "kid_key": "505152535455565758595A5B5C5D5E5F", "msl": "16"})";

/// The message of the euicc::Error that parsing `json` throws.
std::string parse_error(const std::string& json) {
    try {
        parse_ota_settings(json, "keys.json");
    } catch (const Error& e) {
        return e.what();
    }
    FAIL("no error for " << json);
    return {};
}

} // namespace

TEST_CASE("the shared keys file example gives the test keyset", "[card][ota][settings]") {
    const card::OtaSettings settings = parse_ota_settings(shared_example);
    CHECK(settings.tar == scp80::Tar{});
    CHECK(settings.minimum_security_level == 0x16);
    REQUIRE(settings.keysets.size() == 1);
    const card::OtaKeyset& keys = settings.keysets[0];
    const card::OtaKeyset expected = card::test_keyset();
    CHECK(keys.kvn == 1);
    CHECK(keys.kic == 0x12);
    CHECK(keys.kid == 0x12);
    CHECK(keys.kic_key == expected.kic_key);
    CHECK(keys.kid_key == expected.kid_key);
    CHECK(to_hex(keys.kic_key.view()) == "404142434445464748494A4B4C4D4E4F");
    CHECK(to_hex(keys.kid_key.view()) == "505152535455565758595A5B5C5D5E5F");
}

TEST_CASE("keys file defaults", "[card][ota][settings]") {
    const std::string keys =
        R"("kic_key": "000102030405060708090A0B0C0D0E0F", "kid_key": "101112131415161718191A1B1C1D1E1F")";
    SECTION("only the keys: TAR 000000, MSL 16, KVN 1 with AES") {
        const auto settings = parse_ota_settings("{" + keys + "}");
        CHECK(settings.tar == scp80::Tar{});
        CHECK(settings.minimum_security_level == 0x16);
        CHECK(settings.keysets.at(0).kvn == 1);
        CHECK(settings.keysets.at(0).kic == 0x12);
        CHECK(settings.keysets.at(0).kid == 0x12);
    }
    SECTION("KVN 3: KIc / KID 32") {
        const auto settings = parse_ota_settings(R"({"kvn": 3, "tar": "B20100", "msl": "06", )" + keys + "}");
        CHECK(settings.tar == scp80::Tar{{0xB2, 0x01, 0x00}});
        CHECK(settings.minimum_security_level == 0x06);
        CHECK(settings.keysets.at(0).kic == 0x32);
        CHECK(settings.keysets.at(0).kid == 0x32);
    }
    SECTION("3DES 2-key under KVN 2, the version taken from KIc") {
        const auto settings = parse_ota_settings(R"({"kic": "25", "kid": "25", )" + keys + "}");
        CHECK(settings.keysets.at(0).kvn == 2);
    }
}

TEST_CASE("keys file errors name the field, never the key", "[card][ota][settings]") {
    const std::string secret = "DEADBEEFDEADBEEFDEADBEEFDEADBEEF";
    SECTION("missing key") {
        const std::string message = parse_error(R"({"kic_key": ")" + secret + R"("})");
        CHECK(message.find("kid_key") != std::string::npos);
        CHECK(message.find("keys.json") != std::string::npos);
        CHECK(message.find(secret) == std::string::npos);
    }
    SECTION("a key that is not hex") {
        const std::string message =
            parse_error(R"({"kic_key": ")" + secret + R"(Z", "kid_key": ")" + secret + R"("})");
        CHECK(message.find("kic_key") != std::string::npos);
        CHECK(message.find("DEADBEEF") == std::string::npos);
    }
    SECTION("a key of the wrong length for AES") {
        const std::string message =
            parse_error(R"({"kic_key": ")" + secret.substr(2) + R"(", "kid_key": ")" + secret + R"("})");
        CHECK(message.find("KIc key length") != std::string::npos);
        CHECK(message.find("BEEF") == std::string::npos);
    }
    SECTION("malformed JSON: the parser's quote of the text is left out") {
        const std::string message =
            parse_error(R"({"kic_key": ")" + secret + R"(", "kid_key": )" + secret + "}");
        CHECK(message.find("not valid JSON") != std::string::npos);
        CHECK(message.find("DEAD") == std::string::npos);
    }
    SECTION("other fields") {
        const std::string keys = R"("kic_key": ")" + secret + R"(", "kid_key": ")" + secret + R"(")";
        CHECK(parse_error(R"({"kvn": 2, "kic": "12", )" + keys + "}").find("b8..b5") != std::string::npos);
        CHECK(parse_error(R"({"kvn": 16, )" + keys + "}").find("kvn") != std::string::npos);
        CHECK(parse_error(R"({"tar": "0000", )" + keys + "}").find("tar") != std::string::npos);
        CHECK(parse_error(R"({"msl": "E6", )" + keys + "}").find("keys.json") != std::string::npos);
        CHECK(parse_error(R"({"kic": "13", )" + keys + "}").find("KIc") != std::string::npos);
        CHECK(parse_error("[1, 2]").find("not a JSON object") != std::string::npos);
    }
}

TEST_CASE("a card reads its keys from a keys file", "[card][ota][settings]") {
    euicc::test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    const auto file = dir.path() / "keys.json";
    std::ofstream(file) << R"({"kic_key": "000102030405060708090A0B0C0D0E0F",
                               "kid_key": "101112131415161718191A1B1C1D1E1F"})";
    card::VirtualEuiccConfig config;
    config.ota = card::load_ota_settings(file);
    card::VirtualEuicc card(std::move(config));

    const scp80::Keyset file_keys{1, SecretBytes("000102030405060708090A0B0C0D0E0F"_hex),
                                  SecretBytes("101112131415161718191A1B1C1D1E1F"_hex)};
    const auto header = card::test::isd_r_header(1);
    const Bytes select_isd_r = from_hex(std::string("00A4040C10") + card::test::isd_r_aid);
    const auto accepted = card::test::send(
        card, card::test::sms_pp_envelopes(scp80::wrap_command(header, file_keys, select_isd_r)).at(0));
    CHECK(to_hex(scp80::unwrap_response(accepted.data(), header, file_keys).data) == "019000");
    // The test keys no longer open this card.
    const auto refused = card::test::send_secured(card, card::test::isd_r_header(2), select_isd_r);
    CHECK(scp80::unwrap_response(refused.data(), card::test::isd_r_header(2), file_keys).status ==
          scp80::ResponseStatus::RcCcDsFailed);

    CHECK_THROWS_AS(card::load_ota_settings(dir.path() / "missing.json"), Error);
}

TEST_CASE("unusable OTA settings are refused before the state directory is touched",
          "[card][ota][settings]") {
    euicc::test::TempDir dir;
    card::VirtualEuiccConfig config;
    config.state_dir = dir.path();
    SECTION("two key sets with one KVN") {
        config.ota.keysets.push_back(card::test_keyset());
    }
    SECTION("no key set") {
        config.ota.keysets.clear();
    }
    SECTION("reserved MSL bits") {
        config.ota.minimum_security_level = 0x20;
    }
    SECTION("a KID that is no checksum algorithm (DES-ECB)") {
        config.ota.keysets[0].kid = 0x1D;
    }
    CHECK_THROWS_AS(card::VirtualEuicc(std::move(config)), std::invalid_argument);
    CHECK_FALSE(std::filesystem::exists(dir.path()));
}
