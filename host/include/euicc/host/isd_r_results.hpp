// SPDX-License-Identifier: Apache-2.0
// Requests and typed results of the SGP.02 ES5 operations on the ISD-R (spec/sgp02.md §4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/sgp02.hpp>
#include <euicc/apdu/status_word.hpp>

namespace euicc::host {

/// ES5.CreateISDP (SGP.02 §4.1.1.1; ES3.CreateISDP carries the ICCID and RequiredMemory).
struct CreateIsdpRequest {
    /// The new ISD-P's AID; absent: the lowest free `sgp02::isdp_aid(n)` with n >= first_isdp_number, found by
    /// an audit (GET STATUS) first.
    std::optional<Bytes> isdp_aid;
    std::uint16_t first_isdp_number = 0x0010;
    /// The ICCID of the profile this ISD-P is for. It is not sent to the card (CreateISDP carries none); the
    /// result hands it back so an SM-SR can book it.
    std::optional<std::string> iccid;
    /// Memory reserved for the ISD-P, sent as GP `EF { C8 }` / `EF { C7 }` (see sgp02::CreateIsdp for the
    /// UNCONFIRMED tag question). Absent: no quota element.
    std::optional<std::uint32_t> non_volatile_quota;
    std::optional<std::uint32_t> volatile_quota;
};

struct CreatedIsdp {
    Bytes isdp_aid;
    std::optional<std::string> iccid;
    std::optional<std::uint32_t> non_volatile_quota;
};

/// An SCP03 keyset now held by an ISD-P (lab key establishment, IsdR::establish_isdp_keys).
struct IsdpKeyset {
    Bytes isdp_aid;
    std::uint8_t key_version = 0;
    std::vector<gp::KeyCheckValue> check_values; ///< as the card confirmed them (ENC, MAC, DEK)
};

/// The ISD-R accepted an EnableProfile / DisableProfile (SGP.02 §4.1.1.2/3: 9000 means accepted; the switch
/// itself follows, reported by a notification).
struct ProfileSwitch {
    Bytes isdp_aid;
    apdu::StatusWord sw; ///< 9000, or 91xx: a proactive command (e.g. REFRESH) waits for the terminal to FETCH it
    bool proactive_command_pending() const noexcept { return sw.sw1() == 0x91; }
};

struct DeletedProfile {
    Bytes isdp_aid;
    Bytes confirmation; ///< DELETE confirmation data (GPCS §11.2.3); empty for the plain `00` answer
};

struct FallbackSet {
    Bytes isdp_aid;
};

struct SmsrAddressingUpdate {
    std::string sms_address_digits;
    std::uint8_t ton_npi = 0;
};

/// One ISD-P as an audit sees it (SGP.02 §4.1.1.5: GET STATUS E3 entries).
struct ProfileRecord {
    Bytes isdp_aid;
    /// E3/5A (nibble-swapped BCD as in EF.ICCID, F-padded) when the card reports it. SGP.02's E3 content beyond
    /// 4F/9F70/53 is UNCONFIRMED; without 5A the SM-SR's own record (the download result) is the source.
    std::optional<std::string> iccid;
    std::uint8_t life_cycle = 0;
    std::optional<sgp02::ProfileState> state; ///< nullopt for a life-cycle byte outside SGP.02 Table 1
    bool fallback = false;
    std::optional<std::uint32_t> granted_memory;
    std::optional<std::uint32_t> remaining_memory;
};

struct Audit {
    std::vector<ProfileRecord> profiles;
    /// GET DATA FF21 (ETSI TS 102 226 §8.2.1.7.2); nullopt when the card answers 6A88 (not kept).
    std::optional<gp::CardResources> resources;

    /// The record of `isdp_aid`, nullptr when the card has no such ISD-P.
    const ProfileRecord* find(ByteView isdp_aid) const noexcept;
    /// The enabled profile, nullptr when none is.
    const ProfileRecord* enabled() const noexcept;
};

/// The answer to HandleNotificationConfirmation (SGP.02 §4.1.1.12).
struct NotificationConfirmation {
    std::uint16_t sequence = 0;
    /// ISD-Ps the eUICC deleted as a consequence (e.g. POL1 "delete when disabled"): drop them from the EIS.
    std::vector<Bytes> deleted_isdps;
};

} // namespace euicc::host
