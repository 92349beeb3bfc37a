// SPDX-License-Identifier: Apache-2.0
// SCP03 sensitive data under Key-DEK (Amd D §6.2.8, §7.2) and AES key check values (§7.2.2): vectors and round trips.
#include <catch2/catch.hpp>

#include <euicc/apdu/crypto.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/error.hpp>

#include "scp03_vectors.hpp"

using namespace scp03_test;
using euicc::crypto::BlockCipher;

namespace {
Bytes view_bytes(const SecretBytes& secret) { return Bytes(secret.view().begin(), secret.view().end()); }
} // namespace

TEST_CASE("AES key check values (pySim SCP03_KCV_Test)", "[scp03][keys][vectors]") {
    const scp03::StaticKeys keys = keys_aes128();
    CHECK(scp03::key_check_value(keys.enc.view()) == scp03::KeyCheckValue{0xC3, 0x52, 0x80});
    CHECK(scp03::key_check_value(keys.mac.view()) == scp03::KeyCheckValue{0x01, 0x38, 0x08});
    CHECK(scp03::key_check_value(keys.dek.view()) == scp03::KeyCheckValue{0x84, 0x0D, 0xE5});
    CHECK_THROWS_AS(scp03::key_check_value(Bytes(8, 1)), std::invalid_argument);
}

TEST_CASE("PUT KEY key encryption under the static DEK (globalplatform.md §Test vectors)", "[scp03][keys][vectors]") {
    // New AES keyset 11.., 22.., 33.. under DEK 2021..2F: ciphertexts and KCVs of the computed PUT KEY example.
    const Bytes dek = "202122232425262728292a2b2c2d2e2f"_hex;
    struct Case {
        std::uint8_t fill;
        Bytes ciphertext;
        scp03::KeyCheckValue kcv;
    };
    const std::vector<Case> cases = {
        {0x11, "69EF0C06CA2299DE5E0EE0B9654C35D7"_hex, {0x09, 0x85, 0x42}},
        {0x22, "7DB08C82905D0FE08EE48E9247A89CDC"_hex, {0xC6, 0x55, 0x91}},
        {0x33, "3676D9722B8DACAC4B8FF1AA0377054F"_hex, {0x5F, 0x8A, 0xF9}},
    };
    NoRng no_padding;
    for (const Case& c : cases) {
        CAPTURE(c.fill);
        const Bytes key(16, c.fill);
        CHECK(scp03::encrypt_key(dek, key, no_padding) == c.ciphertext);
        CHECK(scp03::key_check_value(key) == c.kcv);
        CHECK(view_bytes(scp03::decrypt_key(dek, c.ciphertext, 16)) == key);
    }
}

TEST_CASE("32-byte keys are CBC-chained under a zero ICV, 24-byte keys padded", "[scp03][keys]") {
    const Bytes dek = "202122232425262728292a2b2c2d2e2f202122232425262728292a2b2c2d2e2f"_hex;
    const Bytes key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"_hex;
    NoRng no_padding;
    const Bytes encrypted = scp03::encrypt_key(dek, key, no_padding);
    // Independent formula: C1 = E(P1), C2 = E(P2 xor C1) (Amd D §6.2.8, Figure 6-6).
    const Bytes c1 = euicc::crypto::ecb_encrypt(BlockCipher::Aes, dek, ByteView(key).first(16));
    Bytes p2(key.begin() + 16, key.end());
    for (std::size_t k = 0; k < 16; ++k) {
        p2[k] ^= c1[k];
    }
    const Bytes c2 = euicc::crypto::ecb_encrypt(BlockCipher::Aes, dek, p2);
    Bytes expected = c1;
    expected.insert(expected.end(), c2.begin(), c2.end());
    CHECK(encrypted == expected);
    CHECK(view_bytes(scp03::decrypt_key(dek, encrypted, 32)) == key);

    euicc::FixedRng rng(9);
    const Bytes key24 = "101112131415161718191a1b1c1d1e1f1011121314151617"_hex;
    const Bytes encrypted24 = scp03::encrypt_key(dek, key24, rng);
    CHECK(encrypted24.size() == 32);
    CHECK(view_bytes(scp03::decrypt_key(dek, encrypted24, 24)) == key24);
    // The 8 padding bytes came from the Rng: another stream, another second block, same first block.
    euicc::FixedRng other(10);
    const Bytes encrypted24b = scp03::encrypt_key(dek, key24, other);
    CHECK(Bytes(encrypted24.begin(), encrypted24.begin() + 16) == Bytes(encrypted24b.begin(), encrypted24b.begin() + 16));
    CHECK(Bytes(encrypted24.begin() + 16, encrypted24.end()) != Bytes(encrypted24b.begin() + 16, encrypted24b.end()));

    CHECK_THROWS_AS(scp03::decrypt_key(dek, encrypted24, 16), euicc::CodecError);
    CHECK_THROWS_AS(scp03::decrypt_key(dek, Bytes(31, 0), 24), euicc::CodecError);
    CHECK_THROWS_AS(scp03::decrypt_key(dek, encrypted24, 20), std::invalid_argument);
    CHECK_THROWS_AS(scp03::encrypt_key(dek, Bytes(20, 1), rng), std::invalid_argument);
    CHECK_THROWS_AS(scp03::encrypt_key(Bytes(7, 1), key24, rng), std::invalid_argument);
}

TEST_CASE("Sensitive data: whole blocks only, round trip", "[scp03][keys]") {
    const Bytes dek = "202122232425262728292a2b2c2d2e2f"_hex;
    const Bytes data(48, 0x7E);
    const Bytes encrypted = scp03::encrypt_sensitive_data(dek, data);
    CHECK(encrypted == euicc::crypto::cbc_encrypt(BlockCipher::Aes, dek, data));
    CHECK(view_bytes(scp03::decrypt_sensitive_data(dek, encrypted)) == data);
    CHECK_THROWS_AS(scp03::encrypt_sensitive_data(dek, Bytes(17, 0)), std::invalid_argument);
    CHECK_THROWS_AS(scp03::encrypt_sensitive_data(dek, Bytes{}), std::invalid_argument);
    CHECK_THROWS_AS(scp03::decrypt_sensitive_data(dek, Bytes(15, 0)), std::invalid_argument);
}
