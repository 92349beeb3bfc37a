// SPDX-License-Identifier: Apache-2.0
// Private: reading the SM-SR JSON API's documents (host/docs/smsr_api.md) with nlohmann::json: size and depth
// limits, and members by JSON pointer (RFC 6901) so that every complaint names its member.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "smsr_api_detail.hpp"

namespace euicc::smsr_api::detail {

using Json = nlohmann::json;
/// Encoders build ordered documents: members come out in the order they are added.
using OrderedJson = nlohmann::ordered_json;

/// Parses `text` (at most `limit` bytes, nesting at most max_depth). Syntax errors name the byte offset.
Json parse_document(std::string_view text, std::size_t limit, const Complaint& complaint);

/// A value inside a parsed document with its JSON pointer. Views the document: valid while it lives.
class Node {
public:
    Node(const Json& value, std::string pointer, const Complaint& complaint)
        : m_value(&value), m_pointer(std::move(pointer)), m_complaint(&complaint) {}

    const Json& json() const noexcept { return *m_value; }
    const std::string& pointer() const noexcept { return m_pointer; }
    const Complaint& complaint() const noexcept { return *m_complaint; }
    [[noreturn]] void fail(const std::string& reason) const { m_complaint->fail(m_pointer, reason); }

    /// This object's member `name`; fails when this is not an object or the member is missing.
    Node member(std::string_view name) const;
    /// nullopt when absent; fails when this is not an object.
    std::optional<Node> find(std::string_view name) const;
    /// Fails when this is not an object or holds a member not in `allowed` (named in the complaint).
    void only(std::initializer_list<std::string_view> allowed) const;

    /// Element `index` of this array (index < size()).
    Node at(std::size_t index) const;
    /// Fails unless this is an array of at most `limit` elements; returns its size.
    std::size_t array_size(std::size_t limit, std::string_view what) const;

    const std::string& string() const;
    std::uint64_t unsigned_number() const;
    template <class Enum>
    Enum name(std::optional<Enum> (*from_name)(std::string_view), std::string_view what) const {
        if (const auto value = from_name(string())) {
            return *value;
        }
        fail("unknown " + std::string(what) + " '" + shortened(string()) + "'");
    }

private:
    void expect_object() const;

    const Json* m_value;
    std::string m_pointer;
    const Complaint* m_complaint;
};

/// The fields the request and status documents share.
Identity read_identity(const Node& node);
OrderedJson write_identity(const Identity& identity);
std::chrono::sys_seconds read_time(const Node& node);

/// Compact UTF-8 text of a document; the caller checked its strings, so none can fail to encode.
std::string dump(const OrderedJson& document);

} // namespace euicc::smsr_api::detail
