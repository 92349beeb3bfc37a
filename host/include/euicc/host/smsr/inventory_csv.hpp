// SPDX-License-Identifier: Apache-2.0
// EIS import from a manufacturer's CSV file (RFC 4180 with a header row; columns in host/docs/smsr_inventory.md).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/host/smsr/inventory.hpp>

namespace euicc::host::smsr {

/// The column names an EIS CSV header may use, in documentation order: eid, isd_r_aid, tar, smsr_id, imsi,
/// msisdn, impu, impi, scp80_kvn, scp80_kic, scp80_kid, scp81_kvn, scp81_psk, scp81_dek, scp03_kvn, scp03_enc,
/// scp03_mac, scp03_dek.
std::span<const std::string_view> eis_csv_columns() noexcept;

struct EisCsvOptions {
    std::string source = "EIS CSV";  ///< names the input in messages (the file name)
    std::string default_smsr_id;     ///< SM-SR in charge for rows without smsr_id (empty: smsr_id required)
};

/// A CSV line the importer refuses. what() is "<source>: line L, column C: reason" (column omitted when the
/// fault is the row as a whole). Never holds the value of a key column.
class EisCsvError : public InventoryError {
public:
    EisCsvError(const std::string& source, std::size_t line, std::string column, const std::string& reason);
    std::size_t line() const noexcept { return m_line; }
    /// The column's header name; "field N" when the header has no column N; empty for the whole row.
    const std::string& column() const noexcept { return m_column; }

private:
    std::size_t m_line;
    std::string m_column;
};

/// Reads the card records of an EIS CSV text: a header row naming the columns (any order, case-insensitive,
/// unknown or repeated names refused, `eid` required), then one card per row. Every value is checked as the
/// inventory checks it; KVNs are hex (GP's notation: SCP80 "1", SCP81 "40"), keys and AIDs hex, identity and
/// key columns may be empty. Within a keyset, all key columns and the KVN are given or none (SCP81's DEK may
/// be left out). An EID or identity repeated in the file is refused at its second line. A UTF-8 BOM before
/// the header is skipped. Throws EisCsvError (line and column) for anything else, including CSV syntax.
std::vector<CardRecord> parse_eis_csv(std::string_view text, const EisCsvOptions& options = {});

/// parse_eis_csv() then Inventory::add_cards(): the whole file or nothing. A card or identity the inventory
/// already holds is reported as EisCsvError at its line. Returns the number of cards added.
std::size_t import_eis_csv(Inventory& inventory, std::string_view text, const EisCsvOptions& options = {});

/// Reads `path` and imports it (`options.source` defaults to the path). The text is wiped afterwards: it
/// holds keys. Throws euicc::Error when the file cannot be read, otherwise as import_eis_csv().
std::size_t import_eis_csv_file(Inventory& inventory, const std::filesystem::path& path, EisCsvOptions options = {});

} // namespace euicc::host::smsr
