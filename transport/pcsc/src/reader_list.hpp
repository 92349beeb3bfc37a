// SPDX-License-Identifier: Apache-2.0
// Reader lists in error messages (PC/SC reader names as SCardListReaders reports them).
#pragma once

#include <string>
#include <vector>

#include <euicc/transport/pcsc.hpp>

namespace euicc::transport::detail {

/// "available readers: [0] 'Virtual PCD 00 00' (card), [1] 'Virtual PCD 00 01' (empty)" or
/// "no readers available", so an error says what could have been asked for.
std::string describe_readers(const std::vector<ReaderInfo>& readers);

} // namespace euicc::transport::detail
