// SPDX-License-Identifier: Apache-2.0
// Random number sources (OpenSSL RAND_bytes; SplitMix64 for deterministic tests).
#include <euicc/apdu/rng.hpp>

#include <array>
#include <climits>

#include <openssl/rand.h>

#include <euicc/error.hpp>

namespace euicc {

std::uint64_t Rng::next_u64() {
    std::array<std::uint8_t, 8> b{};
    fill(b);
    std::uint64_t v = 0;
    for (auto byte : b) {
        v = (v << 8) | byte;
    }
    return v;
}

double Rng::unit_interval() {
    // 53 bits fill a double's mantissa exactly; dividing by 2^53 - 1 makes both 0 and 1 reachable.
    const std::uint64_t bits = next_u64() >> 11;
    return static_cast<double>(bits) / static_cast<double>((std::uint64_t{1} << 53) - 1);
}

void OpenSslRng::fill(std::span<std::uint8_t> out) {
    // RAND_bytes takes an int length; split very large requests.
    while (!out.empty()) {
        const std::size_t n = out.size() > INT_MAX ? static_cast<std::size_t>(INT_MAX) : out.size();
        if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
            throw SecurityError("OpenSSL RAND_bytes failed");
        }
        out = out.subspan(n);
    }
}

void FixedRng::fill(std::span<std::uint8_t> out) {
    std::size_t i = 0;
    while (i < out.size()) {
        // SplitMix64 (Steele, Lea, Flood 2014): a full-period 64-bit generator, good enough for test streams.
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        for (int b = 0; b < 8 && i < out.size(); ++b, ++i) {
            out[i] = static_cast<std::uint8_t>(z >> (56 - 8 * b));
        }
    }
}

} // namespace euicc
