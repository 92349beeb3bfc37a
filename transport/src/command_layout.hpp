// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §5.1: where header, Lc, data and Le sit inside a raw C-APDU (shared by the tracers).
#pragma once

#include <optional>

#include <euicc/apdu/bytes.hpp>

namespace euicc::transport::detail {

/// The fields of a C-APDU exactly as they were sent; views into the caller's buffer.
/// `lc` is empty (case 1/2), 1 byte or `00 Lc1 Lc2`; `le` is empty (case 1/3), 1 byte, `00 Le1 Le2` (2E)
/// or `Le1 Le2` (4E).
struct CommandLayout {
    ByteView header;
    ByteView lc;
    ByteView data;
    ByteView le;
    int apdu_case = 1;
};

/// Splits `raw` by the ISO 7816-4 decision rules (through CommandApdu::parse); nullopt when malformed.
std::optional<CommandLayout> command_layout(ByteView raw);

} // namespace euicc::transport::detail
