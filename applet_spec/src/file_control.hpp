// SPDX-License-Identifier: Apache-2.0
// GPCS §11.9.3.1 / ETSI TS 102 221 §11.1.1.3: the FCI a SELECT by AID returns and the FCP of the MF.
#pragma once

#include <euicc/apdu/bytes.hpp>

#include "applications.hpp"

namespace euicc::card {

/// `6F { 84 <AID>, A5 { 9F65 01 FF } }`: the mandatory objects of a security domain's FCI (GPCS §11.9.3.1 Table 11-82).
Bytes fci_template(const Application& application);

/// `62 { 82 02 7821, 83 02 3F00, A5 03 {80 01 71}, 8A 01 05, 8B 03 2F0601, C6 06 {90 01 00, 83 01 01} }`:
/// the FCP of the MF (TS 102 221 §11.1.1.3.1, objects listed in applet_spec/README.md).
Bytes mf_fcp_template();

} // namespace euicc::card
