// SPDX-License-Identifier: Apache-2.0
// DES/3DES/AES ECB+CBC, TS 102 225 CBC-MAC and RFC 4493 AES-CMAC on OpenSSL 3 EVP, with cached contexts.
#include <algorithm>
#include <climits>
#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <euicc/apdu/crypto.hpp>
#include <euicc/error.hpp>

namespace euicc::crypto {

namespace {

// One cached OpenSSL cipher per (family, key size, mode). Single DES and 2-key 3DES run on DES-EDE3 with an
// expanded key: OpenSSL 3 moved DES-CBC/DES-ECB to the legacy provider, and EDE with K1=K2=K3 computes
// E(K, D(K, E(K, x))) = E(K, x), i.e. exactly single DES; 2-key 3DES is EDE3 with K3 = K1 (ANSI X9.52 keying
// option 2). So everything DES-like needs only the default provider.
enum Slot : std::size_t {
    Ede3Cbc,
    Ede3Ecb,
    Aes128Cbc,
    Aes128Ecb,
    Aes192Cbc,
    Aes192Ecb,
    Aes256Cbc,
    Aes256Ecb,
    SlotCount
};

constexpr const char* slot_algorithm[SlotCount] = {"DES-EDE3-CBC", "DES-EDE3-ECB", "AES-128-CBC",
                                                   "AES-128-ECB",  "AES-192-CBC",  "AES-192-ECB",
                                                   "AES-256-CBC",  "AES-256-ECB"};

enum class Mode { Cbc, Ecb };

struct CipherFree {
    void operator()(EVP_CIPHER* cipher) const noexcept { EVP_CIPHER_free(cipher); }
};
struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
struct MacFree {
    void operator()(EVP_MAC* mac) const noexcept { EVP_MAC_free(mac); }
};
struct MacCtxFree {
    void operator()(EVP_MAC_CTX* ctx) const noexcept { EVP_MAC_CTX_free(ctx); }
};

[[noreturn]] void openssl_failure(const char* call) {
    throw Error(std::string("OpenSSL: ") + call + " failed");
}

// Fetched once per process: implicit fetches (EVP_aes_128_cbc()) would look the algorithm up on every init.
// Function-local statics are initialised thread-safely, and fetched EVP_CIPHER/EVP_MAC objects are immutable.
const EVP_CIPHER* fetched_cipher(Slot slot) {
    static const auto ciphers = [] {
        std::array<std::unique_ptr<EVP_CIPHER, CipherFree>, SlotCount> all;
        for (std::size_t i = 0; i < SlotCount; ++i) {
            all[i].reset(EVP_CIPHER_fetch(nullptr, slot_algorithm[i], nullptr));
        }
        return all;
    }();
    if (!ciphers[slot]) {
        openssl_failure("EVP_CIPHER_fetch");
    }
    return ciphers[slot].get();
}

const EVP_MAC* fetched_cmac() {
    static const std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_CMAC, nullptr));
    if (!mac) {
        openssl_failure("EVP_MAC_fetch(CMAC)");
    }
    return mac.get();
}

// Per-thread contexts, kept between calls: re-initialising an existing context with cipher == NULL keeps its
// provider state, so a call costs a key schedule but no allocation. The last key schedule stays in this
// thread's context until the next call on the same slot and is wiped by OpenSSL when the thread ends.
EVP_CIPHER_CTX* cipher_context(Slot slot, bool& fresh) {
    thread_local std::array<std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>, SlotCount> contexts;
    auto& ctx = contexts[slot];
    fresh = !ctx;
    if (fresh) {
        ctx.reset(EVP_CIPHER_CTX_new());
        if (!ctx) {
            openssl_failure("EVP_CIPHER_CTX_new");
        }
    }
    return ctx.get();
}

std::size_t aes_size_index(std::size_t key_length) {
    return key_length == 16 ? 0 : key_length == 24 ? 1 : 2;
}

EVP_MAC_CTX* cmac_context(std::size_t key_length) {
    constexpr const char* cmac_cipher[] = {"AES-128-CBC", "AES-192-CBC", "AES-256-CBC"};
    thread_local std::array<std::unique_ptr<EVP_MAC_CTX, MacCtxFree>, 3> contexts;
    const std::size_t index = aes_size_index(key_length);
    auto& ctx = contexts[index];
    if (!ctx) {
        std::unique_ptr<EVP_MAC_CTX, MacCtxFree> fresh(EVP_MAC_CTX_new(const_cast<EVP_MAC*>(fetched_cmac())));
        if (!fresh) {
            openssl_failure("EVP_MAC_CTX_new");
        }
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, const_cast<char*>(cmac_cipher[index]), 0),
            OSSL_PARAM_construct_end()};
        if (EVP_MAC_CTX_set_params(fresh.get(), params) != 1) {
            openssl_failure("EVP_MAC_CTX_set_params(CMAC cipher)");
        }
        ctx = std::move(fresh);
    }
    return ctx.get();
}

