// SPDX-License-Identifier: Apache-2.0
// SGP.02 platform settings of the virtual eUICC: the ISD-R's SCP03 (GP Amd D) and SCP81 (GP Amd B) keysets, the
// admin agent's stored URI and the memory the ISD-Ps share.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::card {

/// The public lab TEST keyset of the ISD-R (applet_spec/sgp02.md §2): SCP03 KVN 30, AES-128, ENC
/// 404142434445464748494A4B4C4D4E4F, MAC 505152535455565758595A5B5C5D5E5F, DEK 606162636465666768696A6B6C6D6E6F.
/// Everybody knows these keys: never give them to a card that protects anything.
scp03::StaticKeys isd_r_test_keyset();

/// One SCP81 keyset of the ISD-R (GPC_GUI_010: KVN 40..4F; spec/scp81.md §4): the TLS pre-shared key and the
/// key-encryption key of the HTTPS admin session (applet_spec/admin_agent.md §3).
struct Scp81Keyset {
    std::uint8_t kvn = 0x40;
    SecretBytes psk; ///< KID 1, GP key type 85 (TLS PSK): 16..64 bytes
    SecretBytes dek; ///< KID 2, AES (16, 24 or 32 bytes): PUT KEY in an admin session decrypts keys under it
};

/// The public lab TEST SCP81 keyset of the ISD-R (applet_spec/admin_agent.md §3): KVN 40, PSK (KID 1)
/// 707172737475767778797A7B7C7D7E7F, DEK (KID 2) 808182838485868788898A8B8C8D8E8F. Everybody knows these keys:
/// never give them to a card that protects anything.
Scp81Keyset isd_r_scp81_test_keyset();

/// The request-URI of the first POST when a trigger has no 8C (GP Amd B §3.8.6: the value stored in the ISD-R).
inline constexpr std::string_view default_admin_uri = "/gpadmin";

/// How the virtual eUICC's platform (ISD-R, ISD-Ps) starts.
struct PlatformSettings {
    /// The ISD-R's SCP03 keysets (KVN 30..3F, three AES keys of one length each, DEK required). They apply until
    /// the first PUT KEY or key DELETE on the ISD-R; from then on the keys in the state directory are the ISD-R's
    /// (applet_spec/sgp02.md §9). Default: the test keyset.
    std::vector<scp03::StaticKeys> isd_r_keysets = {isd_r_test_keyset()};
    /// The ISD-R's SCP81 keysets (KVN 40..4F), under the same rule as the SCP03 keysets: they apply until the
    /// first PUT KEY or key DELETE on the ISD-R. May be empty (the card then cannot open an admin session).
    /// Default: the SCP81 test keyset.
    std::vector<Scp81Keyset> isd_r_scp81_keysets = {isd_r_scp81_test_keyset()};
    /// The admin agent's stored request-URI of the first POST (used when a trigger has no 8C): an absolute path.
    std::string admin_uri = std::string(default_admin_uri);
    /// Non-volatile memory the ISD-Ps share (quotas and installed profiles; GET DATA FF21 tag 82). Default 256 KiB.
    std::uint32_t non_volatile_memory = 256 * 1024;
    /// Volatile memory the ISD-Ps share (volatile quotas; FF21 tag 83). Default 16 KiB.
    std::uint32_t volatile_memory = 16 * 1024;
};

/// Throws std::invalid_argument naming the fault (never a key): no SCP03 keyset, a KVN outside 30..3F or used
/// twice, keys of other lengths or without a DEK; an SCP81 KVN outside 40..4F or used twice, a PSK outside
/// 16..64 bytes, a DEK that is no AES key; an admin URI that is not a path ("/..." without spaces or controls).
void validate(const PlatformSettings& settings);

/// Reads a platform file (a JSON object of its own: the OTA keys file is shared with the host, which refuses
/// members it does not know):
/// `{"isd_r_scp03": [{"kvn": "30", "enc": "40..4F", "mac": "50..5F", "dek": "60..6F"}],
///   "isd_r_scp81": [{"kvn": "40", "psk": "70..7F", "dek": "80..8F"}], "admin_uri": "/gpadmin",
///   "non_volatile_memory": 262144, "volatile_memory": 16384}`. Every member is optional (the default stays;
/// `isd_r_scp81` may be an empty array);
/// unknown members are refused. The result is validate()d. Throws euicc::Error naming the file and the member
/// (never a key's value).
PlatformSettings load_platform_settings(const std::filesystem::path& file);
/// The same for the JSON text itself; `source` names it in error messages.
PlatformSettings parse_platform_settings(std::string_view json_text, std::string_view source = "platform");

} // namespace euicc::card
