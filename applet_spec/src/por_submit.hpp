// SPDX-License-Identifier: Apache-2.0
// 3GPP TS 31.115 §4, §7 / TS 31.111 §6.6.9: a PoR sent by SMS-SUBMIT, as proactive SEND SHORT MESSAGE commands.
#pragma once

#include <cstdint>
#include <optional>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/sms_address.hpp>

#include "proactive_queue.hpp"

namespace euicc::card {

/// Where a PoR by SMS-SUBMIT goes: back to the originator of the command SMS, through the SMS-C that delivered
/// it when the ENVELOPE named one.
struct PorDestination {
    sms::Address originator;
    std::optional<cat::Address> service_centre;
};

/// Queues SEND SHORT MESSAGE commands carrying `por` (`02 71 00` + response packet): one SMS-SUBMIT with PID 7F,
/// DCS F6 when the response packet fits 137 octets, concatenated SMS-SUBMITs with `reference` otherwise.
/// Throws std::invalid_argument when the packet needs more than 255 parts (it never does: a PoR is far smaller).
void queue_por_submit(ProactiveQueue& queue, ByteView por, const PorDestination& destination,
                      std::uint8_t reference);

} // namespace euicc::card
