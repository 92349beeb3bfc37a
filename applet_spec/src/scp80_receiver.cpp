// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 225 §5 receiving entity of the ISD-R: key lookup by TAR/KIc/KID, packet checks, durable counter, PoR.
#include "scp80_receiver.hpp"

#include <optional>

namespace euicc::card {

Scp80Receiver::Scp80Receiver(const OtaSettings& settings, ReplayCounters& counters)
    : m_settings(settings), m_counters(counters) {}

std::uint8_t Scp80Receiver::key_version(std::uint8_t kic, std::uint8_t kid) noexcept {
    // TS 102 225 §5.1.2: b8..b5 of KIc/KID are the key version. A packet without ciphering may carry KIc 00,
    // so the KID's version names the key set then.
    return static_cast<std::uint8_t>((kic >> 4) != 0 ? kic >> 4 : kid >> 4);
}

const OtaKeyset* Scp80Receiver::find_keyset(std::uint8_t kvn) const noexcept {
    for (const OtaKeyset& keys : m_settings.keysets) {
        if (keys.kvn == kvn) {
            return &keys;
        }
    }
    return nullptr;
}

Reception Scp80Receiver::receive(ByteView packet) {
    scp80::Keyset keys;
    const scp80::KeyLookup lookup = [&](const scp80::Tar& tar, std::uint8_t kic,
                                        std::uint8_t kid) -> std::optional<scp80::ReceivingEntity> {
        if (tar != m_settings.tar) {
            return std::nullopt;
        }
        keys.kvn = key_version(kic, kid);
        scp80::ReceivingEntity entity;
        entity.minimum_security_level = m_settings.minimum_security_level;
        // Counted per key version even without keys: with a lax MSL, a packet without security still may not
        // be replayed.
        entity.counter = m_counters.get(tar, keys.kvn);
        entity.keys = &keys;
        if (const OtaKeyset* found = find_keyset(keys.kvn)) {
            // A key serves only the algorithm it was configured for: a packet naming another algorithm under
            // this key version gets no key and fails (05 for KIc, 01 for KID) instead of misusing the key.
            if (kic == found->kic) {
                keys.kic_key = found->kic_key;
            }
            if (kid == found->kid) {
                keys.kid_key = found->kid_key;
            }
        }
        // Unknown key version: empty keys, so a packet that needs them fails with 05/01, one without any
        // security with 0A (below the MSL).
        return entity;
    };
    scp80::CommandUnwrapResult outcome = scp80::unwrap_command(packet, lookup);
    if (outcome.accepted()) {
        const scp80::CommandHeader& header = outcome.command().header;
        if (header.spi.counter == scp80::CounterMode::Higher ||
            header.spi.counter == scp80::CounterMode::OneHigher) {
            // TS 102 225 §5.1.1: the stored counter is the last accepted CNTR. Stored before anything runs, so
            // that a card that dies while executing still refuses the replay afterwards.
            m_counters.store(header.tar, keys.kvn, header.counter);
        }
    }
    return Reception{std::move(outcome), std::move(keys)};
}

Bytes Scp80Receiver::proof_of_receipt(const Reception& reception, scp80::ResponseStatus status,
                                      ByteView data) {
    return scp80::wrap_response(reception.outcome.command().header, reception.keys, status, data);
}

} // namespace euicc::card
