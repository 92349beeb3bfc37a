// SPDX-License-Identifier: Apache-2.0
// GSMA SGP.02 (M2M eUICC) ES5 functions on the ISD-R as GlobalPlatform APDUs, ISD-P audit, notifications and
// ISD-R key establishment/handover data (digest: spec/sgp02.md §4, built on gp.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/gp.hpp>

/// The SGP.02 text itself was not available; encodings follow two public SM-SR implementations (njiwa, WHTY)
/// as spec/sgp02.md digests them. Where that digest says UNCONFIRMED, the declaration below says so too.
/// Builders return plain commands (CLA 80): the SM-SR puts them into SCP80/SCP81 scripts, the local host
/// wraps them with SCP03. Bad arguments throw std::invalid_argument, parsers throw CodecError.
namespace euicc::sgp02 {

using apdu::CommandApdu;

/// ISD-P Executable Load File and Executable Module AIDs, pre-loaded by the EUM (spec/globalplatform.md §2).
inline constexpr std::array<std::uint8_t, 16> isdp_load_file_aid{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                                                                 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x0D, 0x00};
inline constexpr std::array<std::uint8_t, 16> isdp_module_aid{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF,
                                                              0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x0E, 0x00};
/// Every SGP.02 platform AID (ISD-R, ECASD, ISD-P ELF/module/instances) starts with these 12 bytes.
inline constexpr std::array<std::uint8_t, 12> platform_aid_prefix{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10,
                                                                  0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89};

/// ISD-P instance AID `A0000005591010FFFFFFFF89 00 <number, 2 bytes> 00` (e.g. number 0x0013 ->
/// ...8900001300). The SM-SR picks the number; the allowed range is UNCONFIRMED (WHTY counts up from 0011).
Bytes isdp_aid(std::uint16_t number);

/// CreateISDP privileges: Security Domain + Trusted Path + Authorized Management (`80 C0 00`).
inline constexpr gp::Privileges isdp_privileges{0x80C000};
/// CreateISDP C9 content: supported SCP03 with i = 70 (`81 02 03 70`, njiwa: SGP.02 v4.2 §4.1.1 Table 10).
inline constexpr std::array<std::uint8_t, 4> isdp_sd_parameters{0x81, 0x02, 0x03, 0x70};

/// ISD-R error: the profile's POL1 forbids the operation (njiwa, WHTY error tables).
inline constexpr apdu::StatusWord sw_pol1_forbids{0x69E1};

/// ISD-R STORE DATA DGIs (spec/sgp02.md §4).
namespace dgi {
inline constexpr std::uint16_t key_establishment_certificate = 0x3A01;
inline constexpr std::uint16_t key_establishment_keys = 0x3A02;
inline constexpr std::uint16_t enable_profile = 0x3A03;
inline constexpr std::uint16_t disable_profile = 0x3A04;
inline constexpr std::uint16_t set_fallback_attribute = 0x3A05;
inline constexpr std::uint16_t connectivity_parameters = 0x3A07; ///< also the SM-SR addressing parameters
inline constexpr std::uint16_t notification_confirmation = 0x3A08;
} // namespace dgi

// ---------------------------------------------------------------------------------------------------------------
// Profile states (SGP.02 Table 1 as njiwa quotes it)

enum class ProfileState : std::uint8_t { Created, Disabled, Enabled };

/// ISD-P life-cycle bytes of the two SGP.02-specific states (SD application-specific bits over PERSONALIZED).
inline constexpr std::uint8_t life_cycle_disabled = 0x1F;
inline constexpr std::uint8_t life_cycle_enabled = 0x3F;

/// 03/07/0F -> Created, 1F -> Disabled, 3F -> Enabled, anything else -> nullopt.
std::optional<ProfileState> profile_state(std::uint8_t life_cycle) noexcept;
std::string_view to_string(ProfileState state) noexcept;

// ---------------------------------------------------------------------------------------------------------------
// ES5 commands to the ISD-R

/// ES5.CreateISDP (SGP.02 §4.1.1.1).
struct CreateIsdp {
    Bytes isdp_aid; ///< the new instance, 5..16 bytes (see isdp_aid())
    Bytes load_file_aid{isdp_load_file_aid.begin(), isdp_load_file_aid.end()};
    Bytes module_aid{isdp_module_aid.begin(), isdp_module_aid.end()};
    /// Memory reserved for the ISD-P (ES3.CreateISDP RequiredMemory), sent as GP `EF { C8 <quota> }`. Which tag
    /// SGP.02 mandates is UNCONFIRMED: njiwa writes `EF { 83 02 <mem> }`. Absent: no EF element.
    std::optional<std::uint32_t> non_volatile_quota;
    std::optional<std::uint32_t> volatile_quota; ///< GP `EF { C7 }`, same caveat
};

/// INSTALL [for install and make selectable]: `80 E6 0C 00 Lc 10 <ELF> 10 <module> 10 <ISD-P> 03 80C000
/// 06 C9 04 81020370 00` exactly as WHTY's published vector, i.e. without Le (njiwa appends Le = 00; the ISD-R's
/// `00` answer carries nothing). Response: gp::parse_confirmation.
CommandApdu create_isdp(const CreateIsdp& request);

/// STORE DATA `80 E2 88 00 15 3A03 12 4F 10 <ISD-P AID>` (last block, DGI, no response data).
CommandApdu enable_profile(ByteView isdp_aid);
/// STORE DATA `80 E2 88 00 15 3A04 12 4F 10 <ISD-P AID>`.
CommandApdu disable_profile(ByteView isdp_aid);
/// STORE DATA `80 E2 88 00 15 3A05 12 4F 10 <ISD-P AID>` (WHTY adds a trailing 00 that P1.b1 = 0 does not ask for;
/// it is left out).
CommandApdu set_fallback_attribute(ByteView isdp_aid);
/// DELETE `80 E4 00 40 12 4F 10 <ISD-P AID> 00`: P2 = 40 (not GP's 80) as both SM-SRs send it; the meaning of that
/// P2 in SGP.02 is UNCONFIRMED. Response: gp::parse_confirmation.
CommandApdu delete_profile(ByteView isdp_aid);

/// ES5.UpdateSMSRAddressingParameters: STORE DATA `80 E2 88 00 Lc 3A07 L { A3 L { 81 L <n> <ton_npi>
/// <swapped BCD digits> } }` with n = the number of digit bytes, as WHTY builds it (single source: the A3/81 tags,
/// the byte count and WHTY's fixed TON/NPI 85 are UNCONFIRMED). Throws std::invalid_argument for non-decimal or
/// more than 40 digits.
CommandApdu update_smsr_addressing_parameters(std::string_view sms_address_digits, std::uint8_t ton_npi = 0x85);

/// ES8.UpdateConnectivityParameters (to the ISD-P, under SCP03): STORE DATA `80 E2 88 00 Lc 3A07 L { A0 L
/// { 06 L <ton_npi> <swapped BCD SMSC digits> } }` (WHTY ParametersApdu; other templates UNCONFIRMED).
CommandApdu update_connectivity_parameters(std::string_view smsc_digits, std::uint8_t ton_npi = 0x91);

/// Card side: the ISD-P AID of an enable/disable/fallback STORE DATA payload with DGI `expected_dgi`.
/// Throws CodecError("ISD-R STORE DATA", offset) for another DGI or a payload that is not one `4F` AID.
Bytes parse_profile_target(ByteView store_data_payload, std::uint16_t expected_dgi);

/// Card side: the digits of an UpdateSMSRAddressingParameters payload (layout above).
struct SmsrAddress {
    std::string digits;
    std::uint8_t ton_npi = 0;
    friend bool operator==(const SmsrAddress&, const SmsrAddress&) = default;
};
/// Throws CodecError("SM-SR address", offset).
SmsrAddress parse_smsr_addressing_parameters(ByteView store_data_payload);

// ---------------------------------------------------------------------------------------------------------------
// eUICCCapabilityAudit (SGP.02 §4.1.1.5, njiwa AuditEISTransaction)

/// GET STATUS of one ISD-P: `80 F2 40 02 12 4F 10 <AID> 00`. Pages: gp::GetStatusPager.
CommandApdu audit_isdp(ByteView isdp_aid);
/// GET STATUS of every platform entry (`4F 0C A0000005591010FFFFFFFF89`, a prefix search); filter the answer with
/// isdp_statuses().
CommandApdu audit_isdps();
/// GET DATA FF21 (ETSI TS 102 226 extended card resources): parse with gp::parse_card_resources.
CommandApdu audit_card_resources();
/// `80 CA BF 30 04 5C 02 7F 21 00`, labelled "get ECASD certificate" by njiwa; the BF30 + tag-list semantics are
/// UNCONFIRMED. Parse with gp::parse_get_data(data, 0xBF30).
CommandApdu audit_ecasd_certificate();

/// What an audit learns about one ISD-P from its E3 entry.
struct IsdpStatus {
    Bytes aid;
    std::uint8_t life_cycle = 0;
    std::optional<ProfileState> state;            ///< nullopt for a life-cycle byte outside SGP.02 Table 1
    bool fallback = false;                        ///< 53 profile attributes, bit 01 (UNCONFIRMED, njiwa only)
    std::optional<std::uint32_t> granted_memory;  ///< 8F cumulative granted NV memory (UNCONFIRMED)
    std::optional<std::uint32_t> remaining_memory;///< 91 remaining memory (UNCONFIRMED)

