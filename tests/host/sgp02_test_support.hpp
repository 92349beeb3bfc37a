// SPDX-License-Identifier: Apache-2.0
// Shared data for the SGP.02 host tests: keysets, AIDs, a byte-exact Rng and script checks.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "host/host_test_support.hpp"
#include "host/scp03_test_card.hpp"

namespace euicc::host::test {

using namespace euicc::literals;

/// Hands out the given bytes in order (host challenges of published transcripts), then fails the test.
class SequenceRng final : public Rng {
public:
    explicit SequenceRng(Bytes bytes) : m_bytes(std::move(bytes)) {}
    void fill(std::span<std::uint8_t> out) override {
        if (out.size() > m_bytes.size() - m_used) {
            throw std::logic_error("test: SequenceRng ran out of bytes");
        }
        std::copy_n(m_bytes.begin() + static_cast<std::ptrdiff_t>(m_used), out.size(), out.begin());
        m_used += out.size();
    }

private:
    Bytes m_bytes;
    std::size_t m_used = 0;
};

inline scp03::StaticKeys make_keys(std::uint8_t kvn, const Bytes& enc, const Bytes& mac, const Bytes& dek) {
    return scp03::StaticKeys{kvn, SecretBytes(enc), SecretBytes(mac), SecretBytes(dek)};
}

/// The SM-SR's ISD-R keyset: KEYSET_AES128 of spec/scp03.md (KVN 30, DEK 2021...2F).
inline scp03::StaticKeys isd_r_keys() {
    return make_keys(0x30, "000102030405060708090a0b0c0d0e0f"_hex, "101112131415161718191a1b1c1d1e1f"_hex,
                     "202122232425262728292a2b2c2d2e2f"_hex);
}
/// The keyset the SM-DP establishes in an ISD-P.
inline scp03::StaticKeys isdp_keys() {
    return make_keys(0x30, "404142434445464748494a4b4c4d4e4f"_hex, "505152535455565758595a5b5c5d5e5f"_hex,
                     "606162636465666768696a6b6c6d6e6f"_hex);
}
/// The new SM-SR's ISD-R keyset.
inline scp03::StaticKeys new_smsr_keys() {
    return make_keys(0x31, "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"_hex, "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"_hex,
                     "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"_hex);
}

inline Bytes isd_r_aid() { return Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end()); }
/// The ISD-P of WHTY's published CreateISDP vector (…8900001300).
inline Bytes isdp_1300() { return sgp02::isdp_aid(0x0013); }

/// Every scripted step ran and none mismatched.
inline void require_card_done(const Scp03TestCard& card) {
    for (const auto& failure : card.failures()) {
        UNSCOPED_INFO(failure);
    }
    CHECK(card.failures().empty());
    CHECK(card.finished());
}

} // namespace euicc::host::test
