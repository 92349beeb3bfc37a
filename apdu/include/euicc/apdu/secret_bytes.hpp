// SPDX-License-Identifier: Apache-2.0
// Key material holder (no spec): owned bytes wiped with OPENSSL_cleanse when released, never printed.
#pragma once

#include <cstddef>
#include <cstdint>

#include <euicc/apdu/bytes.hpp>

namespace euicc {

/// Owns secret bytes (keys). The buffer is wiped on destruction and before it is overwritten by assignment.
/// Deliberately offers no operator<<, no hex conversion and no implicit conversion to Bytes, so a key cannot
/// slip into a log line or an exception text by accident; callers that must see the bytes use view().
class SecretBytes {
public:
    SecretBytes() noexcept = default;
    /// Copies `secret`; the caller remains responsible for wiping its own copy.
    explicit SecretBytes(ByteView secret);
    /// Takes over the buffer of `secret` (no copy is left behind in the moved-from vector).
    explicit SecretBytes(Bytes&& secret) noexcept;

    SecretBytes(const SecretBytes& other);
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(const SecretBytes& other);
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    ~SecretBytes();

    std::size_t size() const noexcept { return m_bytes.size(); }
    bool empty() const noexcept { return m_bytes.empty(); }
    const std::uint8_t* data() const noexcept { return m_bytes.data(); }
    /// Borrowed view, valid while this object lives and is not assigned to.
    ByteView view() const noexcept { return m_bytes; }

    /// Constant-time comparison (CRYPTO_memcmp) of equally long secrets.
    friend bool operator==(const SecretBytes& a, const SecretBytes& b) noexcept;

private:
    void wipe() noexcept;

    Bytes m_bytes;
};

} // namespace euicc
