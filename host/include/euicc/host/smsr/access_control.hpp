// SPDX-License-Identifier: Apache-2.0
// The SM-SR push module's access control from load (design.md §4; host/docs/smsr_api.md §Access control): a
// configurable table load fraction -> back-off or time window, put into the trigger's E1 extension
// (applet_spec/trigger.md).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/trigger.hpp>

namespace euicc::host::smsr {

/// One row of the table: from this load on, the card backs off up to `backoff`.
struct LoadThreshold {
    double load = 0.0; ///< fraction of capacity in use, in (0, 1]
    std::chrono::seconds backoff{0};

    friend bool operator==(const LoadThreshold&, const LoadThreshold&) = default;
};

/// What the rows put into the trigger: BackoffTimer (the card waits random[0,1] x value, then connects) or
/// TimeWindow (the card connects at a random point of [now, now + value]).
enum class AccessControlKind : std::uint8_t { BackoffTimer, TimeWindow };

/// The patent's table, e.g. 50 % -> 30 min, 60 % -> 40 min: at a load of 55 % a card backs off up to 30 min,
/// at 60 % and above up to 40 min, below 50 % not at all.
class LoadAccessTable {
public:
    /// An empty table: never any access control.
    LoadAccessTable() = default;
    /// Throws std::invalid_argument unless the thresholds strictly increase within (0, 1] and the durations
    /// do not decrease, each within 1 s .. 4294967295 s (the trigger's coding).
    explicit LoadAccessTable(std::vector<LoadThreshold> rows,
                             AccessControlKind kind = AccessControlKind::BackoffTimer);

    /// Compact text, e.g. "0.5:30m,0.6:40m" or "window/50%:30m,60%:40m":
    ///   table := [ ("backoff" | "window") "/" ] row { "," row }     (spaces around tokens allowed)
    ///   row   := load ":" duration;  load := fraction ("0.5") | percent ("50%")
    /// duration as parse_duration. Throws CodecError("access control table", character offset).
    static LoadAccessTable parse_text(std::string_view text);
    /// JSON: {"mode": "backoff" | "window" (optional, default backoff),
    ///        "table": [{"load": 0.5, "backoff": "30m" | 1800}, ...]}.
    /// Throws smsr_api::DocumentError (a CodecError; context "access control table") naming the bad member.
    static LoadAccessTable parse_json(std::string_view json);
    /// parse_json for text starting with '{', else parse_text.
    static LoadAccessTable parse(std::string_view text);

    /// nullopt below the first threshold (no back-off), else the access control of the highest row whose
    /// threshold the load reaches. Loads over 1 use the last row. Throws std::invalid_argument for a negative
    /// or NaN load.
    std::optional<trigger::AccessControl> access_control_for(double load) const;
    /// Load = in_flight / capacity. Throws std::invalid_argument for capacity 0.
    std::optional<trigger::AccessControl> access_control_for(std::size_t in_flight,
                                                             std::size_t capacity) const;

    const std::vector<LoadThreshold>& rows() const noexcept { return m_rows; }
    AccessControlKind kind() const noexcept { return m_kind; }
    /// The compact text form (parse_text(to_text()) == *this).
    std::string to_text() const;

    friend bool operator==(const LoadAccessTable&, const LoadAccessTable&) = default;

private:
    std::vector<LoadThreshold> m_rows;
    AccessControlKind m_kind = AccessControlKind::BackoffTimer;
};

/// A duration as configuration writes it: an integer with an optional unit s, m, h or d ("90", "90s", "30m",
/// "2h", "1d"); no unit = seconds. Throws CodecError("duration", character offset) otherwise or past
/// 4294967295 s.
std::chrono::seconds parse_duration(std::string_view text);
/// The largest whole unit that divides it: 1800 s -> "30m", 90 s -> "90s".
std::string format_duration(std::chrono::seconds value);

} // namespace euicc::host::smsr
