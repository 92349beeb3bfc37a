// SPDX-License-Identifier: Apache-2.0
// Private: GSM 7-bit septets to UTF-8 (3GPP TS 23.038 §6.2.1) with bad input reported as a value, for callers
// with their own error rules (CAT text strings answer nullopt).
#pragma once

#include <euicc/apdu/bytes.hpp>

#include "sms_utf8.hpp"

namespace euicc::sms::detail {

/// What an escape with nothing after it at the end of the text is.
enum class LoneEscape {
    Space, ///< TS 23.038 §6.2.1: shown as a space (sms::gsm7::to_utf8)
    Fault, ///< a truncated character (CAT text strings, TS 102 223 §8.15)
};

/// Septets -> UTF-8 as sms::gsm7::to_utf8 describes; a value above 7F is a fault.
Decoded decode_gsm7(ByteView septets, LoneEscape lone_escape);

} // namespace euicc::sms::detail
