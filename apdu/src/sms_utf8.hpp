// SPDX-License-Identifier: Apache-2.0
// Private: UTF-8 (RFC 3629) and UTF-16BE (TS 23.038 §6.2.3 UCS2) conversions for SMS text fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::sms::detail {

/// Appends the UTF-8 form of `c` (a Unicode scalar value).
void append_utf8(std::string& out, char32_t c);
/// Decodes UTF-8; throws std::invalid_argument for malformed or overlong sequences and surrogates.
std::vector<char32_t> decode_utf8(std::string_view text);
/// "U+20AC" for messages.
std::string code_point_name(char32_t c);
/// UTF-16BE -> UTF-8. Throws CodecError("UCS2", offset) for an odd length or an unpaired surrogate.
std::string utf16be_to_utf8(ByteView data);

} // namespace euicc::sms::detail
