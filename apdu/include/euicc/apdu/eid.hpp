// SPDX-License-Identifier: Apache-2.0
// EID: 32 decimal digits (SGP.02 §2.2.2); the last two are check digits with number mod 97 == 1 (SGP.29).
#pragma once

#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

namespace euicc::apdu {

/// True for 32 decimal digits whose value mod 97 is 1.
bool eid_is_valid(std::string_view eid) noexcept;
/// Completes a 30-digit EID prefix (or replaces the last two of 32 digits) with the check digits.
/// Throws std::invalid_argument for anything but 30 or 32 decimal digits.
std::string eid_with_check_digits(std::string_view eid);
/// 16 bytes, two digits per byte, first digit in the high nibble (GET DATA 5A on the ECASD).
/// Throws std::invalid_argument unless eid_is_valid().
Bytes eid_to_bytes(std::string_view eid);
/// Inverse of eid_to_bytes; throws CodecError("EID", offset) for a wrong length or non-decimal nibble.
std::string eid_from_bytes(ByteView bytes);

} // namespace euicc::apdu
