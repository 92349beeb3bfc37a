// SPDX-License-Identifier: Apache-2.0
// Keysets at rest: AES-256-GCM on OpenSSL EVP (NIST SP 800-38D), the versioned keyset plaintext, the row AAD.
#include "smsr_inventory_sealed.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include <euicc/error.hpp>
#include <euicc/host/smsr/inventory_errors.hpp>

namespace euicc::host::smsr::detail {

namespace {

constexpr std::uint8_t layout_version = 0x01;
constexpr std::string_view keyset_label = "euicc-host inventory keyset v1";
constexpr std::string_view key_check_label = "euicc-host inventory master key check v1";

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() {
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) {
        throw Error("AES-GCM: OpenSSL cannot allocate a cipher context");
    }
    return ctx;
}

int as_int(std::size_t n) {
    if (n > 0x7FFFFFFF) {
        throw std::invalid_argument("AES-GCM: input too long");
    }
    return static_cast<int>(n);
}

/// Appends len + bytes of one key to a buffer reserved at its final size (no reallocation copies).
void put_key(Bytes& out, const SecretBytes& key) {
    out.push_back(static_cast<std::uint8_t>(key.size()));
    append(out, key.view());
}

std::size_t blob_size(std::initializer_list<const SecretBytes*> keys, std::size_t extra) {
    std::size_t n = 1 + extra;
    for (const SecretBytes* key : keys) {
        if (key->size() > 0xFF) {
            throw std::invalid_argument("inventory: key longer than 255 bytes");
        }
        n += 1 + key->size();
    }
    return n;
}

class BlobReader {
public:
    explicit BlobReader(ByteView data) : m_data(data) {}
    std::uint8_t u8() {
        need(1);
        return m_data[m_at++];
    }
    SecretBytes key() {
        const std::size_t n = u8();
        need(n);
        SecretBytes out(m_data.subspan(m_at, n));
        m_at += n;
        return out;
    }
    void expect_end() const {
        if (m_at != m_data.size()) {
            fail();
        }
    }
    [[noreturn]] static void fail() {
        throw InventoryStorageError("inventory: a stored keyset has a layout this build does not know");
    }

private:
    void need(std::size_t n) const {
        if (n > m_data.size() - m_at) {
            fail();
        }
    }
    ByteView m_data;
    std::size_t m_at = 0;
};

} // namespace

Sealed seal(ByteView key, ByteView aad, ByteView plaintext, Rng& rng) {
    if (key.size() != 32) {
        throw std::invalid_argument("AES-256-GCM: the key must be 32 bytes");
    }
    Sealed out{Bytes(gcm_nonce_size), Bytes(plaintext.size()), Bytes(gcm_tag_size)};
    rng.fill(out.nonce);
    const CipherContext ctx = new_context();
    int n = 0;
    bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, as_int(gcm_nonce_size), nullptr) == 1 &&
              EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), out.nonce.data()) == 1 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &n, aad.data(), as_int(aad.size())) == 1;
    if (ok && !plaintext.empty()) {
        ok = EVP_EncryptUpdate(ctx.get(), out.ciphertext.data(), &n, plaintext.data(), as_int(plaintext.size())) ==
             1;
    }
    ok = ok && EVP_EncryptFinal_ex(ctx.get(), out.ciphertext.data() + out.ciphertext.size(), &n) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, as_int(gcm_tag_size), out.tag.data()) == 1;
    if (!ok) {
        throw Error("AES-GCM: OpenSSL could not seal a keyset");
    }
    return out;
}

std::optional<SecretBytes> open(ByteView key, ByteView aad, const Sealed& sealed) {
    if (key.size() != 32 || sealed.nonce.size() != gcm_nonce_size || sealed.tag.size() != gcm_tag_size) {
        return std::nullopt;
    }
    Bytes plain(sealed.ciphertext.size());
    const CipherContext ctx = new_context();
    int n = 0;
    bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, as_int(gcm_nonce_size), nullptr) == 1 &&
              EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), sealed.nonce.data()) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &n, aad.data(), as_int(aad.size())) == 1;
    if (ok && !sealed.ciphertext.empty()) {
        ok = EVP_DecryptUpdate(ctx.get(), plain.data(), &n, sealed.ciphertext.data(),
                               as_int(sealed.ciphertext.size())) == 1;
    }
    // The tag is an input here; OpenSSL's ctrl takes a non-const pointer but does not write through it.
    Bytes tag = sealed.tag;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, as_int(gcm_tag_size), tag.data()) == 1 &&
         EVP_DecryptFinal_ex(ctx.get(), plain.data() + plain.size(), &n) == 1;
    if (!ok) {
        // SP 800-38D §7.2: on a tag mismatch no plaintext may be released.
        OPENSSL_cleanse(plain.data(), plain.size());
        return std::nullopt;
    }
    return SecretBytes(std::move(plain));
}

Bytes keyset_aad(std::string_view eid, KeysetKind kind, std::uint8_t kvn) {
    Bytes aad(keyset_label.begin(), keyset_label.end());
    aad.push_back(0x00);
    aad.insert(aad.end(), eid.begin(), eid.end());
    aad.push_back(0x00);
    aad.push_back(static_cast<std::uint8_t>(kind));
    aad.push_back(kvn);
    return aad;
}

ByteView key_check_aad() noexcept {
    return ByteView(reinterpret_cast<const std::uint8_t*>(key_check_label.data()), key_check_label.size());
}

SecretBytes encode_keyset(const CardKeyset& keyset) {
    Bytes out;
    std::visit(
        [&out](const auto& keys) {
            using T = std::decay_t<decltype(keys)>;
            if constexpr (std::is_same_v<T, scp80::Keyset>) {
                out.reserve(blob_size({&keys.kic_key, &keys.kid_key}, 0));
                out.push_back(layout_version);
                put_key(out, keys.kic_key);
                put_key(out, keys.kid_key);
            } else if constexpr (std::is_same_v<T, Scp81Keyset>) {
                out.reserve(blob_size({&keys.psk, &keys.dek}, 2));
                out.push_back(layout_version);
                out.push_back(keys.psk_id);
                out.push_back(keys.dek_id);
                put_key(out, keys.psk);
                put_key(out, keys.dek);
            } else {
                out.reserve(blob_size({&keys.enc, &keys.mac, &keys.dek}, 0));
                out.push_back(layout_version);
                put_key(out, keys.enc);
                put_key(out, keys.mac);
                put_key(out, keys.dek);
            }
        },
        keyset);
    return SecretBytes(std::move(out));
}

CardKeyset decode_keyset(KeysetKind kind, std::uint8_t kvn, ByteView plaintext) {
    BlobReader in(plaintext);
    if (in.u8() != layout_version) {
        BlobReader::fail();
    }
    CardKeyset out;
    switch (kind) {
    case KeysetKind::Scp80: {
        scp80::Keyset keys;
        keys.kvn = kvn;
        keys.kic_key = in.key();
        keys.kid_key = in.key();
        out = std::move(keys);
        break;
    }
    case KeysetKind::Scp81: {
        Scp81Keyset keys;
        keys.kvn = kvn;
        keys.psk_id = in.u8();
        keys.dek_id = in.u8();
        keys.psk = in.key();
        keys.dek = in.key();
        out = std::move(keys);
        break;
    }
    case KeysetKind::Scp03: {
        scp03::StaticKeys keys;
        keys.kvn = kvn;
        keys.enc = in.key();
        keys.mac = in.key();
        keys.dek = in.key();
        out = std::move(keys);
        break;
    }
    }
    in.expect_end();
    return out;
}

} // namespace euicc::host::smsr::detail
