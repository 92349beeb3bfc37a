// SPDX-License-Identifier: Apache-2.0
// Private: decimal digit strings as BCD, plain (SAIP ProfileHeader iccid) and nibble-swapped (ETSI TS 102 221
// EF.ICCID §13.2, 3GPP TS 31.102 EF.IMSI, TS 23.040 §9.1.2.5 address digits), F-padded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

namespace euicc::bcd {

/// True for a non-empty string of '0'..'9'.
bool is_decimal(std::string_view digits) noexcept;

/// Two digits per byte, first digit in the high nibble; an odd count ends with an F nibble.
/// Throws std::invalid_argument for non-decimal input.
Bytes encode_plain(std::string_view digits);
/// Two digits per byte, first digit in the low nibble; an odd count ends with an F nibble (in the high nibble).
Bytes encode_swapped(std::string_view digits);

/// Inverse of encode_plain / encode_swapped. Digits end at the first F nibble; only F may follow it. Any other
/// non-decimal nibble throws CodecError(context, base_offset + index of its byte).
std::string decode_plain(ByteView bytes, const std::string& context, std::size_t base_offset);
std::string decode_swapped(ByteView bytes, const std::string& context, std::size_t base_offset);

} // namespace euicc::bcd
