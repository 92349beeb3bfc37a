// SPDX-License-Identifier: Apache-2.0
// RFC 4180 §2 CSV: a two-pass field scanner (extent first, then one allocation) so secret fields leave no copies.
#include <euicc/apdu/csv.hpp>

#include <openssl/crypto.h>

namespace euicc::csv {

CsvError::CsvError(std::size_t offset, std::size_t line, std::size_t field, const std::string& reason)
    : CodecError("CSV line " + std::to_string(line) + ", field " + std::to_string(field), offset, reason),
      m_line(line), m_field(field) {}

namespace {

constexpr char quote = '"';
constexpr char comma = ',';
constexpr char cr = '\r';
constexpr char lf = '\n';

class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    std::vector<Record> records() {
        std::vector<Record> out;
        while (m_at < m_text.size()) {
            m_field = 1;
            if (line_end_length(m_at) > 0) {
                skip_line_end(); // an empty line: no record
                continue;
            }
            Record record{m_line, {}};
            bool more = true;
            while (more) {
                const std::size_t field = record.fields.size() + 1;
                const bool is_quoted = m_at < m_text.size() && m_text[m_at] == quote;
                record.fields.push_back(is_quoted ? quoted(field) : unquoted(field));
                more = at_separator(record.fields.size());
            }
            out.push_back(std::move(record));
        }
        return out;
    }

private:
    /// 2 for CRLF, 1 for LF, 0 otherwise; a CR without LF is refused (RFC 4180 §2 rule 1 uses CRLF).
    std::size_t line_end_length(std::size_t at) const {
        if (at >= m_text.size()) {
            return 0;
        }
        if (m_text[at] == lf) {
            return 1;
        }
        if (m_text[at] == cr) {
            if (at + 1 < m_text.size() && m_text[at + 1] == lf) {
                return 2;
            }
            throw CsvError(at, m_line, m_field, "carriage return without line feed");
        }
        return 0;
    }

    void skip_line_end() {
        m_at += line_end_length(m_at);
        ++m_line;
    }

    /// After a field: true at ',' (consumed), false at a line end (consumed) or the end of the text.
    bool at_separator(std::size_t field) {
        m_field = field;
        if (m_at >= m_text.size()) {
            return false;
        }
        if (m_text[m_at] == comma) {
            ++m_at;
            // RFC 4180 §2 rule 4: a trailing ',' still separates: the record ends in an empty field.
            return true;
        }
        if (line_end_length(m_at) > 0) {
            skip_line_end();
            return false;
        }
        throw CsvError(m_at, m_line, field, "text after a closing quote");
    }

    std::string unquoted(std::size_t field) {
        m_field = field;
        const std::size_t start = m_at;
        while (m_at < m_text.size() && m_text[m_at] != comma && m_text[m_at] != lf && m_text[m_at] != cr) {
            if (m_text[m_at] == quote) {
                // RFC 4180 §2 rule 5: a field with quotes must be enclosed in quotes.
                throw CsvError(m_at, m_line, field, "quote inside an unquoted field");
            }
            ++m_at;
        }
        return std::string(m_text.substr(start, m_at - start));
    }

    std::string quoted(std::size_t field) {
        m_field = field;
        const std::size_t open_at = m_at;
        const std::size_t open_line = m_line;
        // First pass: find the closing quote and the unescaped length (rule 7: "" stands for one quote).
        std::size_t length = 0;
        std::size_t lines = 0;
        std::size_t at = open_at + 1;
        for (;;) {
            if (at >= m_text.size()) {
                throw CsvError(open_at, open_line, field, "quoted field is not closed");
            }
            if (m_text[at] == quote) {
                if (at + 1 < m_text.size() && m_text[at + 1] == quote) {
                    at += 2;
                    ++length;
                    continue;
                }
                break;
            }
            if (m_text[at] == lf) {
                ++lines;
            }
            ++at;
            ++length;
        }
        // Second pass: one allocation of the final size.
        std::string out;
        out.reserve(length);
        for (std::size_t i = open_at + 1; i < at; ++i) {
            out.push_back(m_text[i]);
            if (m_text[i] == quote) {
                ++i; // the second quote of ""
            }
        }
        m_at = at + 1;
        m_line += lines;
        return out;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
    std::size_t m_line = 1;
    std::size_t m_field = 1;
};

bool needs_quotes(std::string_view field) {
    return field.find_first_of("\",\r\n") != std::string_view::npos;
}

} // namespace

std::vector<Record> parse(std::string_view text) {
    return Scanner(text).records();
}

std::string encode_record(std::span<const std::string> fields) {
    std::string out;
    // A record of one empty field would be an empty line, which parse() skips.
    if (fields.size() == 1 && fields.front().empty()) {
        return "\"\"\r\n";
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out.push_back(comma);
        }
        const std::string& field = fields[i];
        if (!needs_quotes(field)) {
            out += field;
            continue;
        }
        out.push_back(quote);
        for (const char c : field) {
            if (c == quote) {
                out.push_back(quote);
            }
            out.push_back(c);
        }
        out.push_back(quote);
    }
    out += "\r\n";
    return out;
}

void wipe(std::vector<Record>& records) noexcept {
    for (Record& record : records) {
        for (std::string& field : record.fields) {
            OPENSSL_cleanse(field.data(), field.size());
        }
    }
    records.clear();
}

} // namespace euicc::csv