void check_key(BlockCipher cipher, ByteView key) {
    if (!valid_key_length(cipher, key.size())) {
        // The length is safe to name; the key bytes never appear in a message.
        throw std::invalid_argument("crypto: key of " + std::to_string(key.size()) +
                                    " bytes does not fit the cipher");
    }
}

Slot slot_for(BlockCipher cipher, std::size_t key_length, Mode mode) {
    const std::size_t mode_offset = mode == Mode::Cbc ? 0 : 1;
    if (cipher != BlockCipher::Aes) {
        return static_cast<Slot>(Ede3Cbc + mode_offset);
    }
    return static_cast<Slot>(Aes128Cbc + 2 * aes_size_index(key_length) + mode_offset);
}

/// The key OpenSSL gets: AES keys as they are, DES-family keys expanded to 24 bytes for DES-EDE3 (see Slot).
class CipherKey {
public:
    CipherKey(BlockCipher cipher, ByteView key) {
        if (cipher == BlockCipher::Aes || key.size() == 24) {
            m_key = key.data();
            return;
        }
        // Single DES: K K K. 2-key 3DES: K1 K2 K1.
        const std::size_t k1 = 0;
        const std::size_t k2 = key.size() == 8 ? 0 : 8;
        std::copy_n(key.data() + k1, 8, m_expanded.data());
        std::copy_n(key.data() + k2, 8, m_expanded.data() + 8);
        std::copy_n(key.data() + k1, 8, m_expanded.data() + 16);
        m_key = m_expanded.data();
    }
    CipherKey(const CipherKey&) = delete;
    CipherKey& operator=(const CipherKey&) = delete;
    ~CipherKey() { OPENSSL_cleanse(m_expanded.data(), m_expanded.size()); }

    const unsigned char* get() const noexcept { return m_key; }

private:
    std::array<std::uint8_t, 24> m_expanded{};
    const unsigned char* m_key = nullptr;
};

/// Keys (and IV-resets) a cached context for one operation.
EVP_CIPHER_CTX* keyed_context(BlockCipher cipher, ByteView key, Mode mode, ByteView iv, bool encrypt) {
    check_key(cipher, key);
    const std::size_t block = block_size(cipher);
    if (!iv.empty() && iv.size() != block) {
        throw std::invalid_argument("crypto: IV must be one block (" + std::to_string(block) + " bytes)");
    }
    static constexpr std::array<std::uint8_t, 16> zero_iv{};
    const unsigned char* iv_bytes = mode == Mode::Ecb ? nullptr : iv.empty() ? zero_iv.data() : iv.data();

    const Slot slot = slot_for(cipher, key.size(), mode);
    bool fresh = false;
    EVP_CIPHER_CTX* ctx = cipher_context(slot, fresh);
    const CipherKey cipher_key(cipher, key);
    // cipher == NULL on a used context re-keys it in place (no reset, no allocation, padding setting kept).
    const EVP_CIPHER* evp_cipher = fresh ? fetched_cipher(slot) : nullptr;
    if (EVP_CipherInit_ex2(ctx, evp_cipher, cipher_key.get(), iv_bytes, encrypt ? 1 : 0, nullptr) != 1) {
        openssl_failure("EVP_CipherInit_ex2");
    }
    if (fresh && EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
        openssl_failure("EVP_CIPHER_CTX_set_padding");
    }
    return ctx;
}

void run_blocks(EVP_CIPHER_CTX* ctx, ByteView in, std::uint8_t* out) {
    int written = 0;
    if (EVP_CipherUpdate(ctx, out, &written, in.data(), static_cast<int>(in.size())) != 1 ||
        static_cast<std::size_t>(written) != in.size()) {
        openssl_failure("EVP_CipherUpdate");
    }
}

void transform(BlockCipher cipher, ByteView key, Mode mode, bool encrypt, ByteView in,
               std::span<std::uint8_t> out, ByteView iv) {
    if (in.size() % block_size(cipher) != 0) {
        throw std::invalid_argument("crypto: input is not a whole number of cipher blocks");
    }
    if (out.size() != in.size()) {
        throw std::invalid_argument("crypto: output size differs from input size");
    }
    if (in.size() > static_cast<std::size_t>(INT_MAX)) {
        throw std::invalid_argument("crypto: input too large");
    }
    EVP_CIPHER_CTX* ctx = keyed_context(cipher, key, mode, iv, encrypt);
    if (!in.empty()) {
        run_blocks(ctx, in, out.data());
    }
}

Bytes transform(BlockCipher cipher, ByteView key, Mode mode, bool encrypt, ByteView in, ByteView iv) {
    Bytes out(in.size());
    transform(cipher, key, mode, encrypt, in, out, iv);
    return out;
}

} // namespace

std::size_t block_size(BlockCipher cipher) noexcept {
    return cipher == BlockCipher::Aes ? 16 : 8;
}

bool valid_key_length(BlockCipher cipher, std::size_t key_length) noexcept {
    switch (cipher) {
    case BlockCipher::Des:
        return key_length == 8;
    case BlockCipher::TripleDes:
        return key_length == 16 || key_length == 24;
    case BlockCipher::Aes:
        return key_length == 16 || key_length == 24 || key_length == 32;
    }
    return false;
}

