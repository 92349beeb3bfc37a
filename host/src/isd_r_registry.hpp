// SPDX-License-Identifier: Apache-2.0
// Private: the ISD-R's registry of SGP.02 platform entries (GPCS §11.4 GET STATUS, 6310 continuation).
#pragma once

#include <vector>

#include <euicc/apdu/gp.hpp>
#include <euicc/host/security_domain_session.hpp>

namespace euicc::host::detail {

/// GET STATUS P1 40 of every AID starting with the SGP.02 platform prefix (ISD-R, ECASD, ISD-P ELF/module and
/// instances), all pages. Throws StatusWordError("GET STATUS", sw) for an SW other than 9000/6310/6A88.
std::vector<gp::RegistryEntry> read_platform_registry(SecurityDomainSession& session);

} // namespace euicc::host::detail
