// SPDX-License-Identifier: Apache-2.0
// SM-SR JSON API: the request status with the patent's EID lists (host/docs/smsr_api.md §Request status;
// design.md §4: connected, container created, installed, SM-SR changed, failed with a reason), returned to
// the requester.
#include <array>
#include <utility>

#include <euicc/apdu/scp81.hpp>

#include "smsr_api_json.hpp"

namespace euicc::smsr_api {

namespace {

using detail::Complaint;
using detail::Node;
using detail::OrderedJson;

using EidList = std::vector<std::string> RequestStatus::*;

/// The EID lists in their member order; `counts` names them the same way.
constexpr std::array<std::pair<std::string_view, EidList>, 5> eid_lists{{
    {"connected", &RequestStatus::connected},
    {"container_created", &RequestStatus::container_created},
    {"profile_installed", &RequestStatus::profile_installed},
    {"profile_enabled", &RequestStatus::profile_enabled},
    {"smsr_changed", &RequestStatus::smsr_changed},
}};

constexpr std::size_t max_list = max_eids + max_identities;

std::vector<std::string> read_eid_list(const Node& node) {
    const std::size_t n = node.array_size(max_list, "EIDs");
    std::vector<std::string> eids;
    eids.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        eids.push_back(node.at(i).string());
    }
    return eids;
}

std::vector<Failure> read_failures(const Node& node) {
    const std::size_t n = node.array_size(max_list, "failures");
    std::vector<Failure> failures;
    failures.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Node entry = node.at(i);
        Failure failure;
        if (const auto eid = entry.find("eid")) {
            failure.eid = eid->string();
        }
        if (const auto identity = entry.find("identity")) {
            failure.identity = detail::read_identity(*identity);
        }
        failure.reason = entry.member("reason").string();
        failures.push_back(std::move(failure));
    }
    return failures;
}

/// The counts must agree with the lists they count (a client may show either).
void check_count(const Node& counts, std::string_view name, std::size_t actual) {
    const Node count = counts.member(name);
    if (count.unsigned_number() != actual) {
        count.fail("does not match the " + std::to_string(actual) + " entries of /" + std::string(name));
    }
}

} // namespace

std::string encode_request_status(const RequestStatus& status) {
    detail::check_status(status, Complaint(detail::status_context, Complaint::Raise::Argument));
    OrderedJson out = OrderedJson::object();
    out["request_id"] = status.request_id;
    out["operation"] = scp81::to_header_name(status.operation);
    out["state"] = to_string(status.state);
    out["submitted_at"] = format_timestamp(status.submitted_at);
    out["updated_at"] = format_timestamp(status.updated_at);
    if (status.finished_at) {
        out["finished_at"] = format_timestamp(*status.finished_at);
    }
    OrderedJson counts = OrderedJson::object();
    counts["targets"] = status.targets;
    for (const auto& [name, list] : eid_lists) {
        counts[std::string(name)] = (status.*list).size();
    }
    counts["failed"] = status.failed.size();
    out["counts"] = std::move(counts);
    for (const auto& [name, list] : eid_lists) {
        out[std::string(name)] = status.*list;
    }
    OrderedJson failed = OrderedJson::array();
    for (const Failure& failure : status.failed) {
        OrderedJson entry = OrderedJson::object();
        if (failure.eid) {
            entry["eid"] = *failure.eid;
        }
        if (failure.identity) {
            entry["identity"] = detail::write_identity(*failure.identity);
        }
        entry["reason"] = failure.reason;
        failed.push_back(std::move(entry));
    }
    out["failed"] = std::move(failed);
    return detail::dump(out);
}

RequestStatus parse_request_status(std::string_view json) {
    static const Complaint complaint(detail::status_context, Complaint::Raise::Document);
    const detail::Json document = detail::parse_document(json, max_status_body, complaint);
    const Node root(document, "", complaint);
    RequestStatus status;
    status.request_id = root.member("request_id").string();
    status.operation = root.member("operation").name(detail::operation_from_name, "operation");
    status.state = root.member("state").name(detail::state_from_name, "state");
    status.submitted_at = detail::read_time(root.member("submitted_at"));
    status.updated_at = detail::read_time(root.member("updated_at"));
    if (const auto finished = root.find("finished_at")) {
        status.finished_at = detail::read_time(*finished);
    }
    for (const auto& [name, list] : eid_lists) {
        status.*list = read_eid_list(root.member(name));
    }
    status.failed = read_failures(root.member("failed"));
    const Node counts = root.member("counts");
    const std::uint64_t targets = counts.member("targets").unsigned_number();
    if (targets > max_list) {
        counts.member("targets").fail("more than " + std::to_string(max_list));
    }
    status.targets = static_cast<std::size_t>(targets);
    detail::check_status(status, complaint);
    for (const auto& [name, list] : eid_lists) {
        check_count(counts, name, (status.*list).size());
    }
    check_count(counts, "failed", status.failed.size());
    return status;
}

} // namespace euicc::smsr_api
