// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.4.1 / ETSI TS 102 221 §10.1.1: the CLA byte and logical channels 0..19.
#pragma once

#include <cstdint>

namespace euicc::apdu {

inline constexpr unsigned max_logical_channel = 19;

/// Re-encodes `cla` for `channel` (0..19), keeping its class (ISO 0x/4x/6x or ETSI 8x/Cx/Ex), chaining
/// and secure-messaging indication where the target layout can carry them.
/// Channels 0-3 use the first interindustry layout (b2..b1), 4-19 the further layout (b4..b1 = n-4).
/// Throws std::invalid_argument for channel > 19 or a CLA that has no logical channel (e.g. FF).
std::uint8_t cla_with_channel(std::uint8_t cla, unsigned channel);

/// The logical channel a CLA addresses (0..19). Throws CodecError("CLA", 0) for a CLA outside both layouts.
unsigned channel_of_cla(std::uint8_t cla);

} // namespace euicc::apdu
