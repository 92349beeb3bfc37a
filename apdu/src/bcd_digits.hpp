// SPDX-License-Identifier: Apache-2.0
// Private: digit strings as BCD, plain (SAIP ProfileHeader iccid) and nibble-swapped (ETSI TS 102 221
// EF.ICCID §13.2, 3GPP TS 31.102 EF.IMSI, TS 23.040 §9.1.2.5 / TS 24.011 §8.2.5.1 address digits, TS 102 223
// §8.1), F-padded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

namespace euicc::bcd {

/// A digit alphabet: the character of each nibble value from 0 up (F is the filler and never a digit).
inline constexpr std::string_view decimal = "0123456789";

/// True for a non-empty string of '0'..'9'.
bool is_decimal(std::string_view digits) noexcept;

/// Two digits per byte, first digit in the high nibble; an odd count ends with an F nibble.
/// Throws std::invalid_argument for non-decimal or empty input.
Bytes encode_plain(std::string_view digits);
/// Two digits per byte, first digit in the low nibble; an odd count ends with an F nibble (in the high
/// nibble). Throws std::invalid_argument for non-decimal or empty input.
Bytes encode_swapped(std::string_view digits);
/// As above over `alphabet` (letters match in either case); empty input gives no bytes. Throws
/// std::invalid_argument ("<what>: 'x' is not one of <alphabet>") for the first character outside `alphabet`.
Bytes encode_swapped(std::string_view digits, std::string_view alphabet, std::string_view what);

/// Inverse of encode_plain / encode_swapped. Digits end at the first F nibble; only F may follow it. Any
/// other non-decimal nibble throws CodecError(context, base_offset + index of its byte).
std::string decode_plain(ByteView bytes, const std::string& context, std::size_t base_offset);
std::string decode_swapped(ByteView bytes, const std::string& context, std::size_t base_offset);
/// Exactly `count` swapped digits of `alphabet`, then nothing but F fillers up to the end of `bytes` (a
/// length that counts digits: TS 23.040 §9.1.2.5). Throws CodecError(context, base_offset + index of the
/// byte) for an F among the digits, a nibble outside `alphabet`, or anything but F after them.
std::string decode_swapped(ByteView bytes, std::size_t count, std::string_view alphabet,
                           const std::string& context, std::size_t base_offset);

/// Digit count of swapped BCD that comes without one (TS 24.011 §8.2.5.1, TS 102 223 §8.1): two per byte, one
/// less when the high nibble of the last byte is the F filler of an odd count.
std::size_t swapped_digit_count(ByteView bytes) noexcept;

/// One value 0..99 as a swapped-BCD byte, tens digit in the low nibble (TS 23.040 §9.2.3.11, TS 102 223
/// §8.38).
std::uint8_t swapped_byte(unsigned value) noexcept;
/// Inverse of swapped_byte; nullopt when either nibble is above 9.
std::optional<unsigned> swapped_byte_value(std::uint8_t byte) noexcept;

} // namespace euicc::bcd
