// SPDX-License-Identifier: Apache-2.0
// Configuration of the SM-SR admin server's congestion control (design.md §4; host/docs/smsr_api.md §Congestion
// control): capacity, reserved headroom, retry times, and priorities by operation type and management mode.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include <euicc/apdu/scp81.hpp>
#include <euicc/apdu/trigger.hpp>

namespace euicc::host::smsr {

/// Priorities run from 0 (most urgent) to priority_levels - 1.
inline constexpr unsigned priority_levels = 8;

/// Sessions matching (operation, mode) get `priority`; an absent member matches any value.
struct PriorityRule {
    std::optional<trigger::OperationType> operation;
    std::optional<trigger::ManagementMode> mode;
    unsigned priority = 0;

    friend bool operator==(const PriorityRule&, const PriorityRule&) = default;
};

/// Priority of a session by the card's service request (X-Admin-Service-Request). The most specific rule
/// wins: operation and mode, then operation only, then mode only, then `fallback` (also for a card that sent
/// no service request).
class PriorityTable {
public:
    /// Throws std::invalid_argument for a priority >= priority_levels, a rule matching everything (use the
    /// fallback), or two rules with the same pattern.
    PriorityTable(std::vector<PriorityRule> rules, unsigned fallback);
    /// smsr-change 0; any pull-mode session 1; enabling, disabling, profile-deletion, status-change 2;
    /// profile-download, profile-installation and no service request 3.
    static PriorityTable defaults();

    unsigned priority_of(trigger::OperationType operation, trigger::ManagementMode mode) const noexcept;
    unsigned priority_of(const std::optional<scp81::ServiceRequest>& request) const noexcept;

    const std::vector<PriorityRule>& rules() const noexcept { return m_rules; }
    unsigned fallback() const noexcept { return m_fallback; }

    friend bool operator==(const PriorityTable&, const PriorityTable&) = default;

private:
    std::vector<PriorityRule> m_rules;
    unsigned m_fallback;
};

struct CongestionConfig {
    std::size_t capacity = 100; ///< concurrent admin sessions at most
    /// Of the capacity, slots only priorities <= headroom_priority may take: urgent sessions (SM-SR change,
    /// pull mode) still get in when a batch fills the rest.
    std::size_t reserved = 0;
    unsigned headroom_priority = 1;
    std::chrono::seconds base_retry{30}; ///< Retry-After of the first refused card of priority 0
    std::chrono::seconds max_retry{3600};
    /// How much longer each priority level waits: the factor (1 + priority_weight x priority).
    double priority_weight = 0.5;
    PriorityTable priorities = PriorityTable::defaults();

    /// Throws std::invalid_argument: capacity 0, reserved >= capacity, headroom_priority >= priority_levels,
    /// base_retry < 1 s, max_retry < base_retry, priority_weight negative or not finite.
    void validate() const;

    /// JSON (every member optional, defaults as above; "priorities" replaces the default rules):
    /// {"capacity": 100, "reserved": 10, "headroom_priority": 1, "base_retry": "30s", "max_retry": "1h",
    ///  "priority_weight": 0.5, "default_priority": 3,
    ///  "priorities": [{"operation": "smsr-change", "priority": 0}, {"mode": "pull", "priority": 1}, ...]}
    /// Durations as parse_duration (or a number of seconds). Throws CodecError("congestion config <JSON
    /// pointer>", 0) for a malformed or invalid document.
    static CongestionConfig parse_json(std::string_view json);
};

} // namespace euicc::host::smsr
