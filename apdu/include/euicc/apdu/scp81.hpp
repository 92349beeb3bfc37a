// SPDX-License-Identifier: Apache-2.0
// SCP81 admin session codecs: SGP.02 §2.4.4.1 PSK identity, GP Amd B §3.4 HTTP messages (spec/scp81.md §4-5).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/trigger.hpp>

namespace euicc::scp81 {

// ---- Constants (GP Amd B §3.4, spec/scp81.md §5) ----------------------------------------------------------

/// Value of X-Admin-Protocol on every request and response.
inline constexpr std::string_view protocol = "globalplatform-remote-admin/1.0";
/// Content-Type of a command script (server -> card, 200 OK).
inline constexpr std::string_view content_type_command =
    "application/vnd.globalplatform.card-content-mgt;version=1.0";
/// Content-Type of a response script (card -> server, POST with a body).
inline constexpr std::string_view content_type_response =
    "application/vnd.globalplatform.card-content-mgt-response;version=1.0";

inline constexpr std::string_view protocol_header = "X-Admin-Protocol";
inline constexpr std::string_view from_header = "X-Admin-From";
inline constexpr std::string_view script_status_header = "X-Admin-Script-Status";
inline constexpr std::string_view resume_header = "X-Admin-Resume";
inline constexpr std::string_view next_uri_header = "X-Admin-Next-URI";
inline constexpr std::string_view targeted_application_header = "X-Admin-Targeted-Application";
/// euicc-host extension (applet_spec/admin_agent.md): operation and mode of the card's first POST.
inline constexpr std::string_view service_request_header = "X-Admin-Service-Request";

// ---- PSK identity (SGP.02 §2.4.4.1 Table 4) ---------------------------------------------------------------

/// The fully qualified SGP.02 PSK identity (format 02).
struct PskIdentity {
    Bytes eid;                    ///< 16 bytes
    Bytes isd_r_aid;              ///< 5..16 bytes
    std::uint8_t key_id = 0;      ///< KID of the PSK within the keyset (typically 1)
    std::uint8_t key_version = 0; ///< KVN of the SCP81 keyset (0x40..0x4F)

    friend bool operator==(const PskIdentity&, const PskIdentity&) = default;
};

/// Upper-case hex text of `80 01 02 | 81 10 EID | 4F L AID | 82 01 KID | 83 01 KVN`, as sent in the TLS
/// ClientKeyExchange. Throws std::invalid_argument for an EID that is not 16 bytes or an AID outside 5..16.
std::string encode_psk_identity(const PskIdentity& identity);
/// Parses the hex text (case-insensitive; the server compares case-insensitively). The five TLVs must
/// each occur once, in any order. Throws CodecError("PSK identity", offset) naming the fault: odd length or
/// non-hex character (offset in characters), malformed TLV, wrong format byte, missing/duplicate/unknown
/// tag, wrong EID/AID/KID/KVN length (offset in bytes of the decoded TLV string).
PskIdentity parse_psk_identity(std::string_view text);

// ---- Agent id and targeted application (GP Amd B §3.4, njiwa formatRamHTTPXAdminFrom) ---------------------

/// X-Admin-From of an SGP.02 ISD-R.
struct AgentId {
    Bytes eid;       ///< 16 bytes
    Bytes isd_r_aid; ///< 5..16 bytes

    friend bool operator==(const AgentId&, const AgentId&) = default;
};

/// "//se-id/eid/<EID hex>;//aa-id/aid/<RID hex>/<PIX hex>" (upper-case hex, RID = first 5 AID bytes).
/// Throws std::invalid_argument for an EID that is not 16 bytes or an AID outside 5..16.
std::string format_agent_id(ByteView eid, ByteView isd_r_aid);
/// Inverse of format_agent_id (hex case-insensitive). Throws CodecError("agent id", character offset).
AgentId parse_agent_id(std::string_view text);

/// "//aid/<RID hex>/<PIX hex>"; throws std::invalid_argument for an AID outside 5..16 bytes.
std::string format_targeted_application(ByteView aid);
/// Inverse of format_targeted_application (hex case-insensitive; a 5-byte AID may omit the final '/').
/// Throws CodecError("targeted application", character offset).
Bytes parse_targeted_application(std::string_view text);

// ---- X-Admin-Script-Status (GP Amd B §3.4.1) --------------------------------------------------------------

enum class ScriptStatus : std::uint8_t { Ok, UnknownApplication, NotASecurityDomain, SecurityError };

/// "ok", "unknown-application", "not-a-security-domain", "security-error".
std::string_view to_string(ScriptStatus status) noexcept;
/// Case-insensitive inverse of to_string; throws CodecError("X-Admin-Script-Status", 0) for other values.
ScriptStatus parse_script_status(std::string_view text);

// ---- X-Admin-Service-Request (euicc-host extension, applet_spec/admin_agent.md) ---------------------------

/// What the card asks for in its first POST: the trigger's operation (push) or its own (pull).
struct ServiceRequest {
    trigger::OperationType operation = trigger::OperationType::ProfileDownload;
    trigger::ManagementMode mode = trigger::ManagementMode::Push;

