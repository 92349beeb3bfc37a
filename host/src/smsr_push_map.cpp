// SPDX-License-Identifier: Apache-2.0
// The push server's identity -> reader map (host/docs/push_server.md §Terminal map), read from a JSON object.
#include <euicc/host/smsr/push_delivery.hpp>

#include <array>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace euicc::host::smsr {

namespace {

constexpr const char* map_context = "push terminal map";
constexpr std::array identity_types{push_api::IdentityType::Imsi, push_api::IdentityType::Msisdn,
                                    push_api::IdentityType::Impu, push_api::IdentityType::Impi};

std::string key_of(const push_api::Identity& identity) {
    return std::string(smsr_api::to_string(identity.type)) + ":" + identity.value;
}

/// "<type>:<value>" with a type of the API and a non-empty value.
std::optional<push_api::Identity> identity_from_key(std::string_view key) {
    const auto colon = key.find(':');
    if (colon == std::string_view::npos || colon + 1 == key.size()) {
        return std::nullopt;
    }
    for (const push_api::IdentityType type : identity_types) {
        if (smsr_api::to_string(type) == key.substr(0, colon)) {
            return push_api::Identity{type, std::string(key.substr(colon + 1))};
        }
    }
    return std::nullopt;
}

/// RFC 6901 pointer of a top-level member.
std::string pointer_of(std::string_view name) {
    std::string pointer = "/";
    for (const char c : name) {
        pointer += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    }
    return pointer;
}

} // namespace

PushTerminalMap PushTerminalMap::parse(std::string_view json) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(json.begin(), json.end());
    } catch (const nlohmann::json::exception& error) {
        const auto* parse_error = dynamic_cast<const nlohmann::json::parse_error*>(&error);
        const std::size_t offset = parse_error != nullptr && parse_error->byte > 0 ? parse_error->byte - 1 : 0;
        throw push_api::DocumentError(map_context, "", offset, "not JSON");
    }
    if (!document.is_object()) {
        throw push_api::DocumentError(map_context, "", 0, "must be an object of \"<type>:<value>\": reader");
    }
    PushTerminalMap map;
    for (const auto& [key, reader] : document.items()) {
        const auto identity = identity_from_key(key);
        if (!identity) {
            throw push_api::DocumentError(map_context, pointer_of(key), 0,
                                          "member names must be <imsi|msisdn|impu|impi>:<value>");
        }
        if (!reader.is_string() || reader.get_ref<const std::string&>().empty()) {
            throw push_api::DocumentError(map_context, pointer_of(key), 0, "must be a reader name");
        }
        map.add(*identity, reader.get<std::string>());
    }
    return map;
}

PushTerminalMap PushTerminalMap::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(std::string(map_context) + ": cannot read " + path);
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return parse(text);
}

void PushTerminalMap::add(const push_api::Identity& identity, std::string reader) {
    if (reader.empty()) {
        throw std::invalid_argument("push terminal map: empty reader name");
    }
    m_readers[key_of(identity)] = std::move(reader);
}

std::optional<std::string> PushTerminalMap::reader_for(const push_api::Identity& identity) const {
    const auto found = m_readers.find(key_of(identity));
    if (found == m_readers.end()) {
        return std::nullopt;
    }
    return found->second;
}

} // namespace euicc::host::smsr
