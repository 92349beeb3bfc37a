// SPDX-License-Identifier: Apache-2.0
// Secret inputs of the inventory (key files, EIS CSV files, key columns): read and decoded without stray copies.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::host::smsr::detail {

/// Decodes an even number of hex digits (either case, nothing else) into one buffer of the final size. Throws
/// std::invalid_argument whose text names only the fault ("odd number of hex digits", "not a hex digit at
/// position 7"), never a digit; the partial buffer is wiped first.
SecretBytes secret_from_hex(std::string_view text);

/// A file's text that may hold keys: read into one buffer of the file's size (no copies left behind by
/// growth) and wiped when destroyed.
class SecretText {
public:
    /// Throws euicc::Error("<what>: cannot read <path>") when the file cannot be read.
    SecretText(const std::filesystem::path& path, std::string_view what);
    ~SecretText();
    SecretText(const SecretText&) = delete;
    SecretText& operator=(const SecretText&) = delete;

    std::string_view view() const noexcept { return m_text; }

private:
    std::string m_text;
};

} // namespace euicc::host::smsr::detail
