// SPDX-License-Identifier: Apache-2.0
// SGP.02 §4.1.1.2-§4.1.1.4, §4.1.1.7 on the platform state: enable, disable, delete, fall-back, with POL1 and the
// "at most one enabled profile" rule (applet_spec/sgp02.md §5, §6).
#include "profile_operations.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include <euicc/apdu/sgp02.hpp>

#include "notifications.hpp"

namespace euicc::card {

namespace {

bool same(ByteView a, ByteView b) noexcept { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

void erase_isdp(PlatformState& state, ByteView aid) {
    std::erase_if(state.isdps, [&](const IsdpRecord& isdp) { return same(isdp.aid, aid); });
}

/// POL1 "delete when disabled" (spec/sgp02.md §2 Policies): a profile that just became disabled goes, unless it holds the
/// fall-back attribute (which must stay on an installed profile). Returns the AIDs deleted.
std::vector<Bytes> apply_delete_when_disabled(PlatformState& state, const Bytes& disabled) {
    const IsdpRecord* isdp = state.find_isdp(disabled);
    if (isdp == nullptr || (isdp->pol1 & pol1::delete_when_disabled) == 0 || isdp->fallback) {
        return {};
    }
    erase_isdp(state, disabled);
    return {disabled};
}

} // namespace

apdu::StatusWord enable_profile(PlatformState& state, ByteView isdp_aid) {
    IsdpRecord* target = state.find_isdp(isdp_aid);
    if (target == nullptr) {
        return apdu::sw::referenced_data_not_found;
    }
    if (target->life_cycle != isdp_state::disabled) {
        return apdu::sw::conditions_not_satisfied;  // already enabled, or no profile installed yet
    }
    const Bytes target_aid = target->aid;
    std::optional<Bytes> previous;
    if (const IsdpRecord* current = state.enabled()) {
        // Enabling another profile disables this one (SGP.02 §4.1.1.2), which its POL1 may forbid.
        if ((current->pol1 & pol1::disable_not_allowed) != 0) {
            return sgp02::sw_pol1_forbids;
        }
        previous = current->aid;
    }
    if (previous) {
        state.find_isdp(*previous)->life_cycle = isdp_state::disabled;
    }
    state.find_isdp(target_aid)->life_cycle = isdp_state::enabled;
    std::vector<Bytes> deleted = previous ? apply_delete_when_disabled(state, *previous) : std::vector<Bytes>{};
    add_notification(state, sgp02::NotificationType::ProfileChangeSucceeded, target_aid, std::move(deleted));
    return apdu::sw::ok;
}

apdu::StatusWord disable_profile(PlatformState& state, ByteView isdp_aid) {
    IsdpRecord* target = state.find_isdp(isdp_aid);
    if (target == nullptr) {
        return apdu::sw::referenced_data_not_found;
    }
    if (target->life_cycle != isdp_state::enabled || target->fallback) {
        // SGP.02 §4.1.1.3: only the enabled profile can be disabled, and never the fall-back one (it is what the
        // eUICC falls back to).
        return apdu::sw::conditions_not_satisfied;
    }
    if ((target->pol1 & pol1::disable_not_allowed) != 0) {
        return sgp02::sw_pol1_forbids;
    }
    const Bytes target_aid = target->aid;
    target->life_cycle = isdp_state::disabled;
    std::optional<Bytes> now_enabled;
    for (IsdpRecord& isdp : state.isdps) {
        if (isdp.fallback && isdp.has_profile()) {
            isdp.life_cycle = isdp_state::enabled;
            now_enabled = isdp.aid;
        }
    }
    std::vector<Bytes> deleted = apply_delete_when_disabled(state, target_aid);
    add_notification(state, sgp02::NotificationType::ProfileChangeSucceeded, now_enabled, std::move(deleted));
    return apdu::sw::ok;
}

apdu::StatusWord set_fallback_attribute(PlatformState& state, ByteView isdp_aid) {
    const IsdpRecord* target = state.find_isdp(isdp_aid);
    if (target == nullptr) {
        return apdu::sw::referenced_data_not_found;
    }
    if (!target->has_profile()) {
        return apdu::sw::conditions_not_satisfied;  // an empty container cannot be fallen back to
    }
    for (IsdpRecord& isdp : state.isdps) {
        isdp.fallback = same(isdp.aid, isdp_aid);  // SGP.02 §4.1.1.7: the attribute leaves its previous holder
    }
    return apdu::sw::ok;
}

apdu::StatusWord delete_profile(PlatformState& state, ByteView isdp_aid) {
    const IsdpRecord* target = state.find_isdp(isdp_aid);
    if (target == nullptr) {
        return apdu::sw::referenced_data_not_found;
    }
    if (target->life_cycle == isdp_state::enabled || target->fallback) {
        return apdu::sw::conditions_not_satisfied;  // SGP.02 §4.1.1.4
    }
    if (target->has_profile() && (target->pol1 & pol1::delete_not_allowed) != 0) {
        return sgp02::sw_pol1_forbids;
    }
    erase_isdp(state, isdp_aid);
    return apdu::sw::ok;
}

} // namespace euicc::card
