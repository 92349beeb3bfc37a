// SPDX-License-Identifier: Apache-2.0
// Reading the EID from the ECASD: SELECT ECASD, GET DATA tag 5A (SGP.02 §2.2.2, GPCS §11.3).
#pragma once

#include <string>

#include <euicc/transport/card_channel.hpp>

namespace euicc::host {

/// Selects the ECASD on logical channel `channel` and reads its EID (GET DATA 5A). Returns the 32 digits.
/// Throws StatusWordError naming the command that failed, CodecError when the answer is not `5A 10 <EID>`
/// or the EID's check digits are wrong (SGP.29), TransportError subclasses from the channel.
std::string read_eid(transport::CardChannel& channel, unsigned logical_channel = 0);

} // namespace euicc::host
