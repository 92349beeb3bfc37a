// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.2-§2.4: the eUICC platform's durable state: ISD-R keys, ISD-Ps (life cycle, quota, keys, profile),
// fall-back, SM-SR addressing and pending notifications (applet_spec/sgp02.md §9).
#include "platform_state.hpp"

#include <algorithm>

namespace euicc::card {

namespace {

template <class Records>
auto find_by_aid(Records& isdps, ByteView aid) noexcept -> decltype(&isdps.front()) {
    const auto it = std::find_if(isdps.begin(), isdps.end(), [&](const IsdpRecord& isdp) {
        return std::equal(aid.begin(), aid.end(), isdp.aid.begin(), isdp.aid.end());
    });
    return it == isdps.end() ? nullptr : &*it;
}

template <class State>
auto keystore_in(State& state, const Selection& sd) noexcept -> decltype(&state.isd_r) {
    if (sd.is(Selectable::IsdR)) {
        return &state.isd_r;
    }
    if (sd.is(Selectable::IsdP)) {
        auto* isdp = state.find_isdp(sd.aid);
        return isdp != nullptr ? &isdp->keys : nullptr;
    }
    return nullptr;
}

} // namespace

IsdpRecord* PlatformState::find_isdp(ByteView aid) noexcept { return find_by_aid(isdps, aid); }

const IsdpRecord* PlatformState::find_isdp(ByteView aid) const noexcept { return find_by_aid(isdps, aid); }

const IsdpRecord* PlatformState::enabled() const noexcept {
    const auto it = std::find_if(isdps.begin(), isdps.end(),
                                 [](const IsdpRecord& isdp) { return isdp.life_cycle == isdp_state::enabled; });
    return it == isdps.end() ? nullptr : &*it;
}

Keystore* keystore_of(PlatformState& state, const Selection& sd) noexcept { return keystore_in(state, sd); }

const Keystore* keystore_of(const PlatformState& state, const Selection& sd) noexcept {
    return keystore_in(state, sd);
}

bool is_key_version(std::uint8_t version) noexcept { return version != 0 && version <= 0x7F; }

} // namespace euicc::card
