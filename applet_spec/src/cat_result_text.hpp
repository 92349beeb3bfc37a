// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 223 §8.12: a TERMINAL RESPONSE's result in words, for the card's failure reasons.
#pragma once

#include <string>

#include <euicc/apdu/cat_result.hpp>

namespace euicc::card {

/// "Bearer Independent Protocol error (remote device is not reachable)": the general result and, for BIP errors
/// and "terminal currently unable to process", the cause.
std::string describe(const cat::Result& result);

} // namespace euicc::card
