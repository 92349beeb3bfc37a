// SPDX-License-Identifier: Apache-2.0
// SCP03 static keyset files (GP Amd D Table 6-1) for the SM-SR side: the ISD-R keyset of `euicc profile ...
// --keys` and the new SM-SR's keyset of `euicc smsr-change --new-keys`, in the virtual eUICC's platform-file
// member names.
#pragma once

#include <filesystem>
#include <string_view>

#include <euicc/apdu/scp03.hpp>
#include <euicc/apdu/scp80_key_file.hpp>

namespace euicc::host {

/// The public lab TEST keyset of the virtual eUICC's ISD-R (applet_spec/sgp02.md §2): SCP03 KVN 30, AES-128,
/// ENC 404142434445464748494A4B4C4D4E4F, MAC 505152535455565758595A5B5C5D5E5F, DEK
/// 606162636465666768696A6B6C6D6E6F. Everybody knows these keys: a tool that falls back to them should say
/// so.
scp03::StaticKeys lab_isd_r_keys();

/// Parses an SCP03 keyset file. JSON form, the members of one `isd_r_scp03` entry of the virtual eUICC's
/// platform file (card::load_platform_settings):
///   {"kvn": "30", "enc": "4041..4F", "mac": "5051..5F", "dek": "6061..6F"}
/// `kvn` is one byte of hex (01..7F, GPCS §11.1.8; SM-SR SCP03 keysets use 30..3F), the keys AES keys of one
/// length (16, 24 or 32 bytes), all four members required (PUT KEY needs the DEK). A whole platform file is
/// accepted too when its `isd_r_scp03` array holds exactly one keyset (its memory members are ignored), so
/// the card's own file can drive the host. Throws scp80::KeyFileError ("<source>: <member>: <reason>", the
/// keys files' shared error type) for text that is not a JSON object (only the byte position of a syntax
/// error is named), an unknown or missing member, a wrong type, bad hex, a KVN that is not one byte in
/// 01..7F, and keys of unusable or unequal lengths. Never holds a member's value; the JSON copies of the
/// members' text are wiped before it returns or throws.
scp03::StaticKeys parse_scp03_key_file(std::string_view json_text, std::string_view source = "SCP03 keys");

/// Reads and parses `path` (named in every message). Throws euicc::Error when the file cannot be read,
/// otherwise as parse_scp03_key_file. The file's text is wiped after parsing.
scp03::StaticKeys load_scp03_key_file(const std::filesystem::path& path);

} // namespace euicc::host
