// SPDX-License-Identifier: Apache-2.0
// TP-SCTS from a clock reading (3GPP TS 23.040 §9.2.3.11: local time and zone; we send UTC with zone 0).
#pragma once

#include <chrono>

#include <euicc/apdu/sms_fields.hpp>

namespace euicc::host::detail {

/// `when` in UTC as an SMS time stamp (two-digit year, offset 0).
sms::Timestamp service_centre_time(std::chrono::system_clock::time_point when);

} // namespace euicc::host::detail
