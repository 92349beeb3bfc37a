// SPDX-License-Identifier: Apache-2.0
// EIS CSV import (host/docs/smsr_inventory.md "CSV import"): header-named columns to card records, whole file or nothing.
#include <euicc/host/smsr/inventory_csv.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/csv.hpp>
#include <euicc/apdu/eid.hpp>

#include "smsr_inventory_secrets.hpp"

namespace euicc::host::smsr {

namespace {

constexpr std::array<std::string_view, 18> columns{
    "eid",       "isd_r_aid", "tar",       "smsr_id",   "imsi",      "msisdn",    "impu",      "impi",      "scp80_kvn",
    "scp80_kic", "scp80_kid", "scp81_kvn", "scp81_psk", "scp81_dek", "scp03_kvn", "scp03_enc", "scp03_mac", "scp03_dek"};
constexpr std::array identity_columns{IdentityType::Imsi, IdentityType::Msisdn, IdentityType::Impu, IdentityType::Impi};
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view blanks = " \t";

std::string_view trimmed(std::string_view text) {
    const std::size_t first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

/// A header cell is named in messages only when it cannot be key material: hex keys use 0-9 a-f alone, so a
/// name with another letter or '_' is safe to repeat (a headerless file would otherwise echo its first row).
bool safe_to_name(std::string_view name) {
    const bool word = name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                      });
    return word && name.find_first_of("ghijklmnopqrstuvwxyz_") != std::string_view::npos;
}

/// One data row being read: its fields by column name, and where errors point.
class Row {
public:
    Row(const std::string& source, const csv::Record& record, const std::map<std::string, std::size_t>& header)
        : m_source(source), m_record(record), m_header(header) {}

    /// The trimmed value of `column`, empty when the header lacks it.
    std::string_view get(std::string_view column) const {
        const auto it = m_header.find(std::string(column));
        return it == m_header.end() ? std::string_view{} : trimmed(m_record.fields[it->second]);
    }

    [[noreturn]] void fail(std::string column, const std::string& reason) const {
        throw EisCsvError(m_source, m_record.line, std::move(column), reason);
    }

    std::size_t line() const noexcept { return m_record.line; }

    /// Hex bytes of a non-secret column (AIDs, TAR) with a size check.
    Bytes hex(std::string_view column, std::size_t min, std::size_t max) const {
        Bytes out;
        try {
            out = from_hex(get(column));
        } catch (const CodecError& e) {
            fail(std::string(column), "not hex (" + e.reason() + ")");
        }
        if (out.size() < min || out.size() > max) {
            fail(std::string(column), std::to_string(out.size()) + " bytes, expected " +
                                          (min == max ? std::to_string(min)
                                                      : std::to_string(min) + ".." + std::to_string(max)));
        }
        return out;
    }

    /// A key column: hex of a size `fits` accepts (`expected` says which). Messages name the fault, never the
    /// value.
    SecretBytes key(std::string_view column, bool (*fits)(std::size_t), std::string_view expected) const {
        const std::string_view text = get(column);
        if (text.empty()) {
            fail(std::string(column), "missing (the keyset's other columns are given)");
        }
        SecretBytes out;
        try {
            out = detail::secret_from_hex(text);
        } catch (const std::invalid_argument& e) {
            fail(std::string(column), std::string("not hex (") + e.what() + ")");
        }
        if (!fits(out.size())) {
            fail(std::string(column),
                 "a key of " + std::to_string(out.size()) + " bytes, expected " + std::string(expected));
        }
        return out;
    }

    /// Key version number: 1 or 2 hex digits, GP's own notation ("1", "40").
    std::uint8_t kvn(std::string_view column) const {
        const std::string_view text = get(column);
        if (text.empty() || text.size() > 2 ||
            !std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
            fail(std::string(column), "expected a key version number of 1 or 2 hex digits (\"1\", \"40\")");
        }
        return static_cast<std::uint8_t>(std::stoul(std::string(text), nullptr, 16));
    }

