// SPDX-License-Identifier: Apache-2.0
// Keysets at rest: AES-256-GCM (NIST SP 800-38D) sealing, the keyset plaintext layout and its AAD.
#pragma once

#include <optional>
#include <string_view>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/host/smsr/inventory_records.hpp>

namespace euicc::host::smsr::detail {

inline constexpr std::size_t gcm_nonce_size = 12; ///< SP 800-38D §8.2.2: 96-bit random IVs
inline constexpr std::size_t gcm_tag_size = 16;

/// What the store keeps of a sealed secret.
struct Sealed {
    Bytes nonce;      ///< 12 bytes, fresh from the RNG for every seal
    Bytes ciphertext; ///< as long as the plaintext
    Bytes tag;        ///< 16 bytes
};

/// Encrypts and authenticates `plaintext` and `aad` under the 32-byte `key`. Throws euicc::Error when
/// OpenSSL fails.
Sealed seal(ByteView key, ByteView aad, ByteView plaintext, Rng& rng);
/// The plaintext, or nullopt when the tag does not verify (wrong key, altered data or AAD, bad sizes).
std::optional<SecretBytes> open(ByteView key, ByteView aad, const Sealed& sealed);

/// The additional data that binds a sealed keyset to its row: a label, the EID, the kind and the KVN.
Bytes keyset_aad(std::string_view eid, KeysetKind kind, std::uint8_t kvn);
/// The additional data of the master key's check value (an empty plaintext sealed under the key).
ByteView key_check_aad() noexcept;

/// The keyset's secret part as plaintext: version 01, then SCP81's PSK and DEK key identifiers, then each key
/// as length + bytes (SCP80 KIc, KID; SCP81 PSK, DEK; SCP03 ENC, MAC, DEK).
SecretBytes encode_keyset(const CardKeyset& keyset);
/// Inverse of encode_keyset for a row's kind and KVN. Throws InventoryStorageError for a layout it does not
/// know (the data authenticated, so this means a newer or broken writer).
CardKeyset decode_keyset(KeysetKind kind, std::uint8_t kvn, ByteView plaintext);

} // namespace euicc::host::smsr::detail
