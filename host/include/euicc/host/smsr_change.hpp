// SPDX-License-Identifier: Apache-2.0
// PMC install / SM-SR change on the direct path: the new SM-SR's ISD-R keysets by PUT KEY, the old ones removed
// by FinaliseISDRhandover or DELETE (spec/sgp02.md §4.10, §6, §9.5; GPCS §11.2, §11.8).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/apdu/sgp02.hpp>

namespace euicc::host {

/// An SCP80 keyset of the ISD-R (KVN 01..0F; GPC_GUI_010): KIc, KID and optionally KIK, AES keys put as key
/// identifiers 1, 2, 3.
struct Scp80Keyset {
    std::uint8_t kvn = 0;
    SecretBytes kic;
    SecretBytes kid;
    SecretBytes kik; ///< empty: no key 3
};

/// The Platform Management Credentials of an SM-SR as this host installs them (sgp02.md §6 "PMC").
struct SmsrKeysets {
    std::optional<scp03::StaticKeys> scp03; ///< KVN 30..3F: ENC, MAC, DEK as key identifiers 1, 2, 3
    std::optional<Scp80Keyset> scp80;
};

/// How the old SM-SR's keysets are removed.
enum class KeyRemoval : std::uint8_t {
    /// ES5.FinaliseISDRhandover: one DELETE `80 E4 00 00 Lc F2 03 <kvn> <first kid> <last kid> ... 00`
    /// (SGP.02 §4.1.1.9 as WHTY and njiwa send it).
    FinaliseHandover,
    /// Plain GP: one DELETE `80 E4 00 00 03 D2 01 <kvn> 00` per keyset (GPCS §11.2.2.3).
    DeleteKey,
};

struct SmsrChangeRequest {
    SmsrKeysets new_keys; ///< must hold an SCP03 keyset (std::invalid_argument otherwise), see IsdR::change_smsr
    /// Keysets of the old SM-SR to remove. nullopt: every keyset in the SM-SR ranges (SCP80 01..0F, SCP03 30..3F,
    /// SCP81 40..4F) that GET DATA E0 lists before the change, except the new KVNs.
    std::optional<std::vector<sgp02::KeysetRange>> old_keysets;
    KeyRemoval removal = KeyRemoval::FinaliseHandover;
};

/// What PUT KEY installed (PMC install by the current SM-SR).
struct PmcInstallation {
    std::vector<std::uint8_t> installed_kvns;
    std::vector<gp::PutKeyResponse> answers; ///< per keyset, as the card confirmed it (KVN and KCVs)
};

struct SmsrChange {
    std::vector<std::uint8_t> installed_kvns;
    std::vector<std::uint8_t> deleted_kvns;
    /// GET DATA E0 of the ISD-R after the change, read with the new SM-SR's keys.
    std::vector<gp::KeyInformation> keys_after;
    /// The distinct KVNs the card now holds, ascending.
    std::vector<std::uint8_t> kvns() const;
};

// The steps of an SM-SR change that the direct path (IsdR::change_smsr) and the SCP81 admin session share.

/// GPC_GUI_010 / SGP.02 §2.2.5.1 ranges of the keysets an SM-SR owns on the ISD-R: SCP80 01..0F, SCP03 30..3F,
/// SCP81 40..4F.
bool is_smsr_keyset_version(std::uint8_t kvn) noexcept;

/// Whether GET DATA E0 `keys` lists any key of version `kvn`.
bool holds_keyset(const std::vector<gp::KeyInformation>& keys, std::uint8_t kvn);

/// What a change does to the card's keysets, decided from GET DATA E0 before it.
struct SmsrChangeScope {
    std::vector<sgp02::KeysetRange> old_keysets; ///< to remove, one range per KVN
    std::vector<std::uint8_t> replaced;          ///< new KVNs the card already lists (PUT KEY replaces them)
};

/// std::invalid_argument when `explicit_old` names a `fresh` KVN (a keyset both new and to be removed). Callers
/// check before they ask the card anything.
void check_old_keysets(const std::set<std::uint8_t>& fresh,
                       const std::optional<std::vector<sgp02::KeysetRange>>& explicit_old);

/// `explicit_old` when given, else every keyset in the SM-SR ranges that `before` lists except the `fresh` KVNs
/// (one range per KVN, from its lowest to its highest key identifier). std::invalid_argument when `explicit_old`
/// names a fresh KVN.
SmsrChangeScope smsr_change_scope(const std::vector<gp::KeyInformation>& before, const std::set<std::uint8_t>& fresh,
                                  const std::optional<std::vector<sgp02::KeysetRange>>& explicit_old);

/// Checks GET DATA E0 after the change (`change.keys_after`): every installed KVN present, every deleted one gone;
/// euicc::Error otherwise.
void check_smsr_change(const SmsrChange& change);

} // namespace euicc::host
