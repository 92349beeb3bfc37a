// SPDX-License-Identifier: Apache-2.0
// The SM-SR admin server's congestion control (design.md §4, the patent's connection module): a capacity of
// concurrent admin sessions, priorities by operation type and management mode, batch admission, and the
// failure message (busy + retry time, spec/scp81.md: 503 + Retry-After) when over capacity.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include <euicc/host/admin_server.hpp>
#include <euicc/host/smsr/congestion_config.hpp>

namespace euicc::host::smsr {

struct CongestionStats {
    std::size_t in_use = 0;  ///< slots held now
    std::size_t peak = 0;    ///< most slots ever held at once
    std::size_t waiting = 0; ///< refused cards expected back (the queue the retry times spread)
    std::array<std::uint64_t, priority_levels> admitted{};
    std::array<std::uint64_t, priority_levels> refused{};
};

/// Admission control for admin sessions. A card of priority p is admitted while fewer than limit(p) slots are
/// held, limit(p) = capacity for p <= headroom_priority, capacity - reserved otherwise; it holds its slot
/// until the token it got is destroyed. Otherwise it is refused with
///
///     retry_after = min(max_retry, max(1 s, ceil(base_retry x (1 + priority_weight x p)
///                                                    x (1 + ahead / limit(p)))))
///
/// where `ahead` counts the refused cards still expected back at priorities <= p (the card itself excluded).
/// The k-th card of a burst thus comes back after about base x (1 + k / limit): one limit's worth of cards
/// per base_retry, the batches the server can take (the patent's batch admission), urgent ones first.
///
/// A refused card (by EID) stays expected back until it returns (admitted, or refused again with a new time)
/// or until twice its retry time plus base_retry has passed. Cards without an EID are not tracked.
/// Thread-safe; tokens may outlive the CongestionControl.
class CongestionControl {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    /// Throws std::invalid_argument for an invalid config (CongestionConfig::validate) or an empty clock.
    explicit CongestionControl(CongestionConfig config, Clock clock = &std::chrono::steady_clock::now);
    ~CongestionControl();
    CongestionControl(const CongestionControl&) = delete;
    CongestionControl& operator=(const CongestionControl&) = delete;

    /// Admits (Admission::admit with a slot token) or refuses (Admission::busy) one card.
    Admission admit(std::string_view eid, const std::optional<scp81::ServiceRequest>& request);
    Admission admit(const AdmissionQuery& query) { return admit(query.eid, query.service_request); }

    unsigned priority_of(const std::optional<scp81::ServiceRequest>& request) const noexcept;
    /// The formula above for `ahead` cards ahead of a card of `priority`.
    std::chrono::seconds retry_after(unsigned priority, std::size_t ahead) const;
    /// Slots held / capacity: the load the access control table reads (LoadAccessTable::access_control_for).
    double load() const;
    CongestionStats stats() const;
    const CongestionConfig& config() const noexcept;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

/// The admin server's gate over a shared CongestionControl (AdminServer::set_capacity_gate). Throws
/// std::invalid_argument for a null control.
CapacityGate make_capacity_gate(std::shared_ptr<CongestionControl> control);

} // namespace euicc::host::smsr
