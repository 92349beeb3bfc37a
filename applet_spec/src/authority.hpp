// SPDX-License-Identifier: Apache-2.0
// GP Amd D §5.6 / SGP.02 ES5 card side: which commands need an authenticated sender (applet_spec/sgp02.md §2).
#pragma once

#include "applications.hpp"
#include "dispatcher.hpp"

namespace euicc::card {

/// Commands that change the platform (INSTALL, STORE DATA, DELETE, PUT KEY) need an SCP03 session of the
/// security domain `sd` they address, or, for the ISD-R only, the SCP80 OTA path (its TAR names the ISD-R; an
/// ISD-P belongs to the SM-DP) or an SCP81 admin session (the PSK is the ISD-R's, SGP.02 §2.4.4). Without, the
/// card answers 6982.
inline bool authenticated(const Command& command, const Selection& sd) noexcept {
    const bool isd_r_path = command.authority == Authority::Ota || command.authority == Authority::AdminSession;
    return command.authority == Authority::Session || (isd_r_path && sd.is(Selectable::IsdR));
}

} // namespace euicc::card
