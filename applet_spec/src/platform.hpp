// SPDX-License-Identifier: Apache-2.0
// The SGP.02 eUICC platform as the commands see it: its durable state, settings, the keys of each security domain
// and the one durable write per command (applet_spec/sgp02.md).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/card/ota_settings.hpp>
#include <euicc/card/platform_settings.hpp>

#include "applications.hpp"
#include "durable_state.hpp"
#include "platform_state.hpp"

namespace euicc::card {

/// Fills the ISD-R's keystore from the configuration when the state holds no keys of its own (applet_spec/sgp02.md §9).
void seed_isd_r_keys(PlatformState& state, const OtaSettings& ota, const PlatformSettings& settings);

/// Borrows `state`, `settings` and `ota` (all must outlive it). `ota` is the OTA receiver's settings: its SCP80
/// keysets follow the ISD-R's keys (a PMC install can replace them, an SM-SR change delete them).
class Platform {
public:
    Platform(DurableState& state, const PlatformSettings& settings, OtaSettings& ota);

    const PlatformState& state() const noexcept { return m_state.get().platform; }
    const PlatformSettings& settings() const noexcept { return m_settings; }
    const std::string& eid() const noexcept { return m_state.get().eid; }

    /// The one durable write of a command: `change` runs on a copy, which is saved and only then becomes current
    /// (README.md §9). Throws euicc::Error when saving fails; then nothing changed.
    void update(const std::function<void(PlatformState&)>& change);
    /// Runs `change` on a copy of the state: when it answers 9000 the copy is stored and becomes current (one
    /// durable write), otherwise nothing changes and nothing is written. Returns the answer.
    apdu::StatusWord transact(const std::function<apdu::StatusWord(PlatformState&)>& change);

    /// The keystore of the security domain `sd` names (the ISD-R or an existing ISD-P); nullptr otherwise.
    const Keystore* keystore(const Selection& sd) const noexcept;
    /// The SCP03 keyset `kvn` (00: the first available) of `sd`: ISD-R keysets are KVN 30..3F, an ISD-P's any.
    std::optional<scp03::StaticKeys> scp03_keyset(const Selection& sd, std::uint8_t kvn) const;
    /// Amd D §6.2.2.1: increments the sequence counter of keyset `kvn` of `sd` and stores it before the card
    /// answers; nullopt when the counter is exhausted (the card answers 6985). Throws euicc::Error when saving fails.
    std::optional<std::uint32_t> next_sequence_counter(const Selection& sd, std::uint8_t kvn);

private:
    void sync_ota_keysets();

    DurableState& m_state;
    const PlatformSettings& m_settings;
    OtaSettings& m_ota;
};

} // namespace euicc::card
