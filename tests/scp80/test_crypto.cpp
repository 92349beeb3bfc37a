// SPDX-License-Identifier: Apache-2.0
// Known-answer tests of the crypto primitives: FIPS 81, SP 800-67, SP 800-38A, RFC 4493, TS 102 225, CRCs.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string_view>

#include <euicc/apdu/crypto.hpp>
#include <euicc/error.hpp>

using namespace euicc::literals;
using euicc::Bytes;
using euicc::ByteView;
using euicc::to_hex;
using euicc::crypto::BlockCipher;

namespace {

Bytes ascii(std::string_view text) {
    return Bytes(text.begin(), text.end());
}

template <std::size_t N>
Bytes to_bytes(const std::array<std::uint8_t, N>& a) {
    return Bytes(a.begin(), a.end());
}

// NIST SP 800-38A Appendix F / RFC 4493 §4 plaintext (four AES blocks).
const Bytes sp800_38a_plaintext = "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
                                  "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710"_hex;
const Bytes sp800_38a_iv = "000102030405060708090a0b0c0d0e0f"_hex;

} // namespace

TEST_CASE("DES-CBC and DES-ECB reproduce the FIPS 81 'Now is the time for all ' example", "[crypto]") {
    const Bytes key = "0123456789abcdef"_hex;
    const Bytes plain = ascii("Now is the time for all ");
    const Bytes cbc = "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6"_hex;
    CHECK(euicc::crypto::cbc_encrypt(BlockCipher::Des, key, plain, "1234567890abcdef"_hex) == cbc);
    CHECK(euicc::crypto::cbc_decrypt(BlockCipher::Des, key, cbc, "1234567890abcdef"_hex) == plain);
    // FIPS 81 Appendix B, ECB mode, first block.
    CHECK(euicc::crypto::ecb_encrypt(BlockCipher::Des, key, ascii("Now is t")) == "3fa40e8a984d4815"_hex);
    CHECK(euicc::crypto::ecb_decrypt(BlockCipher::Des, key, "3fa40e8a984d4815"_hex) == ascii("Now is t"));
}

TEST_CASE("3DES 3-key ECB reproduces the NIST SP 800-67 example", "[crypto]") {
    const Bytes key = "0123456789ABCDEF 23456789ABCDEF01 456789ABCDEF0123"_hex;
    const Bytes plain = ascii("The qufck brown fox jump");
    const Bytes expected = "A826FD8CE53B855F CCE21C8112256FE6 68D5C05DD9B6B900"_hex;
    CHECK(euicc::crypto::ecb_encrypt(BlockCipher::TripleDes, key, plain) == expected);
    CHECK(euicc::crypto::ecb_decrypt(BlockCipher::TripleDes, key, expected) == plain);
}

TEST_CASE("3DES with equal key halves degenerates to single DES", "[crypto]") {
    const Bytes plain = ascii("Now is the time for all ");
    const Bytes iv = "1234567890abcdef"_hex;
    const Bytes des = euicc::crypto::cbc_encrypt(BlockCipher::Des, "0123456789abcdef"_hex, plain, iv);
    CHECK(euicc::crypto::cbc_encrypt(BlockCipher::TripleDes, "0123456789abcdef0123456789abcdef"_hex, plain,
                                     iv) == des);
    CHECK(euicc::crypto::cbc_encrypt(BlockCipher::TripleDes,
                                     "0123456789abcdef0123456789abcdef0123456789abcdef"_hex, plain,
                                     iv) == des);
}

TEST_CASE("3DES 2-key CBC with IV 0 reproduces the pySim SCP80 ciphertext", "[crypto]") {
    // scp80.md vector A, SPI 06 19: the part after TAR is the KIc encryption of "to cipher".
    const Bytes kic = "300102030405060708090a0b0c0d0e0f"_hex;
    const Bytes plain = "00000000000304ceaed74c102a0100a40004023f00000000"_hex;
    const Bytes cipher = "ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f"_hex;
    CHECK(euicc::crypto::cbc_encrypt(BlockCipher::TripleDes, kic, plain) == cipher);
    CHECK(euicc::crypto::cbc_decrypt(BlockCipher::TripleDes, kic, cipher) == plain);
}

TEST_CASE("AES-CBC reproduces NIST SP 800-38A F.2 for all key sizes", "[crypto]") {
    struct Vector {
        Bytes key;
        Bytes cipher;
    };
    const auto v = GENERATE(Vector{"2b7e151628aed2a6abf7158809cf4f3c"_hex,
                                   "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
                                   "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"_hex},
                            Vector{"8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b"_hex,
                                   "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
                                   "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd"_hex},
                            Vector{"603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"_hex,
                                   "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
                                   "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"_hex});
    CAPTURE(v.key.size());
    CHECK(euicc::crypto::cbc_encrypt(BlockCipher::Aes, v.key, sp800_38a_plaintext, sp800_38a_iv) == v.cipher);
    CHECK(euicc::crypto::cbc_decrypt(BlockCipher::Aes, v.key, v.cipher, sp800_38a_iv) == sp800_38a_plaintext);
}

