// SPDX-License-Identifier: Apache-2.0
// Push server JSON API codec (host/docs/push_server.md): push requests and results, checked in both directions.
#include <euicc/apdu/push_api.hpp>

#include <array>
#include <set>
#include <utility>

#include "smsr_api_json.hpp"

namespace euicc::push_api {

namespace {

using smsr_api::detail::Complaint;
using smsr_api::detail::Node;
using smsr_api::detail::OrderedJson;
using smsr_api::detail::pointer_to;

constexpr std::string_view request_context = "push request";
constexpr std::string_view result_context = "push result";

constexpr std::array<std::pair<DeliveryStatus, std::string_view>, 5> status_names{{
    {DeliveryStatus::Delivered, "delivered"},
    {DeliveryStatus::Busy, "busy"},
    {DeliveryStatus::DownloadError, "download_error"},
    {DeliveryStatus::NoTerminal, "no_terminal"},
    {DeliveryStatus::TransportError, "transport_error"},
}};

std::string identity_key(const Identity& identity) {
    return std::string(smsr_api::to_string(identity.type)) + ":" + identity.value;
}

Bytes read_hex(const Node& node, std::size_t max_size) {
    const auto bytes = smsr_api::detail::strict_hex(node.string());
    if (!bytes || bytes->empty() || bytes->size() > max_size) {
        node.fail("must be 1 to " + std::to_string(max_size) + " bytes of hex digits");
    }
    return *bytes;
}

void check_hex_size(ByteView bytes, std::size_t max_size, const std::string& pointer, const Complaint& complaint) {
    if (bytes.empty() || bytes.size() > max_size) {
        complaint.fail(pointer, "must be 1 to " + std::to_string(max_size) + " bytes");
    }
}

void check_request(const PushRequest& request, const Complaint& complaint) {
    smsr_api::detail::check_request_id(request.request_id, "/request_id", complaint);
    if (request.items.empty() || request.items.size() > max_items) {
        complaint.fail("/items", "must hold 1 to " + std::to_string(max_items) + " items");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < request.items.size(); ++i) {
        const PushItem& item = request.items[i];
        const std::string at = pointer_to("/items", i);
        smsr_api::detail::check_identity(item.identity, at + "/identity", complaint);
        if (!seen.insert(identity_key(item.identity)).second) {
            complaint.fail(at + "/identity", "appears twice");
        }
        if (item.reader && (item.reader->empty() || item.reader->size() > max_reader_name)) {
            complaint.fail(at + "/reader", "must be 1 to " + std::to_string(max_reader_name) + " bytes");
        }
        if (item.tpdus.empty() || item.tpdus.size() > max_tpdus) {
            complaint.fail(at + "/tpdus", "must hold 1 to " + std::to_string(max_tpdus) + " TPDUs");
        }
        for (std::size_t t = 0; t < item.tpdus.size(); ++t) {
            check_hex_size(item.tpdus[t], max_tpdu_size, pointer_to(at + "/tpdus", t), complaint);
        }
    }
}

void check_result(const PushResult& result, const Complaint& complaint) {
    smsr_api::detail::check_request_id(result.request_id, "/request_id", complaint);
    if (result.items.size() > max_items) {
        complaint.fail("/items", "must hold at most " + std::to_string(max_items) + " items");
    }
    for (std::size_t i = 0; i < result.items.size(); ++i) {
        const DeliveryReport& item = result.items[i];
        const std::string at = pointer_to("/items", i);
        smsr_api::detail::check_identity(item.identity, at + "/identity", complaint);
        if (item.detail.size() > max_detail) {
            complaint.fail(at + "/detail", "must be at most " + std::to_string(max_detail) + " bytes");
        }
        if (item.por) {
            // A PoR travels in one SMS (ENVELOPE response or SEND SHORT MESSAGE): at most 140 octets.
            check_hex_size(*item.por, 140, at + "/por", complaint);
        }
    }
}

std::string read_string(const Node& node, std::size_t max_size) {
    const std::string& text = node.string();
    if (text.size() > max_size) {
        node.fail("must be at most " + std::to_string(max_size) + " bytes");
    }
    return text;
}

} // namespace

std::string_view to_string(DeliveryStatus status) noexcept {
    for (const auto& [value, name] : status_names) {
        if (value == status) {
            return name;
        }
    }
    return "unknown";
}

std::optional<DeliveryStatus> delivery_status_from_name(std::string_view name) noexcept {
    for (const auto& [value, text] : status_names) {
        if (text == name) {
            return value;
        }
    }
    return std::nullopt;
}

PushRequest parse_push_request(std::string_view json) {
    static const Complaint complaint(request_context, Complaint::Raise::Document);
    const auto document = smsr_api::detail::parse_document(json, max_body, complaint);
    const Node root(document, "", complaint);
    root.only({"request_id", "items"});
    PushRequest request;
    request.request_id = root.member("request_id").string();
    const Node items = root.member("items");
    const std::size_t count = items.array_size(max_items, "items");
    request.items.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Node node = items.at(i);
        node.only({"identity", "reader", "tpdus"});
        PushItem item;
        item.identity = smsr_api::detail::read_identity(node.member("identity"));
        if (const auto reader = node.find("reader")) {
            item.reader = read_string(*reader, max_reader_name);
        }
        const Node tpdus = node.member("tpdus");
        const std::size_t parts = tpdus.array_size(max_tpdus, "TPDUs");
        for (std::size_t t = 0; t < parts; ++t) {
            item.tpdus.push_back(read_hex(tpdus.at(t), max_tpdu_size));
        }
        request.items.push_back(std::move(item));
    }
    check_request(request, complaint);
    return request;
}

