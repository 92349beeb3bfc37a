// SPDX-License-Identifier: Apache-2.0
// Key material holder: wipes its buffer with OPENSSL_cleanse, which the optimiser may not elide like memset.
#include <utility>

#include <openssl/crypto.h>

#include <euicc/apdu/secret_bytes.hpp>

namespace euicc {

SecretBytes::SecretBytes(ByteView secret) : m_bytes(secret.begin(), secret.end()) {}

SecretBytes::SecretBytes(Bytes&& secret) noexcept : m_bytes(std::move(secret)) {}

SecretBytes::SecretBytes(const SecretBytes& other) : m_bytes(other.m_bytes) {}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : m_bytes(std::move(other.m_bytes)) {}

SecretBytes& SecretBytes::operator=(const SecretBytes& other) {
    if (this != &other) {
        // Wipe first: assign() may reuse this buffer or free it, and a freed buffer must hold no key.
        wipe();
        m_bytes.assign(other.m_bytes.begin(), other.m_bytes.end());
    }
    return *this;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
        wipe();
        m_bytes = std::move(other.m_bytes);
    }
    return *this;
}

SecretBytes::~SecretBytes() {
    wipe();
}

void SecretBytes::wipe() noexcept {
    if (!m_bytes.empty()) {
        OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
    }
    m_bytes.clear();
}

bool operator==(const SecretBytes& a, const SecretBytes& b) noexcept {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace euicc
