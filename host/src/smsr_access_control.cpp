// SPDX-License-Identifier: Apache-2.0
// Access control from load (design.md §4, the patent's table load% -> back-off; host/docs/smsr_api.md §Access
// control): row rules, the lookup, durations.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <euicc/error.hpp>
#include <euicc/host/smsr/access_control.hpp>

#include "smsr_access_control_rows.hpp"

namespace euicc::host::smsr {

namespace {

constexpr std::int64_t max_seconds = 0xFFFFFFFF; // the trigger's 4-byte access control value

struct Unit {
    char suffix;
    std::int64_t seconds;
};
/// Largest first: format_duration picks the first that divides.
constexpr std::array<Unit, 4> units{{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

} // namespace

namespace detail {

std::optional<std::string> row_problem(const std::vector<LoadThreshold>& rows, std::size_t index) {
    const LoadThreshold& row = rows[index];
    if (!(row.load > 0.0 && row.load <= 1.0)) {
        return "load must be in (0, 1]";
    }
    if (row.backoff.count() < 1 || row.backoff.count() > max_seconds) {
        return "back-off must be 1 s to 4294967295 s";
    }
    if (index > 0 && row.load <= rows[index - 1].load) {
        return "loads must increase from row to row";
    }
    if (index > 0 && row.backoff < rows[index - 1].backoff) {
        return "back-offs must not decrease from row to row";
    }
    return std::nullopt;
}

} // namespace detail

LoadAccessTable::LoadAccessTable(std::vector<LoadThreshold> rows, AccessControlKind kind)
    : m_rows(std::move(rows)), m_kind(kind) {
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (const auto problem = detail::row_problem(m_rows, i)) {
            throw std::invalid_argument("access control table row " + std::to_string(i) + ": " + *problem);
        }
    }
    if (kind != AccessControlKind::BackoffTimer && kind != AccessControlKind::TimeWindow) {
        throw std::invalid_argument("access control table: unknown kind");
    }
}

std::optional<trigger::AccessControl> LoadAccessTable::access_control_for(double load) const {
    if (!(load >= 0.0)) {
        throw std::invalid_argument("access control: load must be a non-negative number");
    }
    // The highest row whose threshold the load reaches (rows ascend strictly).
    const auto above =
        std::upper_bound(m_rows.begin(), m_rows.end(), load,
                         [](double value, const LoadThreshold& row) { return value < row.load; });
    if (above == m_rows.begin()) {
        return std::nullopt;
    }
    const std::chrono::seconds value = std::prev(above)->backoff;
    if (m_kind == AccessControlKind::TimeWindow) {
        return trigger::AccessControl{trigger::TimeWindow{value}};
    }
    return trigger::AccessControl{trigger::BackoffTimer{value}};
}

std::optional<trigger::AccessControl> LoadAccessTable::access_control_for(std::size_t in_flight,
                                                                          std::size_t capacity) const {
    if (capacity == 0) {
        throw std::invalid_argument("access control: capacity must not be 0");
    }
    return access_control_for(static_cast<double>(in_flight) / static_cast<double>(capacity));
}

std::string LoadAccessTable::to_text() const {
    std::string out = m_kind == AccessControlKind::TimeWindow ? "window/" : "";
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        // Shortest text that reads back as the same double (std::to_chars without precision).
        std::array<char, 32> load{};
        const auto written = std::to_chars(load.data(), load.data() + load.size(), m_rows[i].load);
        out += (i == 0 ? "" : ",") + std::string(load.data(), written.ptr) + ":" +
               format_duration(m_rows[i].backoff);
    }
    return out;
}

std::chrono::seconds parse_duration(std::string_view text) {
    std::size_t digits = 0;
    std::int64_t value = 0;
    for (; digits < text.size() && text[digits] >= '0' && text[digits] <= '9'; ++digits) {
        value = value * 10 + (text[digits] - '0');
        if (value > max_seconds) {
            throw CodecError("duration", digits, "over 4294967295 seconds");
        }
    }
    if (digits == 0) {
        throw CodecError("duration", 0, "expected a number of seconds, or a number with unit s, m, h or d");
    }
    std::int64_t unit = 1;
    if (digits < text.size()) {
        const auto found =
            std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.suffix == text[digits]; });
        if (found == units.end() || digits + 1 != text.size()) {
            throw CodecError("duration", digits, "expected the unit s, m, h or d at the end");
        }
        unit = found->seconds;
    }
    if (value > max_seconds / unit) {
        throw CodecError("duration", 0, "over 4294967295 seconds");
    }
    return std::chrono::seconds{value * unit};
}

std::string format_duration(std::chrono::seconds value) {
    const std::int64_t s = value.count();
    for (const Unit& unit : units) {
        if (s != 0 && s % unit.seconds == 0) {
            return std::to_string(s / unit.seconds) + unit.suffix;
        }
    }
    return std::to_string(s) + "s";
}

} // namespace euicc::host::smsr
