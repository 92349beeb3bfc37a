// SPDX-License-Identifier: Apache-2.0
// Random number sources passed into codecs and cards (no global RNG in apdu/): OpenSSL for real use, fixed for tests.
#pragma once

#include <cstdint>
#include <span>

namespace euicc {

/// A source of random bytes. Implementations are not required to be thread-safe.
class Rng {
public:
    virtual ~Rng() = default;
    virtual void fill(std::span<std::uint8_t> out) = 0;

    /// A uniformly distributed double in [0, 1] (53 random bits; 1.0 itself is included so that
    /// "random[0,1] x window" can reach the end of the window, SGP.02-style access time spreading).
    double unit_interval();
    std::uint64_t next_u64();
};

/// Cryptographically strong (RAND_bytes). Throws SecurityError when OpenSSL cannot deliver.
class OpenSslRng final : public Rng {
public:
    void fill(std::span<std::uint8_t> out) override;
};

/// Deterministic stream from a 64-bit seed (SplitMix64). For tests and reproducible simulations only:
/// the same seed gives the same bytes on every platform.
class FixedRng final : public Rng {
public:
    explicit FixedRng(std::uint64_t seed) : m_state(seed) {}
    void fill(std::span<std::uint8_t> out) override;

private:
    std::uint64_t m_state;
};

} // namespace euicc
