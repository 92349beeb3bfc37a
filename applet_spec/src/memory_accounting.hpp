// SPDX-License-Identifier: Apache-2.0
// GPCS §11.5 Table 11-49 memory quotas and ETSI TS 102 226 §8.2.1.7.2 card resources: what the ISD-Ps hold of the
// card's memory (applet_spec/sgp02.md §7).
#pragma once

#include <cstdint>

#include <euicc/card/platform_settings.hpp>

#include "platform_state.hpp"

namespace euicc::card {

/// Non-volatile memory an ISD-P holds: its quota when it was created with one, else its installed profile.
std::uint64_t non_volatile_held(const IsdpRecord& isdp) noexcept;
/// Non-volatile memory no ISD-P holds (never negative).
std::uint32_t free_non_volatile(const PlatformState& state, const PlatformSettings& settings) noexcept;
/// Volatile memory no ISD-P quota holds.
std::uint32_t free_volatile(const PlatformState& state, const PlatformSettings& settings) noexcept;
/// The most a profile package for `isdp` may take: its quota, or else the free memory.
std::uint32_t package_limit(const IsdpRecord& isdp, const PlatformState& state,
                            const PlatformSettings& settings) noexcept;

} // namespace euicc::card
