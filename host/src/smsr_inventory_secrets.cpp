// SPDX-License-Identifier: Apache-2.0
// Secret inputs of the inventory: exact-size buffers wiped with OPENSSL_cleanse; faults named by position only.
#include "smsr_inventory_secrets.hpp"

#include <openssl/crypto.h>

#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include <euicc/error.hpp>

namespace euicc::host::smsr::detail {

namespace {

int nibble(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

} // namespace

SecretBytes secret_from_hex(std::string_view text) {
    if (text.size() % 2 != 0) {
        throw std::invalid_argument("odd number of hex digits");
    }
    Bytes out(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = nibble(text[i]);
        const int low = nibble(text[i + 1]);
        if (high < 0 || low < 0) {
            OPENSSL_cleanse(out.data(), out.size());
            throw std::invalid_argument("not a hex digit at position " + std::to_string(i + (high < 0 ? 1 : 2)));
        }
        out[i / 2] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return SecretBytes(std::move(out));
}

SecretText::SecretText(const std::filesystem::path& path, std::string_view what) {
    const auto fail = [&] { return Error(std::string(what) + ": cannot read " + path.string()); };
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) {
        throw fail();
    }
    m_text.resize(size);
    in.read(m_text.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) {
        OPENSSL_cleanse(m_text.data(), m_text.size());
        throw fail();
    }
}

SecretText::~SecretText() {
    OPENSSL_cleanse(m_text.data(), m_text.size());
}

} // namespace euicc::host::smsr::detail
