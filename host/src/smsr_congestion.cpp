// SPDX-License-Identifier: Apache-2.0
// The admin server's congestion control (design.md §4, the patent's connection module; host/docs/smsr_api.md
// §Congestion control): slots up to a capacity, headroom for urgent priorities, busy + retry time spread by
// the queue of refused cards.
#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include <euicc/host/smsr/congestion.hpp>

namespace euicc::host::smsr {

using TimePoint = std::chrono::steady_clock::time_point;

struct CongestionControl::State {
    State(CongestionConfig c, Clock k) : config(std::move(c)), clock(std::move(k)) {}

    /// A refused card expected back, until `forget_at`.
    struct Waiting {
        unsigned priority = 0;
        std::multimap<TimePoint, std::string>::iterator expiry;
    };

    const CongestionConfig config;
    const Clock clock;

    std::mutex mutex; // guards everything below
    std::size_t in_use = 0;
    std::size_t peak = 0;
    std::array<std::uint64_t, priority_levels> admitted{};
    std::array<std::uint64_t, priority_levels> refused{};
    std::unordered_map<std::string, Waiting> waiting;
    std::multimap<TimePoint, std::string> expiries;
    std::array<std::size_t, priority_levels> waiting_at{}; ///< waiting cards per priority

    std::size_t limit(unsigned priority) const noexcept {
        return priority <= config.headroom_priority ? config.capacity : config.capacity - config.reserved;
    }

    void forget(std::unordered_map<std::string, Waiting>::iterator entry) {
        --waiting_at[entry->second.priority];
        expiries.erase(entry->second.expiry);
        waiting.erase(entry);
    }

    void forget_expired(TimePoint now) {
        while (!expiries.empty() && expiries.begin()->first <= now) {
            forget(waiting.find(expiries.begin()->second));
        }
    }

    void remember(const std::string& eid, unsigned priority, TimePoint forget_at) {
        const auto expiry = expiries.emplace(forget_at, eid);
        waiting.emplace(eid, Waiting{priority, expiry});
        ++waiting_at[priority];
    }

    /// The slot token: gives the session's place back when the admin server drops it. Allocated before the
    /// decision (no allocation under the lock), armed only when the card is admitted. Keeps the state alive.
    class Slot {
    public:
        explicit Slot(std::shared_ptr<State> state) : m_state(std::move(state)) {}
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot() {
            if (m_armed) {
                const std::lock_guard lock(m_state->mutex);
                --m_state->in_use;
            }
        }
        void arm() noexcept { m_armed = true; }

    private:
        std::shared_ptr<State> m_state;
        bool m_armed = false;
    };
};

CongestionControl::CongestionControl(CongestionConfig config, Clock clock) {
    config.validate();
    if (!clock) {
        throw std::invalid_argument("CongestionControl: empty clock");
    }
    m_state = std::make_shared<State>(std::move(config), std::move(clock));
}

CongestionControl::~CongestionControl() = default;

Admission CongestionControl::admit(std::string_view eid,
                                   const std::optional<scp81::ServiceRequest>& request) {
    const unsigned priority = priority_of(request);
    const std::string key(eid);
    auto slot = std::make_shared<State::Slot>(m_state);
    const TimePoint now = m_state->clock();
    State& s = *m_state;
    const std::lock_guard lock(s.mutex);
    s.forget_expired(now);
    // A card that comes back leaves the queue whatever the answer: refused again, it queues anew.
    if (const auto back = key.empty() ? s.waiting.end() : s.waiting.find(key); back != s.waiting.end()) {
        s.forget(back);
    }
    if (s.in_use < s.limit(priority)) {
        slot->arm();
        ++s.in_use;
        s.peak = std::max(s.peak, s.in_use);
        ++s.admitted[priority];
        return Admission::admit(std::move(slot));
    }
    const std::size_t ahead =
        std::accumulate(s.waiting_at.begin(), s.waiting_at.begin() + priority + 1, std::size_t{0});
    const std::chrono::seconds retry = retry_after(priority, ahead);
    ++s.refused[priority];
    if (!key.empty()) {
        // A card late by more than its own wait plus base_retry has given up or failed: stop counting it.
        s.remember(key, priority, now + 2 * retry + s.config.base_retry);
    }
    return Admission::busy(retry);
}

unsigned CongestionControl::priority_of(const std::optional<scp81::ServiceRequest>& request) const noexcept {
    return m_state->config.priorities.priority_of(request);
}

std::chrono::seconds CongestionControl::retry_after(unsigned priority, std::size_t ahead) const {
    const CongestionConfig& config = m_state->config;
    if (priority >= priority_levels) {
        throw std::invalid_argument("retry_after: priority over " + std::to_string(priority_levels - 1));
    }
    const double factor = (1.0 + config.priority_weight * static_cast<double>(priority)) *
                          (1.0 + static_cast<double>(ahead) / static_cast<double>(m_state->limit(priority)));
    const double wait = std::ceil(static_cast<double>(config.base_retry.count()) * factor);
    // factor >= 1 and base_retry >= 1 s: never 0. Compared as doubles first, the cast cannot overflow.
    if (!(wait < static_cast<double>(config.max_retry.count()))) {
        return config.max_retry;
    }
    return std::chrono::seconds{static_cast<std::int64_t>(wait)};
}

double CongestionControl::load() const {
    const std::lock_guard lock(m_state->mutex);
    return static_cast<double>(m_state->in_use) / static_cast<double>(m_state->config.capacity);
}

CongestionStats CongestionControl::stats() const {
    const TimePoint now = m_state->clock();
    State& s = *m_state;
    const std::lock_guard lock(s.mutex);
    s.forget_expired(now);
    CongestionStats stats;
    stats.in_use = s.in_use;
    stats.peak = s.peak;
    stats.waiting = s.waiting.size();
    stats.admitted = s.admitted;
    stats.refused = s.refused;
    return stats;
}

const CongestionConfig& CongestionControl::config() const noexcept {
    return m_state->config;
}

CapacityGate make_capacity_gate(std::shared_ptr<CongestionControl> control) {
    if (!control) {
        throw std::invalid_argument("make_capacity_gate: null congestion control");
    }
    return [control = std::move(control)](const AdmissionQuery& query) { return control->admit(query); };
}

} // namespace euicc::host::smsr
