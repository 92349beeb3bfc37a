// SPDX-License-Identifier: Apache-2.0
// Journal and counters of the SM-SR admin server (the patent's per-EID result lists, spec/scp81.md §1).
#include <euicc/host/admin_records.hpp>

#include <algorithm>
#include <utility>

namespace euicc::host {

std::string_view to_string(AdminStep step) noexcept {
    switch (step) {
    case AdminStep::HandshakeFailed:
        return "handshake-failed";
    case AdminStep::Connected:
        return "connected";
    case AdminStep::ServiceRequested:
        return "service-requested";
    case AdminStep::RefusedBusy:
        return "refused-busy";
    case AdminStep::NothingToDo:
        return "nothing-to-do";
    case AdminStep::ContainerCreated:
        return "container-created";
    case AdminStep::KeysEstablished:
        return "keys-established";
    case AdminStep::ProfileInstalled:
        return "profile-installed";
    case AdminStep::ProfileEnabled:
        return "profile-enabled";
    case AdminStep::ProfileDisabled:
        return "profile-disabled";
    case AdminStep::ProfileDeleted:
        return "profile-deleted";
    case AdminStep::FallbackSet:
        return "fallback-set";
    case AdminStep::SmsrChanged:
        return "smsr-changed";
    case AdminStep::Audited:
        return "audited";
    case AdminStep::Completed:
        return "completed";
    case AdminStep::Failed:
        return "failed";
    }
    return "unknown";
}

bool AdminCardRecord::has(AdminStep step) const noexcept {
    return last(step) != nullptr;
}

const AdminEvent* AdminCardRecord::last(AdminStep step) const noexcept {
    const auto it =
        std::find_if(events.rbegin(), events.rend(), [&](const AdminEvent& e) { return e.step == step; });
    return it == events.rend() ? nullptr : &*it;
}

void AdminRecords::add(AdminEvent event) {
    if (event.time == std::chrono::system_clock::time_point{}) {
        event.time = std::chrono::system_clock::now();
    }
    std::unique_lock lock(m_mutex);
    switch (event.step) {
    case AdminStep::HandshakeFailed:
        ++m_counters.handshake_failures;
        break;
    case AdminStep::RefusedBusy:
        ++m_counters.refused_busy;
        break;
    case AdminStep::Completed:
        ++m_counters.completed;
        break;
    case AdminStep::Failed:
        ++m_counters.failed;
        break;
    default:
        break;
    }
    const std::shared_ptr<const Listener> listener = m_listener;
    // The listener runs outside the lock (it may read the journal), so it gets its own copy.
    std::optional<AdminEvent> copy;
    if (listener) {
        copy = event;
    }
    if (event.eid.empty()) {
        m_unidentified.push_back(std::move(event));
    } else {
        AdminCardRecord& card = m_cards[event.eid];
        card.eid = event.eid;
        card.events.push_back(std::move(event));
    }
    lock.unlock();
    m_changed.notify_all();
    if (listener) {
        (*listener)(*copy);
    }
}

void AdminRecords::set_listener(Listener listener) {
    const std::lock_guard lock(m_mutex);
    m_listener = listener ? std::make_shared<const Listener>(std::move(listener)) : nullptr;
}

void AdminRecords::session_opened() {
    const std::lock_guard lock(m_mutex);
    ++m_counters.open;
    ++m_counters.total;
    m_counters.peak = std::max(m_counters.peak, m_counters.open);
    m_changed.notify_all();
}

void AdminRecords::session_closed() {
    const std::lock_guard lock(m_mutex);
    if (m_counters.open > 0) {
        --m_counters.open;
    }
    m_changed.notify_all();
}

std::vector<AdminCardRecord> AdminRecords::snapshot() const {
    const std::lock_guard lock(m_mutex);
    std::vector<AdminCardRecord> out;
    out.reserve(m_cards.size());
    for (const auto& [eid, card] : m_cards) {
        out.push_back(card);
    }
    return out;
}

std::optional<AdminCardRecord> AdminRecords::card(std::string_view eid) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_cards.find(eid);
    if (it == m_cards.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::vector<AdminEvent> AdminRecords::unidentified() const {
    const std::lock_guard lock(m_mutex);
    return m_unidentified;
}

AdminCounters AdminRecords::counters() const {
    const std::lock_guard lock(m_mutex);
    return m_counters;
}

bool AdminRecords::wait_for(const std::function<bool(const AdminCounters&)>& done,
                            std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return done(m_counters); });
}

} // namespace euicc::host
