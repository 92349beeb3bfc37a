// SPDX-License-Identifier: Apache-2.0
// Replay counters of the sending entity (ETSI TS 102 225 §5.1.1 CNTR): reserve a value before it is sent.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace euicc::host {

/// Where the host keeps the last CNTR it used per key (one key per card, TAR and key set). A value is
/// reserved before the packet carrying it is built, so a counter is never sent twice: a reserved value that
/// never reaches the card is simply skipped (the card's "higher than stored" rule accepts gaps).
/// Implementations are safe to call from several threads.
class CounterStore {
public:
    virtual ~CounterStore() = default;

    /// The next counter for `key` (last reserved + 1; 1 for a new key, as a card's counter starts at 0), now
    /// reserved. Throws euicc::Error when the counter would pass scp80::max_counter (the key set is used up:
    /// TS 102 225 blocks a counter at its maximum) or the store cannot record it.
    virtual std::uint64_t reserve_next(const std::string& key) = 0;
    /// The last reserved counter for `key`, 0 when none was.
    virtual std::uint64_t current(const std::string& key) = 0;
    /// Makes the next reservation for `key` exceed `used` (e.g. after a PoR "counter low" shows the card is
    /// ahead, or to take over a card another tool has used). Never lowers the counter. Throws
    /// std::invalid_argument when `used` is above scp80::max_counter.
    virtual void ensure_at_least(const std::string& key, std::uint64_t used) = 0;
};

/// Counters in memory only (tests, one-off sessions against a fresh virtual card).
class MemoryCounterStore : public CounterStore {
public:
    std::uint64_t reserve_next(const std::string& key) override;
    std::uint64_t current(const std::string& key) override;
    void ensure_at_least(const std::string& key, std::uint64_t used) override;

private:
    std::mutex m_mutex;
    std::map<std::string, std::uint64_t> m_counters;
};

} // namespace euicc::host