    friend bool operator==(const IsdpStatus&, const IsdpStatus&) = default;
};

/// Reads the SGP.02 view of one GET STATUS entry. Throws CodecError("ISD-P status", 0) for malformed 53/8F/91.
IsdpStatus isdp_status(const gp::RegistryEntry& entry);
/// The ISD-Ps among GET STATUS entries: drops the ISD-R, the ECASD, the ISD-P ELF/module and non-platform AIDs.
std::vector<IsdpStatus> isdp_statuses(const std::vector<gp::RegistryEntry>& entries);

// ---------------------------------------------------------------------------------------------------------------
// Notifications (SGP.02 §4.1.1.11 / 4.1.1.12)

/// SGP.02 notification types (further v3/v4 values are UNCONFIRMED; unknown bytes are kept as they are).
enum class NotificationType : std::uint8_t {
    EuiccDeclaration = 0x01,
    ProfileChangeSucceeded = 0x02,
    ProfileChangeFailedRolledBack = 0x03,
    Void = 0x04,
    ProfileChangeAfterFallback = 0x05,
};
std::string_view to_string(NotificationType type) noexcept;

/// HandleDefaultNotification: `E1 L { 4C EID, 4D type, 4E seq(2), [2F AID], [14 IMEI], [6D MEID] }`. The inner
/// objects are COMPREHENSION-TLVs (the CR bit may be set: AF, 94, ED), so they are parsed as such.
struct Notification {
    std::string eid;                 ///< 32 digits
    NotificationType type = NotificationType::EuiccDeclaration;
    std::uint16_t sequence = 0;
    std::optional<Bytes> isdp_aid;   ///< the profile now enabled
    std::optional<Bytes> imei;       ///< kept raw (device identity coding UNCONFIRMED)
    std::optional<Bytes> meid;

