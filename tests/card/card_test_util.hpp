// SPDX-License-Identifier: Apache-2.0
// Helpers for the virtual eUICC tests: send one C-APDU, compare the R-APDU as hex (readable failures).
#pragma once

#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/card/virtual_euicc.hpp>

namespace euicc::card::test {

/// The card's answer to `command` as upper-case hex ("6F18...9000").
inline std::string transmit(VirtualEuicc& card, const Bytes& command) { return to_hex(card.process(command)); }

// SGP.02 §2.2.3 AIDs, spelled out again here so that a wrong constant in the card is caught.
inline constexpr const char* isd_r_aid = "A0000005591010FFFFFFFF8900000100";
inline constexpr const char* ecasd_aid = "A0000005591010FFFFFFFF8900000200";
inline constexpr const char* default_eid = "89049032123451234512345678901235";

} // namespace euicc::card::test
