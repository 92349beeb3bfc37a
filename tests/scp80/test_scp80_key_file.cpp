// SPDX-License-Identifier: Apache-2.0
// The shared SCP80 keys file (issue 3 decisions, TS 102 225 §5.1.2-§5.1.3): members, defaults, key checks.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include <euicc/apdu/scp80_key_file.hpp>
#include <euicc/error.hpp>

using namespace euicc;
using namespace euicc::scp80;
using namespace euicc::literals;

namespace {

/// The shared-decision example with the public lab TEST keys.
const char* const lab_file = R"({"tar": "000000", "spi": "1619", "kic": "12", "kid": "12", "kvn": 1,
  "kic_key": "404142434445464748494A4B4C4D4E4F", "kid_key": "505152535455565758595A5B5C5D5E5F", "msl": "16"})";

/// The KeyFileError parse_key_file throws for `json` (source "k.json"); fails the test when none is thrown.
KeyFileError refusal(const std::string& json) {
    try {
        parse_key_file(json, "k.json");
    } catch (const KeyFileError& e) {
        return e;
    }
    FAIL("no KeyFileError for " << json);
    return KeyFileError("", "", "");
}

Keyset keys_of(std::size_t kic_length, std::size_t kid_length, std::uint8_t kvn = 1) {
    return Keyset{kvn, SecretBytes(Bytes(kic_length, 0xA5)), SecretBytes(Bytes(kid_length, 0x5A))};
}

} // namespace

TEST_CASE("keys file: the lab test keyset", "[scp80][key_file]") {
    const KeyFile file = parse_key_file(lab_file, "lab");
    CHECK(file.tar == Tar{{0, 0, 0}});
    CHECK(file.spi == Spi::decode(0x16, 0x19));
    CHECK(file.kic == 0x12);
    CHECK(file.kid == 0x12);
    CHECK(file.kvn == 1);
    CHECK(file.msl == 0x16);
    CHECK(file.kic_key == SecretBytes("404142434445464748494A4B4C4D4E4F"_hex));
    CHECK(file.kid_key == SecretBytes("505152535455565758595A5B5C5D5E5F"_hex));
}

TEST_CASE("keys file: defaults follow the shared decisions", "[scp80][key_file]") {
    SECTION("a default KeyFile: TAR 000000, SPI 16 19, KIc/KID 12, KVN 1, MSL 16") {
        const KeyFile file;
        CHECK(file.spi == Spi::decode(0x16, 0x19));
        CHECK(file.spi.encode() == std::array<std::uint8_t, 2>{0x16, 0x19});
        CHECK(file.tar == Tar{});
        CHECK(file.kic == 0x12);
        CHECK(file.kid == 0x12);
        CHECK(file.kvn == 1);
        CHECK(file.msl == 0x16);
    }
    SECTION("one key alone is enough; the rest is default") {
        const KeyFile file = parse_key_file(R"({"kid_key": "505152535455565758595A5B5C5D5E5F"})", "k");
        CHECK(file.kic_key.empty());
        CHECK(file.kid_key.size() == 16);
        CHECK(file.spi == Spi::decode(0x16, 0x19));
        CHECK(file.kic == 0x12);
    }
    SECTION("KVN without KIc/KID: AES under that KVN") {
        const KeyFile file = parse_key_file(
            R"({"kvn": 3, "tar": "B20100", "kic_key": "404142434445464748494A4B4C4D4E4F"})", "k");
        CHECK(file.kic == 0x32);
        CHECK(file.kid == 0x32);
        CHECK(file.tar == Tar{{0xB2, 0x01, 0x00}});
    }
    SECTION("KIc without KVN: the KVN is KIc's b8..b5") {
        const KeyFile file =
            parse_key_file(R"({"kic": "25", "kid": "25", "kic_key": "404142434445464748494A4B4C4D4E4F",
                                              "kid_key": "505152535455565758595A5B5C5D5E5F"})",
                           "k");
        CHECK(file.kvn == 2);
    }
}

