// SPDX-License-Identifier: Apache-2.0
// The shared SCP80 (TS 102 225) keys file of the host CLI and the virtual eUICC, and its environment alternative.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/scp80_key_file.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::host {

/// One OTA key set and how to address it: the shared keys file (scp80::KeyFile, parsed by scp80::parse_key_file).
/// JSON form (every member optional except that at least one key is given):
///   {"tar": "000000", "spi": "1619", "kic": "12", "kid": "12", "kvn": 1,
///    "kic_key": "4041..4F", "kid_key": "5051..5F", "msl": "16"}
/// Defaults are the lab test keyset's addressing (issue 3 shared decisions): TAR 000000 (ISD-R), SPI 16 19
/// (counter higher, ciphering, CC; PoR required, CC, ciphered, in the ENVELOPE response), KVN the version in
/// `kic` (else 1), KIc/KID the KVN with AES (12 for KVN 1), MSL 16. `spi` is used by the host only, `msl` by the
/// card only.
struct OtaKeyFile : scp80::KeyFile {
    /// The keys as scp80 uses them (KVN, KIc key, KID key).
    scp80::Keyset keyset() const;
    /// A command header with this addressing and `counter`.
    scp80::CommandHeader header(std::uint64_t counter) const;
};

/// Parses the JSON text. Throws std::invalid_argument naming the member that is wrong (never its value): not an
/// object, an unknown member, a wrong type, bad hex, a TAR that is not 3 bytes, SPI not 2 bytes, KIc/KID/MSL not
/// 1 byte, KVN outside 1..15, a key whose length or KIc/KID coding (reserved, implicit, proprietary, b8..b5 not
/// the KVN) does not fit (scp80::check_kic_key/check_kid_key), no key at all, or reserved SPI/MSL bits;
/// "keys JSON" stands for the document as a whole. JSON syntax errors name only the byte position.
OtaKeyFile parse_ota_keys(std::string_view json_text);

/// Reads and parses `path`. Throws euicc::Error when the file cannot be read, otherwise as parse_ota_keys (with the
/// path in the message).
OtaKeyFile load_ota_keys(const std::filesystem::path& path);

/// Keys from EUICC_OTA_KIC_KEY / EUICC_OTA_KID_KEY (hex) with the default addressing; nullopt when neither is set.
/// Throws std::invalid_argument naming the variable when a value is not a usable key for KIc/KID 12 (AES).
std::optional<OtaKeyFile> ota_keys_from_environment();

} // namespace euicc::host
