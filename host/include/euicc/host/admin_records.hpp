// SPDX-License-Identifier: Apache-2.0
// What the SM-SR admin server did per EID (connected, service request, ISD-P created, profile installed,
// failed with reason) and its session counters: the patent's EID lists of an SCP81 admin session
// (spec/scp81.md §1, §6).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp81.hpp>

namespace euicc::host {

enum class AdminStep : std::uint8_t {
    HandshakeFailed,  ///< the PSK-TLS handshake failed (unknown identity, wrong PSK, timeout, protocol)
    Connected,        ///< the PSK-TLS handshake completed
    ServiceRequested, ///< first POST read; service_request holds X-Admin-Service-Request when the card sent
                      ///< one
    RefusedBusy,      ///< the capacity gate refused the session: 503 + Retry-After (retry_after)
    NothingToDo,      ///< no plan for the card, or a plan for another operation (detail): ended with 204
    ContainerCreated, ///< ISD-P created (isdp_aid)
    KeysEstablished,  ///< the ISD-P holds its SCP03 keyset (isdp_aid)
    ProfileInstalled, ///< profile downloaded and installed (isdp_aid, iccid)
    ProfileEnabled,   ///< isdp_aid
    ProfileDisabled,  ///< isdp_aid
    ProfileDeleted,   ///< isdp_aid
    FallbackSet,      ///< isdp_aid
    SmsrChanged,      ///< the new SM-SR keysets are in, the old ones gone (detail: KVNs)
    Audited,          ///< eUICCCapabilityAudit read (detail: the ISD-Ps and their states)
    Completed,        ///< the plan ran to its end and the session ended with 204
    Failed,           ///< the session ended with an error (detail: its text; retryable)
};

std::string_view to_string(AdminStep step) noexcept;

/// One thing that happened in an admin session. Texts never hold keys.
struct AdminEvent {
    std::chrono::system_clock::time_point time;
    std::uint64_t session = 0; ///< connection number given by the server, from 1
    std::string eid;           ///< empty when the card stayed unknown (e.g. an unknown PSK identity)
    AdminStep step = AdminStep::Failed;
    std::optional<scp81::ServiceRequest> service_request;
    std::optional<Bytes> isdp_aid;
    std::optional<std::string> iccid;
    std::string detail; ///< failure reason, peer address, KVNs ...
    /// Failed / HandshakeFailed / RefusedBusy: the card may try again later with a fair chance (transport
    /// trouble, busy server), as opposed to a refusal that would repeat (wrong key, card error).
    bool retryable = false;
    std::optional<std::chrono::seconds> retry_after; ///< RefusedBusy
};

/// Every event of one EID, in the order they happened (across sessions).
struct AdminCardRecord {
    std::string eid;
    std::vector<AdminEvent> events;

    bool has(AdminStep step) const noexcept;
    /// The last event of that step, nullptr when none.
    const AdminEvent* last(AdminStep step) const noexcept;
};

struct AdminCounters {
    std::size_t open = 0;    ///< connections being served now
    std::size_t peak = 0;    ///< the most that were open at once
    std::uint64_t total = 0; ///< connections accepted
    std::uint64_t refused_busy = 0;
    std::uint64_t handshake_failures = 0;
    std::uint64_t completed = 0;
    std::uint64_t failed = 0;
};

/// Thread-safe journal of an admin server. The listener (live logs) is called for every event after it is
/// stored, on the server thread that produced it and outside the journal's lock (it may call snapshot()); it
/// must be thread-safe when the server runs several threads and must not throw.
class AdminRecords {
public:
    using Listener = std::function<void(const AdminEvent&)>;

    /// Stores `event` (time set to now when left at its epoch) and counts it.
    void add(AdminEvent event);
    void set_listener(Listener listener);

    /// A connection was accepted / its session ended (counters open, peak, total).
    void session_opened();
    void session_closed();

    std::vector<AdminCardRecord> snapshot() const;
    std::optional<AdminCardRecord> card(std::string_view eid) const;
    /// Events without an EID (handshakes that failed before the card was known), in order.
    std::vector<AdminEvent> unidentified() const;
    AdminCounters counters() const;

    /// Waits until `done(counters())` holds or `timeout` passes; returns whether it holds. For callers that
    /// must know a session has ended (tests, a shutdown report).
    bool wait_for(const std::function<bool(const AdminCounters&)>& done,
                  std::chrono::milliseconds timeout) const;

private:
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::map<std::string, AdminCardRecord, std::less<>> m_cards;
    std::vector<AdminEvent> m_unidentified;
    AdminCounters m_counters;
    std::shared_ptr<const Listener> m_listener;
};

} // namespace euicc::host
