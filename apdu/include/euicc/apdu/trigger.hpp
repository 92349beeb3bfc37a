// SPDX-License-Identifier: Apache-2.0
// The SM-SR trigger message: GP Amd B administration-session triggering parameters (tag 81, Table 3-3)
// plus the euicc-host extension (tag E1) carrying operation type, management mode, SM-SR identity and
// access control. Layout and rationale: applet_spec/trigger.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>

namespace euicc::trigger {

/// GP Amd B §3.8.2 security parameters (tag 85): PSK identity and the key reference of the PSK.
struct SecurityParameters {
    Bytes psk_identity;
    std::uint8_t kvn = 0;
    std::uint8_t kid = 0;
    Bytes trailing;  ///< bytes after the key reference (hash type etc., UNCONFIRMED in public sources), kept as is

    friend bool operator==(const SecurityParameters&, const SecurityParameters&) = default;
};

/// GP Amd B §3.8.3 retry policy (tag 86): retry counter, waiting delay (CAT timer value A5 03 hh mm ss),
/// and the report-failure part kept raw.
struct RetryPolicy {
    std::uint16_t retry_counter = 0;
    std::optional<std::chrono::seconds> waiting_delay;
    bool delay_tag_cr = true;  ///< the delay's timer-value tag was A5 (CR set, njiwa) rather than 25
    Bytes report_failure;

    friend bool operator==(const RetryPolicy&, const RetryPolicy&) = default;
};

/// GP Amd B §3.8.4-3.8.6 HTTP POST parameters (tag 89).
struct HttpPostParameters {
    std::optional<std::string> host;      ///< 8A: value of "Host:"
    std::optional<std::string> agent_id;  ///< 8B: value of "X-Admin-From:"
    std::optional<std::string> uri;       ///< 8C: request-URI of the first POST

    friend bool operator==(const HttpPostParameters&, const HttpPostParameters&) = default;
};

/// Tag 83: security-domain administration session parameters. Absent elements mean "use the values stored
/// in the security domain". Unknown elements are kept (and ignored by a card).
struct AdminSessionParameters {
    std::optional<std::vector<ctlv::Tlv>> connection;  ///< 84: CAT OPEN CHANNEL objects (35, 39, 3C, 3E, 47, 0D)
    std::optional<SecurityParameters> security;        ///< 85
    std::optional<RetryPolicy> retry;                  ///< 86
    std::optional<HttpPostParameters> http_post;       ///< 89
    std::vector<ber::Tlv> unknown;

    friend bool operator==(const AdminSessionParameters&, const AdminSessionParameters&) = default;
};

/// The management operation the SM-SR wants to run in the triggered session (the patent's "operation type").
enum class OperationType : std::uint8_t {
    ProfileDownload = 0x01,
    ProfileInstallation = 0x02,
    ProfileDeletion = 0x03,
    Enabling = 0x04,
    Disabling = 0x05,
    StatusChange = 0x06,
    SmSrChange = 0x07,
};

/// Push: the SM-SR triggered the card. Pull: the card starts a session on its own.
enum class ManagementMode : std::uint8_t { Push = 0x01, Pull = 0x02 };

/// The card waits random[0,1] x `value` before it connects.
struct BackoffTimer {
    std::chrono::seconds value{0};
    friend bool operator==(const BackoffTimer&, const BackoffTimer&) = default;
};
/// The card connects at a random point of the window [now, now + length].
struct TimeWindow {
    std::chrono::seconds length{0};
    friend bool operator==(const TimeWindow&, const TimeWindow&) = default;
};
/// The card connects at this time (the SM-SR chose it for the card).
struct AbsoluteTime {
    std::chrono::sys_seconds at{};
    friend bool operator==(const AbsoluteTime&, const AbsoluteTime&) = default;
};
using AccessControl = std::variant<BackoffTimer, TimeWindow, AbsoluteTime>;

/// Tag E1: the euicc-host extension. Cards that do not know it ignore it and act on tag 83 alone.
struct Extension {
    OperationType operation = OperationType::ProfileDownload;
    ManagementMode mode = ManagementMode::Push;
    std::string smsr_id;       ///< SM-SR identifier (e.g. its OID or name)
    std::string smsr_address;  ///< SM-SR address (e.g. "host:port" or an https URI)
    std::optional<AccessControl> access_control;
    Bytes request_id;          ///< opaque correlation id of the SM-SR's request/job (may be empty)

    friend bool operator==(const Extension&, const Extension&) = default;
};

/// The whole trigger: the secured data of the SCP80 packet sent to the ISD-R TAR (spec/scp81.md §2.1).
struct Trigger {
    std::optional<AdminSessionParameters> session;  ///< 83; absent = `81 00`-style "stored defaults"
    std::optional<Extension> extension;             ///< E1
    std::vector<ber::Tlv> unknown;                  ///< other elements inside 81, kept

    friend bool operator==(const Trigger&, const Trigger&) = default;
};

inline constexpr ber::Tag tag_trigger = 0x81;
inline constexpr ber::Tag tag_extension = 0xE1;

/// DER encoding of `81 L { [83 ...] [E1 ...] [unknown...] }`. Throws std::invalid_argument for values that
/// cannot be coded (e.g. a waiting delay over 99:59:59, access control beyond 2^32-1 s).
Bytes encode(const Trigger& trigger);
/// Parses exactly one `81` TLV. Throws CodecError("trigger", offset) on malformed input, unknown
/// operation/mode values inside E1, or a malformed known element.
Trigger decode(ByteView data);
/// What a card that does not know the extension acts on: the trigger with E1 dropped.
Trigger standard_part(const Trigger& trigger);

/// The access time point of the patent: `r` in [0,1] (from the card's RNG) x the access control value,
/// relative to `now`. For AbsoluteTime the time itself (or `now` if it has passed). Throws
/// std::invalid_argument for r outside [0,1].
std::chrono::system_clock::time_point access_time(const AccessControl& control, double r,
                                                  std::chrono::system_clock::time_point now);

std::string_view to_string(OperationType op) noexcept;
std::string_view to_string(ManagementMode mode) noexcept;

} // namespace euicc::trigger
