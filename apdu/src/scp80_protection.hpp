// SPDX-License-Identifier: Apache-2.0
// Internal SCP80 helpers (TS 102 225 §5.1): KIc/KID + keys resolved to a cipher and a checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <variant>

#include <euicc/apdu/crypto.hpp>
#include <euicc/apdu/scp80.hpp>

namespace euicc::scp80::detail {

/// A ciphering algorithm ready to run: the KIc algorithm with the KIc key.
struct CipherSpec {
    crypto::BlockCipher cipher = crypto::BlockCipher::Aes;
    bool ecb = false; ///< KIc DES-ECB
    ByteView key;     ///< borrowed from the Keyset
    std::size_t block = 16;
};

/// An integrity mechanism ready to run; kind None computes nothing (length 0).
struct ChecksumSpec {
    enum class Kind : std::uint8_t { None, Crc16, Crc32, CbcMac, Cmac };
    Kind kind = Kind::None;
    crypto::BlockCipher cipher = crypto::BlockCipher::Des; ///< for CbcMac
    ByteView key;                                          ///< for CbcMac/Cmac, borrowed from the Keyset
    std::size_t length = 0;                                ///< bytes of RC/CC on the wire: 0, 2, 4 or 8
};

/// Why a KIc/KID cannot be used: the receiving entity answers `status`, the sender throws with `reason`.
struct Unusable {
    ResponseStatus status;
    const char* reason;
};

/// KIc + keys -> cipher. Unusable with 05 when the algorithm is implicit/proprietary, there are no keys, or
/// the key length does not fit.
std::variant<CipherSpec, Unusable> resolve_cipher(const Kic& kic, const Keyset* keys) noexcept;

/// KID under `integrity` + keys -> checksum (Integrity::None gives kind None). Unusable with 01 for DS,
/// implicit/proprietary algorithms, missing keys or a key length that does not fit.
std::variant<ChecksumSpec, Unusable> resolve_checksum(const Kid& kid, Integrity integrity,
                                                      const Keyset* keys) noexcept;

/// Computes the RC/CC over the concatenated `parts` into `out` (spec.length bytes): CRCs big endian, the DES
/// CBC-MAC whole, the AES-CMAC truncated to its first 8 bytes (TS 102 225 §5.1.3).
void compute_checksum(const ChecksumSpec& spec, std::initializer_list<ByteView> parts,
                      std::span<std::uint8_t> out);

/// Compares a received RC/CC with the one computed over `parts`, in constant time.
bool verify_checksum(const ChecksumSpec& spec, std::initializer_list<ByteView> parts, ByteView received);

/// Zero padding needed so that `plain_length` becomes a whole number of blocks.
std::size_t padding_for(std::size_t plain_length, std::size_t block) noexcept;

/// In-place CBC (IV 0) or ECB over whole blocks.
void encrypt_in_place(const CipherSpec& spec, std::span<std::uint8_t> data);
void decrypt_in_place(const CipherSpec& spec, std::span<std::uint8_t> data);

/// Both mechanisms of one direction of a packet.
struct PacketProtection {
    bool ciphered = false;
    CipherSpec cipher;     ///< valid when ciphered
    ChecksumSpec checksum; ///< kind None when no RC/CC
};

enum class Direction { Command, Response };

/// The KIc byte resolved against `keys` for a sender or a configuration check. Throws std::invalid_argument
/// with the reason alone (never key bytes) when the coding is reserved (RFU), when `check_key_version` and
/// b8..b5 are not keys.kvn, or when resolve_cipher() finds it unusable.
CipherSpec usable_cipher(std::uint8_t kic, const Keyset& keys, bool check_key_version);

/// The same for the KID byte under `integrity` (resolve_checksum()); the key version is only compared where
/// the checksum is keyed (CC), since an RC needs no key.
ChecksumSpec usable_checksum(std::uint8_t kid, Integrity integrity, const Keyset& keys, bool check_key_version);

/// What the SPI asks for in `direction`, resolved for a sender (host wrap_command/unwrap_response, card
/// wrap_response). Throws std::invalid_argument with the reason when a KIc/KID byte cannot be decoded or used
/// with `keys`, and, if `check_key_version`, when the KIc/KID key version of a used key differs from
/// keys.kvn.
PacketProtection sender_protection(const CommandHeader& header, const Keyset& keys, Direction direction,
                                   bool check_key_version);

/// Big-endian 5-byte CNTR.
void put_counter(std::uint64_t counter, std::uint8_t* out) noexcept;
std::uint64_t get_counter(const std::uint8_t* in) noexcept;

} // namespace euicc::scp80::detail
