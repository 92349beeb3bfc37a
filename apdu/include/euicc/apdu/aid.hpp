// SPDX-License-Identifier: Apache-2.0
// Well-known application identifiers on an SGP.02 eUICC (SGP.02 §2.2, spec/globalplatform.md §2).
#pragma once

#include <array>
#include <cstdint>

namespace euicc::apdu::aid {

/// ISD-R: issuer security domain root (SGP.02 §2.2.1).
inline constexpr std::array<std::uint8_t, 16> isd_r{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                                                    0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00};
/// ECASD: eUICC controlling authority security domain, holds the EID (SGP.02 §2.2.3).
inline constexpr std::array<std::uint8_t, 16> ecasd{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                                                    0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x02, 0x00};

} // namespace euicc::apdu::aid
