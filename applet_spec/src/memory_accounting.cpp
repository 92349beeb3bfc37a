// SPDX-License-Identifier: Apache-2.0
// GPCS §11.5 Table 11-49 memory quotas and ETSI TS 102 226 §8.2.1.7.2 card resources: what the ISD-Ps hold of the
// card's memory (applet_spec/sgp02.md §7).
#include "memory_accounting.hpp"

namespace euicc::card {

namespace {

std::uint32_t remaining(std::uint64_t total, std::uint64_t held) noexcept {
    return static_cast<std::uint32_t>(total > held ? total - held : 0);
}

} // namespace

std::uint64_t non_volatile_held(const IsdpRecord& isdp) noexcept {
    return isdp.non_volatile_quota ? *isdp.non_volatile_quota : isdp.profile_size;
}

std::uint32_t free_non_volatile(const PlatformState& state, const PlatformSettings& settings) noexcept {
    std::uint64_t held = 0;
    for (const IsdpRecord& isdp : state.isdps) {
        held += non_volatile_held(isdp);
    }
    return remaining(settings.non_volatile_memory, held);
}

std::uint32_t free_volatile(const PlatformState& state, const PlatformSettings& settings) noexcept {
    std::uint64_t held = 0;
    for (const IsdpRecord& isdp : state.isdps) {
        held += isdp.volatile_quota.value_or(0);
    }
    return remaining(settings.volatile_memory, held);
}

std::uint32_t package_limit(const IsdpRecord& isdp, const PlatformState& state,
                            const PlatformSettings& settings) noexcept {
    // With a quota the ISD-P already holds its memory (GPCS Table 11-49); without one the package takes what is
    // free (a PERSONALIZED ISD-P, the only kind that downloads, holds no profile yet).
    return isdp.non_volatile_quota ? *isdp.non_volatile_quota : free_non_volatile(state, settings);
}

} // namespace euicc::card
