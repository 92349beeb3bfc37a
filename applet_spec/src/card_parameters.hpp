// SPDX-License-Identifier: Apache-2.0
// GP Amd D §6.2.2.1, §7.1.1 Table 7-2: what the ISD-R and the ISD-Ps announce when a secure channel starts.
#pragma once

#include <cstdint>

#include <euicc/apdu/scp03.hpp>

#include "applications.hpp"
#include "platform.hpp"

namespace euicc::card {

/// Diversification data = the last 10 bytes of the EID (unique per card), i = 70
/// (pseudo-random card challenge, R-MAC and R-ENCRYPTION: SGP.02 `C9 04 81 02 03 70`), the sequence counter and
/// the AID of the invoking security domain `sd`.
scp03::CardParameters card_parameters(const Platform& platform, const Selection& sd, std::uint32_t counter);

} // namespace euicc::card
