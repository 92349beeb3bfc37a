// SPDX-License-Identifier: Apache-2.0
// Fuzz helper: fixed SCP80 (TS 102 225) key sets: the scp80.md vectors plus one set per key size.
#pragma once

#include <array>
#include <optional>

#include <euicc/apdu/scp80.hpp>

namespace euicc::fuzz {

inline scp80::Keyset make_keyset(std::uint8_t kvn, ByteView kic, ByteView kid) {
    return scp80::Keyset{kvn, SecretBytes(kic), SecretBytes(kid)};
}

/// Key sets of the published vectors (scp80.md A, B, C) by TAR and key version, so that the vectors in the
/// seed corpus pass every check, plus generic sets for TARs outside them: key version n holds keys of the
/// n-th length of {16, 24, 8, 32, 16...} bytes, so DES, 3DES 2/3-key and AES-128/192/256 are all reachable.
class FuzzKeys {
public:
    FuzzKeys() {
        using namespace euicc::literals;
        m_a_3des =
            make_keyset(3, "300102030405060708090a0b0c0d0e0f"_hex, "301102030405060708090a0b0c0d0e0f"_hex);
        m_a_aes =
            make_keyset(2, "200102030405060708090a0b0c0d0e0f"_hex, "201102030405060708090a0b0c0d0e0f"_hex);
        m_b = make_keyset(3, "C21DD66ACAC13CB3BC8B331B24AFB57B"_hex, "12110C78E678C25408233076AA033615"_hex);
        m_c = make_keyset(1, "F09C43EE1A0391665CC9F05AF4E0BD10"_hex, "01981F4A20999F62AF99988107BAF6CA"_hex);
        constexpr std::array<std::size_t, 4> lengths{16, 24, 8, 32};
        for (std::uint8_t kvn = 0; kvn < 16; ++kvn) {
            const Bytes kic(lengths[kvn % 4], static_cast<std::uint8_t>(0x40 + kvn));
            const Bytes kid(lengths[kvn % 4], static_cast<std::uint8_t>(0x80 + kvn));
            m_generic[kvn] = make_keyset(kvn, kic, kid);
        }
    }

    /// The lookup of the receiving entity: TARs B0xxxx are known. Vector TARs use stored counter 0 and MSL 0;
    /// for the others the TAR's last byte is the stored counter and its middle byte (masked) the MSL, so the
    /// fuzzer can reach every counter and MSL outcome. Keys only when KIc and KID name the same key version
    /// (the sender's wrap_command insists on one KVN per key set).
    std::optional<scp80::ReceivingEntity> lookup(const scp80::Tar& tar, std::uint8_t kic,
                                                 std::uint8_t kid) const {
        if (tar.bytes[0] != 0xB0) {
            return std::nullopt;
        }
        const std::uint8_t kvn = kic >> 4;
        if ((kid >> 4) != kvn) {
            return scp80::ReceivingEntity{nullptr, 0, 0};
        }
        const scp80::Keyset* keys = &m_generic[kvn];
        switch (tar.value()) {
        case 0xB00011:
            return scp80::ReceivingEntity{kvn == 2 ? &m_a_aes : kvn == 3 ? &m_a_3des : keys, 0, 0};
        case 0xB00000:
            return scp80::ReceivingEntity{kvn == 3 ? &m_b : keys, 0, 0};
        case 0xB00010:
            return scp80::ReceivingEntity{kvn == 1 ? &m_c : keys, 0, 0};
        default:
            return scp80::ReceivingEntity{keys, tar.bytes[2], static_cast<std::uint8_t>(tar.bytes[1] & 0x1F)};
        }
    }

    const scp80::Keyset& a_3des() const noexcept { return m_a_3des; }
    const scp80::Keyset& a_aes() const noexcept { return m_a_aes; }
    const scp80::Keyset& b() const noexcept { return m_b; }
    const scp80::Keyset& c() const noexcept { return m_c; }
    const scp80::Keyset& generic(std::uint8_t kvn) const noexcept { return m_generic[kvn & 0x0F]; }

private:
    scp80::Keyset m_a_3des, m_a_aes, m_b, m_c;
    std::array<scp80::Keyset, 16> m_generic;
};

} // namespace euicc::fuzz
