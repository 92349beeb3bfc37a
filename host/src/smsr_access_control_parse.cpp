// SPDX-License-Identifier: Apache-2.0
// The access control table's configuration forms (host/docs/smsr_api.md §Access control): compact text
// "0.5:30m,0.6:40m" and JSON.
#include <algorithm>
#include <charconv>
#include <utility>

#include <euicc/error.hpp>
#include <euicc/host/smsr/access_control.hpp>

#include "smsr_access_control_json.hpp"
#include "smsr_access_control_rows.hpp"

namespace euicc::host::smsr {

namespace {

constexpr std::string_view context = "access control table";

/// A piece of the text with the offset of its first character.
struct Piece {
    std::string_view text;
    std::size_t offset;
};

Piece trimmed(std::string_view text, std::size_t offset) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
        ++offset;
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return {text, offset};
}

[[noreturn]] void fail(std::size_t offset, const std::string& reason) {
    throw CodecError(std::string(context), offset, reason);
}

/// "0.5" or "50%".
double parse_load(Piece piece) {
    const bool percent = !piece.text.empty() && piece.text.back() == '%';
    const std::string_view number = percent ? piece.text.substr(0, piece.text.size() - 1) : piece.text;
    double value = 0.0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || error != std::errc{} || end != number.data() + number.size()) {
        fail(piece.offset, "expected a load like 0.5 or 50%");
    }
    return percent ? value / 100.0 : value;
}

std::chrono::seconds parse_backoff(Piece piece) {
    try {
        return parse_duration(piece.text);
    } catch (const CodecError& error) {
        fail(piece.offset + error.offset(), error.reason());
    }
}

} // namespace

LoadAccessTable LoadAccessTable::parse_text(std::string_view text) {
    Piece rest = trimmed(text, 0);
    AccessControlKind kind = AccessControlKind::BackoffTimer;
    for (const auto& [prefix, value] :
         {std::pair{std::string_view("backoff/"), AccessControlKind::BackoffTimer},
          std::pair{std::string_view("window/"), AccessControlKind::TimeWindow}}) {
        if (rest.text.substr(0, prefix.size()) == prefix) {
            kind = value;
            rest = trimmed(rest.text.substr(prefix.size()), rest.offset + prefix.size());
            break;
        }
    }
    std::vector<LoadThreshold> rows;
    while (true) {
        const std::size_t comma = std::min(rest.text.find(','), rest.text.size());
        const Piece row = trimmed(rest.text.substr(0, comma), rest.offset);
        const std::size_t colon = row.text.find(':');
        if (colon == std::string_view::npos) {
            fail(row.offset, "expected a row load:duration, e.g. 0.5:30m");
        }
        rows.push_back({parse_load(trimmed(row.text.substr(0, colon), row.offset)),
                        parse_backoff(trimmed(row.text.substr(colon + 1), row.offset + colon + 1))});
        if (const auto problem = detail::row_problem(rows, rows.size() - 1)) {
            fail(row.offset, *problem);
        }
        if (comma == rest.text.size()) {
            break;
        }
        rest = Piece{rest.text.substr(comma + 1), rest.offset + comma + 1};
    }
    return LoadAccessTable(std::move(rows), kind);
}

LoadAccessTable LoadAccessTable::parse_json(std::string_view json) {
    const nlohmann::json document = detail::ConfigNode::parse(json, context);
    const detail::ConfigNode root(document, "", context);
    root.only({"mode", "table"});
    AccessControlKind kind = AccessControlKind::BackoffTimer;
    if (const auto mode = root.find("mode")) {
        if (mode->string() == "window") {
            kind = AccessControlKind::TimeWindow;
        } else if (mode->string() != "backoff") {
            mode->fail("must be backoff or window");
        }
    }
    const detail::ConfigNode table = root.member("table");
    const std::size_t n = table.array_size();
    if (n == 0) {
        table.fail("needs at least one row");
    }
    std::vector<LoadThreshold> rows;
    for (std::size_t i = 0; i < n; ++i) {
        const detail::ConfigNode row = table.at(i);
        row.only({"load", "backoff"});
        rows.push_back({row.member("load").number(), row.member("backoff").duration()});
        if (const auto problem = detail::row_problem(rows, i)) {
            row.fail(*problem);
        }
    }
    return LoadAccessTable(std::move(rows), kind);
}

LoadAccessTable LoadAccessTable::parse(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && text[first] == '{' ? parse_json(text) : parse_text(text);
}

} // namespace euicc::host::smsr
