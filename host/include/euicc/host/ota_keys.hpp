// SPDX-License-Identifier: Apache-2.0
// The shared SCP80 (TS 102 225) keys file of the host CLI and the virtual eUICC, and its environment alternative.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/secret_bytes.hpp>

namespace euicc::host {

/// One OTA key set and how to address it. JSON form (every member optional except that at least one key is given):
///   {"tar": "000000", "spi": "1629", "kic": "12", "kid": "12", "kvn": 1,
///    "kic_key": "4041..4F", "kid_key": "5051..5F", "msl": "16"}
/// Defaults are the lab test keyset's addressing (issue 3 shared decisions): TAR 000000 (ISD-R), SPI 16 29, KIc 12,
/// KID 12, KVN 1, MSL 16. `spi` is used by the host only, `msl` by the card only.
struct OtaKeyFile {
    scp80::Tar tar{};
    scp80::Spi spi = scp80::Spi::decode(0x16, 0x29);
    std::uint8_t kic = 0x12;
    std::uint8_t kid = 0x12;
    std::uint8_t kvn = 1;
    SecretBytes kic_key;
    SecretBytes kid_key;
    std::uint8_t msl = 0x16;

    /// The keys as scp80 uses them (KVN, KIc key, KID key).
    scp80::Keyset keyset() const;
    /// A command header with this addressing and `counter`.
    scp80::CommandHeader header(std::uint64_t counter) const;
};

/// Parses the JSON text. Throws std::invalid_argument naming the member that is wrong (never its value): not an
/// object, an unknown member, a wrong type, bad hex, a TAR that is not 3 bytes, SPI not 2 bytes, KIc/KID/MSL not
/// 1 byte, KVN outside 0..15, a key length no SCP80 algorithm takes (8, 16, 24, 32), no key at all, or reserved
/// SPI bits. JSON syntax errors name only the byte position.
OtaKeyFile parse_ota_keys(std::string_view json_text);

/// Reads and parses `path`. Throws euicc::Error when the file cannot be read, otherwise as parse_ota_keys (with the
/// path in the message).
OtaKeyFile load_ota_keys(const std::filesystem::path& path);

/// Keys from EUICC_OTA_KIC_KEY / EUICC_OTA_KID_KEY (hex) with the default addressing; nullopt when neither is set.
/// Throws std::invalid_argument naming the variable when a value is not a usable key.
std::optional<OtaKeyFile> ota_keys_from_environment();

} // namespace euicc::host