TEST_CASE("AES-128 ECB reproduces NIST SP 800-38A F.1.1", "[crypto]") {
    const Bytes key = "2b7e151628aed2a6abf7158809cf4f3c"_hex;
    const Bytes cipher = "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
                         "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4"_hex;
    CHECK(euicc::crypto::ecb_encrypt(BlockCipher::Aes, key, sp800_38a_plaintext) == cipher);
    CHECK(euicc::crypto::ecb_decrypt(BlockCipher::Aes, key, cipher) == sp800_38a_plaintext);
}

TEST_CASE("Cached contexts switch keys, sizes, modes and directions correctly", "[crypto]") {
    // Interleaving operations on the per-thread contexts must give the same answers as fresh ones.
    const Bytes k128 = "2b7e151628aed2a6abf7158809cf4f3c"_hex;
    const Bytes k256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"_hex;
    for (int round = 0; round < 3; ++round) {
        const Bytes c128 =
            euicc::crypto::cbc_encrypt(BlockCipher::Aes, k128, sp800_38a_plaintext, sp800_38a_iv);
        const Bytes c256 =
            euicc::crypto::cbc_encrypt(BlockCipher::Aes, k256, sp800_38a_plaintext, sp800_38a_iv);
        CHECK(to_hex(c128).substr(0, 32) == "7649ABAC8119B246CEE98E9B12E9197D");
        CHECK(to_hex(c256).substr(0, 32) == "F58C4C04D6E5F1BA779EABFB5F7BFBD6");
        CHECK(euicc::crypto::cbc_decrypt(BlockCipher::Aes, k128, c128, sp800_38a_iv) == sp800_38a_plaintext);
        // Zero IV by default: differs from the SP 800-38A IV result.
        CHECK(euicc::crypto::cbc_encrypt(BlockCipher::Aes, k128, sp800_38a_plaintext) != c128);
    }
}

TEST_CASE("In-place CBC encryption and decryption", "[crypto]") {
    const Bytes key = "2b7e151628aed2a6abf7158809cf4f3c"_hex;
    Bytes buffer = sp800_38a_plaintext;
    euicc::crypto::cbc_encrypt_into(BlockCipher::Aes, key, buffer, buffer, sp800_38a_iv);
    CHECK(to_hex(buffer).substr(0, 32) == "7649ABAC8119B246CEE98E9B12E9197D");
    euicc::crypto::cbc_decrypt_into(BlockCipher::Aes, key, buffer, buffer, sp800_38a_iv);
    CHECK(buffer == sp800_38a_plaintext);
}

TEST_CASE("Cipher arguments are checked", "[crypto]") {
    const Bytes aes_key(16, 0x11);
    CHECK_THROWS_AS(euicc::crypto::cbc_encrypt(BlockCipher::Aes, aes_key, Bytes(15, 0)),
                    std::invalid_argument);
    CHECK_THROWS_AS(euicc::crypto::cbc_encrypt(BlockCipher::Aes, Bytes(20, 0), Bytes(16, 0)),
                    std::invalid_argument);
    CHECK_THROWS_AS(euicc::crypto::cbc_encrypt(BlockCipher::Des, Bytes(16, 0), Bytes(8, 0)),
                    std::invalid_argument);
    CHECK_THROWS_AS(euicc::crypto::cbc_encrypt(BlockCipher::TripleDes, Bytes(8, 0), Bytes(8, 0)),
                    std::invalid_argument);
    CHECK_THROWS_AS(euicc::crypto::cbc_encrypt(BlockCipher::Aes, aes_key, Bytes(16, 0), Bytes(8, 0)),
                    std::invalid_argument);
    Bytes out(8);
    CHECK_THROWS_AS(euicc::crypto::cbc_encrypt_into(BlockCipher::Aes, aes_key, Bytes(16, 0), out),
                    std::invalid_argument);
    CHECK(euicc::crypto::cbc_encrypt(BlockCipher::Aes, aes_key, Bytes{}).empty());
    // Messages name sizes, never key bytes.
    try {
        euicc::crypto::cbc_encrypt(BlockCipher::Aes, "00112233445566778899AABBCCDDEEFF11"_hex, Bytes(16, 0));
        FAIL("no exception");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string_view(e.what()).find("0011") == std::string_view::npos);
    }
    CHECK(euicc::crypto::valid_key_length(BlockCipher::TripleDes, 24));
    CHECK_FALSE(euicc::crypto::valid_key_length(BlockCipher::Aes, 8));
    CHECK(euicc::crypto::block_size(BlockCipher::Des) == 8);
    CHECK(euicc::crypto::block_size(BlockCipher::Aes) == 16);
}