    friend bool operator==(const Notification&, const Notification&) = default;
};

/// Throws CodecError("notification", offset), or CodecError("EID", ...) for EID bytes that are not 32 digits.
Notification parse_notification(ByteView data);
/// Card side. Throws std::invalid_argument for an invalid EID.
Bytes encode_notification(const Notification& notification);

/// HandleNotificationConfirmation: `80 E2 89 00 06 3A08 04 4E 02 <seq> 00`.
CommandApdu notification_confirmation(std::uint16_t sequence);
/// Card side: the sequence number of a 3A08 payload. Throws CodecError("ISD-R STORE DATA", offset).
std::uint16_t parse_notification_confirmation(ByteView store_data_payload);
/// The answer `80 L { 4F L <AID> ... }`: ISD-Ps the eUICC deleted as a consequence (e.g. POL1 "delete when
/// disabled"). Empty data means none. Throws CodecError("notification confirmation", offset).
std::vector<Bytes> parse_notification_confirmation_response(ByteView data);
/// Card side: encodes that answer (empty list -> empty data).
Bytes encode_notification_confirmation_response(const std::vector<Bytes>& deleted_isdps);

// ---------------------------------------------------------------------------------------------------------------
// EstablishISDRKeySet (SGP.02 §4.1.1.8/§3.8, scenario #3) and FinaliseISDRhandover (§4.1.1.9)

/// The A6 key-establishment control reference template (njiwa/WHTY; exact mandatory subset UNCONFIRMED).
struct KeyEstablishmentCrt {
    std::uint8_t scenario_parameters = 0x09;  ///< 90 02 03 <p>: 01 delete keys first, 02 DR, 04 HostID/SDIN, 08 cert first
    std::uint8_t key_usage_qualifier = 0x10;  ///< 95: 10 = three keys (SCP80 KIc/KID/KIK), 5C = one key
    std::optional<std::uint8_t> key_access;   ///< 96
    std::uint8_t key_type = gp::key_type_aes; ///< 80
    std::uint8_t key_length = 0x10;           ///< 81
    std::uint8_t first_key_id = 0x01;         ///< 82
    std::uint8_t key_version = 0x02;          ///< 83: KVN of the new keyset
    Bytes initial_counter;                    ///< 91: may be empty (`91 00`)
    std::optional<Bytes> sdin;                ///< 45, only with scenario parameter 04
    std::optional<Bytes> host_id;             ///< 84, only with scenario parameter 04
};

/// `A6 L { 90 02 03 p, 95 01 kuq, [96 01 access], 80 01 type, 81 01 len, 82 01 kid, 83 01 kvn, 91 L ctr,
/// [45 L sdin], [84 L host id] }` (order of WHTY SecondStoreDataApdu).
Bytes encode_key_establishment_crt(const KeyEstablishmentCrt& crt);

/// Block (a): STORE DATA `80 E2 09 00 Lc 3A01 L <certificate> 00` (more blocks, DGI, response expected), split into
/// blocks of at most 255 bytes numbered from 00 when the certificate is long. Answer: parse_random_challenge.
std::vector<CommandApdu> establish_keyset_certificate(ByteView certificate);
/// Block (b): STORE DATA `80 E2 89 <n> Lc 3A02 L { <A6 CRT> 7F49 L <ePK> 5F37 L <signature> } 00`, continuing the
/// block numbers of (a) from `first_block` (1 after a one-block certificate). `ephemeral_public_key` is the 7F49
/// value (e.g. `B0 41 04||X||Y`), `signature` the 5F37 value; computing them is the caller's business.
/// Answer: parse_key_establishment_response.
std::vector<CommandApdu> establish_keyset_keys(const KeyEstablishmentCrt& crt, ByteView ephemeral_public_key,
                                               ByteView signature, std::uint8_t first_block);

/// `85 L <random challenge>`. Throws CodecError("key establishment", offset).
Bytes parse_random_challenge(ByteView data);
struct KeyEstablishmentResult {
    Bytes derivation_random; ///< 85 (present with scenario parameter 02)
    Bytes receipt;           ///< 86
    friend bool operator==(const KeyEstablishmentResult&, const KeyEstablishmentResult&) = default;
};
/// `[85 L <DR>] 86 L <receipt>`. Throws CodecError("key establishment", offset).
KeyEstablishmentResult parse_key_establishment_response(ByteView data);

/// One keyset to remove at FinaliseISDRhandover: `F2 03 <kvn> <first kid> <last kid>`.
struct KeysetRange {
    std::uint8_t version = 0;
    std::uint8_t first_key_id = 1;
    std::uint8_t last_key_id = 1;
};
/// The DELETE data, e.g. `F203010103 F203410102` (WHTY). Whether F2 lists keysets to delete (WHTY) or to keep is
/// UNCONFIRMED. Throws std::invalid_argument for an empty list or first > last.
Bytes encode_keysets_to_delete(std::span<const KeysetRange> keysets);
/// DELETE `80 E4 00 00 Lc <F2 ...> 00`.
CommandApdu finalise_isdr_handover(std::span<const KeysetRange> keysets);

} // namespace euicc::sgp02
