// SPDX-License-Identifier: Apache-2.0
// Inventory record rules: identity forms (TS 23.003 §2.2, §13.3, §13.4; E.164), keysets (TS 102 225, Amd B/D), profiles.
#include <euicc/host/smsr/inventory_records.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <euicc/apdu/eid.hpp>

namespace euicc::host::smsr {

namespace {

constexpr std::array identity_names{std::pair{IdentityType::Imsi, std::string_view("imsi")},
                                    std::pair{IdentityType::Msisdn, std::string_view("msisdn")},
                                    std::pair{IdentityType::Impu, std::string_view("impu")},
                                    std::pair{IdentityType::Impi, std::string_view("impi")}};
constexpr std::array kind_names{std::pair{KeysetKind::Scp80, std::string_view("scp80")},
                                std::pair{KeysetKind::Scp81, std::string_view("scp81")},
                                std::pair{KeysetKind::Scp03, std::string_view("scp03")}};
constexpr std::array state_names{std::pair{ProfileState::Created, std::string_view("created")},
                                 std::pair{ProfileState::Disabled, std::string_view("disabled")},
                                 std::pair{ProfileState::Enabled, std::string_view("enabled")},
                                 std::pair{ProfileState::Deleted, std::string_view("deleted")}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) noexcept {
    for (const auto& [v, name] : names) {
        if (v == value) {
            return name;
        }
    }
    return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                             std::string_view name) noexcept {
    for (const auto& [v, n] : names) {
        if (n == name) {
            return v;
        }
    }
    return std::nullopt;
}

bool all_digits(std::string_view text) noexcept {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool printable_without_space(std::string_view text) noexcept {
    return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

constexpr std::size_t max_uri_length = 255;
constexpr std::size_t max_smsr_id_length = 128;

[[noreturn]] void refuse(const Identity& identity) {
    throw std::invalid_argument(describe(identity) + ": expected " + std::string(identity_form(identity.type)));
}

void check_aid(const Bytes& aid, std::string_view what) {
    // ISO/IEC 7816-5: an AID is a 5-byte RID plus up to 11 bytes of PIX.
    if (aid.size() < 5 || aid.size() > 16) {
        throw std::invalid_argument(std::string(what) + " of " + std::to_string(aid.size()) +
                                    " bytes, expected 5..16");
    }
}

std::string kvn_hex(std::uint8_t kvn) {
    return to_hex(Bytes{kvn});
}

std::string keyset_name(const CardKeyset& keyset) {
    constexpr std::array<std::string_view, 3> names{"SCP80", "SCP81", "SCP03"};
    return std::string(names[keyset.index()]) + " keyset " + kvn_hex(kvn_of(keyset));
}

void check_scp80(const scp80::Keyset& keys) {
    // TS 102 225 §5.1.2/§5.1.3: the KVN sits in b8..b5 of KIc/KID, so 1..15.
    if (keys.kvn < 0x01 || keys.kvn > 0x0F) {
        throw std::invalid_argument("SCP80 keyset " + kvn_hex(keys.kvn) + ": key version outside 01..0F");
    }
    const auto usable = [](std::size_t n) { return n == 8 || n == 16 || n == 24 || n == 32; };
    if (!usable(keys.kic_key.size()) || !usable(keys.kid_key.size())) {
        throw std::invalid_argument("SCP80 keyset " + kvn_hex(keys.kvn) +
                                    ": KIc and KID keys must be 8, 16, 24 or 32 bytes");
    }
}

void check_scp03(const scp03::StaticKeys& keys) {
    // GPCS §11.1.8: key version numbers 01..7F.
    if (keys.kvn < 0x01 || keys.kvn > 0x7F) {
        throw std::invalid_argument("SCP03 keyset " + kvn_hex(keys.kvn) + ": key version outside 01..7F");
    }
    keys.validate();
    if (keys.dek.empty()) {
        // The SM-SR sends PUT KEY under this keyset (SM-SR change), which needs the DEK.
        throw std::invalid_argument("SCP03 keyset " + kvn_hex(keys.kvn) + ": no DEK");
    }
}

} // namespace

void validate_smsr_id(std::string_view smsr_id) {
    if (smsr_id.empty() || smsr_id.size() > max_smsr_id_length ||
        !std::all_of(smsr_id.begin(), smsr_id.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) {
        throw std::invalid_argument("SM-SR id must be 1..128 printable ASCII characters");
    }
}

std::string_view to_string(IdentityType type) noexcept {
    return name_of(identity_names, type);
}

std::optional<IdentityType> identity_type_from_string(std::string_view name) noexcept {
    return value_of(identity_names, name);
}

std::string_view display_name(IdentityType type) noexcept {
    switch (type) {
    case IdentityType::Imsi:
        return "IMSI";
    case IdentityType::Msisdn:
        return "MSISDN";
    case IdentityType::Impu:
        return "IMPU";
    case IdentityType::Impi:
        return "IMPI";
    }
    return "?";
}

std::string_view identity_form(IdentityType type) noexcept {
    switch (type) {
    case IdentityType::Imsi:
        return "6..15 decimal digits";
    case IdentityType::Msisdn:
        return "3..15 decimal digits after an optional '+'";
    case IdentityType::Impu:
        return "a sip:, sips: or tel: URI of at most 255 printable characters";
    case IdentityType::Impi:
        return "user@realm of at most 255 printable characters";
    }
    return "?";
}

std::string describe(const Identity& identity) {
    return std::string(display_name(identity.type)) + " " + identity.value;
}

Identity make_identity(IdentityType type, std::string_view value) {
    Identity identity{type, std::string(value)};
    switch (type) {
    case IdentityType::Imsi:
        // TS 23.003 §2.2: MCC (3) + MNC (2..3) + MSIN, at most 15 digits.
        if (!all_digits(value) || value.size() < 6 || value.size() > 15) {
            refuse(identity);
        }
        break;
    case IdentityType::Msisdn:
        // E.164: at most 15 digits; the international '+' is notation, not part of the number.
        if (!identity.value.empty() && identity.value.front() == '+') {
            identity.value.erase(0, 1);
        }
        if (!all_digits(identity.value) || identity.value.size() < 3 || identity.value.size() > 15) {
            refuse(identity);
        }
        break;
    case IdentityType::Impu:
        // TS 23.003 §13.4: a SIP URI or a tel URI.
        if (value.size() > max_uri_length || !printable_without_space(value) ||
            !(value.starts_with("sip:") || value.starts_with("sips:") || value.starts_with("tel:")) ||
            value.size() <= value.find(':') + 1) {
            refuse(identity);
        }
        break;
    case IdentityType::Impi:
        // TS 23.003 §13.3: an NAI (RFC 4282) "username@realm".
        if (value.size() > max_uri_length || !printable_without_space(value) || value.find('@') == 0 ||
            value.find('@') == std::string_view::npos || value.back() == '@') {
            refuse(identity);
        }
        break;
    }
    return identity;
}

std::string_view to_string(KeysetKind kind) noexcept {
    return name_of(kind_names, kind);
}

std::optional<KeysetKind> keyset_kind_from_string(std::string_view name) noexcept {
    return value_of(kind_names, name);
}

KeysetKind kind_of(const CardKeyset& keyset) noexcept {
    // The variant's alternatives are listed in KeysetKind's order.
    static_assert(std::is_same_v<std::variant_alternative_t<2, CardKeyset>, scp03::StaticKeys>);
    return static_cast<KeysetKind>(keyset.index());
}

std::uint8_t kvn_of(const CardKeyset& keyset) noexcept {
    return std::visit([](const auto& keys) { return keys.kvn; }, keyset);
}

void validate(const CardKeyset& keyset) {
    std::visit(
        [](const auto& keys) {
            using T = std::decay_t<decltype(keys)>;
            if constexpr (std::is_same_v<T, scp80::Keyset>) {
                check_scp80(keys);
            } else if constexpr (std::is_same_v<T, Scp81Keyset>) {
                keys.validate();
            } else {
                check_scp03(keys);
            }
        },
        keyset);
}

std::string_view to_string(ProfileState state) noexcept {
    return name_of(state_names, state);
}

std::optional<ProfileState> profile_state_from_string(std::string_view name) noexcept {
    return value_of(state_names, name);
}

void ProfileRecord::validate() const {
    check_aid(isd_p_aid, "ISD-P AID");
    // ITU-T E.118: up to 20 digits (19 + Luhn digit, or 20); lab profiles use 18..20.
    if (!all_digits(iccid) || iccid.size() < 18 || iccid.size() > 20) {
        throw std::invalid_argument("ICCID \"" + iccid + "\": expected 18..20 decimal digits");
    }
}

void CardInfo::validate() const {
    if (!apdu::eid_is_valid(eid)) {
        throw std::invalid_argument("\"" + eid + "\" is not a valid EID (32 digits, check digits mod 97)");
    }
    check_aid(isd_r_aid, "ISD-R AID");
    validate_smsr_id(smsr_id);
    std::set<std::pair<IdentityType, std::string>> seen_identities;
    for (const Identity& identity : identities) {
        if (make_identity(identity.type, identity.value) != identity) {
            throw std::invalid_argument(describe(identity) + ": not in normal form (make_identity)");
        }
        if (!seen_identities.emplace(identity.type, identity.value).second) {
            throw std::invalid_argument("EID " + eid + ": " + describe(identity) + " given twice");
        }
    }
    std::set<Bytes> seen_aids;
    int enabled = 0;
    int fallback = 0;
    for (const ProfileRecord& profile : profiles) {
        profile.validate();
        if (!seen_aids.insert(profile.isd_p_aid).second) {
            throw std::invalid_argument("EID " + eid + ": ISD-P " + to_hex(profile.isd_p_aid) + " given twice");
        }
        enabled += profile.state == ProfileState::Enabled ? 1 : 0;
        fallback += profile.fallback ? 1 : 0;
    }
    if (enabled > 1 || fallback > 1) {
        throw std::invalid_argument("EID " + eid + ": more than one enabled or fall-back profile");
    }
}

void CardRecord::validate() const {
    card.validate();
    std::set<std::uint8_t> kvns;
    for (const CardKeyset& keyset : keysets) {
        smsr::validate(keyset);
        if (!kvns.insert(kvn_of(keyset)).second) {
            throw std::invalid_argument("EID " + card.eid + ": " + keyset_name(keyset) + " given twice");
        }
    }
}

std::vector<CardKeyset> lab_card_keysets() {
    std::vector<CardKeyset> keysets;
    scp80::Keyset ota;
    ota.kvn = 0x01;
    ota.kic_key = SecretBytes(from_hex("404142434445464748494A4B4C4D4E4F"));
    ota.kid_key = SecretBytes(from_hex("505152535455565758595A5B5C5D5E5F"));
    keysets.emplace_back(std::move(ota));
    Scp81Keyset admin;
    admin.kvn = 0x40;
    admin.psk = SecretBytes(from_hex("707172737475767778797A7B7C7D7E7F"));
    admin.dek = SecretBytes(from_hex("808182838485868788898A8B8C8D8E8F"));
    keysets.emplace_back(std::move(admin));
    return keysets;
}

} // namespace euicc::host::smsr
