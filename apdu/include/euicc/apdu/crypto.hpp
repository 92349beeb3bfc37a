// SPDX-License-Identifier: Apache-2.0
// Primitives for SCP80 (TS 102 225) and SCP03 on OpenSSL 3 EVP: DES/3DES/AES, CBC-MAC, AES-CMAC, CRC16/32.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include <euicc/apdu/bytes.hpp>

namespace euicc::crypto {

/// Cipher family; the key length picks the variant: Des 8 bytes; TripleDes 16 (2-key, K1 K2 K1) or 24
/// (3-key); Aes 16, 24 or 32 (AES-128/192/256).
enum class BlockCipher : std::uint8_t { Des, TripleDes, Aes };

/// 8 for Des/TripleDes, 16 for Aes.
std::size_t block_size(BlockCipher cipher) noexcept;
/// True when `key_length` is one the family accepts (see BlockCipher).
bool valid_key_length(BlockCipher cipher, std::size_t key_length) noexcept;

// Encryption without padding. `in` must be a whole number of blocks; `iv` is empty (all-zero IV) or one
// block. The _into forms write to `out`, which must be exactly as long as `in` and may be the same memory
// (in-place); the others return a new buffer. Bad sizes throw std::invalid_argument (never naming the key);
// an OpenSSL failure throws euicc::Error.
void cbc_encrypt_into(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out,
                      ByteView iv = {});
void cbc_decrypt_into(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out,
                      ByteView iv = {});
void ecb_encrypt_into(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out);
void ecb_decrypt_into(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out);

/// Same as ecb_encrypt_into/ecb_decrypt_into (ECB takes no IV, so these overloads are unambiguous).
void ecb_encrypt(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out);
void ecb_decrypt(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out);

Bytes cbc_encrypt(BlockCipher cipher, ByteView key, ByteView in, ByteView iv = {});
Bytes cbc_decrypt(BlockCipher cipher, ByteView key, ByteView in, ByteView iv = {});
Bytes ecb_encrypt(BlockCipher cipher, ByteView key, ByteView in);
Bytes ecb_decrypt(BlockCipher cipher, ByteView key, ByteView in);

/// CBC-MAC as TS 102 225 §5.1 defines the DES/3DES cryptographic checksum: the concatenated `parts` are
/// padded with zero bytes to a multiple of 8, encrypted in CBC mode with IV 0 (the full DES/3DES on every
/// block, not the ISO 9797-1 "retail" MAC) and the last block is the MAC. `cipher` must be Des or TripleDes.
std::array<std::uint8_t, 8> cbc_mac(BlockCipher cipher, ByteView key, std::initializer_list<ByteView> parts);
std::array<std::uint8_t, 8> cbc_mac(BlockCipher cipher, ByteView key, ByteView data);

/// AES-CMAC (RFC 4493; NIST SP 800-38B) of the concatenated `parts`; key of 16, 24 or 32 bytes.
std::array<std::uint8_t, 16> aes_cmac(ByteView key, std::initializer_list<ByteView> parts);
std::array<std::uint8_t, 16> aes_cmac(ByteView key, ByteView data);

/// CRC-16 of ISO/IEC 13239 (X.25: polynomial 0x1021 reflected, init FFFF, final XOR FFFF). Pass the previous
/// result as `crc` to continue over a further chunk ("123456789" -> 906E).
std::uint16_t crc16_x25(ByteView data, std::uint16_t crc = 0) noexcept;
/// CRC-32 as zlib computes it (polynomial EDB88320 reflected, init and final XOR FFFFFFFF); chaining as
/// crc16_x25
/// ("123456789" -> CBF43926).
std::uint32_t crc32(ByteView data, std::uint32_t crc = 0) noexcept;

} // namespace euicc::crypto
