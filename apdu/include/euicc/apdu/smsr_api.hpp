// SPDX-License-Identifier: Apache-2.0
// SM-SR batch management JSON API (host/docs/smsr_api.md): the management service request of an SM-DP or MNO
// (EID list, identity list or both; design.md §4) and the request status with the EID lists it returns.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/trigger.hpp>
#include <euicc/error.hpp>

namespace euicc::smsr_api {

/// Limits of the codec (host/docs/smsr_api.md §Errors and limits). A request body over max_request_body bytes is
/// refused before it is parsed; a status may list every target in several lists, hence its larger limit.
inline constexpr std::size_t max_request_body = 16u * 1024u * 1024u;
inline constexpr std::size_t max_status_body = 64u * 1024u * 1024u;
inline constexpr std::size_t max_eids = 100'000;
inline constexpr std::size_t max_identities = 100'000;
/// Deepest nesting of arrays/objects accepted (the formats need 4).
inline constexpr std::size_t max_depth = 8;

/// A JSON document the codec refuses (also used for the SM-SR's JSON configuration files). `pointer()` is the
/// RFC 6901 JSON pointer of the offending member ("" = the document itself), `context()` names the document
/// ("management request", "request status", "congestion config", ...),
/// `offset()` the byte offset of a JSON syntax error or of the size limit, 0 for a bad member (a parsed
/// document carries no positions). what() = "<context> <pointer>: <reason>", e.g.
/// "management request /eids/3: check digits do not match".
class DocumentError : public CodecError {
public:
    DocumentError(std::string context, std::string pointer, std::size_t offset, const std::string& reason);
    const std::string& pointer() const noexcept { return m_pointer; }
    const char* what() const noexcept override { return m_message.c_str(); }

private:
    std::string m_pointer;
    std::string m_message;
};

/// Subscriber identities the SM-SR resolves to EIDs (3GPP TS 23.003: §2.2 IMSI, §3.3 MSISDN, §13.4 IMS
/// public user identity, §13.3 IMS private user identity).
enum class IdentityType : std::uint8_t { Imsi, Msisdn, Impu, Impi };

struct Identity {
    IdentityType type = IdentityType::Imsi;
    std::string value; ///< imsi: 6-15 digits; msisdn: [+]3-15 digits; impu: sip:/tel: URI; impi: user@realm

