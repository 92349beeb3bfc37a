// SPDX-License-Identifier: Apache-2.0
// The platform part of the state file card.json (layout in applet_spec/sgp02.md §9): PlatformState <-> JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "platform_state.hpp"

namespace euicc::card {

/// The "platform" member of card.json. ISD-R keys are written only when `isd_r_keys_stored` is set.
nlohmann::json platform_to_json(const PlatformState& state);
/// Reads it back; `file` names the file in errors. Throws euicc::Error for a member of the wrong type, a bad hex
/// value or an impossible value (a life cycle outside SGP.02 Table 1, two enabled ISD-Ps, ...): damage stops the card.
PlatformState platform_from_json(const nlohmann::json& json, const std::string& file);

} // namespace euicc::card
