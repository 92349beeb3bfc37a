// SPDX-License-Identifier: Apache-2.0
// Private: the GP Amd D v1.1.1 §6.2.8 key-encryption rule, shared by scp03::encrypt_key/decrypt_key and GP PUT KEY.
#pragma once

#include <cstddef>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::scp03::detail {

/// AES-CBC under the static Key-DEK, zero ICV; a 24-byte key first gets 8 arbitrary bytes from `padding` (Amd D
/// §6.2.8). A caller without a padding source (GP PUT KEY, which only sends 16- and 32-byte keys) passes nullptr,
/// and a key that would need padding is then refused. Throws std::invalid_argument for a DEK or key that is not an
/// AES key, or a 24-byte key without `padding`.
Bytes encrypt_key(ByteView dek, ByteView key, Rng* padding);

/// Decrypts whole AES blocks under the static Key-DEK and keeps the first `key_length` bytes; the rest (padding)
/// is wiped. The caller has checked that `ciphertext` is whole blocks and at least `key_length` long, and names
/// its own CodecError when it is not. Throws std::invalid_argument for a DEK that is not an AES key.
SecretBytes decrypt_key_prefix(ByteView dek, ByteView ciphertext, std::size_t key_length);

} // namespace euicc::scp03::detail
