// SPDX-License-Identifier: Apache-2.0
// SGP.02 §4.1.1.11-§4.1.1.12: the notifications the ISD-R keeps until the SM-SR confirms them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "platform_state.hpp"

namespace euicc::card {

/// At most this many notifications wait; a new one beyond pushes out the oldest (applet_spec/sgp02.md §8).
inline constexpr std::size_t max_pending_notifications = 16;

/// Queues a HandleDefaultNotification with the next sequence number (1..FFFF, then 1 again).
void add_notification(PlatformState& state, sgp02::NotificationType type, std::optional<Bytes> isdp_aid,
                      std::vector<Bytes> deleted_isdps);

/// The oldest pending notification as the `E1` TLV (sgp02::encode_notification), nullopt when none waits.
std::optional<Bytes> oldest_notification(const PlatformState& state, const std::string& eid);

/// HandleNotificationConfirmation: removes notification `sequence` and returns its confirmation answer
/// (`80 L {4F ...}` of the ISD-Ps the change deleted, empty data for none); nullopt when no such notification waits.
std::optional<Bytes> confirm_notification(PlatformState& state, std::uint16_t sequence);

} // namespace euicc::card
