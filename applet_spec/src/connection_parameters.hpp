// SPDX-License-Identifier: Apache-2.0
// GP Card Spec Amendment B Table 3-3 connection parameters (tag 84) turned into the OPEN CHANNEL they describe
// (ETSI TS 102 223 §6.6.27, 3GPP TS 31.111 §6.6.27).
#pragma once

#include <vector>

#include <euicc/apdu/cat_proactive_bip.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>

namespace euicc::card {

/// The OPEN CHANNEL (qualifier 01: immediate link establishment) whose objects are the trigger's 84 objects, in
/// their order (35 bearer, 39 buffer size, 47 APN, 3C transport level, 3E destination, 0D login/password, ...).
/// The objects are read as a terminal would read them, so a trigger whose OPEN CHANNEL the terminal could not
/// parse is refused when it arrives. Throws CodecError("proactive command", offset) for objects an OPEN CHANNEL
/// cannot carry, e.g. a missing buffer size (39 is mandatory, TS 102 223 §6.6.27).
cat::OpenChannel open_channel_from(const std::vector<ctlv::Tlv>& connection);

} // namespace euicc::card
