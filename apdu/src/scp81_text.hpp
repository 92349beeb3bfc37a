// SPDX-License-Identifier: Apache-2.0
// Private text helpers of the SCP81 header-value codecs (GP Amd B §3.4 header values, SGP.02 §2.4.4.1 hex).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

namespace euicc::scp81::detail {

/// Strict hex digits (either case, no separators) of `text`; CodecError(context, base + index) on an odd
/// length or a non-hex character, naming `what`.
Bytes hex_field(std::string_view text, std::size_t base, const std::string& context, std::string_view what);

/// "<RID hex>/<PIX hex>" of a 5..16-byte AID; std::invalid_argument naming `what` otherwise.
std::string format_rid_pix(ByteView aid, std::string_view what);
/// Inverse of format_rid_pix (a 5-byte AID may omit the '/'); CodecError(context, base + index).
Bytes parse_rid_pix(std::string_view text, std::size_t base, const std::string& context);

/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b) noexcept;
/// Media types compared without case and without whitespace around parameters ("a;version=1.0").
bool same_media_type(std::string_view a, std::string_view b) noexcept;
/// Strips HTTP optional whitespace (SP, HTAB) at both ends.
std::string_view trim(std::string_view text) noexcept;
/// A peer-supplied value made safe for an exception text: at most 40 characters, non-printables as '?'.
std::string quoted(std::string_view text);
/// std::invalid_argument unless `value` is a valid HTTP field value (no CR, LF, NUL or other controls but
/// HTAB).
void require_field_value(std::string_view value, std::string_view what);

} // namespace euicc::scp81::detail