TEST_CASE("AES-CMAC reproduces the RFC 4493 §4 examples", "[crypto]") {
    const Bytes key = "2b7e151628aed2a6abf7158809cf4f3c"_hex;
    const ByteView m(sp800_38a_plaintext);
    CHECK(to_bytes(euicc::crypto::aes_cmac(key, Bytes{})) == "bb1d6929e95937287fa37d129b756746"_hex);
    CHECK(to_bytes(euicc::crypto::aes_cmac(key, m.first(16))) == "070a16b46b4d4144f79bdd9dd04a287c"_hex);
    CHECK(to_bytes(euicc::crypto::aes_cmac(key, m.first(40))) == "dfa66747de9ae63030ca32611497c827"_hex);
    CHECK(to_bytes(euicc::crypto::aes_cmac(key, m)) == "51f0bebf7e3b9d92fc49741779363cfe"_hex);
    // Split input gives the same MAC as contiguous input.
    CHECK(to_bytes(euicc::crypto::aes_cmac(key, {m.first(7), m.subspan(7, 20), m.subspan(27)})) ==
          "51f0bebf7e3b9d92fc49741779363cfe"_hex);
}

TEST_CASE("AES-CMAC with 192- and 256-bit keys (NIST SP 800-38B D.2/D.3)", "[crypto]") {
    const ByteView m(sp800_38a_plaintext);
    const Bytes k192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b"_hex;
    const Bytes k256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"_hex;
    CHECK(to_bytes(euicc::crypto::aes_cmac(k192, Bytes{})) == "d17ddf46adaacde531cac483de7a9367"_hex);
    CHECK(to_bytes(euicc::crypto::aes_cmac(k192, m)) == "a1d5df0eed790f794d77589659f39a11"_hex);
    CHECK(to_bytes(euicc::crypto::aes_cmac(k256, Bytes{})) == "028962f61b7bf89efc6b551f4667d983"_hex);
    CHECK(to_bytes(euicc::crypto::aes_cmac(k256, m)) == "e1992190549f6ed5696a2c056c315410"_hex);
    CHECK_THROWS_AS(euicc::crypto::aes_cmac(Bytes(8, 0), m), std::invalid_argument);
}

TEST_CASE("TS 102 225 CBC-MAC reproduces the pySim SCP80 3DES checksum", "[crypto]") {
    // scp80.md vector A, SPI 06 19: CC over the header and padded data, KID 3DES 2-key.
    const Bytes kid = "301102030405060708090a0b0c0d0e0f"_hex;
    const Bytes input = "00201506193535b0001100000000000300a40004023f00000000"_hex;
    CHECK(to_bytes(euicc::crypto::cbc_mac(BlockCipher::TripleDes, kid, input)) == "04ceaed74c102a01"_hex);
    // Parts split anywhere, including across the internal chunking, give the same result.
    const ByteView in(input);
    CHECK(to_bytes(euicc::crypto::cbc_mac(BlockCipher::TripleDes, kid, {in.first(3), in.subspan(3)})) ==
          "04ceaed74c102a01"_hex);
}

TEST_CASE("CBC-MAC equals the last CBC block of the zero-padded input", "[crypto]") {
    const Bytes key = "0123456789abcdef"_hex;
    const auto length = GENERATE(1, 7, 8, 9, 127, 128, 129, 256, 300);
    CAPTURE(length);
    Bytes input(static_cast<std::size_t>(length));
    for (std::size_t i = 0; i < input.size(); ++i) {
        input[i] = static_cast<std::uint8_t>(i * 7 + 1);
    }
    Bytes padded = input;
    padded.resize((padded.size() + 7) / 8 * 8, 0);
    const Bytes cbc = euicc::crypto::cbc_encrypt(BlockCipher::Des, key, padded);
    const Bytes last(cbc.end() - 8, cbc.end());
    CHECK(to_bytes(euicc::crypto::cbc_mac(BlockCipher::Des, key, input)) == last);
    CHECK_THROWS_AS(euicc::crypto::cbc_mac(BlockCipher::Aes, Bytes(16, 0), input), std::invalid_argument);
    CHECK_THROWS_AS(euicc::crypto::cbc_mac(BlockCipher::Des, key, Bytes{}), std::invalid_argument);
}

TEST_CASE("CRC-32 and CRC-16/X-25 check values", "[crypto]") {
    const Bytes check = ascii("123456789");
    CHECK(euicc::crypto::crc32(check) == 0xCBF43926U);
    CHECK(euicc::crypto::crc16_x25(check) == 0x906E);
    CHECK(euicc::crypto::crc32(Bytes{}) == 0);
    CHECK(euicc::crypto::crc16_x25(Bytes{}) == 0);
    // Chaining over chunks equals one pass.
    const ByteView v(check);
    CHECK(euicc::crypto::crc32(v.subspan(4), euicc::crypto::crc32(v.first(4))) == 0xCBF43926U);
    CHECK(euicc::crypto::crc16_x25(v.subspan(5), euicc::crypto::crc16_x25(v.first(5))) == 0x906E);
}