    friend bool operator==(const ServiceRequest&, const ServiceRequest&) = default;
};

/// Header spelling of an operation: profile-download | profile-installation | profile-deletion | enabling |
/// disabling | status-change | smsr-change.
std::string_view to_header_name(trigger::OperationType operation) noexcept;
/// "push" | "pull".
std::string_view to_header_name(trigger::ManagementMode mode) noexcept;

/// "operation=profile-installation; mode=push".
std::string format_service_request(const ServiceRequest& request);
/// Parameters separated by ';' with optional whitespace, names and values case-insensitive; both
/// parameters exactly once. Throws CodecError("X-Admin-Service-Request", character offset) for unknown
/// parameters, operation or mode names, duplicates, or a missing parameter.
ServiceRequest parse_service_request(std::string_view text);

// ---- HTTP messages (GP Amd B §3.4.1/§3.4.2; Boost.Beast underneath, no I/O) -------------------------------

/// One POST of the admin agent (card -> server).
struct AdminRequest {
    std::string uri;  ///< request target: trigger 8C / stored URI for the first POST, then X-Admin-Next-URI
    std::string host; ///< Host
    std::string agent_id; ///< X-Admin-From, as sent (format_agent_id for an SGP.02 ISD-R)
    std::optional<ScriptStatus> script_status;     ///< absent on the first POST, present on every later one
    bool resume = false;                           ///< X-Admin-Resume: true
    std::optional<ServiceRequest> service_request; ///< X-Admin-Service-Request (first POST only)
    Bytes body;                                    ///< response script (expanded format) or empty

    friend bool operator==(const AdminRequest&, const AdminRequest&) = default;
};

/// Card side: the complete HTTP/1.1 POST. Headers in this order: Host, X-Admin-Protocol, X-Admin-From,
/// [X-Admin-Service-Request], [X-Admin-Resume: true], [Content-Type response, when the body is non-empty],
/// [X-Admin-Script-Status], then Content-Length or (chunked) Transfer-Encoding: chunked with the body as one
/// chunk. Throws std::invalid_argument for an empty URI or a URI/header value with control characters or
/// (URI) spaces.
Bytes encode_request(const AdminRequest& request, bool chunked = false);

/// Server side: incremental parser of the card's POSTs on one keep-alive connection.
class RequestParser {
public:
    explicit RequestParser(std::size_t body_limit = 65536);
    ~RequestParser();
    RequestParser(RequestParser&&) noexcept;
    RequestParser& operator=(RequestParser&&) noexcept;

    /// Consumes bytes of the current message and returns how many it took: fewer than given once the
    /// message is complete (the rest belongs to the next, pipelined message), 0 while done(). Input may be
    /// split at any byte. Throws CodecError("HTTP request", offset within the message) for malformed HTTP,
    /// a method other than POST, a version other than HTTP/1.1, a missing Host or X-Admin-From, a missing
    /// or wrong X-Admin-Protocol, a bad X-Admin-Script-Status/-Resume/-Service-Request value, a body with a
    /// Content-Type other than content_type_response, or a body over the limit. After a CodecError the
    /// parser is spent (feed/take throw std::logic_error): answer 400 and close.
    std::size_t feed(ByteView bytes);
    /// A whole request has been parsed.
    bool done() const noexcept;
    /// Hands out the parsed request and resets for the next message. std::logic_error unless done().
    AdminRequest take();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The server's answer to one POST.
struct AdminResponse {
    enum class Kind : std::uint8_t {
        Script,     ///< 200 OK + command script + X-Admin-Next-URI
        End,        ///< 204 No Content: session over
        Busy,       ///< 503 Service Unavailable (+ Retry-After), connection closes
        BadRequest, ///< any 4xx/5xx other than 503 (typically 400), connection closes
    };
    Kind kind = Kind::Script;
    /// Parsed status code. encode_response uses it only for BadRequest (0 = 400); the other kinds imply it.
    unsigned status = 0;
    std::string next_uri;                      ///< Script: X-Admin-Next-URI (End: kept if a server sends one)
    std::optional<Bytes> targeted_application; ///< Script: AID from X-Admin-Targeted-Application
    Bytes body;                                ///< Script: command script; BadRequest: text/plain reason
    std::optional<std::chrono::seconds> retry_after; ///< Busy: Retry-After delta-seconds

    friend bool operator==(const AdminResponse&, const AdminResponse&) = default;
};

/// Server side: the complete HTTP/1.1 response.
/// - Script: 200, X-Admin-Protocol, X-Admin-Next-URI, Content-Type command, [X-Admin-Targeted-Application],
///   Content-Length (or, chunked, Transfer-Encoding: chunked)
/// - End: 204, X-Admin-Protocol, no body
/// - Busy: 503, X-Admin-Protocol, [Retry-After], Connection: close, Content-Length: 0
/// - BadRequest: `status` (0 = 400), X-Admin-Protocol, Connection: close, Content-Type text/plain, body (the
///   reason phrase when empty), Content-Length
/// Throws std::invalid_argument for a Script without next URI, a BadRequest status outside 400..599 or equal
/// to 503, or header values with control characters.
Bytes encode_response(const AdminResponse& response, bool chunked = false);

/// Card side: incremental parser of the server's responses; same contract as RequestParser.
/// 100 Continue interim responses are skipped. A non-200 response whose body is delimited by the end of the
/// connection completes at the end of its header (body left empty: the server closes anyway).
class ResponseParser {
public:
    explicit ResponseParser(std::size_t body_limit = 65536);
    ~ResponseParser();
    ResponseParser(ResponseParser&&) noexcept;
    ResponseParser& operator=(ResponseParser&&) noexcept;

    /// Throws CodecError("HTTP response", offset within the message) for malformed HTTP, a version other
    /// than HTTP/1.1, a status other than 200/204/4xx/5xx, a wrong X-Admin-Protocol (missing on 200/204),
    /// a 200 without X-Admin-Next-URI or without Content-Length/chunked body, a script with a Content-Type
    /// other than content_type_command, a bad X-Admin-Targeted-Application or Retry-After, or a body over
    /// the limit. After a CodecError the parser is spent.
    std::size_t feed(ByteView bytes);
    bool done() const noexcept;
    AdminResponse take();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace euicc::scp81
