// SPDX-License-Identifier: Apache-2.0
// Private: the SM-SR JSON API's value checks, names and text forms (host/docs/smsr_api.md), shared by the request
// and status codecs in both directions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <euicc/apdu/smsr_api.hpp>

namespace euicc::smsr_api::detail {

/// Who reports a bad value and how: a parser raises DocumentError, an encoder std::invalid_argument (the
/// caller built a value the API cannot carry). Both name the member by its JSON pointer.
class Complaint {
public:
    enum class Raise { Document, Argument };
    Complaint(std::string_view context, Raise raise) : m_context(context), m_raise(raise) {}
    [[noreturn]] void fail(const std::string& pointer, const std::string& reason,
                           std::size_t offset = 0) const;

private:
    std::string_view m_context;
    Raise m_raise;
};

/// New SM-SR keysets one request may name (SCP80, SCP03 and SCP81 ranges hold 15 + 16 + 16).
inline constexpr std::size_t max_keysets = 16;

inline constexpr std::string_view request_context = "management request";
inline constexpr std::string_view status_context = "request status";

/// RFC 6901: "/parent" + "/" + name with '~' -> "~0" and '/' -> "~1".
std::string pointer_to(std::string_view parent, std::string_view name);
std::string pointer_to(std::string_view parent, std::size_t index);
/// A member name fit for a message: at most 64 bytes of it.
std::string shortened(std::string_view name);

// ---- names (exact spelling, JSON is case-sensitive) ----
std::optional<trigger::OperationType> operation_from_name(std::string_view name);
std::optional<IdentityType> identity_type_from_name(std::string_view name);
std::optional<KeysetType> keyset_type_from_name(std::string_view name);
std::optional<RequestState> state_from_name(std::string_view name);

// ---- text forms ----
/// RFC 4648 §4 with padding, no line breaks.
std::string base64_encode(ByteView data);
/// Strict RFC 4648 §4: padding required, no whitespace, unused bits zero (one text per byte string, so an
/// encode of the result gives the same text). nullopt otherwise.
std::optional<Bytes> base64_decode(std::string_view text);
/// Hex digits of either case only (no separators, even count); nullopt otherwise.
std::optional<Bytes> strict_hex(std::string_view text);

// ---- value checks: each reports through `complaint` at `pointer` ----
void check_eid(std::string_view eid, const std::string& pointer, const Complaint& complaint);
void check_identity(const Identity& identity, const std::string& pointer, const Complaint& complaint);
void check_request_id(std::string_view id, const std::string& pointer, const Complaint& complaint);
void check_time(std::chrono::sys_seconds time, const std::string& pointer, const Complaint& complaint);

/// The whole request: values, uniqueness, limits, parameters against the operation.
void check_request(const ManagementRequest& request, const Complaint& complaint);
/// The whole status: values, limits, timestamps against the state.
void check_status(const RequestStatus& status, const Complaint& complaint);

} // namespace euicc::smsr_api::detail
