// SPDX-License-Identifier: Apache-2.0
// SCP80 OTA settings of the virtual eUICC's ISD-R (ETSI TS 102 225 keysets and TAR, TS 102 226 MSL) and the keys file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/scp80_key_file.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::card {

/// One SCP80 key set of the ISD-R (TS 102 225 §5.1.2-§5.1.3). A command packet uses its KIc key only when the
/// packet's KIc byte equals `kic`, and its KID key only when the packet's KID byte equals `kid`; both bytes carry
/// `kvn` in b8..b5. The key lengths must fit the algorithms the bytes name (AES: 16, 24 or 32 bytes).
struct OtaKeyset {
    std::uint8_t kvn = 1;
    std::uint8_t kic = 0x12; ///< key version 1, AES-CBC
    std::uint8_t kid = 0x12; ///< key version 1, AES-CMAC
    SecretBytes kic_key;
    SecretBytes kid_key;
};

/// The public lab TEST keyset (applet_spec/ota.md §2): KVN 1, KIc/KID 12 (AES-128), KIc key
/// 404142434445464748494A4B4C4D4E4F, KID key 505152535455565758595A5B5C5D5E5F. Everybody knows these keys:
/// never give them to a card that protects anything.
OtaKeyset test_keyset();

/// How the ISD-R takes secured packets over SMS-PP (applet_spec/ota.md).
struct OtaSettings {
    /// TAR of the ISD-R: 000000, the issuer security domain (TS 101 220 Annex D; on an eUICC the ISD-R is the ISD).
    scp80::Tar tar{};
    /// Minimum security level, coded as SPI byte 1 (TS 102 226 §8.2.1.3.2.4.1). 16 = counter must be higher,
    /// ciphering, cryptographic checksum, as SGP.02 §2.4.3 asks for triggers.
    std::uint8_t minimum_security_level = 0x16;
    /// Key sets, told apart by KVN. Default: the test keyset alone.
    std::vector<OtaKeyset> keysets = {test_keyset()};
};

/// Throws std::invalid_argument naming the fault (never a key) when `settings` cannot work: an MSL with reserved
/// bits, no keyset, two keysets with one KVN, a KVN outside 1..15, KIc/KID bytes whose version is not the KVN or
/// whose algorithm is not a cipher / checksum, a key whose length the algorithm does not take.
void validate(const OtaSettings& settings);

/// Reads a keys file, the JSON object shared with the host (`euicc ota --keys`, `euicc vcard --keys`), parsed by
/// scp80::parse_key_file: `{"tar": "000000", "spi": "1619", "kic": "12", "kid": "12", "kvn": 1,
/// "kic_key": "40..4F", "kid_key": "50..5F", "msl": "16"}`. `kic_key` and `kid_key` are required; `tar` defaults
/// to 000000, `msl` to 16, `kvn` to the version in `kic` (else 1), `kic`/`kid` to the KVN with AES (`12` for
/// KVN 1); `spi` (host only) is checked but not used; an unknown member is refused. The result is validate()d.
/// Throws euicc::Error (scp80::KeyFileError for the file's members) naming the file and the field (never a
/// key's value) for an unreadable file, malformed JSON or a bad field.
OtaSettings load_ota_settings(const std::filesystem::path& keys_file);

/// The same for the JSON text itself; `source` names it in error messages.
OtaSettings parse_ota_settings(std::string_view json_text, std::string_view source = "keys");

} // namespace euicc::card
