// SPDX-License-Identifier: Apache-2.0
// A PoR sent by the card as SMS-SUBMIT through SEND SHORT MESSAGE (TS 31.115 §4, TS 102 225 §5.2, TS 23.040).
#pragma once

#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host::detail {

/// The PoR user data (`02 71 00` + Response Packet) from the SEND SHORT MESSAGE commands of `session`: the
/// first SMS-SUBMIT whose header carries the Response Packet Identifier (IEI 71), its concatenated parts
/// reassembled. nullopt when there is none or its parts are incomplete. Throws CodecError for a malformed
/// SMS-SUBMIT TPDU or concatenation IE.
std::optional<Bytes> por_from_short_messages(const std::vector<ProactiveExchange>& session);

} // namespace euicc::host::detail
