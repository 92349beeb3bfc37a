// SPDX-License-Identifier: Apache-2.0
// SGP.02 §5.2 / SAIP (saip.md §3, §5, §7): checks a complete profile package for an ISD-P and reports the outcome
// as an EUICCResponse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/saip.hpp>

#include "platform_state.hpp"

namespace euicc::card {

/// What an ISD-P keeps of an installed package.
struct InstalledProfile {
    std::string iccid;
    std::string profile_type;
    std::uint8_t pol1 = 0;
    Bytes connectivity_parameters; ///< header 87 (SGP.02 connectivity parameters), empty when absent
    std::uint32_t size = 0;
};

struct InstallationOutcome {
    saip::EuiccResponse response;            ///< what the ISD-P answers (ok, or the fault and "aborted")
    std::optional<InstalledProfile> profile; ///< set exactly when the package was accepted
};

/// Walks `package` (saip::walk), reads its header (major version 2 or 3) and checks EF.ICCID against it
/// (saip::check_iccid); the ICCID must not be on the eUICC already (another ISD-P than `isdp_aid`). Never throws
/// for a bad package: the fault becomes a PEStatus (applet_spec/sgp02.md §4.3).
InstallationOutcome check_package(ByteView package, const PlatformState& state, ByteView isdp_aid);

/// The EUICCResponse of a download that stopped before the package was complete.
saip::EuiccResponse aborted_response(std::uint32_t status, std::optional<std::uint32_t> offset = std::nullopt);

} // namespace euicc::card
