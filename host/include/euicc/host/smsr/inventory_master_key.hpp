// SPDX-License-Identifier: Apache-2.0
// The inventory's master key (AES-256, NIST SP 800-38D GCM key for keysets at rest), from a file or the environment.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::host::smsr {

/// A 256-bit key that seals the keysets the inventory stores. It lives only in memory: the inventory never
/// writes it (it keeps a check value to recognise it) and no message prints it.
class InventoryMasterKey {
public:
    /// The environment variable from_environment() reads by default.
    static constexpr std::string_view default_variable = "EUICC_INVENTORY_KEY";
    static constexpr std::size_t size = 32;

    /// Throws std::invalid_argument unless `key` is 32 bytes.
    explicit InventoryMasterKey(SecretBytes key);

    /// Reads a key file: 64 hex digits (surrounding whitespace allowed) or exactly 32 raw bytes (32 printable
    /// characters are refused as a mistyped hex key). Throws scp80::KeyFileError("<path>", "", reason) for
    /// another form and euicc::Error when it cannot be read. The file's text is wiped after use.
    static InventoryMasterKey from_file(const std::filesystem::path& path);
    /// Reads 64 hex digits from environment variable `variable`. Throws scp80::KeyFileError naming the
    /// variable when it is unset or holds another form.
    static InventoryMasterKey from_environment(std::string_view variable = default_variable);
    /// A fresh random key (for a new inventory; store it where from_file() or from_environment() finds it).
    static InventoryMasterKey generate(Rng& rng);

    ByteView view() const noexcept { return m_key.view(); }

private:
    SecretBytes m_key;
};

} // namespace euicc::host::smsr
