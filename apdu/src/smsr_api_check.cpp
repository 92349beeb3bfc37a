// SPDX-License-Identifier: Apache-2.0
// SM-SR JSON API value rules (host/docs/smsr_api.md): EIDs (SGP.02 §2.2.2), identities (3GPP TS 23.003),
// parameters per operation, limits. One set of rules for parsing and encoding, so whatever encodes also
// parses.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/scp81.hpp>

#include "sms_utf8.hpp"
#include "smsr_api_detail.hpp"

namespace euicc::smsr_api::detail {

namespace {

using trigger::OperationType;

constexpr std::size_t max_identity_text = 256;
constexpr std::size_t max_request_id = 64;
constexpr std::size_t max_name = 128;
constexpr std::size_t max_url = 2048;
constexpr std::size_t max_reason = 1024;
constexpr std::size_t max_targets = max_eids + max_identities;
constexpr std::int64_t max_access_seconds =
    0xFFFFFFFF; // the trigger's 4-byte coding (applet_spec/trigger.md)

bool all_digits(std::string_view text) noexcept {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Visible ASCII, no space: what URIs and NAIs are made of (RFC 3986 §2, RFC 4282 §2.1).
bool visible_ascii(std::string_view text) noexcept {
    return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

/// RFC 3986 §2.3 unreserved characters: safe in a URL path segment unescaped.
bool unreserved(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.substr(0, prefix.size()) == prefix;
}

bool valid_operation(OperationType op) {
    return operation_from_name(scp81::to_header_name(op)).has_value();
}

/// A server-side name (profile package, key reference): relative path of unreserved segments.
void check_name(std::string_view name, const std::string& pointer, const Complaint& complaint) {
    if (name.empty() || name.size() > max_name) {
        complaint.fail(pointer, "must be 1 to 128 characters");
    }
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t end = std::min(name.find('/', start), name.size());
        const std::string_view segment = name.substr(start, end - start);
        if (segment.empty() || segment == "." || segment == ".." ||
            !std::all_of(segment.begin(), segment.end(), unreserved)) {
            complaint.fail(pointer,
                           "must be a relative name of A-Z a-z 0-9 . _ ~ - segments separated by '/'");
        }
        start = end + 1;
    }
}

void check_url(std::string_view url, const std::string& pointer, const Complaint& complaint) {
    const std::size_t scheme = starts_with(url, "https://") ? 8 : (starts_with(url, "http://") ? 7 : 0);
    if (scheme == 0 || url.size() > max_url || !visible_ascii(url) || url.size() == scheme ||
        url[scheme] == '/') {
        complaint.fail(pointer,
                       "must be an http:// or https:// URL of at most 2048 visible ASCII characters");
    }
}

void check_reason(std::string_view reason, const std::string& pointer, const Complaint& complaint) {
    if (reason.empty() || reason.size() > max_reason) {
        complaint.fail(pointer, "must be 1 to 1024 bytes");
    }
    try {
        static_cast<void>(sms::detail::decode_utf8(reason));
    } catch (const std::invalid_argument&) {
        complaint.fail(pointer, "is not UTF-8");
    }
}

void check_seconds(std::chrono::seconds value, const std::string& pointer, const Complaint& complaint) {
    if (value.count() < 1 || value.count() > max_access_seconds) {
        complaint.fail(pointer, "must be 1 to 4294967295 seconds");
    }
}

void check_access_control(const AccessControlOverride& access, const Complaint& complaint) {
    if (!access.control) {
        return;
    }
    const std::string pointer = "/access_control";
    if (const auto* backoff = std::get_if<trigger::BackoffTimer>(&*access.control)) {
        check_seconds(backoff->value, pointer + "/seconds", complaint);
    } else if (const auto* window = std::get_if<trigger::TimeWindow>(&*access.control)) {
        check_seconds(window->length, pointer + "/seconds", complaint);
    } else {
        check_time(std::get<trigger::AbsoluteTime>(*access.control).at, pointer + "/time", complaint);
    }
}

/// Reports the second occurrence of a key, naming the first.
template <class Key, class Items, class KeyOf>
void check_unique(const Items& items, const std::string& pointer, KeyOf key_of, const Complaint& complaint) {
    std::unordered_map<Key, std::size_t> seen;
    seen.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto [at, fresh] = seen.emplace(key_of(items[i]), i);
        if (!fresh) {
            complaint.fail(pointer_to(pointer, i), "duplicate of " + pointer_to(pointer, at->second));
        }
    }
}

void check_keysets(const std::vector<KeysetDescriptor>& keysets, const Complaint& complaint) {
    const std::string pointer = "/parameters/smsr_keysets";
    if (keysets.size() > max_keysets) {
        complaint.fail(pointer, "more than 16 keysets");
    }
    for (std::size_t i = 0; i < keysets.size(); ++i) {
        const KeysetDescriptor& keyset = keysets[i];
        const std::string at = pointer_to(pointer, i);
        // SGP.02 §2.4 / spec/sgp02.md §6: the KVN ranges an SM-SR's keysets live in.
        const auto [low, high] = keyset.type == KeysetType::Scp80   ? std::pair{0x01, 0x0F}
                                 : keyset.type == KeysetType::Scp03 ? std::pair{0x30, 0x3F}
                                 : keyset.type == KeysetType::Scp81 ? std::pair{0x40, 0x4F}
                                                                    : std::pair{1, 0};
        if (low > high) {
            complaint.fail(at + "/type", "unknown keyset type");
        }
        if (keyset.kvn < low || keyset.kvn > high) {
            complaint.fail(at + "/kvn", "outside the " + std::string(to_string(keyset.type)) + " range " +
                                            to_hex(Bytes{static_cast<std::uint8_t>(low)}) + ".." +
                                            to_hex(Bytes{static_cast<std::uint8_t>(high)}));
        }
        check_name(keyset.key_ref, at + "/key_ref", complaint);
    }
    check_unique<std::uint8_t>(
        keysets, pointer, [](const KeysetDescriptor& k) { return k.kvn; }, complaint);
}

/// Which parameters each operation takes (host/docs/smsr_api.md §Parameters, as AdminPlan::validate needs them).
void check_parameters(OperationType op, const Parameters& parameters, const Complaint& complaint) {
    const bool download = op == OperationType::ProfileDownload || op == OperationType::ProfileInstallation;
    const bool smsr_change = op == OperationType::SmSrChange;
    const std::string name(scp81::to_header_name(op));
    const auto require = [&](bool present, const char* member) {
        if (!present) {
            complaint.fail(std::string("/parameters/") + member, "required for " + name);
        }
    };
    const auto refuse = [&](bool present, const char* member) {
        if (present) {
            complaint.fail(std::string("/parameters/") + member, "not a parameter of " + name);
        }
    };
    if (download) {
        require(parameters.profile.has_value(), "profile");
    } else {
        refuse(parameters.profile.has_value(), "profile");
    }
    if (smsr_change) {
        refuse(parameters.isdp_aid.has_value(), "isdp_aid");
        require(!parameters.smsr_keysets.empty(), "smsr_keysets");
    } else {
        if (!download) {
            require(parameters.isdp_aid.has_value(), "isdp_aid");
        }
        refuse(!parameters.smsr_keysets.empty(), "smsr_keysets");
    }
    if (parameters.profile) {
        if (const auto* package = std::get_if<ProfilePackage>(&*parameters.profile)) {
            if (package->der.empty()) {
                complaint.fail("/parameters/profile/package", "is empty");
            }
        } else {
            check_name(std::get<ProfileName>(*parameters.profile).name, "/parameters/profile/name",
                       complaint);
        }
    }
    if (parameters.isdp_aid && (parameters.isdp_aid->size() < 5 || parameters.isdp_aid->size() > 16)) {
        complaint.fail("/parameters/isdp_aid", "an AID has 5 to 16 bytes");
    }
    check_keysets(parameters.smsr_keysets, complaint);
}

void check_eid_list(const std::vector<std::string>& eids, std::size_t limit, const std::string& pointer,
                    const Complaint& complaint) {
    if (eids.size() > limit) {
        complaint.fail(pointer, "more than " + std::to_string(limit) + " EIDs");
    }
    for (std::size_t i = 0; i < eids.size(); ++i) {
        check_eid(eids[i], pointer_to(pointer, i), complaint);
    }
}

} // namespace

void check_eid(std::string_view eid, const std::string& pointer, const Complaint& complaint) {
    if (eid.size() != 32 || !all_digits(eid)) {
        complaint.fail(pointer, "an EID has 32 decimal digits");
    }
    if (!apdu::eid_is_valid(eid)) {
        complaint.fail(pointer, "check digits do not match");
    }
}

void check_identity(const Identity& identity, const std::string& pointer, const Complaint& complaint) {
    const std::string_view value = identity.value;
    const std::string at = pointer + "/value";
    switch (identity.type) {
    case IdentityType::Imsi:
        // TS 23.003 §2.2: MCC (3) + MNC (2-3) + MSIN, at most 15 digits.
        if (value.size() < 6 || value.size() > 15 || !all_digits(value)) {
            complaint.fail(at, "an IMSI has 6 to 15 digits");
        }
        return;
    case IdentityType::Msisdn: {
        // E.164 (TS 23.003 §3.3): at most 15 digits, written with or without '+'.
        const std::string_view digits = starts_with(value, "+") ? value.substr(1) : value;
        if (digits.size() < 3 || digits.size() > 15 || !all_digits(digits)) {
            complaint.fail(at, "an MSISDN has 3 to 15 digits, optionally after '+'");
        }
        return;
    }
    case IdentityType::Impu:
        // TS 23.003 §13.4: a SIP URI or a tel URI.
        if (!(starts_with(value, "sip:") || starts_with(value, "tel:")) || value.size() < 5 ||
            value.size() > max_identity_text || !visible_ascii(value)) {
            complaint.fail(at, "an IMPU is a sip: or tel: URI of at most 256 visible ASCII characters");
        }
        return;
    case IdentityType::Impi: {
        // TS 23.003 §13.3: an NAI, username@realm (RFC 4282).
        const std::size_t at_sign = value.find('@');
        if (at_sign == 0 || at_sign == std::string_view::npos || at_sign + 1 == value.size() ||
            value.size() > max_identity_text || !visible_ascii(value)) {
            complaint.fail(at, "an IMPI is user@realm of at most 256 visible ASCII characters");
        }
        return;
    }
    }
    complaint.fail(pointer + "/type", "unknown identity type");
}

void check_request_id(std::string_view id, const std::string& pointer, const Complaint& complaint) {
    if (id.empty() || id.size() > max_request_id || !std::all_of(id.begin(), id.end(), unreserved)) {
        complaint.fail(pointer, "must be 1 to 64 of A-Z a-z 0-9 . _ ~ -");
    }
}

void check_time(std::chrono::sys_seconds time, const std::string& pointer, const Complaint& complaint) {
    try {
        static_cast<void>(format_timestamp(time));
    } catch (const std::invalid_argument&) {
        complaint.fail(pointer, "outside the years 1970..9999");
    }
}

void check_request(const ManagementRequest& request, const Complaint& complaint) {
    if (!valid_operation(request.operation)) {
        complaint.fail("/operation", "unknown operation");
    }
    check_eid_list(request.eids, max_eids, "/eids", complaint);
    check_unique<std::string_view>(
        request.eids, "/eids", [](const std::string& e) { return std::string_view(e); }, complaint);
    if (request.identities.size() > max_identities) {
        complaint.fail("/identities", "more than " + std::to_string(max_identities) + " identities");
    }
    for (std::size_t i = 0; i < request.identities.size(); ++i) {
        check_identity(request.identities[i], pointer_to("/identities", i), complaint);
    }
    // Type and value together: an IMSI and an MSISDN may share digits.
    check_unique<std::string>(
        request.identities, "/identities",
        [](const Identity& id) { return std::string(to_string(id.type)) + ":" + id.value; }, complaint);
    if (request.eids.empty() && request.identities.empty()) {
        complaint.fail("", "names no EID and no identity");
    }
    check_parameters(request.operation, request.parameters, complaint);
    if (request.access_control) {
        check_access_control(*request.access_control, complaint);
    }
    if (request.callback_url) {
        check_url(*request.callback_url, "/callback_url", complaint);
    }
    if (request.request_id) {
        check_request_id(*request.request_id, "/request_id", complaint);
    }
}

void check_status(const RequestStatus& status, const Complaint& complaint) {
    check_request_id(status.request_id, "/request_id", complaint);
    if (!valid_operation(status.operation)) {
        complaint.fail("/operation", "unknown operation");
    }
    if (!state_from_name(to_string(status.state))) {
        complaint.fail("/state", "unknown state");
    }
    check_time(status.submitted_at, "/submitted_at", complaint);
    check_time(status.updated_at, "/updated_at", complaint);
    if (status.updated_at < status.submitted_at) {
        complaint.fail("/updated_at", "before submitted_at");
    }
    if (status.finished_at.has_value() != (status.state == RequestState::Done)) {
        complaint.fail("/finished_at", "present exactly when the state is done");
    }
    if (status.finished_at) {
        check_time(*status.finished_at, "/finished_at", complaint);
        if (*status.finished_at < status.submitted_at || *status.finished_at > status.updated_at) {
            complaint.fail("/finished_at", "outside submitted_at..updated_at");
        }
    }
    if (status.targets > max_targets) {
        complaint.fail("/counts/targets", "more than " + std::to_string(max_targets));
    }
    check_eid_list(status.connected, max_targets, "/connected", complaint);
    check_eid_list(status.container_created, max_targets, "/container_created", complaint);
    check_eid_list(status.profile_installed, max_targets, "/profile_installed", complaint);
    check_eid_list(status.profile_enabled, max_targets, "/profile_enabled", complaint);
    check_eid_list(status.smsr_changed, max_targets, "/smsr_changed", complaint);
    if (status.failed.size() > max_targets) {
        complaint.fail("/failed", "more than " + std::to_string(max_targets) + " failures");
    }
    for (std::size_t i = 0; i < status.failed.size(); ++i) {
        const Failure& failure = status.failed[i];
        const std::string at = pointer_to("/failed", i);
        if (!failure.eid && !failure.identity) {
            complaint.fail(at, "names neither an EID nor an identity");
        }
        if (failure.eid) {
            check_eid(*failure.eid, at + "/eid", complaint);
        }
        if (failure.identity) {
            check_identity(*failure.identity, at + "/identity", complaint);
        }
        check_reason(failure.reason, at + "/reason", complaint);
    }
}

} // namespace euicc::smsr_api::detail