TEST_CASE("keys file: errors name source and member, never a key", "[scp80][key_file]") {
    struct Bad {
        const char* json;
        const char* member;
        const char* reason;
    };
    const Bad bad = GENERATE(values<Bad>({
        {R"([1, 2])", "", "not a JSON object"},
        {R"({"kic_key": "DEADBEEFDEADBEEF)", "", "not valid JSON (syntax error at byte "},
        {R"({"tar": "000000"})", "", "neither kic_key nor kid_key is given"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "colour": "red"})", "colour", "unknown member"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "DEADBEEFDEADBEEF": 1})",
         "(a name of hex digits)", "unknown member"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "tar": "0000"})", "tar",
         "must be 3 bytes of hex"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "tar": 0})", "tar", "must be a hex string"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "spi": "16"})", "spi", "must be 2 bytes of hex"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "spi": "1603"})", "spi",
         "reserved PoR request value 11"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "kic": "1212"})", "kic", "must be 1 byte of hex"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "msl": "E6"})", "msl", ""},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "kvn": 0})", "kvn", "must be a number 1..15"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "kvn": 4294967297})", "kvn",
         "must be a number 1..15"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF", "kvn": 1.0})", "kvn", "must be a number 1..15"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEZ"})", "kid_key", "is not hex"},
        {R"({"kid_key": {"k": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF"}})", "kid_key", "must be a hex string"},
        {R"({"kid_key": "DEADBEEFDEADBEEFDEADBEEFDEADBE"})", "kid_key",
         "KID key length does not fit the KID algorithm"},
        {R"({"kic": "12", "kvn": 2, "kic_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF"})", "kic_key",
         "KIc key version (b8..b5) 1 differs from the key set's KVN 2"},
        {R"({"kic": "13", "kic_key": "DEADBEEFDEADBEEFDEADBEEFDEADBEEF"})", "kic_key",
         "KIc algorithm is implicit or proprietary (not supported)"},
        {R"({"kid": "1D", "kid_key": "DEADBEEFDEADBEEF"})", "kid_key", "KID: "},
    }));
    CAPTURE(bad.json);
    const KeyFileError e = refusal(bad.json);
    CHECK(e.member() == bad.member);
    CHECK_THAT(e.reason(), Catch::Matchers::StartsWith(bad.reason));
    const std::string prefix =
        std::string("k.json: ") + (*bad.member != '\0' ? bad.member + std::string(": ") : "");
    CHECK_THAT(e.what(), Catch::Matchers::StartsWith(prefix + bad.reason));
    CHECK_THAT(e.what(), !Catch::Matchers::Contains("DEAD", Catch::CaseSensitive::No));
    // A KeyFileError is an euicc::Error (the card's documented error type).
    CHECK_THROWS_AS(parse_key_file(bad.json, "k.json"), Error);
}

TEST_CASE("key set check: key lengths per KIc/KID algorithm (TS 102 225 §5.1.2-§5.1.3)",
          "[scp80][key_file]") {
    struct Case {
        std::uint8_t coding;
        std::size_t fits;
        std::size_t misfits;
    };
    // KVN 1: 11 DES-CBC (8), 15 3DES 2-key (16), 19 3DES 3-key (24), 12 AES (16/24/32).
    const Case c = GENERATE(values<Case>(
        {{0x11, 8, 16}, {0x15, 16, 24}, {0x19, 24, 16}, {0x12, 16, 8}, {0x12, 24, 15}, {0x12, 32, 40}}));
    CAPTURE(c.coding, c.fits, c.misfits);
    CHECK_NOTHROW(check_kic_key(c.coding, keys_of(c.fits, 0)));
    CHECK_NOTHROW(check_kid_key(c.coding, keys_of(0, c.fits)));
    CHECK_THROWS_AS(check_kic_key(c.coding, keys_of(c.misfits, 0)), std::invalid_argument);
    CHECK_THROWS_AS(check_kid_key(c.coding, keys_of(0, c.misfits)), std::invalid_argument);
}

TEST_CASE("key set check: codings a key cannot serve", "[scp80][key_file]") {
    // DES-ECB (1D) ciphers but is no checksum; 10 is implicit; 26 is AES with RFU bits; KVN 2 is not KVN 1.
    CHECK_NOTHROW(check_kic_key(0x1D, keys_of(8, 0)));
    CHECK_THROWS_AS(check_kid_key(0x1D, keys_of(0, 8)), std::invalid_argument);
    CHECK_THROWS_AS(check_kic_key(0x10, keys_of(16, 16)), std::invalid_argument);
    CHECK_THROWS_AS(check_kic_key(0x16, keys_of(16, 16)), std::invalid_argument);
    CHECK_THROWS_AS(check_kid_key(0x22, keys_of(16, 16)), std::invalid_argument);
    CHECK_NOTHROW(check_kid_key(0x22, keys_of(16, 16, 2)));
    // No key at all does not fit any algorithm.
    CHECK_THROWS_AS(check_kic_key(0x12, keys_of(0, 16)), std::invalid_argument);
}
