// SPDX-License-Identifier: Apache-2.0
// SGP.02 §4.1.1.11-§4.1.1.12: the notifications the ISD-R keeps until the SM-SR confirms them.
#include "notifications.hpp"

#include <algorithm>

namespace euicc::card {

void add_notification(PlatformState& state, sgp02::NotificationType type, std::optional<Bytes> isdp_aid,
                      std::vector<Bytes> deleted_isdps) {
    if (state.notifications.size() >= max_pending_notifications) {
        state.notifications.erase(state.notifications.begin());
    }
    state.notifications.push_back(PendingNotification{state.next_notification, static_cast<std::uint8_t>(type),
                                                      std::move(isdp_aid), std::move(deleted_isdps)});
    // The SM-SR de-duplicates by sequence number (spec/sgp02.md §4.11); 0 is never used, so 0 can mean "none".
    state.next_notification = static_cast<std::uint16_t>(state.next_notification == 0xFFFF ? 1 : state.next_notification + 1);
}

std::optional<Bytes> oldest_notification(const PlatformState& state, const std::string& eid) {
    if (state.notifications.empty()) {
        return std::nullopt;
    }
    const PendingNotification& pending = state.notifications.front();
    sgp02::Notification notification;
    notification.eid = eid;
    notification.type = static_cast<sgp02::NotificationType>(pending.type);
    notification.sequence = pending.sequence;
    notification.isdp_aid = pending.isdp_aid;
    return sgp02::encode_notification(notification);
}

std::optional<Bytes> confirm_notification(PlatformState& state, std::uint16_t sequence) {
    const auto found = std::find_if(state.notifications.begin(), state.notifications.end(),
                                    [&](const PendingNotification& n) { return n.sequence == sequence; });
    if (found == state.notifications.end()) {
        return std::nullopt;
    }
    Bytes answer = sgp02::encode_notification_confirmation_response(found->deleted_isdps);
    state.notifications.erase(found);
    return answer;
}

} // namespace euicc::card
