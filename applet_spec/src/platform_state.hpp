// SPDX-License-Identifier: Apache-2.0
// SGP.02 §2.2-§2.4: the eUICC platform's durable state: ISD-R keys, ISD-Ps (life cycle, quota, keys, profile),
// fall-back, SM-SR addressing and pending notifications (applet_spec/sgp02.md §9).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "applications.hpp"
#include "keystore.hpp"

namespace euicc::card {

/// ISD-P life-cycle bytes (GPCS §11.1.1 Table 11-5 for SDs; SGP.02 Table 1 for 1F/3F).
namespace isdp_state {
inline constexpr std::uint8_t installed = 0x03;    ///< INSTALL [for install] without make selectable
inline constexpr std::uint8_t selectable = 0x07;   ///< CreateISDP done
inline constexpr std::uint8_t personalized = 0x0F; ///< holds an SCP03 keyset: ready for a download
inline constexpr std::uint8_t disabled = sgp02::life_cycle_disabled; ///< 1F: a profile is installed
inline constexpr std::uint8_t enabled = sgp02::life_cycle_enabled;   ///< 3F: at most one ISD-P
} // namespace isdp_state

/// POL1 rules of a profile (the first byte of the ProfileHeader `pol`, saip.md §3): SGP.02 names three rules; the
/// bit positions are UNCONFIRMED (applet_spec/sgp02.md §6).
namespace pol1 {
inline constexpr std::uint8_t disable_not_allowed = 0x01;
inline constexpr std::uint8_t delete_not_allowed = 0x02;
inline constexpr std::uint8_t delete_when_disabled = 0x04;
} // namespace pol1

/// One ISD-P and the profile in it.
struct IsdpRecord {
    Bytes aid;
    std::uint8_t life_cycle = isdp_state::selectable;
    std::optional<std::uint32_t> non_volatile_quota; ///< INSTALL EF/C8 (memory reserved at creation)
    std::optional<std::uint32_t> volatile_quota;     ///< INSTALL EF/C7
    bool fallback = false;                           ///< spec/sgp02.md §2: at most one ISD-P has it
    Keystore keys;                                   ///< the ISD-P's SCP03 keyset(s) (SM-DP side, ES8)
    // The installed profile (life cycle disabled or enabled):
    std::string iccid;                    ///< header ICCID digits
    std::string profile_type;             ///< header profileType, may be empty
    std::uint8_t pol1 = 0;                ///< POL1 rules
    std::uint32_t profile_size = 0;       ///< bytes of the installed package
    Bytes connectivity_parameters;        ///< ES8.UpdateConnectivityParameters / header 87, as received

    /// GPCS §11.1.1: INSTALLED applications cannot be selected; every later state can.
    bool selectable() const noexcept { return life_cycle != isdp_state::installed; }
    bool has_profile() const noexcept {
        return life_cycle == isdp_state::disabled || life_cycle == isdp_state::enabled;
    }
    friend bool operator==(const IsdpRecord&, const IsdpRecord&) = default;
};

/// A HandleDefaultNotification waiting for its HandleNotificationConfirmation (SGP.02 §4.1.1.11-§4.1.1.12).
struct PendingNotification {
    std::uint16_t sequence = 0;
    std::uint8_t type = 0;              ///< sgp02::NotificationType
    std::optional<Bytes> isdp_aid;      ///< the profile enabled by the change
    std::vector<Bytes> deleted_isdps;   ///< ISD-Ps the change deleted (POL1 "delete when disabled")
    friend bool operator==(const PendingNotification&, const PendingNotification&) = default;
};

struct PlatformState {
    /// The ISD-R's keys: SCP80 (KVN 01..0F), SCP03 (30..3F), SCP81 (40..4F). Until the first PUT KEY or key
    /// DELETE they come from the configuration at every start and are not stored (isd_r_keys_stored false).
    Keystore isd_r;
    bool isd_r_keys_stored = false;
    std::vector<IsdpRecord> isdps;               ///< in creation order
    std::optional<sgp02::SmsrAddress> smsr_address; ///< UpdateSMSRAddressingParameters
    std::vector<PendingNotification> notifications; ///< oldest first
    std::uint16_t next_notification = 1;         ///< sequence number of the next notification

    IsdpRecord* find_isdp(ByteView aid) noexcept;
    const IsdpRecord* find_isdp(ByteView aid) const noexcept;
    /// The enabled ISD-P, nullptr when none is.
    const IsdpRecord* enabled() const noexcept;

    friend bool operator==(const PlatformState&, const PlatformState&) = default;
};

/// The keystore of the security domain `sd` names: the ISD-R's, an existing ISD-P's, else nullptr.
Keystore* keystore_of(PlatformState& state, const Selection& sd) noexcept;
const Keystore* keystore_of(const PlatformState& state, const Selection& sd) noexcept;

/// Any KVN a security domain may use for an SCP03 keyset outside the ISD-R's GPC_GUI_010 ranges (01..7F).
bool is_key_version(std::uint8_t version) noexcept;

} // namespace euicc::card
