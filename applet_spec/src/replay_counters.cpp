// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 225 §5.1.1: the SCP80 counter (CNTR) the receiving entity keeps per key set, held durably.
#include "replay_counters.hpp"

namespace euicc::card {

std::string ReplayCounters::key(const scp80::Tar& tar, std::uint8_t kvn) {
    return to_hex(tar.bytes) + "/" + std::to_string(kvn);
}

std::uint64_t ReplayCounters::get(const scp80::Tar& tar, std::uint8_t kvn) const {
    const auto& counters = m_state.get().ota_counters;
    const auto found = counters.find(key(tar, kvn));
    return found == counters.end() ? 0 : found->second;
}

void ReplayCounters::store(const scp80::Tar& tar, std::uint8_t kvn, std::uint64_t counter) {
    m_state.update([&](CardState& state) { state.ota_counters[key(tar, kvn)] = counter; });
}

} // namespace euicc::card
