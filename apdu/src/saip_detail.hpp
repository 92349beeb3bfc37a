// SPDX-License-Identifier: Apache-2.0
// Private: DER pieces shared by the SAIP reader and generator (X.690 §8.3 INTEGER, §8.19 OBJECT IDENTIFIER,
// the PEHeader of PEDefinitions v3.3.1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

#include "tlv_locate.hpp"

namespace euicc::saip::detail {

inline constexpr const char* context = "SAIP";
inline constexpr ber::Tag tag_pe_header = 0xA0;
/// DER: the package is parsed strictly (minimal lengths), as SAIP §1 transfers it.
inline constexpr ber::ParseOptions der{.der = true, .allow_indefinite = false};

/// A non-negative DER INTEGER content (minimal two's complement) of at most `max`.
/// Throws CodecError(context, integer.offset) otherwise.
std::uint32_t read_uint(const ber::detail::Located& integer, std::uint32_t max, const char* context_name);
/// The DER INTEGER content of `value` (`00 AA` for 170).
Bytes der_uint(std::uint32_t value);

/// `A0 { [80 00] 81 <id> }`.
Bytes encode_pe_header(std::uint16_t identification, bool mandated = true);

struct PeHeader {
    std::uint16_t identification = 0;
    bool mandated = false;
};
/// Parses a PEHeader TLV (tag A0, already located). Throws CodecError(context).
PeHeader parse_pe_header(const ber::detail::Located& header);

/// OBJECT IDENTIFIER content bytes <-> dotted text. encode throws std::invalid_argument; decode throws
/// CodecError(context_name, base_offset + index).
Bytes encode_oid(std::string_view dotted);
std::string decode_oid(ByteView content, const char* context_name, std::size_t base_offset);

} // namespace euicc::saip::detail
