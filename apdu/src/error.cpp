// SPDX-License-Identifier: Apache-2.0
// euicc-host error hierarchy: message formats of CodecError and StatusWordError (ISO/IEC 7816-4 §5.6 texts).
#include <euicc/error.hpp>

#include <utility>

namespace euicc {

CodecError::CodecError(std::string context, std::size_t offset, const std::string& reason)
    : Error(context + ": " + reason + " at offset " + std::to_string(offset)),
      m_context(std::move(context)), m_offset(offset), m_reason(reason) {}

StatusWordError::StatusWordError(std::string command, apdu::StatusWord sw)
    : Error(command + ": card answered " + sw.to_string() + " (" + std::string(sw.describe()) + ")"),
      m_command(std::move(command)), m_sw(sw) {}

} // namespace euicc
