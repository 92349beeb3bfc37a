// SPDX-License-Identifier: Apache-2.0
// Counter reservation in memory, and the CNTR range rules (TS 102 225 §5.1.1: 5 bytes, no wrap).
#include <algorithm>
#include <stdexcept>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>
#include <euicc/host/counter_store.hpp>

#include "counter_rules.hpp"

namespace euicc::host {

namespace detail {

std::uint64_t counter_after(std::uint64_t last, const std::string& key) {
    if (last >= scp80::max_counter) {
        throw Error("OTA counter '" + key + "' is at its maximum (FFFFFFFFFF); the key set needs replacing");
    }
    return last + 1;
}

void check_counter_value(std::uint64_t used) {
    if (used > scp80::max_counter) {
        throw std::invalid_argument("OTA counter value above FFFFFFFFFF (5 bytes)");
    }
}

} // namespace detail

std::uint64_t MemoryCounterStore::reserve_next(const std::string& key) {
    const std::lock_guard lock(m_mutex);
    auto& last = m_counters[key];
    last = detail::counter_after(last, key);
    return last;
}

std::uint64_t MemoryCounterStore::current(const std::string& key) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_counters.find(key);
    return it == m_counters.end() ? 0 : it->second;
}

void MemoryCounterStore::ensure_at_least(const std::string& key, std::uint64_t used) {
    detail::check_counter_value(used);
    const std::lock_guard lock(m_mutex);
    auto& last = m_counters[key];
    last = std::max(last, used);
}

} // namespace euicc::host
