// SPDX-License-Identifier: Apache-2.0
// Private: pieces shared by the GlobalPlatform command builders and parsers (GPCS v2.3.1 §11.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>

namespace euicc::gp::detail {

/// GPCS §11.1.5: Le = 00 on short APDUs, i.e. up to 256 bytes.
inline constexpr std::uint32_t le_any = 256;
/// ISO/IEC 7816-5: an AID has 5 to 16 bytes.
inline constexpr std::size_t min_aid = 5;
inline constexpr std::size_t max_aid = 16;

/// A CLA-80 command; `expect_data` appends Le = 00.
apdu::CommandApdu command(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, Bytes data, bool expect_data);

/// Throws std::invalid_argument naming `what` unless the AID has 5..16 bytes (`partial`: 0..16, for searches).
void check_aid(ByteView aid, const char* what, bool partial = false);

/// Appends `length value` with a BER length (GPCS §11.1.5: lengths inside the data field are BER-coded).
void append_lv(Bytes& out, ByteView value);

/// An unsigned big-endian integer of 1..4 bytes; throws CodecError(context, offset) otherwise.
std::uint32_t read_uint(ByteView value, const std::string& context, std::size_t offset);
/// The shortest big-endian encoding of `value` (at least one byte).
Bytes minimal_uint(std::uint32_t value);

/// "9F70" for error texts.
std::string tag_name(std::uint32_t tag);

} // namespace euicc::gp::detail
