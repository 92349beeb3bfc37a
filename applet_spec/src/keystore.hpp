// SPDX-License-Identifier: Apache-2.0
// GPCS §11.1.8 / §11.8 / GP Amd D §6.2.2.1: the keys a security domain holds (KVN + KID), SCP03 sequence counters.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/card/ota_settings.hpp>
#include <euicc/card/platform_settings.hpp>

namespace euicc::card {

/// One key, identified by its key version number and key identifier (GPCS §11.1.8).
struct StoredKey {
    std::uint8_t version = 0; ///< KVN
    std::uint8_t id = 0;      ///< KID
    std::uint8_t type = 0;    ///< GPCS Table 11-16: 88 AES, 80 DES
    SecretBytes value;

    friend bool operator==(const StoredKey&, const StoredKey&) = default;
};

/// The keys of one security domain and what goes with them.
struct Keystore {
    std::vector<StoredKey> keys; ///< ordered by (version, id)
    /// SCP03 sequence counter per KVN (Amd D §6.2.2.1): the value the last INITIALIZE UPDATE used; absent = 0.
    /// Reset when the keyset is (re)loaded.
    std::map<std::uint8_t, std::uint32_t> sequence_counters;
    /// ISD-R SCP80 keysets only: the KIc and KID bytes (TS 102 225 §5.1.2-§5.1.3) the keys serve, per KVN.
    std::map<std::uint8_t, std::array<std::uint8_t, 2>> scp80_coding;

    friend bool operator==(const Keystore&, const Keystore&) = default;

    const StoredKey* find(std::uint8_t version, std::uint8_t id) const noexcept;
    bool has_version(std::uint8_t version) const noexcept;
    /// The SCP03 keyset `version` (Amd D Table 6-1: keys 1, 2, 3 = ENC, MAC, DEK, AES of one length); version 0
    /// = the lowest complete one accepted by `usable`. nullopt when there is none.
    std::optional<scp03::StaticKeys> scp03_keyset(std::uint8_t version, bool (*usable)(std::uint8_t)) const;

    /// Adds `key` in order, replacing a key with the same version and identifier.
    void insert(StoredKey key);
    /// Replaces every key of `replaced` (when given) and of `version` by `keys` (their version and ids set by the
    /// caller); the sequence counter of `version` starts again at 0.
    void put(std::optional<std::uint8_t> replaced, std::uint8_t version, std::vector<StoredKey> keys);
    /// Removes the keys matching `id` and/or `version` (GPCS §11.2.2.3: both = one key, one = all matching);
    /// returns how many went.
    std::size_t remove(std::optional<std::uint8_t> id, std::optional<std::uint8_t> version);
    /// Removes keys `first`..`last` of `version`; returns how many went.
    std::size_t remove_range(std::uint8_t version, std::uint8_t first, std::uint8_t last);

    /// The value of the key information template E0 (GPCS §11.3.3.1, basic format): `C0 04 <KID> <KVN> <type>
    /// <length>` per key.
    Bytes key_information() const;
};

/// GPC_GUI_010 KVN ranges of an SGP.02 ISD-R (spec/globalplatform.md §2).
bool is_scp80_version(std::uint8_t version) noexcept;  ///< 01..0F
bool is_scp03_version(std::uint8_t version) noexcept;  ///< 30..3F
bool is_scp81_version(std::uint8_t version) noexcept;  ///< 40..4F

/// The ISD-R's SCP80 keysets (KVN 01..0F with KIc = key 1 and KID = key 2) as the OTA receiver takes them.
std::vector<OtaKeyset> ota_keysets(const Keystore& keystore);
/// Key identifiers of an SCP81 keyset (spec/scp81.md §4, GPC_GUI_010).
inline constexpr std::uint8_t scp81_psk_id = 1;
inline constexpr std::uint8_t scp81_dek_id = 2;

/// A keystore holding `scp80` (keys 1 and 2 per KVN, with their KIc/KID bytes), the SCP03 keysets `scp03` and the
/// SCP81 keysets `scp81` (PSK = key 1 of type 85, DEK = key 2 of type 88).
Keystore keystore_from(const std::vector<OtaKeyset>& scp80, const std::vector<scp03::StaticKeys>& scp03,
                       const std::vector<Scp81Keyset>& scp81);

} // namespace euicc::card
