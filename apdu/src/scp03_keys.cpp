// SPDX-License-Identifier: Apache-2.0
// SCP03 sensitive data under the static Key-DEK (GP Amd D v1.1.1 §6.2.8, §7.2) and AES key check values (§7.2.2).
#include <euicc/apdu/scp03.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/apdu/crypto.hpp>

#include "scp03_channel.hpp"
#include "scp03_keys.hpp"

namespace euicc::scp03 {

namespace {

using crypto::BlockCipher;

constexpr std::uint8_t kcv_fill = 0x01;

void check_blocks(ByteView data, const char* what) {
    if (data.empty() || data.size() % detail::block_size != 0) {
        throw std::invalid_argument(std::string("SCP03: ") + what + " of " + std::to_string(data.size()) +
                                    " bytes is not whole AES blocks");
    }
}

std::size_t encrypted_key_size(std::size_t key_length) {
    return (key_length + detail::block_size - 1) / detail::block_size * detail::block_size;
}

} // namespace

KeyCheckValue key_check_value(ByteView key) {
    detail::check_aes_key(key, "key");
    detail::Block block{};
    block.fill(kcv_fill);
    crypto::ecb_encrypt_into(BlockCipher::Aes, key, block, block);
    KeyCheckValue kcv{};
    std::copy_n(block.begin(), kcv.size(), kcv.begin());
    return kcv;
}

Bytes encrypt_sensitive_data(ByteView dek, ByteView data) {
    detail::check_aes_key(dek, "Key-DEK");
    check_blocks(data, "sensitive data");
    // Amd D §6.2.8: AES-CBC with the ICV set to zero, under the static Key-DEK (no session DEK in SCP03).
    return crypto::cbc_encrypt(BlockCipher::Aes, dek, data);
}

SecretBytes decrypt_sensitive_data(ByteView dek, ByteView ciphertext) {
    detail::check_aes_key(dek, "Key-DEK");
    check_blocks(ciphertext, "encrypted sensitive data");
    return SecretBytes(crypto::cbc_decrypt(BlockCipher::Aes, dek, ciphertext));
}

Bytes encrypt_key(ByteView dek, ByteView key, Rng& padding) { return detail::encrypt_key(dek, key, &padding); }

SecretBytes decrypt_key(ByteView dek, ByteView ciphertext, std::size_t key_length) {
    detail::check_aes_key(dek, "Key-DEK");
    if (!crypto::valid_key_length(BlockCipher::Aes, key_length)) {
        throw std::invalid_argument("SCP03: key length " + std::to_string(key_length) + " is not an AES key");
    }
    if (ciphertext.size() != encrypted_key_size(key_length)) {
        throw CodecError("SCP03 key", 0, "encrypted key of " + std::to_string(ciphertext.size()) +
                                             " bytes for a " + std::to_string(key_length) + "-byte key");
    }
    return detail::decrypt_key_prefix(dek, ciphertext, key_length);
}

namespace detail {

Bytes encrypt_key(ByteView dek, ByteView key, Rng* padding) {
    check_aes_key(key, "key to encrypt");
    const std::size_t size = encrypted_key_size(key.size());
    const bool needs_padding = size > key.size();
    if (needs_padding && padding == nullptr) {
        throw std::invalid_argument("SCP03: a " + std::to_string(key.size()) + "-byte key needs padding bytes");
    }
    // Reserved up front so that growing to the padded size never reallocates (and leaves key bytes behind).
    Bytes block;
    block.reserve(size);
    block.assign(key.begin(), key.end());
    block.resize(size);
    // Amd D §6.2.8: "For the 24-byte AES keys, padding of 8 arbitrary bytes shall be appended".
    if (needs_padding) {
        padding->fill(std::span<std::uint8_t>(block).subspan(key.size()));
    }
    Bytes out = encrypt_sensitive_data(dek, block);
    OPENSSL_cleanse(block.data(), block.size());
    return out;
}

SecretBytes decrypt_key_prefix(ByteView dek, ByteView ciphertext, std::size_t key_length) {
    if (key_length > ciphertext.size()) {
        throw std::invalid_argument("SCP03: key length " + std::to_string(key_length) + " exceeds the ciphertext");
    }
    // The whole plaintext, padding included, stays in a SecretBytes and is wiped when it goes out of scope.
    const SecretBytes clear = decrypt_sensitive_data(dek, ciphertext);
    return SecretBytes(clear.view().first(key_length));
}

} // namespace detail

} // namespace euicc::scp03
