// SPDX-License-Identifier: Apache-2.0
// The shared SCP80 keys file (issue 3 decisions): members, defaults, validation, environment; keys never in messages.
#include <cstdlib>
#include <fstream>

#include <catch2/catch.hpp>

#include <euicc/error.hpp>
#include <euicc/host/ota_keys.hpp>

#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;

namespace {

const char* const lab_file = R"({"tar": "000000", "spi": "1619", "kic": "12", "kid": "12", "kvn": 1,
  "kic_key": "404142434445464748494A4B4C4D4E4F", "kid_key": "505152535455565758595A5B5C5D5E5F", "msl": "16"})";

/// Sets an environment variable for the scope of the object.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name) {
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() { ::unsetenv(m_name); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
};

/// The message of the std::invalid_argument `parse` throws, or "" when it does not throw.
template <typename Parse>
std::string rejection(Parse parse) {
    try {
        parse();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("ota keys: the lab test keyset file", "[host][ota_keys]") {
    // The members themselves are scp80::parse_key_file's (tests/scp80); here: what the host makes of them.
    const host::OtaKeyFile keys = host::parse_ota_keys(lab_file);
    CHECK(keys.header(7) == scp80::CommandHeader{scp80::Spi::decode(0x16, 0x19), 0x12, 0x12, scp80::Tar{}, 7});
    const scp80::Keyset set = keys.keyset();
    CHECK(set.kvn == 1);
    CHECK(set.kic_key == SecretBytes("404142434445464748494A4B4C4D4E4F"_hex));
    CHECK(set.kid_key == SecretBytes("505152535455565758595A5B5C5D5E5F"_hex));
    CHECK(keys.msl == 0x16);
}

TEST_CASE("ota keys: absent members take the lab defaults", "[host][ota_keys]") {
    const host::OtaKeyFile keys = host::parse_ota_keys(R"({"kid_key": "000102030405060708090A0B0C0D0E0F"})");
    // SPI 16 19: counter higher, ciphering, CC; PoR required, CC, ciphered, in the ENVELOPE response.
    CHECK(keys.spi == scp80::Spi::decode(0x16, 0x19));
    CHECK(keys.spi.por_ciphered);
    CHECK_FALSE(keys.spi.por_via_sms_submit);
    CHECK(keys.tar == scp80::Tar{{0, 0, 0}});
    CHECK(keys.kic == 0x12);
    CHECK(keys.kid == 0x12);
    CHECK(keys.kvn == 1);
    CHECK(keys.msl == 0x16);
    CHECK(keys.kic_key.empty());
    CHECK(keys.kid_key.size() == 16);
    // The default-constructed file (the environment's addressing) is the same.
    CHECK(host::OtaKeyFile{}.spi == scp80::Spi::decode(0x16, 0x19));
}

TEST_CASE("ota keys: an explicit SPI and KVN are taken as given", "[host][ota_keys]") {
    const std::string key = R"("kic_key": "000102030405060708090A0B0C0D0E0F")";
    SECTION("SPI 16 29: PoR via SMS-SUBMIT, not ciphered") {
        const auto keys = host::parse_ota_keys(R"({"spi": "1629", )" + key + "}");
        CHECK(keys.spi == scp80::Spi::decode(0x16, 0x29));
        CHECK(keys.spi.por_via_sms_submit);
        CHECK_FALSE(keys.spi.por_ciphered);
    }
    SECTION("KVN 3 without KIc/KID: both 32 (AES under KVN 3)") {
        const auto keys = host::parse_ota_keys(R"({"kvn": 3, )" + key + "}");
        CHECK(keys.kic == 0x32);
        CHECK(keys.kid == 0x32);
        CHECK(keys.header(1).kic == 0x32);
        CHECK(keys.keyset().kvn == 3);
    }
    SECTION("KIc 25 without KVN: KVN 2, a 3DES 2-key KIc key") {
        const auto keys = host::parse_ota_keys(R"({"kic": "25", )" + key + "}");
        CHECK(keys.kvn == 2);
        CHECK(keys.kid == 0x22);
    }
}

TEST_CASE("ota keys: bad members are named, their values never shown", "[host][ota_keys]") {
    struct Bad {
        const char* json;
        const char* message;
    };
    const Bad bad = GENERATE(values<Bad>({
        {R"([1, 2])", "keys JSON: not a JSON object"},
        {R"({"kic_key": "4041424344454647", "404142434445464748494A4B4C4D4E4F": 1})",
         "(a name of hex digits): unknown member"},
        {R"({"kic_key": "4041424344454647", "colour": "red"})", "colour: unknown member"},
        {R"({"kic_key": "4041424344454647", "tar": "0000"})", "tar: must be 3 bytes"},
        {R"({"kic_key": "4041424344454647", "spi": "16"})", "spi: must be 2 bytes"},
        {R"({"kic_key": "4041424344454647", "spi": "1603"})", "spi: "},
        {R"({"kic_key": "4041424344454647", "kic": "1212"})", "kic: must be 1 byte"},
        {R"({"kic_key": "4041424344454647", "kvn": 16})", "kvn: must be a number 1..15"},
        {R"({"kic_key": "4041424344454647", "kvn": 0})", "kvn: must be a number 1..15"},
        {R"({"kic_key": "4041424344454647", "kvn": "1"})", "kvn: must be a number 1..15"},
        {R"({"kic_key": "4041424344454647", "msl": "E6"})", "msl: "},
        {R"({"kic_key": "40414243444546ZZ"})", "kic_key: is not hex"},
        {R"({"kid_key": "404142434445464748"})", "kid_key: KID key length does not fit the KID algorithm"},
        {R"({"kic_key": "4041424344454647"})", "kic_key: KIc key length does not fit the KIc algorithm"},
        {R"({"kic": "11", "kic_key": "40414243444546474041424344454647"})",
         "kic_key: KIc key length does not fit the KIc algorithm"},
        {R"({"kvn": 2, "kic": "12", "kic_key": "40414243444546474041424344454647"})",
         "kic_key: KIc key version (b8..b5) 1 differs from the key set's KVN 2"},
        {R"({"kid": "13", "kid_key": "40414243444546474041424344454647"})", "kid_key: KID CC algorithm is"},
        {R"({"kid_key": ["40414243444546474041424344454647"]})", "kid_key: must be a hex string"},
        {R"({"kid_key": 5})", "kid_key: must be a hex string"},
        {R"({"tar": "000000"})", "keys JSON: neither kic_key nor kid_key is given"},
        {R"({"kic_key": "4041424344454647)", "keys JSON: not valid JSON (syntax error at byte "},
    }));
    CAPTURE(bad.json);
    const std::string message = rejection([&] { host::parse_ota_keys(bad.json); });
    CHECK_THAT(message, Catch::Matchers::StartsWith(bad.message));
    CHECK_THAT(message, !Catch::Matchers::Contains("4041"));
}

TEST_CASE("ota keys: load_ota_keys reads a file and names it in errors", "[host][ota_keys]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    const auto good = dir.path() / "keys.json";
    std::ofstream(good) << lab_file;
    CHECK(host::load_ota_keys(good).kvn == 1);

    const auto broken = dir.path() / "broken.json";
    std::ofstream(broken) << R"({"kic_key": "4041424344454647", "kvn": 99})";
    CHECK_THAT(rejection([&] { host::load_ota_keys(broken); }),
               Catch::Matchers::Equals("keys file " + broken.string() + ": kvn: must be a number 1..15"));

    CHECK_THROWS_AS(host::load_ota_keys(dir.path() / "missing.json"), Error);
}

TEST_CASE("ota keys: environment variables", "[host][ota_keys]") {
    SECTION("neither set") {
        ScopedEnv kic("EUICC_OTA_KIC_KEY", nullptr);
        ScopedEnv kid("EUICC_OTA_KID_KEY", nullptr);
        CHECK_FALSE(host::ota_keys_from_environment());
    }
    SECTION("both set") {
        ScopedEnv kic("EUICC_OTA_KIC_KEY", "404142434445464748494A4B4C4D4E4F");
        ScopedEnv kid("EUICC_OTA_KID_KEY", "505152535455565758595A5B5C5D5E5F");
        const auto keys = host::ota_keys_from_environment();
        REQUIRE(keys);
        CHECK(keys->kic_key == SecretBytes("404142434445464748494A4B4C4D4E4F"_hex));
        CHECK(keys->kid_key == SecretBytes("505152535455565758595A5B5C5D5E5F"_hex));
        CHECK(keys->tar == scp80::Tar{{0, 0, 0}});
    }
    SECTION("a bad value names the variable only") {
        ScopedEnv kic("EUICC_OTA_KIC_KEY", "40414243");
        ScopedEnv kid("EUICC_OTA_KID_KEY", nullptr);
        const std::string message = rejection([] { host::ota_keys_from_environment(); });
        CHECK(message == "EUICC_OTA_KIC_KEY: KIc key length does not fit the KIc algorithm");
    }
    SECTION("a value that is not hex names the variable only") {
        ScopedEnv kic("EUICC_OTA_KIC_KEY", nullptr);
        ScopedEnv kid("EUICC_OTA_KID_KEY", "4041424344454647404142434445464Z");
        const std::string message = rejection([] { host::ota_keys_from_environment(); });
        CHECK(message == "EUICC_OTA_KID_KEY: is not hex");
    }
}
