// SPDX-License-Identifier: Apache-2.0
// SM-SR JSON configuration reading (host/docs/smsr_api.md §Access control, §Congestion control): members by
// pointer.
#include "smsr_access_control_json.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <euicc/apdu/scp81.hpp>
#include <euicc/host/smsr/access_control.hpp>

namespace euicc::host::smsr::detail {

namespace {

std::string pointer_to(const std::string& parent, std::string_view name) {
    std::string out = parent + "/";
    for (const char c : name) {
        out += c == '~' ? "~0" : (c == '/' ? "~1" : std::string(1, c));
    }
    return out;
}

/// The enumerator of `Enum` in [first, last] whose header name is `name`.
template <class Enum>
std::optional<Enum> by_header_name(std::string_view name, std::uint8_t first, std::uint8_t last) {
    for (std::uint8_t v = first; v <= last; ++v) {
        if (scp81::to_header_name(static_cast<Enum>(v)) == name) {
            return static_cast<Enum>(v);
        }
    }
    return std::nullopt;
}

} // namespace

nlohmann::json ConfigNode::parse(std::string_view text, std::string_view context) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& error) {
        const auto* syntax = dynamic_cast<const nlohmann::json::parse_error*>(&error);
        const std::size_t offset = syntax != nullptr && syntax->byte > 0 ? syntax->byte - 1 : 0;
        throw smsr_api::DocumentError(std::string(context), "", offset,
                                      std::string("invalid JSON: ") + error.what());
    }
}

void ConfigNode::fail(const std::string& reason) const {
    throw smsr_api::DocumentError(std::string(m_context), m_pointer, 0, reason);
}

void ConfigNode::only(std::initializer_list<std::string_view> allowed) const {
    if (!m_value->is_object()) {
        fail("must be an object");
    }
    for (const auto& [key, value] : m_value->items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            ConfigNode(value, pointer_to(m_pointer, key), m_context).fail("unknown member");
        }
    }
}

std::optional<ConfigNode> ConfigNode::find(std::string_view name) const {
    if (!m_value->is_object()) {
        fail("must be an object");
    }
    const auto found = m_value->find(name);
    if (found == m_value->end()) {
        return std::nullopt;
    }
    return ConfigNode(*found, pointer_to(m_pointer, name), m_context);
}

ConfigNode ConfigNode::member(std::string_view name) const {
    if (auto found = find(name)) {
        return std::move(*found);
    }
    ConfigNode(*m_value, pointer_to(m_pointer, name), m_context).fail("missing");
}

std::size_t ConfigNode::array_size() const {
    if (!m_value->is_array()) {
        fail("must be an array");
    }
    return m_value->size();
}

ConfigNode ConfigNode::at(std::size_t index) const {
    return ConfigNode((*m_value)[index], m_pointer + "/" + std::to_string(index), m_context);
}

double ConfigNode::number() const {
    if (!m_value->is_number()) {
        fail("must be a number");
    }
    return m_value->get<double>();
}

std::uint64_t ConfigNode::unsigned_number() const {
    if (!m_value->is_number_unsigned()) {
        fail("must be a non-negative integer");
    }
    return m_value->get<std::uint64_t>();
}

const std::string& ConfigNode::string() const {
    if (!m_value->is_string()) {
        fail("must be a string");
    }
    return m_value->get_ref<const std::string&>();
}

std::chrono::seconds ConfigNode::duration() const {
    if (m_value->is_number_unsigned()) {
        const std::uint64_t value = m_value->get<std::uint64_t>();
        if (value > 0xFFFFFFFF) {
            fail("at most 4294967295 seconds");
        }
        return std::chrono::seconds{static_cast<std::int64_t>(value)};
    }
    if (!m_value->is_string()) {
        fail("must be a number of seconds or a duration like \"30m\"");
    }
    try {
        return parse_duration(m_value->get_ref<const std::string&>());
    } catch (const CodecError& error) {
        fail(error.reason());
    }
}

trigger::OperationType ConfigNode::operation() const {
    if (const auto op = by_header_name<trigger::OperationType>(string(), 0x01, 0x07)) {
        return *op;
    }
    fail("unknown operation");
}

trigger::ManagementMode ConfigNode::mode() const {
    if (const auto mode = by_header_name<trigger::ManagementMode>(string(), 0x01, 0x02)) {
        return *mode;
    }
    fail("must be push or pull");
}

} // namespace euicc::host::smsr::detail