    /// True when any of the keyset's columns holds a value.
    bool any(std::initializer_list<std::string_view> group) const {
        return std::any_of(group.begin(), group.end(), [this](std::string_view c) { return !get(c).empty(); });
    }

private:
    const std::string& m_source;
    const csv::Record& m_record;
    const std::map<std::string, std::size_t>& m_header;
};

std::map<std::string, std::size_t> read_header(const std::string& source, const csv::Record& record) {
    std::map<std::string, std::size_t> header;
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        std::string name(trimmed(record.fields[i]));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
        const std::string position = "field " + std::to_string(i + 1);
        if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
            throw EisCsvError(source, record.line, position,
                              (safe_to_name(name) ? "unknown column \"" + name + "\"" : std::string("unknown column")) +
                                  " (see host/docs/smsr_inventory.md for the accepted names)");
        }
        if (!header.emplace(name, i).second) {
            throw EisCsvError(source, record.line, position, "column \"" + name + "\" named twice");
        }
    }
    if (!header.contains("eid")) {
        throw EisCsvError(source, record.line, "", "the header has no eid column");
    }
    return header;
}

/// Runs a record-level check and reports its std::invalid_argument at `column` of the row.
template <typename Check>
void checked(const Row& row, std::string column, Check&& check) {
    try {
        check();
    } catch (const std::invalid_argument& e) {
        row.fail(std::move(column), e.what());
    }
}

bool cipher_key(std::size_t n) {
    return n == 8 || n == 16 || n == 24 || n == 32; // DES, 3DES (2 or 3 keys), AES-128/192/256
}
bool aes_key(std::size_t n) {
    return n == 16 || n == 24 || n == 32;
}
bool tls_psk(std::size_t n) {
    return n >= 16 && n <= 64; // Scp81Keyset::validate: RFC 4279 §5.3 asks for at least 128 bits
}

void read_keysets(const Row& row, std::vector<CardKeyset>& out) {
    if (row.any({"scp80_kvn", "scp80_kic", "scp80_kid"})) {
        scp80::Keyset keys;
        keys.kvn = row.kvn("scp80_kvn");
        keys.kic_key = row.key("scp80_kic", cipher_key, "8, 16, 24 or 32");
        keys.kid_key = row.key("scp80_kid", cipher_key, "8, 16, 24 or 32");
        out.emplace_back(std::move(keys));
    }
    if (row.any({"scp81_kvn", "scp81_psk", "scp81_dek"})) {
        Scp81Keyset keys;
        keys.kvn = row.kvn("scp81_kvn");
        keys.psk = row.key("scp81_psk", tls_psk, "16..64");
        if (!row.get("scp81_dek").empty()) {
            keys.dek = row.key("scp81_dek", aes_key, "16, 24 or 32");
        }
        out.emplace_back(std::move(keys));
    }
    if (row.any({"scp03_kvn", "scp03_enc", "scp03_mac", "scp03_dek"})) {
        scp03::StaticKeys keys;
        keys.kvn = row.kvn("scp03_kvn");
        keys.enc = row.key("scp03_enc", aes_key, "16, 24 or 32");
        keys.mac = row.key("scp03_mac", aes_key, "16, 24 or 32");
        keys.dek = row.key("scp03_dek", aes_key, "16, 24 or 32");
        out.emplace_back(std::move(keys));
    }
    for (const CardKeyset& keyset : out) {
        // KVN ranges and cross-key rules (SCP03 keys of one length); the texts name no key bytes.
        checked(row, std::string(to_string(kind_of(keyset))) + "_kvn", [&] { validate(keyset); });
    }
}

CardRecord read_card(const Row& row, const EisCsvOptions& options) {
    CardRecord record;
    CardInfo& card = record.card;
    card.eid = std::string(row.get("eid"));
    if (!apdu::eid_is_valid(card.eid)) {
        // Not echoed: a shifted row could put a 16-byte key (32 hex digits) here.
        row.fail("eid", "not a valid EID (expected 32 digits with check digits mod 97)");
    }
    card.isd_r_aid = row.get("isd_r_aid").empty() ? Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end())
                                                  : row.hex("isd_r_aid", 5, 16);
    if (!row.get("tar").empty()) {
        const Bytes tar = row.hex("tar", 3, 3);
        std::copy(tar.begin(), tar.end(), card.isd_r_tar.bytes.begin());
    }
    card.smsr_id = row.get("smsr_id").empty() ? options.default_smsr_id : std::string(row.get("smsr_id"));
    if (card.smsr_id.empty()) {
        row.fail("smsr_id", "no SM-SR in charge (the column is empty and the import names no default)");
    }
    checked(row, "smsr_id", [&] { validate_smsr_id(card.smsr_id); });
    for (const IdentityType type : identity_columns) {
        const std::string_view value = row.get(to_string(type));
        if (value.empty()) {
            continue;
        }
        try {
            card.identities.push_back(make_identity(type, value));
        } catch (const std::invalid_argument&) {
            // The value is not repeated, for the same reason as the EID's.
            row.fail(std::string(to_string(type)),
                     "not a valid " + std::string(display_name(type)) + " (expected " + std::string(identity_form(type)) + ")");
        }
    }
    read_keysets(row, record.keysets);
    checked(row, "", [&] { record.validate(); });
    return record;
}

