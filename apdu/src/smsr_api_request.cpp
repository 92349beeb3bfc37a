// SPDX-License-Identifier: Apache-2.0
// SM-SR JSON API: the management service request of an SM-DP or MNO (host/docs/smsr_api.md §Management request;
// design.md §4, the patent's EID list / identity list with the operation and its parameters).
#include <euicc/apdu/scp81.hpp>

#include "smsr_api_json.hpp"

namespace euicc::smsr_api {

namespace {

using detail::Complaint;
using detail::Node;
using detail::OrderedJson;

std::vector<std::string> read_eids(const Node& node) {
    const std::size_t n = node.array_size(max_eids, "EIDs");
    std::vector<std::string> eids;
    eids.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        eids.push_back(node.at(i).string());
    }
    return eids;
}

std::vector<Identity> read_identities(const Node& node) {
    const std::size_t n = node.array_size(max_identities, "identities");
    std::vector<Identity> identities;
    identities.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        identities.push_back(detail::read_identity(node.at(i)));
    }
    return identities;
}

Bytes read_hex(const Node& node) {
    if (auto bytes = detail::strict_hex(node.string())) {
        return std::move(*bytes);
    }
    node.fail("must be hex digits");
}

ProfileReference read_profile(const Node& node) {
    node.only({"package", "name"});
    const auto package = node.find("package");
    const auto name = node.find("name");
    if (package.has_value() == name.has_value()) {
        node.fail("must hold exactly one of package and name");
    }
    if (name) {
        return ProfileName{name->string()};
    }
    if (auto der = detail::base64_decode(package->string())) {
        return ProfilePackage{std::move(*der)};
    }
    package->fail("must be base64 (RFC 4648 §4, padded)");
}

KeysetDescriptor read_keyset(const Node& node) {
    node.only({"type", "kvn", "key_ref"});
    KeysetDescriptor keyset;
    keyset.type = node.member("type").name(detail::keyset_type_from_name, "keyset type");
    const Node kvn = node.member("kvn");
    const Bytes kvn_bytes = read_hex(kvn);
    if (kvn_bytes.size() != 1) {
        kvn.fail("must be one byte of hex, e.g. \"30\"");
    }
    keyset.kvn = kvn_bytes.front();
    keyset.key_ref = node.member("key_ref").string();
    return keyset;
}

Parameters read_parameters(const Node& node) {
    node.only({"profile", "isdp_aid", "smsr_keysets"});
    Parameters parameters;
    if (const auto profile = node.find("profile")) {
        parameters.profile = read_profile(*profile);
    }
    if (const auto aid = node.find("isdp_aid")) {
        parameters.isdp_aid = read_hex(*aid);
    }
    if (const auto keysets = node.find("smsr_keysets")) {
        const std::size_t n = keysets->array_size(detail::max_keysets, "keysets");
        for (std::size_t i = 0; i < n; ++i) {
            parameters.smsr_keysets.push_back(read_keyset(keysets->at(i)));
        }
    }
    return parameters;
}

AccessControlOverride read_access_control(const Node& node) {
    const Node mode = node.member("mode");
    const std::string& name = mode.string();
    if (name == "none") {
        node.only({"mode"});
        return AccessControlOverride{};
    }
    if (name == "at") {
        node.only({"mode", "time"});
        return AccessControlOverride{trigger::AbsoluteTime{detail::read_time(node.member("time"))}};
    }
    if (name != "backoff" && name != "window") {
        mode.fail("must be none, backoff, window or at");
    }
    node.only({"mode", "seconds"});
    const Node seconds = node.member("seconds");
    const std::uint64_t value = seconds.unsigned_number();
    if (value > 0xFFFFFFFF) {
        seconds.fail("must be 1 to 4294967295 seconds");
    }
    const std::chrono::seconds length{static_cast<std::int64_t>(value)};
    if (name == "backoff") {
        return AccessControlOverride{trigger::BackoffTimer{length}};
    }
    return AccessControlOverride{trigger::TimeWindow{length}};
}

