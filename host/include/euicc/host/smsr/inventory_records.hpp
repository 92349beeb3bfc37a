// SPDX-License-Identifier: Apache-2.0
// SM-SR eUICC inventory records (SGP.02 Annex E EIS, spec/sgp02.md §8, reduced to what the SM-SR acts on): card,
// identities, keysets, profiles.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/scp80.hpp>
#include <euicc/host/admin_psk_store.hpp>

namespace euicc::host::smsr {

/// Throws std::invalid_argument unless `smsr_id` (the SM-SR in charge, EIS Smsr-id) is 1..128 printable
/// ASCII characters.
void validate_smsr_id(std::string_view smsr_id);

/// The identities a management service request may name instead of an EID (design §4).
enum class IdentityType : std::uint8_t {
    Imsi,   ///< 3GPP TS 23.003 §2.2: MCC + MNC + MSIN, 6..15 digits
    Msisdn, ///< ITU-T E.164 number, up to 15 digits (a leading '+' is dropped)
    Impu,   ///< IMS public user identity, TS 23.003 §13.4: a "sip:" or "tel:" URI
    Impi,   ///< IMS private user identity, TS 23.003 §13.3: an NAI "user@realm"
};

/// "imsi", "msisdn", "impu", "impi" (the CSV column names and the storage spelling).
std::string_view to_string(IdentityType type) noexcept;
/// Inverse of to_string (exact, lower case); nullopt for anything else.
std::optional<IdentityType> identity_type_from_string(std::string_view name) noexcept;
/// "IMSI", "MSISDN", "IMPU", "IMPI" (for messages).
std::string_view display_name(IdentityType type) noexcept;

/// One identity of a card. Build it with make_identity() so that the value is checked and normalised (an
/// identity maps to exactly one card: equal identities must compare equal).
struct Identity {
    IdentityType type = IdentityType::Imsi;
    std::string value;

    friend bool operator==(const Identity&, const Identity&) = default;
};

/// Checks and normalises `value` for `type`: IMSI 6..15 decimal digits; MSISDN 3..15 digits after an optional
/// leading '+' (dropped); IMPU a "sip:"/"sips:"/"tel:" URI and IMPI "user@realm", both 1..255 printable ASCII
/// characters without spaces. Throws std::invalid_argument with the reason (identities are not secrets:
/// the value is named).
Identity make_identity(IdentityType type, std::string_view value);

/// The form make_identity() expects for `type`, for messages ("6..15 decimal digits").
std::string_view identity_form(IdentityType type) noexcept;

/// "IMSI 001010123456789" (for messages).
std::string describe(const Identity& identity);

/// Which secure channel a keyset serves on the ISD-R.
enum class KeysetKind : std::uint8_t {
    Scp80, ///< OTA over SMS (TS 102 225), KVN 01..0F: KIc + KID keys
    Scp81, ///< PSK-TLS admin sessions (GP Amd B), KVN 40..4F: PSK + DEK
    Scp03, ///< GP Amd D secure channel, KVN 01..7F (30..3F by convention): ENC + MAC + DEK
};

/// "scp80", "scp81", "scp03".
std::string_view to_string(KeysetKind kind) noexcept;
std::optional<KeysetKind> keyset_kind_from_string(std::string_view name) noexcept;

/// A keyset of a card's ISD-R, in the type each protocol's code takes. KVNs are unique per card (GP Card
/// Spec §11.1.8: a key version number names one keyset of a security domain).
using CardKeyset = std::variant<scp80::Keyset, Scp81Keyset, scp03::StaticKeys>;

KeysetKind kind_of(const CardKeyset& keyset) noexcept;
std::uint8_t kvn_of(const CardKeyset& keyset) noexcept;
/// Throws std::invalid_argument (naming kind and KVN, never key bytes) unless: SCP80 KVN 01..0F with KIc and
/// KID keys of 8, 16, 24 or 32 bytes (DES, 3DES, AES); SCP81 as Scp81Keyset::validate(); SCP03 KVN 01..7F and
/// scp03::StaticKeys::validate() with a DEK.
void validate(const CardKeyset& keyset);

/// Profile (ISD-P) life cycle in the SM-SR's view (spec/sgp02.md §2 "Profile / ISD-P states"); a Deleted profile
/// stays as history.
enum class ProfileState : std::uint8_t { Created, Disabled, Enabled, Deleted };

/// "created", "disabled", "enabled", "deleted".
std::string_view to_string(ProfileState state) noexcept;
std::optional<ProfileState> profile_state_from_string(std::string_view name) noexcept;

/// A profile on a card: its ISD-P and what it holds.
struct ProfileRecord {
    Bytes isd_p_aid;   ///< 5..16 bytes
    std::string iccid; ///< 18..20 decimal digits (ITU-T E.118)
    ProfileState state = ProfileState::Created;
    bool fallback = false; ///< the Fall-Back attribute (spec/sgp02.md §2: one profile of a card carries it)

    friend bool operator==(const ProfileRecord&, const ProfileRecord&) = default;
    /// Throws std::invalid_argument for an AID outside 5..16 bytes or an ICCID that is not 18..20 digits.
    void validate() const;
};

/// What the inventory knows about a card, keys excluded.
struct CardInfo {
    std::string eid;                  ///< 32 digits with valid check digits (apdu::eid_is_valid)
    Bytes isd_r_aid;                  ///< 5..16 bytes (SGP.02 §2.2.1: A0000005591010FFFFFFFF8900000100)
    scp80::Tar isd_r_tar;             ///< TAR of the ISD-R for SCP80 OTA (TS 101 220 §6.2)
    std::string smsr_id;              ///< the SM-SR in charge (EIS Smsr-id), 1..128 printable ASCII
    std::vector<Identity> identities; ///< each identity belongs to this card only
    std::vector<ProfileRecord> profiles;

    friend bool operator==(const CardInfo&, const CardInfo&) = default;
    /// Throws std::invalid_argument for an invalid EID, AID, SM-SR id, identity (make_identity's rules, and
    /// already normalised), profile, a repeated identity, a repeated ISD-P AID, more than one enabled profile
    /// or more than one fall-back profile.
    void validate() const;
};

/// A card as it enters the inventory (an EIS line of the manufacturer's file): the card and its keysets.
struct CardRecord {
    CardInfo card;
    std::vector<CardKeyset> keysets;

    /// CardInfo::validate(), validate() of each keyset, and distinct KVNs.
    void validate() const;
};

/// The public lab TEST keys of the virtual eUICC's ISD-R (everybody knows them): SCP80 KVN 01 KIc
/// 404142..4F / KID 505152..5F (AES-128) and SCP81 KVN 40 PSK 707172..7F / DEK 808182..8F.
std::vector<CardKeyset> lab_card_keysets();

} // namespace euicc::host::smsr
