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

const char* const lab_file = R"({"tar": "000000", "spi": "1629", "kic": "12", "kid": "12", "kvn": 1,
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
    const host::OtaKeyFile keys = host::parse_ota_keys(lab_file);
    CHECK(keys.tar == scp80::Tar{{0, 0, 0}});
    CHECK(keys.spi == scp80::Spi::decode(0x16, 0x29));
    CHECK(keys.kic == 0x12);
    CHECK(keys.kid == 0x12);
    CHECK(keys.kvn == 1);
    CHECK(keys.msl == 0x16);
    CHECK(keys.kic_key == SecretBytes("404142434445464748494A4B4C4D4E4F"_hex));
    CHECK(keys.kid_key == SecretBytes("505152535455565758595A5B5C5D5E5F"_hex));
    const scp80::Keyset set = keys.keyset();
    CHECK(set.kvn == 1);
    CHECK(set.kic_key == keys.kic_key);
    const scp80::CommandHeader header = keys.header(7);
    CHECK(header.counter == 7);
    CHECK(header.kic == 0x12);
    CHECK(header.tar == keys.tar);
}

TEST_CASE("ota keys: absent members take the lab defaults", "[host][ota_keys]") {
    const host::OtaKeyFile keys = host::parse_ota_keys(R"({"kid_key": "0001020304050607"})");
    CHECK(keys.spi == scp80::Spi::decode(0x16, 0x29));
    CHECK(keys.kic == 0x12);
    CHECK(keys.kvn == 1);
    CHECK(keys.msl == 0x16);
    CHECK(keys.kic_key.empty());
    CHECK(keys.kid_key.size() == 8);
}

TEST_CASE("ota keys: bad members are named, their values never shown", "[host][ota_keys]") {
    struct Bad {
        const char* json;
        const char* message;
    };
    const Bad bad = GENERATE(values<Bad>({
        {R"([1, 2])", "keys JSON: must be an object"},
        {R"({"kic_key": "4041424344454647", "colour": "red"})", "colour: unknown member"},
        {R"({"kic_key": "4041424344454647", "tar": "0000"})", "tar: must be 3 bytes"},
        {R"({"kic_key": "4041424344454647", "spi": "16"})", "spi: must be 2 bytes"},
        {R"({"kic_key": "4041424344454647", "spi": "1603"})", "spi: "},
        {R"({"kic_key": "4041424344454647", "kic": "1212"})", "kic: must be 1 byte"},
        {R"({"kic_key": "4041424344454647", "kvn": 16})", "kvn: must be a number 0..15"},
        {R"({"kic_key": "4041424344454647", "kvn": "1"})", "kvn: must be a number 0..15"},
        {R"({"kic_key": "40414243444546ZZ"})", "kic_key: is not hex"},
        {R"({"kid_key": "404142434445464748"})", "kid_key: must be 8, 16, 24 or 32 bytes"},
        {R"({"kid_key": 5})", "kid_key: must be a hex string"},
        {R"({"tar": "000000"})", "keys JSON: neither kic_key nor kid_key is given"},
        {R"({"kic_key": "4041424344454647)", "keys JSON: syntax error at byte "},
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
               Catch::Matchers::Equals("keys file " + broken.string() + ": kvn: must be a number 0..15"));

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
        CHECK(message == "EUICC_OTA_KIC_KEY: must be 8, 16, 24 or 32 bytes");
    }
}
