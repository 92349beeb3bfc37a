// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 225 §5.1.1: the SCP80 counter (CNTR) the receiving entity keeps per key set, held durably.
#pragma once

#include <cstdint>
#include <string>

#include <euicc/apdu/scp80.hpp>

#include "durable_state.hpp"

namespace euicc::card {

/// The counters of the card's key sets, keyed by (TAR, KVN), in CardState::ota_counters. Borrows `state`.
class ReplayCounters {
public:
    explicit ReplayCounters(DurableState& state) : m_state(state) {}

    /// The CNTR of the last accepted command for the key set; 0 when none was accepted yet.
    std::uint64_t get(const scp80::Tar& tar, std::uint8_t kvn) const;
    /// Stores `counter` durably (it is on disk when this returns). Throws euicc::Error when it cannot be saved;
    /// the stored value is then unchanged.
    void store(const scp80::Tar& tar, std::uint8_t kvn, std::uint64_t counter);

    /// "000000/1": the key of CardState::ota_counters.
    static std::string key(const scp80::Tar& tar, std::uint8_t kvn);

private:
    DurableState& m_state;
};

} // namespace euicc::card
