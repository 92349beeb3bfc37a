// SPDX-License-Identifier: Apache-2.0
// Foundation scenario: written once against CardChannel, run in-process and over pcscd+vpcd.
#pragma once

#include <string>

#include <euicc/transport/card_channel.hpp>

namespace euicc::scenarios {

/// The test EID the virtual eUICC uses unless told otherwise.
inline constexpr const char* default_test_eid = "89049032123451234512345678901235";

/// ATR, EID over SELECT ECASD + GET DATA, SELECT ISD-R and MF, a logical channel with its own selection,
/// and the card's answers to bad commands. Asserts only through APDUs and returned values (Catch2 CHECK/REQUIRE),
/// so it runs the same where the card is another process behind pcscd. Leaves no logical channel open.
void foundation(transport::CardChannel& channel, const std::string& expected_eid);

} // namespace euicc::scenarios
