// SPDX-License-Identifier: Apache-2.0
// Push server JSON API (host/docs/push_server.md): the SM-SR's push request (identities + SCP80-secured SMS-DELIVER
// TPDUs of a trigger, TS 23.040 §9.2.2.1) and the push server's per-identity delivery report.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/smsr_api.hpp>

namespace euicc::push_api {

using smsr_api::DocumentError;
using smsr_api::Identity;
using smsr_api::IdentityType;

/// Limits of the codec (host/docs/push_server.md §Limits); a body over max_body bytes is refused before parsing.
inline constexpr std::size_t max_body = 8u * 1024u * 1024u;
inline constexpr std::size_t max_items = 10'000;
/// A concatenated SMS has at most 255 parts (TS 23.040 §9.2.3.24.1); a trigger needs one or two.
inline constexpr std::size_t max_tpdus = 255;
/// An SMS-DELIVER TPDU: header (at most 12 + 2 + 7 + 1 octets) + 140 octets of user data.
inline constexpr std::size_t max_tpdu_size = 164;
inline constexpr std::size_t max_reader_name = 256;
inline constexpr std::size_t max_detail = 1024;

/// One card to reach: who it is, optionally which reader holds it, and the SMS-DELIVERs to download, in
/// order (already secured by the SM-SR, which alone holds the SCP80 keys).
struct PushItem {
    Identity identity;
    std::optional<std::string> reader; ///< a hint that overrides the push server's identity map
    std::vector<Bytes> tpdus;          ///< 1..max_tpdus SMS-DELIVER TPDUs (hex in JSON)

    friend bool operator==(const PushItem&, const PushItem&) = default;
};

struct PushRequest {
    std::string request_id; ///< 1..64 of A-Z a-z 0-9 . _ ~ - (as the SM-SR API's request ids)
    std::vector<PushItem> items; ///< 1..max_items; an identity appears at most once

    friend bool operator==(const PushRequest&, const PushRequest&) = default;
};

/// What became of one item (TS 31.111 §7.1.1.2 for the card's answers).
enum class DeliveryStatus : std::uint8_t {
    Delivered,     ///< every part was taken (9000/91xx), or the card answered with a PoR
    Busy,          ///< 9300 after the push server's retries: the SM-SR may push again later
    DownloadError, ///< 62xx/63xx without a PoR ("(U)SIM data download error")
    NoTerminal,    ///< no reader mapped to the identity, or no card in it
    TransportError ///< the reader or the link to the card failed during the delivery
};

struct DeliveryReport {
    Identity identity;
    DeliveryStatus status = DeliveryStatus::Delivered;
    std::string detail;       ///< for people: reader name, status word, error text (at most max_detail bytes)
    std::optional<Bytes> por; ///< the PoR user data (02 71 00 + response packet) when the card sent one

    friend bool operator==(const DeliveryReport&, const DeliveryReport&) = default;
};

struct PushResult {
    std::string request_id;
    std::vector<DeliveryReport> items; ///< one per request item, in request order

    friend bool operator==(const PushResult&, const PushResult&) = default;
};

/// Strict: unknown members, wrong types, bad values and limits raise DocumentError (context "push request"
/// / "push result") naming the member's JSON pointer, e.g. "push request /items/2/tpdus/0: ...".
PushRequest parse_push_request(std::string_view json);
PushResult parse_push_result(std::string_view json);
/// Compact JSON; std::invalid_argument (naming the member) for a value the parser would refuse.
std::string encode_push_request(const PushRequest& request);
std::string encode_push_result(const PushResult& result);

/// "delivered", "busy", "download_error", "no_terminal", "transport_error".
std::string_view to_string(DeliveryStatus status) noexcept;
std::optional<DeliveryStatus> delivery_status_from_name(std::string_view name) noexcept;

} // namespace euicc::push_api
