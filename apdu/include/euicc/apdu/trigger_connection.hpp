// SPDX-License-Identifier: Apache-2.0
// GP Amd B Table 3-3 connection parameters (trigger tag 84) <-> the OPEN CHANNEL they describe
// (ETSI TS 102 223 §6.6.27, 3GPP TS 31.111 §6.6.27). Used by the SM-SR to build triggers and by cards to act on them.
#pragma once

#include <vector>

#include <euicc/apdu/cat_proactive_bip.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>

namespace euicc::trigger {

/// The OPEN CHANNEL (qualifier 01: immediate link establishment) whose objects are the trigger's 84 objects, in
/// their order (35 bearer, 39 buffer size, 47 APN, 3C transport level, 3E destination, 0D login/password, ...).
/// The objects are read as a terminal would read them, so a trigger whose OPEN CHANNEL the terminal could not
/// parse is refused when it arrives. Throws CodecError("proactive command", offset) for objects an OPEN CHANNEL
/// cannot carry, e.g. a missing buffer size (39 is mandatory, TS 102 223 §6.6.27).
cat::OpenChannel open_channel_from(const std::vector<ctlv::Tlv>& connection);

/// The 84 objects for `command`: its OPEN CHANNEL objects without command details and device identities.
std::vector<ctlv::Tlv> connection_from(const cat::OpenChannel& command);

/// The usual SM-SR connection: default bearer (35 01 03), `buffer_size`, TCP client to `ip`:`port`
/// (3C 02 port, 3E 21/57 address), optional APN. Throws std::invalid_argument for an `ip` that is no IPv4/IPv6 text.
cat::OpenChannel tcp_client_open_channel(std::string_view ip, std::uint16_t port, std::uint16_t buffer_size = 1400,
                                         std::optional<std::string> apn = std::nullopt);

} // namespace euicc::trigger
