// SPDX-License-Identifier: Apache-2.0
// Bindings of host::explain (`euicc decode`): toolkit, SMS, SCP80, script and trigger bytes explained in words.
#include <optional>
#include <string>
#include <vector>

#include <euicc/host/explain.hpp>

#include "bindings.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using host::Explanation;

host::Kind kind_arg(const std::optional<std::string>& kind) {
    if (!kind) {
        return host::Kind::Auto;
    }
    if (auto parsed = host::parse_kind(*kind)) {
        return *parsed;
    }
    std::string known;
    for (const auto k : host::all_kinds()) {
        known += (known.empty() ? "" : ", ") + std::string(host::kind_name(k));
    }
    throw std::invalid_argument("unknown kind '" + *kind + "'; one of: " + known);
}

host::ExplainOptions options_of(const std::optional<std::string>& kind, std::optional<scp80::Keyset> keys,
                                std::optional<host::SentCommand> command) {
    return host::ExplainOptions{kind_arg(kind), std::move(keys), std::move(command)};
}

} // namespace

void bind_explain(py::module_& m) {
    Struct<Explanation>(m, "Explanation",
                        "One explained part: label (what it is), value (its meaning in words), hex (its bytes) and "
                        "children. Malformed parts are labelled 'malformed'. Keys never appear in it.")
        .field("label", &Explanation::label)
        .field("value", &Explanation::value)
        .field("hex", &Explanation::hex)
        .field("children", &Explanation::children)
        .done()
        .def(
            "find",
            [](const Explanation& e, const std::string& label) -> std::optional<Explanation> {
                const auto* found = e.find(label);
                return found ? std::optional<Explanation>(*found) : std::nullopt;
            },
            "label"_a, "The first node with `label`, depth first (this one included; a copy), or None.")
        .def_property_readonly("malformed", &Explanation::malformed, "This node or one below is 'malformed'.")
        .def(
            "to_text", [](const Explanation& e) { return host::to_text(e); },
            "Indented text, one line per node: `label: value [hex]`.")
        .def(
            "to_json", [](const Explanation& e, int indent) { return host::to_json(e, indent); }, "indent"_a = 2,
            "JSON: {label, value, hex, children} per node; indent < 0 gives one line.")
        .def("__str__", [](const Explanation& e) { return host::to_text(e); });

    Struct<host::SentCommand>(m, "SentCommand",
                              "The command a PoR answers (for explain(command=...)): its header, and whether its "
                              "counter is known.")
        .field("header", &host::SentCommand::header)
        .field("counter_known", &host::SentCommand::counter_known)
        .done();

    m.def(
        "explain_kinds",
        [] {
            std::vector<std::string> out;
            for (const auto k : host::all_kinds()) {
                out.emplace_back(host::kind_name(k));
            }
            return out;
        },
        "The names explain(kind=...) takes ('auto', 'apdu', 'envelope', ...), as `euicc decode --as` does.");
    m.def(
        "explain",
        [](ByteView data, const std::optional<std::string>& kind, std::optional<scp80::Keyset> keys,
           std::optional<host::SentCommand> command) {
            return host::explain(data, options_of(kind, std::move(keys), std::move(command)));
        },
        "data"_a, "kind"_a = py::none(), "keys"_a = py::none(), "command"_a = py::none(),
        "Explains toolkit APDUs, envelopes, proactive commands, terminal responses, SMS TPDUs, SCP80 packets and "
        "PoRs, remote scripts and triggers. kind: one of explain_kinds() (None: detect by shape); keys: a "
        "scp80.Keyset to decipher and verify (never shown); command: the SentCommand a PoR answers. Never raises "
        "for malformed input.");
    m.def(
        "find_command",
        [](ByteView data, const std::optional<std::string>& kind, std::optional<scp80::Keyset> keys) {
            return host::find_command(data, options_of(kind, std::move(keys), std::nullopt));
        },
        "data"_a, "kind"_a = py::none(), "keys"_a = py::none(),
        "The SCP80 command in an ENVELOPE, SMS-DELIVER, user data or command packet (for explaining its PoR), "
        "or None.");
}

} // namespace euicc::python
