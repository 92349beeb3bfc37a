// SPDX-License-Identifier: Apache-2.0
// CRC-16 (ISO/IEC 13239, X.25) and CRC-32 (ISO 3309 / zlib) for SCP80 redundancy checks (TS 102 225 §5.1).
#include <array>

#include <euicc/apdu/crypto.hpp>

namespace euicc::crypto {

namespace {

// Byte-wise tables for the reflected polynomials, built at compile time.
template <typename Crc, Crc reflected_polynomial>
constexpr std::array<Crc, 256> make_table() {
    std::array<Crc, 256> table{};
    for (unsigned i = 0; i < 256; ++i) {
        Crc crc = static_cast<Crc>(i);
        for (int bit = 0; bit < 8; ++bit) {
            crc = static_cast<Crc>((crc & 1U) != 0 ? (crc >> 1) ^ reflected_polynomial : crc >> 1);
        }
        table[i] = crc;
    }
    return table;
}

constexpr auto crc16_table = make_table<std::uint16_t, 0x8408>();
constexpr auto crc32_table = make_table<std::uint32_t, 0xEDB88320U>();

// Init and final XOR are all-ones for both, so chaining just undoes the previous final XOR.
template <typename Crc, std::size_t N>
Crc reflected_crc(const std::array<Crc, N>& table, ByteView data, Crc previous) noexcept {
    Crc crc = static_cast<Crc>(~previous);
    for (const std::uint8_t byte : data) {
        crc = static_cast<Crc>(table[(crc ^ byte) & 0xFFU] ^ (crc >> 8));
    }
    return static_cast<Crc>(~crc);
}

} // namespace

std::uint16_t crc16_x25(ByteView data, std::uint16_t crc) noexcept {
    return reflected_crc(crc16_table, data, crc);
}

std::uint32_t crc32(ByteView data, std::uint32_t crc) noexcept {
    return reflected_crc(crc32_table, data, crc);
}

} // namespace euicc::crypto
