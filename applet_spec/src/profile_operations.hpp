// SPDX-License-Identifier: Apache-2.0
// SGP.02 §4.1.1.2-§4.1.1.4, §4.1.1.7 on the platform state: enable, disable, delete, fall-back, with POL1 and the
// "at most one enabled profile" rule (applet_spec/sgp02.md §5, §6).
#pragma once

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/status_word.hpp>

#include "platform_state.hpp"

namespace euicc::card {

/// Each function changes `state` only when it answers 9000 (use with Platform::transact); otherwise the answer
/// names the refusal: 6A88 no such ISD-P, 6985 the ISD-P is in the wrong state or holds the fall-back attribute,
/// 69E1 POL1 forbids.

/// EnableProfile: the target (disabled) becomes enabled, the enabled one disabled; a notification follows.
apdu::StatusWord enable_profile(PlatformState& state, ByteView isdp_aid);
/// DisableProfile: the target (enabled, not the fall-back) becomes disabled and the fall-back profile enabled.
apdu::StatusWord disable_profile(PlatformState& state, ByteView isdp_aid);
/// SetFallBackAttribute: the attribute moves to the target (which must hold a profile).
apdu::StatusWord set_fallback_attribute(PlatformState& state, ByteView isdp_aid);
/// DeleteProfile: the target (not enabled, not the fall-back) and its content go; its memory is free again.
apdu::StatusWord delete_profile(PlatformState& state, ByteView isdp_aid);

} // namespace euicc::card
