// SPDX-License-Identifier: Apache-2.0
// `euicc decode` output: the explanation tree as indented text or as JSON (RFC 8259, via nlohmann::json).
#include <euicc/host/explain.hpp>

#include <nlohmann/json.hpp>

namespace euicc::host {

namespace {

/// Hex is printed for leaves and for short nodes: a whole envelope's hex on its first line would bury the words.
constexpr std::size_t max_inline_hex_digits = 32;

void append_text(std::string& out, const Explanation& e, std::size_t depth) {
    out.append(2 * depth, ' ');
    out += e.label;
    if (!e.value.empty()) {
        out += ": ";
        out += e.value;
    }
    if (!e.hex.empty() && (e.children.empty() || e.hex.size() <= max_inline_hex_digits)) {
        out += "  [";
        out += e.hex;
        out += "]";
    }
    out += '\n';
    for (const Explanation& child : e.children) {
        append_text(out, child, depth + 1);
    }
}

nlohmann::json as_json(const Explanation& e) {
    nlohmann::json children = nlohmann::json::array();
    for (const Explanation& child : e.children) {
        children.push_back(as_json(child));
    }
    return nlohmann::json{{"label", e.label}, {"value", e.value}, {"hex", e.hex}, {"children", std::move(children)}};
}

} // namespace

std::string to_text(const Explanation& explanation) {
    std::string out;
    append_text(out, explanation, 0);
    return out;
}

std::string to_json(const Explanation& explanation, int indent) {
    // Replace invalid UTF-8 (text decoded from a card may be anything) instead of throwing.
    return as_json(explanation).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace euicc::host
