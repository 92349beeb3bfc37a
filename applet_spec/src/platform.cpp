// SPDX-License-Identifier: Apache-2.0
// The SGP.02 eUICC platform as the commands see it: its durable state, settings, the keys of each security domain
// and the one durable write per command (applet_spec/sgp02.md).
#include "platform.hpp"

namespace euicc::card {

void seed_isd_r_keys(PlatformState& state, const OtaSettings& ota, const PlatformSettings& settings) {
    if (state.isd_r_keys_stored) {
        return;
    }
    Keystore configured = keystore_from(ota.keysets, settings.isd_r_keysets, settings.isd_r_scp81_keysets);
    state.isd_r.keys = std::move(configured.keys);
    state.isd_r.scp80_coding = std::move(configured.scp80_coding);
}

Platform::Platform(DurableState& state, const PlatformSettings& settings, OtaSettings& ota)
    : m_state(state), m_settings(settings), m_ota(ota) {
    sync_ota_keysets();
}

void Platform::update(const std::function<void(PlatformState&)>& change) {
    m_state.update([&](CardState& card) { change(card.platform); });
    sync_ota_keysets();
}

apdu::StatusWord Platform::transact(const std::function<apdu::StatusWord(PlatformState&)>& change) {
    PlatformState next = state();
    const apdu::StatusWord answer = change(next);
    if (answer == apdu::sw::ok) {
        update([&](PlatformState& platform) { platform = std::move(next); });
    }
    return answer;
}

void Platform::sync_ota_keysets() { m_ota.keysets = ota_keysets(state().isd_r); }

const Keystore* Platform::keystore(const Selection& sd) const noexcept {
    return keystore_of(state(), sd);
}

std::optional<scp03::StaticKeys> Platform::scp03_keyset(const Selection& sd, std::uint8_t kvn) const {
    const Keystore* keys = keystore(sd);
    if (keys == nullptr) {
        return std::nullopt;
    }
    // GPC_GUI_010: on the ISD-R SCP03 owns 30..3F; 01..0F are SCP80 KIc/KID/KIK, not an SCP03 keyset.
    return keys->scp03_keyset(kvn, sd.is(Selectable::IsdR) ? &is_scp03_version : &is_key_version);
}

std::optional<std::uint32_t> Platform::next_sequence_counter(const Selection& sd, std::uint8_t kvn) {
    const Keystore* keys = keystore(sd);
    if (keys == nullptr) {
        return std::nullopt;
    }
    const auto found = keys->sequence_counters.find(kvn);
    const std::uint32_t used = found == keys->sequence_counters.end() ? 0 : found->second;
    if (used >= scp03::max_sequence_counter) {
        return std::nullopt;
    }
    const std::uint32_t next = used + 1;
    update([&](PlatformState& platform) {
        if (Keystore* target = keystore_of(platform, sd)) {
            target->sequence_counters[kvn] = next;
        }
    });
    return next;
}

} // namespace euicc::card
