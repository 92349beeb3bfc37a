// SPDX-License-Identifier: Apache-2.0
// GSM 7-bit default alphabet and septet packing per 3GPP TS 23.038 §6.1.2.1 and §6.2.1 (with the extension table).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

namespace euicc::sms::gsm7 {

/// Packs septets (each 0x00..0x7F) into octets, least significant bit first, after `fill_bits` zero bits
/// (TS 23.038 §6.1.2.1.1; TS 23.040 §9.2.3.24: fill bits align the text after a UDH on a septet boundary).
/// Throws std::invalid_argument for a value above 0x7F or `fill_bits` > 6.
Bytes pack(ByteView septets, unsigned fill_bits = 0);

/// Unpacks `count` septets from `octets`, skipping `fill_bits` leading bits. Bits past the last septet are
/// ignored. Throws CodecError("GSM 7-bit", offset) when `octets` holds fewer than `fill_bits + 7 * count` bits.
Bytes unpack(ByteView octets, std::size_t count, unsigned fill_bits = 0);

/// Number of octets that `count` septets occupy after `fill_bits` bits.
constexpr std::size_t packed_size(std::size_t count, unsigned fill_bits = 0) noexcept {
    return (fill_bits + 7 * count + 7) / 8;
}

/// Septets -> UTF-8, default alphabet plus the extension table behind escape 1B. Per TS 23.038 §6.2.1.1 an
/// escape before a code the extension table does not define shows the default-alphabet character, and a lone
/// escape at the end shows as a space. Never throws for values 0x00..0x7F (higher values: CodecError).
std::string to_utf8(ByteView septets);

/// UTF-8 -> septets; extension-table characters become `1B xx`. Throws std::invalid_argument for invalid UTF-8
/// or a character the default alphabet and its extension table cannot represent (named as U+XXXX).
Bytes from_utf8(std::string_view text);

} // namespace euicc::sms::gsm7
