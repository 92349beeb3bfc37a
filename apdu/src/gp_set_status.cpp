// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform SET STATUS per GPCS v2.3.1 §11.10 (P1 Table 11-80, P2 = the new life-cycle state, §11.1.1).
#include <euicc/apdu/gp.hpp>

#include "gp_command.hpp"

namespace euicc::gp {

CommandApdu set_status(SetStatusScope scope, std::uint8_t state, ByteView aid) {
    // The ISD may be addressed without its AID; an application or SD always needs one.
    detail::check_aid(aid, "SET STATUS", scope == SetStatusScope::IssuerSecurityDomain && aid.empty());
    return detail::command(ins::set_status, static_cast<std::uint8_t>(scope), state, Bytes(aid.begin(), aid.end()),
                           false);
}

} // namespace euicc::gp