    friend bool operator==(const Identity&, const Identity&) = default;
};

/// The profile package itself (SAIP DER; base64 in JSON).
struct ProfilePackage {
    Bytes der;
    friend bool operator==(const ProfilePackage&, const ProfilePackage&) = default;
};
/// A package the SM-SR holds under this name (relative: no leading '/', no ".." segment).
struct ProfileName {
    std::string name;
    friend bool operator==(const ProfileName&, const ProfileName&) = default;
};
using ProfileReference = std::variant<ProfilePackage, ProfileName>;

/// Keyset families of the new SM-SR's Platform Management Credentials and their KVN ranges (SGP.02 §2.4;
/// spec/sgp02.md §6): SCP80 01..0F, SCP03 30..3F, SCP81 40..4F.
enum class KeysetType : std::uint8_t { Scp80, Scp03, Scp81 };

/// A keyset of the new SM-SR by reference: key material never travels in the API, `key_ref` names it in the
/// SM-SR's key store.
struct KeysetDescriptor {
    KeysetType type = KeysetType::Scp03;
    std::uint8_t kvn = 0;
    std::string key_ref;
    friend bool operator==(const KeysetDescriptor&, const KeysetDescriptor&) = default;
};

/// The operation's parameters. Which ones an operation takes (host/docs/smsr_api.md §Parameters):
/// profile-download / profile-installation: profile (required), isdp_aid (optional);
/// enabling / disabling / profile-deletion / status-change: isdp_aid (required);
/// smsr-change: smsr_keysets (at least one). Anything else is refused, as is an unknown parameter name.
struct Parameters {
    std::optional<ProfileReference> profile;
    std::optional<Bytes> isdp_aid; ///< 5..16 bytes (ISO/IEC 7816-4 §8.2.1.2), hex in JSON
    std::vector<KeysetDescriptor> smsr_keysets;
    friend bool operator==(const Parameters&, const Parameters&) = default;
};

/// The requester's access control for this request's triggers, replacing the SM-SR's load table.
/// `control` nullopt: none, the triggers go out without back-off.
struct AccessControlOverride {
    std::optional<trigger::AccessControl> control;
    friend bool operator==(const AccessControlOverride&, const AccessControlOverride&) = default;
};

/// A management service request: one operation for every card named by EID or identity.
struct ManagementRequest {
    trigger::OperationType operation = trigger::OperationType::ProfileDownload;
    std::vector<std::string> eids;    ///< 32 digits with valid check digits, no duplicates
    std::vector<Identity> identities; ///< no duplicates; eids and identities are not both empty
    Parameters parameters;
    std::optional<AccessControlOverride> access_control;
    std::optional<std::string> callback_url; ///< http:// or https:// URL the SM-SR POSTs status updates to
    std::optional<std::string> request_id;   ///< client-chosen: 1..64 of A-Z a-z 0-9 . _ ~ -
    friend bool operator==(const ManagementRequest&, const ManagementRequest&) = default;
};

/// Parses and validates a request body (UTF-8 JSON). Throws DocumentError (context "management request")
/// naming the member at fault: a syntax error, a body over max_request_body, nesting over max_depth, an
/// unknown or mistyped member, an invalid value, a duplicate EID or identity, more than max_eids EIDs or
/// max_identities identities, or parameters that do not fit the operation.
ManagementRequest parse_management_request(std::string_view json);
/// Compact JSON in the documented member order. Throws std::invalid_argument (naming the JSON pointer) for a
/// request parse_management_request would refuse.
std::string encode_management_request(const ManagementRequest& request);

/// accepted: queued, nothing sent yet; running: triggers out, sessions under way; done: every target has an
/// outcome.
enum class RequestState : std::uint8_t { Accepted, Running, Done };

/// A target the batch could not serve, with the reason. Names the EID, the identity, or both (an identity
/// resolved to an EID that then failed).
struct Failure {
    std::optional<std::string> eid;
    std::optional<Identity> identity;
    std::string reason; ///< 1..1024 bytes of UTF-8
    friend bool operator==(const Failure&, const Failure&) = default;
};

/// Where a request stands: the patent's EID lists, growing while the batch runs.
struct RequestStatus {
    std::string request_id;
    trigger::OperationType operation = trigger::OperationType::ProfileDownload;
    RequestState state = RequestState::Accepted;
    std::size_t targets = 0;                    ///< cards the request addresses (its EIDs and identities)
    std::vector<std::string> connected;         ///< opened an admin session
    std::vector<std::string> container_created; ///< ISD-P created
    std::vector<std::string> profile_installed;
    std::vector<std::string> profile_enabled;
    std::vector<std::string> smsr_changed;
    std::vector<Failure> failed;
    std::chrono::sys_seconds submitted_at{};
    std::chrono::sys_seconds updated_at{};               ///< not before submitted_at
    std::optional<std::chrono::sys_seconds> finished_at; ///< present exactly when state is done
    friend bool operator==(const RequestStatus&, const RequestStatus&) = default;
};

/// Compact JSON, members in a fixed order (request_id, operation, state, submitted_at, updated_at,
/// [finished_at], counts, connected, container_created, profile_installed, profile_enabled, smsr_changed,
/// failed); counts are derived from the lists. Throws std::invalid_argument (naming the JSON pointer) for a
/// status parse_request_status would refuse.
std::string encode_request_status(const RequestStatus& status);
/// Parses a status (for clients). Members it does not know are ignored (a newer SM-SR may add some); the
/// known ones are validated as encode_request_status writes them, counts against their lists. Throws
/// DocumentError (context "request status"), body limit max_status_body.
RequestStatus parse_request_status(std::string_view json);

/// JSON spellings: "imsi" | "msisdn" | "impu" | "impi"; "scp80" | "scp03" | "scp81";
/// "accepted" | "running" | "done". Operations are spelled as scp81::to_header_name.
std::string_view to_string(IdentityType type) noexcept;
std::string_view to_string(KeysetType type) noexcept;
std::string_view to_string(RequestState state) noexcept;

/// RFC 3339 UTC timestamps as the API writes them: "2024-05-01T12:00:00Z" (years 1970..9999, whole seconds).
/// format_timestamp throws std::invalid_argument outside that range; parse_timestamp returns nullopt for any
/// other text.
std::string format_timestamp(std::chrono::sys_seconds time);
std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view text);

} // namespace euicc::smsr_api
