// SPDX-License-Identifier: Apache-2.0
// Tests for GP PUT KEY with AES keys (GPCS v2.3.1 §11.8, Amd D v1.1.1 §7.2, KCV per §B.6): pySim KCV vectors, the
// three-key vector of spec/globalplatform.md, response parsing and the card-side parse/decrypt.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include <euicc/apdu/gp.hpp>
#include <euicc/error.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;

namespace {

const Bytes dek = "202122232425262728292a2b2c2d2e2f"_hex;
const Bytes key1(16, 0x11);
const Bytes key2(16, 0x22);
const Bytes key3(16, 0x33);
// 32-byte key 00..1F under the same DEK: ciphertext and KCV computed independently (Python cryptography).
const Bytes key32 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"_hex;

Bytes kcv_bytes(const gp::KeyCheckValue& kcv) { return Bytes(kcv.begin(), kcv.end()); }

} // namespace

TEST_CASE("GP AES key check values: pySim test_globalplatform vectors", "[gp]") {
    auto [key, kcv] = GENERATE(table<Bytes, Bytes>({
        {"000102030405060708090a0b0c0d0e0f"_hex, "C35280"_hex},
        {"101112131415161718191a1b1c1d1e1f"_hex, "013808"_hex},
        {"202122232425262728292a2b2c2d2e2f"_hex, "840DE5"_hex},
    }));
    CHECK(kcv_bytes(gp::aes_key_check_value(key)) == kcv);
    CHECK_THROWS_AS(gp::aes_key_check_value(Bytes(15, 0)), std::invalid_argument);
}

TEST_CASE("GP PUT KEY: new AES keyset 2A under a DEK (spec/globalplatform.md vector)", "[gp]") {
    const apdu::CommandApdu cmd = gp::put_key_aes(0x2A, {key1, key2, key3}, dek);
    CHECK(gp_test::hex(cmd) == "80D80081462A"
                               "88111069EF0C06CA2299DE5E0EE0B9654C35D703098542"
                               "8811107DB08C82905D0FE08EE48E9247A89CDC03C65591"
                               "8811103676D9722B8DACAC4B8FF1AA0377054F035F8AF9"
                               "00");
    // The clear keys appear nowhere in the command.
    const Bytes raw = cmd.encode();
    CHECK(std::search(raw.begin(), raw.end(), key1.begin(), key1.end()) == raw.end());
}

TEST_CASE("GP PUT KEY: pySim short form, replacing a keyset, 32-byte keys", "[gp]") {
    gp::PutKeyOptions options;
    options.format = gp::KeyBlockFormat::CiphertextOnly;
    options.replaced_version = 0x30;
    const apdu::CommandApdu one = gp::put_key_aes(0x31, {key1}, dek, options);
    CHECK(gp_test::hex(one) == "80D830011731" "881069EF0C06CA2299DE5E0EE0B9654C35D7" "0309854200");

    CHECK(gp_test::hex(gp::put_key_aes(0x32, {key32}, dek)) ==
          "80D800012832" "882120DB7CE67AF13DE57A95D922E5325ABF134A7A2D1C467886121EB7CE42F0899CD0" "0375E208" "00");
}

TEST_CASE("GP PUT KEY: bad arguments", "[gp]") {
    CHECK_THROWS_AS(gp::put_key_aes(0x30, {}, dek), std::invalid_argument);
    CHECK_THROWS_AS(gp::put_key_aes(0x30, {Bytes(24, 1)}, dek), std::invalid_argument); // AES-192 padding undefined
    CHECK_THROWS_AS(gp::put_key_aes(0x30, {key1}, Bytes(8, 1)), std::invalid_argument);
    CHECK_THROWS_AS(gp::put_key_aes(0x80, {key1}, dek), std::invalid_argument);
    gp::PutKeyOptions options;
    options.first_key_id = 0x80;
    CHECK_THROWS_AS(gp::put_key_aes(0x30, {key1}, dek, options), std::invalid_argument);
    try {
        gp::put_key_aes(0x30, {Bytes(20, 0x11)}, dek);
        FAIL("a 20-byte key must be refused");
    } catch (const std::invalid_argument& e) {
        // The message names sizes only, never key bytes.
        CHECK(std::string(e.what()).find("1111") == std::string::npos);
    }
}

TEST_CASE("GP PUT KEY response", "[gp]") {
    const gp::PutKeyResponse r = gp::parse_put_key_response("2A098542C655915F8AF9"_hex);
    CHECK(r.version == 0x2A);
    REQUIRE(r.check_values.size() == 3);
    CHECK(kcv_bytes(r.check_values[2]) == "5F8AF9"_hex);
    CHECK(gp::parse_put_key_response("30"_hex).check_values.empty());
    CHECK_CODEC_ERROR(gp::parse_put_key_response("2A0985"_hex), "PUT KEY response", 3);
    CHECK_CODEC_ERROR(gp::parse_put_key_response(Bytes{}), "PUT KEY response", 0);
}

TEST_CASE("GP PUT KEY card side: parse, decrypt, check the KCV", "[gp]") {
    for (const auto format : {gp::KeyBlockFormat::WithClearLength, gp::KeyBlockFormat::CiphertextOnly}) {
        gp::PutKeyOptions options;
        options.format = format;
        options.first_key_id = 1;
        const gp::PutKeyCommand parsed = gp::parse_put_key(gp::put_key_aes(0x2A, {key1, key2, key32}, dek, options));
        CHECK(parsed.new_version == 0x2A);
        CHECK(parsed.replaced_version == 0);
        CHECK(parsed.first_key_id == 1);
        CHECK(parsed.several_keys);
        REQUIRE(parsed.keys.size() == 3);
        CHECK(parsed.keys[0].clear_length.has_value() == (format == gp::KeyBlockFormat::WithClearLength));
        CHECK(parsed.keys[2].encrypted.size() == 32);
        const SecretBytes k1 = gp::decrypt_key(parsed.keys[0], dek);
        CHECK(Bytes(k1.view().begin(), k1.view().end()) == key1);
        const SecretBytes k3 = gp::decrypt_key(parsed.keys[2], dek);
        CHECK(Bytes(k3.view().begin(), k3.view().end()) == key32);
    }
}

TEST_CASE("GP PUT KEY card side: wrong DEK, wrong KCV, malformed data", "[gp]") {
    const gp::PutKeyCommand parsed = gp::parse_put_key(gp::put_key_aes(0x2A, {key1}, dek));
    // Under another DEK the decrypted key does not match its KCV: the card answers 6982 (GPCS §11.8.3).
    CHECK_THROWS_AS(gp::decrypt_key(parsed.keys[0], Bytes(16, 0x42)), SecurityError);
    gp::PutKeyCommand::Key tampered = parsed.keys[0];
    tampered.check_value = "000000"_hex;
    CHECK_THROWS_AS(gp::decrypt_key(tampered, dek), SecurityError);
    tampered.encrypted.pop_back();
    CHECK_CODEC_ERROR(gp::decrypt_key(tampered, dek), "PUT KEY", 0);

    using apdu::CommandApdu;
    CHECK_CODEC_ERROR(gp::parse_put_key(CommandApdu(0x80, 0xD8, 0, 1, "2A881110AA"_hex)), "PUT KEY", 3);
    CHECK_CODEC_ERROR(gp::parse_put_key(CommandApdu(0x80, 0xD8, 0, 1, "2AFF"_hex)), "PUT KEY", 1);
    CHECK_CODEC_ERROR(gp::parse_put_key(CommandApdu(0x80, 0xE2, 0, 1, "2A"_hex)), "PUT KEY", 0);
}
