// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-3 §8: the virtual eUICC's Answer-to-Reset and its check byte TCK.
#pragma once

#include <cstdint>

#include <euicc/apdu/bytes.hpp>

namespace euicc::card {

/// TCK for `atr_without_tck` (TS first, TCK absent): the XOR of T0 up to the last historical byte,
/// so that T0 ^ ... ^ TCK == 0 (ISO 7816-3 §8.2.5). Throws std::invalid_argument for fewer than 2 bytes.
std::uint8_t atr_check_byte(ByteView atr_without_tck);

/// The ATR the virtual eUICC answers with (byte meaning in applet_spec/README.md "Answer-to-Reset").
Bytes answer_to_reset();

} // namespace euicc::card
