// SPDX-License-Identifier: Apache-2.0
// Comma-separated values (RFC 4180 §2): records of fields, quoted fields with "" escapes, CRLF or LF line ends.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/error.hpp>

namespace euicc::csv {

/// One record (one row) of a CSV text.
struct Record {
    std::size_t line = 0; ///< 1-based line on which the record starts
    std::vector<std::string> fields;

    friend bool operator==(const Record&, const Record&) = default;
};

/// Malformed CSV: a CodecError whose context is "CSV line L, field F" (1-based line and field of the fault),
/// with the byte offset and the bare reason. The text never quotes the input, which may hold keys.
class CsvError : public CodecError {
public:
    CsvError(std::size_t offset, std::size_t line, std::size_t field, const std::string& reason);
    std::size_t line() const noexcept { return m_line; }
    std::size_t field() const noexcept { return m_field; }

private:
    std::size_t m_line;
    std::size_t m_field;
};

/// Splits `text` into records (RFC 4180 §2). Fields are separated by ',' and records by CRLF or LF (LF alone
/// is what Unix tools write; a CR anywhere else outside quotes is refused); the last record may lack a line
/// end. A field in double quotes may hold ',', CR, LF and "" (one '"'); nothing may follow its closing quote
/// but a separator or a line end. An empty line is no record (RFC 4180 would read one empty field; files end
/// with blank lines): a single empty field is written "". Records may differ in length (the caller checks
/// against its header). No trimming, no BOM handling, any byte is data. Each field is allocated once at its
/// final size, so no stale copy of its text is left behind by growth: a caller holding keys in a CSV can wipe
/// every copy with wipe(). Throws CsvError for a '"' inside an unquoted field, text after a closing quote, a
/// quoted field that is never closed (named by its opening line) and a bare CR.
std::vector<Record> parse(std::string_view text);

/// One record as a CSV line ending in CRLF, quoting the fields that need it (',', '"', CR or LF inside, or a
/// lone empty field) so that parse() gives `fields` back.
std::string encode_record(std::span<const std::string> fields);

/// Overwrites every field's characters (OPENSSL_cleanse) and clears `records`.
void wipe(std::vector<Record>& records) noexcept;

} // namespace euicc::csv
