// SPDX-License-Identifier: Apache-2.0
// Helpers for the SM-SR inventory tests: fixed master keys, lab card records, raw file contents.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/eid.hpp>
#include <euicc/host/smsr/inventory_sqlite.hpp>

#include "support/temp_dir.hpp"

namespace euicc::host::smsr::test {

inline const std::string card_a = "89049032123451234512345678901235"; // the virtual eUICC's default EID
inline const std::string card_b = "89049032123451234512345678909965";
inline const std::string card_c = "89049032123451234512345678910062";

/// A master key of 32 bytes `fill` (tests only: real keys come from InventoryMasterKey::generate).
inline InventoryMasterKey master_key(std::uint8_t fill = 0xA5) {
    return InventoryMasterKey(SecretBytes(Bytes(InventoryMasterKey::size, fill)));
}

/// A card with the lab keysets, the standard ISD-R, SM-SR "euicc-host" and an IMSI/MSISDN pair.
inline CardRecord lab_card(const std::string& eid, const std::string& imsi, const std::string& msisdn) {
    CardRecord record;
    record.card.eid = eid;
    record.card.isd_r_aid = Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end());
    record.card.smsr_id = "euicc-host";
    record.card.identities = {make_identity(IdentityType::Imsi, imsi), make_identity(IdentityType::Msisdn, msisdn)};
    record.keysets = lab_card_keysets();
    return record;
}

/// An SQLite inventory file in a fresh temporary directory.
struct InventoryFile {
    euicc::test::TempDir dir;
    std::filesystem::path path;

    InventoryFile() : path(dir.path() / "inventory.db") { std::filesystem::create_directories(dir.path()); }
    SqliteInventory open(std::uint8_t key_fill = 0xA5) const { return SqliteInventory(path, master_key(key_fill)); }
};

inline std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline bool contains(const std::string& haystack, ByteView needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                       [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; }) != haystack.end();
}

inline bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace euicc::host::smsr::test
