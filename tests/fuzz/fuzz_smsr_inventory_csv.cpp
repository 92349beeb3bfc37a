// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: csv::parse (RFC 4180 §2), the reader under the SM-SR's EIS import; records re-encode to
// the same fields.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <euicc/apdu/csv.hpp>
#include <euicc/error.hpp>

#include "fuzz_property.hpp"

using euicc::fuzz::require;
namespace csv = euicc::csv;

// Input: the CSV text. Properties: only euicc::Error (CsvError) escapes; every record has a field and starts on
// a later line than the one before; encoding the records and parsing the result gives the same fields back.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<csv::Record> records;
    try {
        records = csv::parse(text);
    } catch (const csv::CsvError& e) {
        require(e.line() >= 1 && e.field() >= 1 && e.offset() <= size);
        return 0;
    }
    std::string encoded;
    std::size_t previous_line = 0;
    for (const csv::Record& record : records) {
        require(!record.fields.empty());
        require(record.line > previous_line);
        previous_line = record.line;
        encoded += csv::encode_record(record.fields);
    }
    const std::vector<csv::Record> again = csv::parse(encoded);
    require(again.size() == records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        require(again[i].fields == records[i].fields);
    }
    return 0;
}
