// SPDX-License-Identifier: Apache-2.0
// Private: UTF-8 (RFC 3629) and UTF-16BE (TS 23.038 §6.2.3 UCS2) conversions for SMS and CAT text fields.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::sms::detail {

/// Where decoding stopped and why, for callers that report bad text their own way (exception or nullopt).
struct Fault {
    std::size_t offset = 0;
    const char* reason = "";
};

/// Decoded text: the UTF-8 of everything before the fault, if any.
struct Decoded {
    std::string text;
    std::optional<Fault> fault;
};

/// Appends the UTF-8 form of `c` (a Unicode scalar value).
void append_utf8(std::string& out, char32_t c);
/// Decodes UTF-8; throws std::invalid_argument for malformed or overlong sequences and surrogates.
std::vector<char32_t> decode_utf8(std::string_view text);
/// "U+20AC" for messages.
std::string code_point_name(char32_t c);
/// The decoded text; throws CodecError(context, offset) for its fault.
std::string text_or_throw(Decoded decoded, const std::string& context);
/// UTF-16BE -> UTF-8; an odd length or an unpaired surrogate is a fault.
Decoded decode_utf16be(ByteView data);
/// UTF-16BE -> UTF-8. Throws CodecError("UCS2", offset) for an odd length or an unpaired surrogate.
std::string utf16be_to_utf8(ByteView data);
/// UTF-8 -> UTF-16BE, surrogate pairs above U+FFFF. Throws std::invalid_argument for invalid UTF-8.
Bytes utf8_to_utf16be(std::string_view text);

} // namespace euicc::sms::detail
