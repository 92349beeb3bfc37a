// SPDX-License-Identifier: Apache-2.0
// The sending entity's counter arithmetic shared by the counter stores (TS 102 225 §5.1.1, 5-byte CNTR).
#pragma once

#include <cstdint>
#include <string>

namespace euicc::host::detail {

/// `last` + 1. Throws euicc::Error naming `key` when `last` is already scp80::max_counter: a counter must not
/// wrap, since the card would take a low value for a replay (and blocks at the maximum).
std::uint64_t counter_after(std::uint64_t last, const std::string& key);

/// Throws std::invalid_argument when `used` is above scp80::max_counter.
void check_counter_value(std::uint64_t used);

} // namespace euicc::host::detail
