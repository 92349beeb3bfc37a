// SPDX-License-Identifier: Apache-2.0
// Private: reading the SM-SR's JSON configuration (access control table, congestion control;
// host/docs/smsr_api.md) member by member, every complaint a smsr_api::DocumentError naming the member's JSON
// pointer (RFC 6901).
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include <euicc/apdu/smsr_api.hpp>
#include <euicc/apdu/trigger.hpp>

namespace euicc::host::smsr::detail {

/// A value of a configuration document with its pointer; views the document.
class ConfigNode {
public:
    ConfigNode(const nlohmann::json& value, std::string pointer, std::string_view context)
        : m_value(&value), m_pointer(std::move(pointer)), m_context(context) {}

    /// Parses a whole document; syntax errors name the byte offset.
    static nlohmann::json parse(std::string_view text, std::string_view context);

    [[noreturn]] void fail(const std::string& reason) const;
    const std::string& pointer() const noexcept { return m_pointer; }

    /// Fails unless this is an object whose members are all in `allowed`.
    void only(std::initializer_list<std::string_view> allowed) const;
    std::optional<ConfigNode> find(std::string_view name) const;
    ConfigNode member(std::string_view name) const;
    /// Fails unless this is an array; its elements.
    std::size_t array_size() const;
    ConfigNode at(std::size_t index) const;

    double number() const;
    std::uint64_t unsigned_number() const;
    const std::string& string() const;
    /// A duration: a number of seconds or parse_duration text ("30m").
    std::chrono::seconds duration() const;
    /// An operation as the service request header spells it (scp81::to_header_name).
    trigger::OperationType operation() const;
    trigger::ManagementMode mode() const;

private:
    const nlohmann::json* m_value;
    std::string m_pointer;
    std::string_view m_context;
};

} // namespace euicc::host::smsr::detail