std::string encode_push_request(const PushRequest& request) {
    check_request(request, Complaint(request_context, Complaint::Raise::Argument));
    OrderedJson out = OrderedJson::object();
    out["request_id"] = request.request_id;
    OrderedJson items = OrderedJson::array();
    for (const PushItem& item : request.items) {
        OrderedJson node = OrderedJson::object();
        node["identity"] = smsr_api::detail::write_identity(item.identity);
        if (item.reader) {
            node["reader"] = *item.reader;
        }
        OrderedJson tpdus = OrderedJson::array();
        for (const Bytes& tpdu : item.tpdus) {
            tpdus.push_back(to_hex(tpdu));
        }
        node["tpdus"] = std::move(tpdus);
        items.push_back(std::move(node));
    }
    out["items"] = std::move(items);
    return smsr_api::detail::dump(out);
}

PushResult parse_push_result(std::string_view json) {
    static const Complaint complaint(result_context, Complaint::Raise::Document);
    const auto document = smsr_api::detail::parse_document(json, max_body, complaint);
    const Node root(document, "", complaint);
    root.only({"request_id", "items"});
    PushResult result;
    result.request_id = root.member("request_id").string();
    const Node items = root.member("items");
    const std::size_t count = items.array_size(max_items, "items");
    result.items.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Node node = items.at(i);
        node.only({"identity", "status", "detail", "por"});
        DeliveryReport item;
        item.identity = smsr_api::detail::read_identity(node.member("identity"));
        item.status = node.member("status").name<DeliveryStatus>(delivery_status_from_name, "delivery status");
        item.detail = read_string(node.member("detail"), max_detail);
        if (const auto por = node.find("por")) {
            item.por = read_hex(*por, 140);
        }
        result.items.push_back(std::move(item));
    }
    check_result(result, complaint);
    return result;
}

std::string encode_push_result(const PushResult& result) {
    check_result(result, Complaint(result_context, Complaint::Raise::Argument));
    OrderedJson out = OrderedJson::object();
    out["request_id"] = result.request_id;
    OrderedJson items = OrderedJson::array();
    for (const DeliveryReport& item : result.items) {
        OrderedJson node = OrderedJson::object();
        node["identity"] = smsr_api::detail::write_identity(item.identity);
        node["status"] = to_string(item.status);
        node["detail"] = item.detail;
        if (item.por) {
            node["por"] = to_hex(*item.por);
        }
        items.push_back(std::move(node));
    }
    out["items"] = std::move(items);
    return smsr_api::detail::dump(out);
}

} // namespace euicc::push_api
