// SPDX-License-Identifier: Apache-2.0
// Private: security errors of an SCP03 session (GP Amd D §6.2) re-raised with the security domain's name.
#pragma once

#include <string>
#include <utility>

#include <euicc/apdu/scp03.hpp>
#include <euicc/error.hpp>

namespace euicc::host::detail {

/// Runs `step`; a SecurityError it throws comes back prefixed with `sd_name` ("ISD-R: SCP03: R-MAC mismatch"),
/// keeping its type (CryptogramMismatch stays one). The wrapped texts never hold key bytes, nor does this one.
template <typename Step>
auto named_security_errors(const std::string& sd_name, Step&& step) -> decltype(step()) {
    try {
        return std::forward<Step>(step)();
    } catch (const scp03::CryptogramMismatch& e) {
        throw scp03::CryptogramMismatch(sd_name + ": " + e.what());
    } catch (const SecurityError& e) {
        throw SecurityError(sd_name + ": " + e.what());
    }
}

} // namespace euicc::host::detail
