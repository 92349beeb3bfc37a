// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform life-cycle state codings per GPCS v2.3.1 §11.1.1, Tables 11-3 (load file), 11-4 (application),
// 11-5 (security domain) and 11-6 (card).
#include <euicc/apdu/gp.hpp>

namespace euicc::gp {

namespace {

// Table 11-4: b2b1 = 11 once installed; b8 = locked; b7..b4 are application-specific on top of SELECTABLE.
LifeCycleState application_state(std::uint8_t v) noexcept {
    if (v == life_cycle::installed) {
        return LifeCycleState::Installed;
    }
    if (v == life_cycle::selectable) {
        return LifeCycleState::Selectable;
    }
    if ((v & 0x83) == 0x83) {
        return LifeCycleState::Locked;
    }
    if ((v & 0x87) == 0x07) {
        return LifeCycleState::ApplicationSpecific;
    }
    return LifeCycleState::Invalid;
}

// Table 11-5: LOCKED is 1000xx11. b7..b5 above PERSONALIZED carry SD-specific states; SGP.02 codes its ISD-P
// states DISABLED 1F and ENABLED 3F that way (spec/sgp02.md §2).
LifeCycleState security_domain_state(std::uint8_t v) noexcept {
    switch (v) {
    case life_cycle::installed:
        return LifeCycleState::Installed;
    case life_cycle::selectable:
        return LifeCycleState::Selectable;
    case life_cycle::personalized:
        return LifeCycleState::Personalized;
    default:
        break;
    }
    if ((v & 0xF3) == 0x83) {
        return LifeCycleState::Locked;
    }
    if ((v & 0x8F) == 0x0F) {
        return LifeCycleState::ApplicationSpecific;
    }
    return LifeCycleState::Invalid;
}

LifeCycleState card_state(std::uint8_t v) noexcept {
    switch (v) {
    case life_cycle::card_op_ready:
        return LifeCycleState::OpReady;
    case life_cycle::card_initialized:
        return LifeCycleState::Initialized;
    case life_cycle::card_secured:
        return LifeCycleState::Secured;
    case life_cycle::card_locked:
        return LifeCycleState::CardLocked;
    case life_cycle::card_terminated:
        return LifeCycleState::Terminated;
    default:
        return LifeCycleState::Invalid;
    }
}

} // namespace

LifeCycleState decode_life_cycle(EntryKind kind, std::uint8_t value) noexcept {
    switch (kind) {
    case EntryKind::LoadFile:
        return value == life_cycle::loaded ? LifeCycleState::Loaded : LifeCycleState::Invalid;
    case EntryKind::Application:
        return application_state(value);
    case EntryKind::SecurityDomain:
        return security_domain_state(value);
    case EntryKind::Card:
        return card_state(value);
    }
    return LifeCycleState::Invalid;
}

std::string_view to_string(LifeCycleState state) noexcept {
    switch (state) {
    case LifeCycleState::Loaded:
        return "LOADED";
    case LifeCycleState::Installed:
        return "INSTALLED";
    case LifeCycleState::Selectable:
        return "SELECTABLE";
    case LifeCycleState::Personalized:
        return "PERSONALIZED";
    case LifeCycleState::ApplicationSpecific:
        return "APPLICATION SPECIFIC";
    case LifeCycleState::Locked:
        return "LOCKED";
    case LifeCycleState::OpReady:
        return "OP_READY";
    case LifeCycleState::Initialized:
        return "INITIALIZED";
    case LifeCycleState::Secured:
        return "SECURED";
    case LifeCycleState::CardLocked:
        return "CARD_LOCKED";
    case LifeCycleState::Terminated:
        return "TERMINATED";
    case LifeCycleState::Invalid:
        break;
    }
    return "INVALID";
}

} // namespace euicc::gp