OrderedJson write_parameters(const Parameters& parameters) {
    OrderedJson out = OrderedJson::object();
    if (parameters.profile) {
        if (const auto* package = std::get_if<ProfilePackage>(&*parameters.profile)) {
            out["profile"] = OrderedJson{{"package", detail::base64_encode(package->der)}};
        } else {
            out["profile"] = OrderedJson{{"name", std::get<ProfileName>(*parameters.profile).name}};
        }
    }
    if (parameters.isdp_aid) {
        out["isdp_aid"] = to_hex(*parameters.isdp_aid);
    }
    if (!parameters.smsr_keysets.empty()) {
        OrderedJson keysets = OrderedJson::array();
        for (const KeysetDescriptor& keyset : parameters.smsr_keysets) {
            OrderedJson entry = OrderedJson::object();
            entry["type"] = to_string(keyset.type);
            entry["kvn"] = to_hex(Bytes{keyset.kvn});
            entry["key_ref"] = keyset.key_ref;
            keysets.push_back(std::move(entry));
        }
        out["smsr_keysets"] = std::move(keysets);
    }
    return out;
}

OrderedJson write_access_control(const AccessControlOverride& access) {
    OrderedJson out = OrderedJson::object();
    if (!access.control) {
        out["mode"] = "none";
    } else if (const auto* backoff = std::get_if<trigger::BackoffTimer>(&*access.control)) {
        out["mode"] = "backoff";
        out["seconds"] = backoff->value.count();
    } else if (const auto* window = std::get_if<trigger::TimeWindow>(&*access.control)) {
        out["mode"] = "window";
        out["seconds"] = window->length.count();
    } else {
        out["mode"] = "at";
        out["time"] = format_timestamp(std::get<trigger::AbsoluteTime>(*access.control).at);
    }
    return out;
}

} // namespace

ManagementRequest parse_management_request(std::string_view json) {
    static const Complaint complaint(detail::request_context, Complaint::Raise::Document);
    const detail::Json document = detail::parse_document(json, max_request_body, complaint);
    const Node root(document, "", complaint);
    root.only(
        {"request_id", "operation", "eids", "identities", "parameters", "access_control", "callback_url"});
    ManagementRequest request;
    request.operation = root.member("operation").name(detail::operation_from_name, "operation");
    if (const auto eids = root.find("eids")) {
        request.eids = read_eids(*eids);
    }
    if (const auto identities = root.find("identities")) {
        request.identities = read_identities(*identities);
    }
    if (const auto parameters = root.find("parameters")) {
        request.parameters = read_parameters(*parameters);
    }
    if (const auto access = root.find("access_control")) {
        request.access_control = read_access_control(*access);
    }
    if (const auto url = root.find("callback_url")) {
        request.callback_url = url->string();
    }
    if (const auto id = root.find("request_id")) {
        request.request_id = id->string();
    }
    detail::check_request(request, complaint);
    return request;
}

std::string encode_management_request(const ManagementRequest& request) {
    detail::check_request(request, Complaint(detail::request_context, Complaint::Raise::Argument));
    OrderedJson out = OrderedJson::object();
    if (request.request_id) {
        out["request_id"] = *request.request_id;
    }
    out["operation"] = scp81::to_header_name(request.operation);
    out["eids"] = request.eids;
    OrderedJson identities = OrderedJson::array();
    for (const Identity& identity : request.identities) {
        identities.push_back(detail::write_identity(identity));
    }
    out["identities"] = std::move(identities);
    out["parameters"] = write_parameters(request.parameters);
    if (request.access_control) {
        out["access_control"] = write_access_control(*request.access_control);
    }
    if (request.callback_url) {
        out["callback_url"] = *request.callback_url;
    }
    return detail::dump(out);
}

} // namespace euicc::smsr_api