/// Parses and remembers the line of each card (for errors the inventory reports by record index).
struct ParsedFile {
    std::vector<CardRecord> cards;
    std::vector<std::size_t> lines;
};

ParsedFile parse_file(std::string_view text, const EisCsvOptions& options) {
    if (text.starts_with(utf8_bom)) {
        text.remove_prefix(utf8_bom.size());
    }
    std::vector<csv::Record> records;
    struct Wipe {
        std::vector<csv::Record>& records;
        ~Wipe() { csv::wipe(records); }
    } wipe{records};
    try {
        records = csv::parse(text);
    } catch (const csv::CsvError& e) {
        throw EisCsvError(options.source, e.line(), "field " + std::to_string(e.field()), e.reason());
    }
    if (records.empty()) {
        throw EisCsvError(options.source, 1, "", "no header row");
    }
    const auto header = read_header(options.source, records.front());
    ParsedFile out;
    std::map<std::string, std::size_t> eid_lines;
    std::map<std::pair<IdentityType, std::string>, std::size_t> identity_lines;
    for (std::size_t i = 1; i < records.size(); ++i) {
        const csv::Record& record = records[i];
        const Row row(options.source, record, header);
        if (record.fields.size() != records.front().fields.size()) {
            row.fail("", std::to_string(record.fields.size()) + " fields, the header has " +
                             std::to_string(records.front().fields.size()));
        }
        CardRecord card = read_card(row, options);
        if (const auto [it, added] = eid_lines.emplace(card.card.eid, row.line()); !added) {
            row.fail("eid", "EID " + card.card.eid + " repeats line " + std::to_string(it->second));
        }
        for (const Identity& identity : card.card.identities) {
            if (const auto [it, added] = identity_lines.emplace(std::pair{identity.type, identity.value}, row.line());
                !added) {
                row.fail(std::string(to_string(identity.type)),
                         describe(identity) + " repeats line " + std::to_string(it->second));
            }
        }
        out.cards.push_back(std::move(card));
        out.lines.push_back(row.line());
    }
    return out;
}

} // namespace

EisCsvError::EisCsvError(const std::string& source, std::size_t line, std::string column, const std::string& reason)
    : InventoryError(source + ": line " + std::to_string(line) + (column.empty() ? "" : ", column " + column) + ": " +
                     reason),
      m_line(line), m_column(std::move(column)) {}

std::span<const std::string_view> eis_csv_columns() noexcept {
    return columns;
}

std::vector<CardRecord> parse_eis_csv(std::string_view text, const EisCsvOptions& options) {
    return parse_file(text, options).cards;
}

std::size_t import_eis_csv(Inventory& inventory, std::string_view text, const EisCsvOptions& options) {
    const ParsedFile file = parse_file(text, options);
    try {
        inventory.add_cards(file.cards);
    } catch (const InventoryConflictError& e) {
        if (!e.record() || *e.record() >= file.lines.size()) {
            throw;
        }
        throw EisCsvError(options.source, file.lines[*e.record()], e.field(), e.what());
    }
    return file.cards.size();
}

std::size_t import_eis_csv_file(Inventory& inventory, const std::filesystem::path& path, EisCsvOptions options) {
    if (options.source == EisCsvOptions{}.source) {
        options.source = path.string();
    }
    const detail::SecretText text(path, "EIS CSV");
    return import_eis_csv(inventory, text.view(), options);
}

} // namespace euicc::host::smsr