void cbc_encrypt_into(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out,
                      ByteView iv) {
    transform(cipher, key, Mode::Cbc, true, in, out, iv);
}
void cbc_decrypt_into(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out,
                      ByteView iv) {
    transform(cipher, key, Mode::Cbc, false, in, out, iv);
}
void ecb_encrypt_into(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out) {
    transform(cipher, key, Mode::Ecb, true, in, out, {});
}
void ecb_decrypt_into(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out) {
    transform(cipher, key, Mode::Ecb, false, in, out, {});
}

void ecb_encrypt(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out) {
    ecb_encrypt_into(cipher, key, in, out);
}
void ecb_decrypt(BlockCipher cipher, ByteView key, ByteView in, std::span<std::uint8_t> out) {
    ecb_decrypt_into(cipher, key, in, out);
}

Bytes cbc_encrypt(BlockCipher cipher, ByteView key, ByteView in, ByteView iv) {
    return transform(cipher, key, Mode::Cbc, true, in, iv);
}
Bytes cbc_decrypt(BlockCipher cipher, ByteView key, ByteView in, ByteView iv) {
    return transform(cipher, key, Mode::Cbc, false, in, iv);
}
Bytes ecb_encrypt(BlockCipher cipher, ByteView key, ByteView in) {
    return transform(cipher, key, Mode::Ecb, true, in, {});
}
Bytes ecb_decrypt(BlockCipher cipher, ByteView key, ByteView in) {
    return transform(cipher, key, Mode::Ecb, false, in, {});
}

std::array<std::uint8_t, 8> cbc_mac(BlockCipher cipher, ByteView key, std::initializer_list<ByteView> parts) {
    if (cipher == BlockCipher::Aes) {
        throw std::invalid_argument("crypto: the TS 102 225 CBC-MAC is defined for DES and 3DES only");
    }
    EVP_CIPHER_CTX* ctx = keyed_context(cipher, key, Mode::Cbc, {}, true);
    // The parts are fed through a small stack buffer so that only whole blocks reach OpenSSL and the final
    // partial block can be zero-padded (TS 102 225 §5.1) without copying the whole input.
    constexpr std::size_t chunk_blocks = 16;
    std::array<std::uint8_t, 8 * chunk_blocks> buffer{};
    std::array<std::uint8_t, 8 * chunk_blocks> sink{};
    std::size_t filled = 0;
    std::size_t total = 0;
    const auto flush = [&](std::size_t length) {
        run_blocks(ctx, ByteView(buffer.data(), length), sink.data());
    };
    for (const ByteView part : parts) {
        std::size_t taken = 0;
        while (taken < part.size()) {
            const std::size_t n = std::min(part.size() - taken, buffer.size() - filled);
            std::copy_n(part.data() + taken, n, buffer.data() + filled);
            filled += n;
            taken += n;
            total += n;
            if (filled == buffer.size()) {
                flush(filled);
                filled = 0;
            }
        }
    }
    if (total == 0) {
        throw std::invalid_argument("crypto: CBC-MAC of an empty input is undefined");
    }
    std::array<std::uint8_t, 8> mac{};
    if (filled == 0) {
        // The input ended on a chunk boundary: the last block went out with the final flush.
        std::copy_n(sink.data() + sink.size() - 8, 8, mac.data());
    } else {
        const std::size_t padded = (filled + 7) / 8 * 8;
        std::fill_n(buffer.data() + filled, padded - filled, std::uint8_t{0});
        flush(padded);
        std::copy_n(sink.data() + padded - 8, 8, mac.data());
    }
    OPENSSL_cleanse(buffer.data(), buffer.size());
    OPENSSL_cleanse(sink.data(), sink.size());
    return mac;
}

std::array<std::uint8_t, 8> cbc_mac(BlockCipher cipher, ByteView key, ByteView data) {
    return cbc_mac(cipher, key, {data});
}

std::array<std::uint8_t, 16> aes_cmac(ByteView key, std::initializer_list<ByteView> parts) {
    check_key(BlockCipher::Aes, key);
    EVP_MAC_CTX* ctx = cmac_context(key.size());
    if (EVP_MAC_init(ctx, key.data(), key.size(), nullptr) != 1) {
        openssl_failure("EVP_MAC_init(CMAC)");
    }
    for (const ByteView part : parts) {
        if (!part.empty() && EVP_MAC_update(ctx, part.data(), part.size()) != 1) {
            openssl_failure("EVP_MAC_update(CMAC)");
        }
    }
    std::array<std::uint8_t, 16> mac{};
    std::size_t length = 0;
    if (EVP_MAC_final(ctx, mac.data(), &length, mac.size()) != 1 || length != mac.size()) {
        openssl_failure("EVP_MAC_final(CMAC)");
    }
    return mac;
}

std::array<std::uint8_t, 16> aes_cmac(ByteView key, ByteView data) {
    return aes_cmac(key, {data});
}

} // namespace euicc::crypto
