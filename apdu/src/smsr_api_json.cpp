// SPDX-License-Identifier: Apache-2.0
// SM-SR JSON API document reading (host/docs/smsr_api.md): limits before and while parsing, members by JSON
// pointer (RFC 6901), the fields both documents share.
#include "smsr_api_json.hpp"

#include <algorithm>

namespace euicc::smsr_api::detail {

namespace {

/// nlohmann's text without its "[json.exception.parse_error.101] " tag.
std::string syntax_reason(const Json::exception& error) {
    const std::string_view text = error.what();
    const std::size_t tag_end = text.find("] ");
    return "invalid JSON: " +
           std::string(tag_end == std::string_view::npos ? text : text.substr(tag_end + 2));
}

} // namespace

Json parse_document(std::string_view text, std::size_t limit, const Complaint& complaint) {
    if (text.size() > limit) {
        complaint.fail("",
                       "body of " + std::to_string(text.size()) + " bytes is over the limit of " +
                           std::to_string(limit),
                       limit);
    }
    // The parser itself is iterative, but every later walk over the tree is not: bound the nesting while
    // parsing, before a deep document is ever built. `depth` counts the containers already open.
    const Json::parser_callback_t depth_guard = [&complaint](int depth, Json::parse_event_t event, Json&) {
        if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) &&
            static_cast<std::size_t>(depth) >= max_depth) {
            complaint.fail("", "nested deeper than " + std::to_string(max_depth) + " levels");
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), depth_guard);
    } catch (const Json::parse_error& error) {
        // `byte` counts the characters read, the offending one included.
        complaint.fail("", syntax_reason(error), error.byte > 0 ? error.byte - 1 : 0);
    } catch (const Json::out_of_range& error) {
        complaint.fail("", syntax_reason(error)); // a number beyond double's range
    }
}

void Node::expect_object() const {
    if (!m_value->is_object()) {
        fail("must be an object");
    }
}

Node Node::member(std::string_view name) const {
    if (auto found = find(name)) {
        return std::move(*found);
    }
    m_complaint->fail(pointer_to(m_pointer, name), "missing");
}

std::optional<Node> Node::find(std::string_view name) const {
    expect_object();
    const auto found = m_value->find(name);
    if (found == m_value->end()) {
        return std::nullopt;
    }
    return Node(*found, pointer_to(m_pointer, name), *m_complaint);
}

void Node::only(std::initializer_list<std::string_view> allowed) const {
    expect_object();
    for (const auto& [key, value] : m_value->items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            m_complaint->fail(pointer_to(m_pointer, shortened(key)), "unknown member");
        }
    }
}

Node Node::at(std::size_t index) const {
    return Node((*m_value)[index], pointer_to(m_pointer, index), *m_complaint);
}

std::size_t Node::array_size(std::size_t limit, std::string_view what) const {
    if (!m_value->is_array()) {
        fail("must be an array");
    }
    if (m_value->size() > limit) {
        fail("more than " + std::to_string(limit) + " " + std::string(what));
    }
    return m_value->size();
}

const std::string& Node::string() const {
    if (!m_value->is_string()) {
        fail("must be a string");
    }
    return m_value->get_ref<const std::string&>();
}

std::uint64_t Node::unsigned_number() const {
    if (!m_value->is_number_unsigned()) {
        fail("must be a non-negative integer");
    }
    return m_value->get<std::uint64_t>();
}

Identity read_identity(const Node& node) {
    node.only({"type", "value"});
    return Identity{node.member("type").name(identity_type_from_name, "identity type"),
                    node.member("value").string()};
}

OrderedJson write_identity(const Identity& identity) {
    OrderedJson out = OrderedJson::object();
    out["type"] = to_string(identity.type);
    out["value"] = identity.value;
    return out;
}

std::chrono::sys_seconds read_time(const Node& node) {
    if (const auto time = parse_timestamp(node.string())) {
        return *time;
    }
    node.fail("must be an RFC 3339 UTC time like 2024-05-01T12:00:00Z");
}

std::string dump(const OrderedJson& document) {
    return document.dump();
}

} // namespace euicc::smsr_api::detail
