// SPDX-License-Identifier: Apache-2.0
// pcsc-lite return codes (pcsclite.h) -> typed euicc exceptions: the private half of throw_pcsc_error.
#pragma once

#include <string>

#include <winscard.h>

#include <euicc/transport/pcsc.hpp>

namespace euicc::transport::detail {

/// "<call> on reader '<reader>': <pcsc_stringify_error text> (0x8010000B)"; without a reader
/// "<call>: <text> (0x...)".
std::string pcsc_error_message(long code, const char* call, const std::string& reader);

/// Throws the exception class `code` maps to, with `message` as its text and `code` as native_code().
[[noreturn]] void throw_pcsc_error_message(long code, const std::string& message);

/// The one check every SCard* call goes through.
inline void check(LONG rc, const char* call, const std::string& reader) {
    if (rc != SCARD_S_SUCCESS) {
        throw_pcsc_error(rc, call, reader);
    }
}

} // namespace euicc::transport::detail
