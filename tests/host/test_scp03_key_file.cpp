// SPDX-License-Identifier: Apache-2.0
// SCP03 keyset files (GP Amd D Table 6-1) of the SGP.02 CLI: members, the platform-file form, refusals; keys
// never in messages.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include <euicc/card/platform_settings.hpp>
#include <euicc/error.hpp>
#include <euicc/host/scp03_key_file.hpp>

#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;

namespace {

const char* const lab_keyset = R"({"kvn": "30", "enc": "404142434445464748494A4B4C4D4E4F",
  "mac": "505152535455565758595A5B5C5D5E5F", "dek": "606162636465666768696A6B6C6D6E6F"})";

/// The KeyFileError `text` gives, as (member, message); fails the test when it parses.
std::pair<std::string, std::string> refusal(const std::string& text) {
    try {
        host::parse_scp03_key_file(text, "test keys");
    } catch (const scp80::KeyFileError& e) {
        return {e.member(), e.what()};
    }
    FAIL("parsed: " << text);
    return {};
}

} // namespace

TEST_CASE("scp03 key file: a keyset in the platform file's member names", "[host][scp03_key_file]") {
    const scp03::StaticKeys keys = host::parse_scp03_key_file(lab_keyset);
    CHECK(keys.kvn == 0x30);
    CHECK(keys.enc == SecretBytes("404142434445464748494A4B4C4D4E4F"_hex));
    CHECK(keys.mac == SecretBytes("505152535455565758595A5B5C5D5E5F"_hex));
    CHECK(keys.dek == SecretBytes("606162636465666768696A6B6C6D6E6F"_hex));

    const scp03::StaticKeys aes256 =
        host::parse_scp03_key_file(R"({"kvn": "3f", "enc": ")" + std::string(64, 'A') + R"(", "mac": ")" +
                                   std::string(64, 'B') + R"(", "dek": ")" + std::string(64, 'C') + R"("})");
    CHECK(aes256.kvn == 0x3F);
    CHECK(aes256.enc.size() == 32);
}

TEST_CASE("scp03 key file: the host's lab keyset is the virtual eUICC's test keyset",
          "[host][scp03_key_file]") {
    const scp03::StaticKeys host_keys = host::lab_isd_r_keys();
    const scp03::StaticKeys card_keys = card::isd_r_test_keyset();
    CHECK(host_keys.kvn == card_keys.kvn);
    CHECK(host_keys.enc == card_keys.enc);
    CHECK(host_keys.mac == card_keys.mac);
    CHECK(host_keys.dek == card_keys.dek);
    CHECK(host_keys.enc == host::parse_scp03_key_file(lab_keyset).enc);
}

TEST_CASE("scp03 key file: the card's platform file drives the host too", "[host][scp03_key_file]") {
    const std::string platform = R"({"isd_r_scp03": [{"kvn": "31", "enc": "A0A1A2A3A4A5A6A7A8A9AAABACADAEAF",
      "mac": "B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF", "dek": "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF"}],
      "non_volatile_memory": 65536})";
    const scp03::StaticKeys host_keys = host::parse_scp03_key_file(platform);
    const card::PlatformSettings settings = card::parse_platform_settings(platform);
    REQUIRE(settings.isd_r_keysets.size() == 1);
    CHECK(host_keys.kvn == 0x31);
    CHECK(host_keys.enc == settings.isd_r_keysets[0].enc);
    CHECK(host_keys.mac == settings.isd_r_keysets[0].mac);
    CHECK(host_keys.dek == settings.isd_r_keysets[0].dek);

    const std::string two = R"({"isd_r_scp03": [)" + std::string(lab_keyset) + "," + lab_keyset + "]}";
    CHECK(refusal(two).first == "isd_r_scp03");
    CHECK(refusal(R"({"isd_r_scp03": [], "volatile_memory": 1})").first == "isd_r_scp03");
    CHECK(refusal(R"({"isd_r_scp03": [{"kvn": "30"}]})").first == "isd_r_scp03[0].enc");
    CHECK(refusal(R"({"isd_r_scp03": [)" + std::string(lab_keyset) + R"(], "kic_key": "00"})").first ==
          "kic_key");
}

TEST_CASE("scp03 key file: refusals name the member, never a value", "[host][scp03_key_file]") {
    const std::string enc = "404142434445464748494A4B4C4D4E4F";
    const auto with = [&](const std::string& kvn, const std::string& enc_value,
                          const std::string& extra = "") {
        return R"({"kvn": )" + kvn + R"(, "enc": ")" + enc_value +
               R"(", "mac": "505152535455565758595A5B5C5D5E5F", "dek": "606162636465666768696A6B6C6D6E6F")" +
               extra + "}";
    };
    SECTION("kvn: one byte of hex in 01..7F") {
        CHECK(refusal(with("48", enc)).first == "kvn"); // a number: 48 would silently be 0x30
        CHECK(refusal(with(R"("00")", enc)).first == "kvn");
        CHECK(refusal(with(R"("80")", enc)).first == "kvn");
        CHECK(refusal(with(R"("3030")", enc)).first == "kvn");
    }
    SECTION("keys: hex, usable lengths, all three") {
        const auto [member, message] = refusal(with(R"("30")", enc.substr(0, 31) + "Z"));
        CHECK(member == "enc");
        CHECK(message.find("404142") == std::string::npos);
        CHECK(message.find('Z') == std::string::npos);
        CHECK(refusal(with(R"("30")", enc.substr(0, 30)))
                  .first.empty());                                // 15 bytes: validate() refuses the set
        CHECK(refusal(with(R"("30")", enc + enc)).first.empty()); // ENC 32 bytes, MAC 16
        CHECK(refusal(R"({"kvn": "30", "enc": ")" + enc + R"(", "mac": ")" + enc + R"("})").first == "dek");
        CHECK(
            refusal(R"({"kvn": "30", "enc": ")" + enc + R"(", "mac": ")" + enc + R"(", "dek": ""})").first ==
            "dek");
        CHECK(refusal(with(R"("30")", enc, R"(, "dek2": 1)")).first == "dek2");
    }
    SECTION("a pasted key in place of a member name is not repeated") {
        const auto [member, message] = refusal(with(R"("30")", enc, R"(, ")" + enc + R"(": 1)"));
        CHECK(message.find(enc) == std::string::npos);
        CHECK(message.find("unknown member") != std::string::npos);
    }
    SECTION("the document") {
        const auto [member, message] = refusal(R"({"kvn": "30", "enc": ")" + enc + R"(", oops})");
        CHECK(member.empty());
        CHECK(message.find("byte") != std::string::npos);
        CHECK(message.find(enc) == std::string::npos);
        CHECK(refusal("[1, 2]").second == "test keys: not a JSON object");
    }
}

TEST_CASE("scp03 key file: loading names the file", "[host][scp03_key_file]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    const auto file = dir.path() / "isd_r.json";
    CHECK_THROWS_WITH(host::load_scp03_key_file(file), Catch::Contains("cannot read keys file"));
    std::ofstream(file) << lab_keyset;
    CHECK(host::load_scp03_key_file(file).kvn == 0x30);
    std::ofstream(file) << R"({"kvn": "30"})";
    CHECK_THROWS_WITH(host::load_scp03_key_file(file),
                      Catch::Contains(file.string()) && Catch::Contains("enc"));
}
