// SPDX-License-Identifier: Apache-2.0
// The inventory master key (AES-256 for GCM, NIST SP 800-38D) from a key file or an environment variable.
#include <euicc/host/smsr/inventory_master_key.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>

#include <euicc/apdu/scp80_key_file.hpp>

#include "smsr_inventory_secrets.hpp"

namespace euicc::host::smsr {

namespace {

constexpr std::string_view whitespace = " \t\r\n";

std::string_view trimmed(std::string_view text) {
    const std::size_t first = text.find_first_not_of(whitespace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(whitespace) - first + 1);
}

/// 64 hex digits (surrounding whitespace allowed) into the key; `source` names the input in messages.
InventoryMasterKey parse_hex_key(std::string_view text, std::string_view source) {
    const std::string_view digits = trimmed(text);
    if (digits.size() != 2 * InventoryMasterKey::size) {
        throw scp80::KeyFileError(source, "", "expected 64 hex digits (a 256-bit key)");
    }
    try {
        return InventoryMasterKey(detail::secret_from_hex(digits));
    } catch (const std::invalid_argument& e) {
        throw scp80::KeyFileError(source, "", e.what());
    }
}

} // namespace

InventoryMasterKey::InventoryMasterKey(SecretBytes key) : m_key(std::move(key)) {
    if (m_key.size() != size) {
        throw std::invalid_argument("inventory master key of " + std::to_string(m_key.size()) +
                                    " bytes, expected 32 (AES-256)");
    }
}

InventoryMasterKey InventoryMasterKey::from_file(const std::filesystem::path& path) {
    const detail::SecretText file(path, "inventory master key");
    const std::string_view text = file.view();
    // 32 random bytes are all printable with probability (95/256)^32, about 1e-14: printable text of that
    // length is a mistyped hex key (a 128-bit one, or a truncated line), not raw key bytes.
    const bool printable = std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
    if (text.size() == size && !printable) {
        const ByteView raw(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
        return InventoryMasterKey(SecretBytes(raw));
    }
    return parse_hex_key(text, path.string());
}

InventoryMasterKey InventoryMasterKey::from_environment(std::string_view variable) {
    const std::string name(variable);
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
        throw scp80::KeyFileError(name, "", "not set (expected 64 hex digits of the inventory master key)");
    }
    return parse_hex_key(value, name);
}

InventoryMasterKey InventoryMasterKey::generate(Rng& rng) {
    Bytes key(size);
    rng.fill(key);
    return InventoryMasterKey(SecretBytes(std::move(key)));
}

} // namespace euicc::host::smsr
