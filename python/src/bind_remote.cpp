// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::remote (submodule euicc.remote): ETSI TS 102 226 remote command scripts, compact and expanded.
#include <cstdint>
#include <optional>
#include <vector>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/remote_script.hpp>

#include "bindings.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using namespace euicc::remote;
using apdu::CommandApdu;

void bind_compact(py::module_& remote) {
    py::enum_<P3Meaning>(remote, "P3Meaning", "How P3 of a compact-script command is read (TS 102 226 §5.1).")
        .value("CommandLength", P3Meaning::CommandLength)
        .value("ExpectedLength", P3Meaning::ExpectedLength);
    remote.def(
        "default_p3_rule",
        [](long long cla, long long ins, long long p1, long long p2) {
            return default_p3_rule(int_arg<std::uint8_t>(cla, "cla"), int_arg<std::uint8_t>(ins, "ins"),
                                   int_arg<std::uint8_t>(p1, "p1"), int_arg<std::uint8_t>(p2, "p2"));
        },
        "cla"_a, "ins"_a, "p1"_a, "p2"_a, "Case-2 instructions (READ BINARY, GET DATA, ...) read P3 as Le.");
    remote.def(
        "parse_compact_script", [](ByteView script) { return parse_compact_script(script); }, "script"_a,
        "T=0 command TPDUs back to back -> CommandApdus; raises CodecError('compact script', offset).");
    remote.def(
        "encode_compact_script", [](const std::vector<CommandApdu>& commands) { return encode_compact_script(commands); },
        "commands"_a, "CommandApdus -> a compact script (case 4 drops Le, as T=0 does).");

    Struct<CompactResponse>(remote, "CompactResponse",
                            "Compact response (§5.1.2): commands executed, SW of the last, then its data.")
        .field("executed", &CompactResponse::executed)
        .field("last_sw", &CompactResponse::last_sw)
        .field("last_data", &CompactResponse::last_data)
        .done()
        .def("encode", &CompactResponse::encode)
        .def("__bytes__", &CompactResponse::encode)
        .def_static(
            "decode", [](ByteView data) { return CompactResponse::decode(data); }, "data"_a);

    remote.def("compact_script_stops_at", &compact_script_stops_at, "sw"_a,
               "True for a status word after which a card stops a compact script (an error).");
    remote.def("expanded_script_stops_at", &expanded_script_stops_at, "sw"_a);
}

void bind_expanded_command(py::module_& remote) {
    Struct<CommandApduTlv>(remote, "CommandApduTlv", "`22 L <C-APDU>`: the command bytes as carried.")
        .field("apdu", &CommandApduTlv::apdu)
        .done()
        .def_static("from_", &CommandApduTlv::from, "command"_a, "From a CommandApdu (C++ `from`).")
        .def("command", &CommandApduTlv::command, "The parsed C-APDU; raises CodecError.");
    Struct<ImmediateAction>(remote, "ImmediateAction", "`81 L ..` immediate action (raw value).")
        .field("value", &ImmediateAction::value)
        .done();
    Struct<ErrorAction>(remote, "ErrorAction", "`82 L ..` error action (raw value).")
        .field("value", &ErrorAction::value)
        .done();
    Struct<ScriptChaining>(remote, "ScriptChaining", "`83 01 xx` script chaining (§5.2.1.4).")
        .field("value", &ScriptChaining::value)
        .done();

    add_union(remote, "CommandItem", {"CommandApduTlv", "ImmediateAction", "ErrorAction", "ScriptChaining"});

    Struct<ExpandedCommandScript>(remote, "ExpandedCommandScript",
                                  "Command scripting template `AA L {items}` or, indefinite, `AE 80 {items} 00 00` "
                                  "(§5.2.1). items: CommandApduTlv, ImmediateAction, ErrorAction, ScriptChaining.")
        .field("items", &ExpandedCommandScript::items)
        .field("indefinite", &ExpandedCommandScript::indefinite)
        .done()
        .def_static(
            "from_commands",
            [](const std::vector<CommandApdu>& commands, bool indefinite) {
                return ExpandedCommandScript::from_commands(commands, indefinite);
            },
            "commands"_a, "indefinite"_a = false)
        .def("commands", &ExpandedCommandScript::commands, "The parsed C-APDUs of the 22 items, in order.")
        .def("encode", &ExpandedCommandScript::encode)
        .def("__bytes__", &ExpandedCommandScript::encode)
        .def_static(
            "decode", [](ByteView data) { return ExpandedCommandScript::decode(data); }, "data"_a,
            "Strict; raises BadFormatError (a CodecError with `kind`).");

    py::enum_<BadFormat>(remote, "BadFormat", "Bad format TLV values (TS 102 226 table 5.12).")
        .value("UnknownTag", BadFormat::UnknownTag)
        .value("WrongLength", BadFormat::WrongLength)
        .value("LengthNotFound", BadFormat::LengthNotFound);

    Struct<ExpandedCommandPrefix>(remote, "ExpandedCommandPrefix",
                                  "The items a card can execute of a possibly malformed script, and the fault.")
        .field("script", &ExpandedCommandPrefix::script)
        .field("bad_format", &ExpandedCommandPrefix::bad_format)
        .field("bad_offset", &ExpandedCommandPrefix::bad_offset)
        .field("reason", &ExpandedCommandPrefix::reason)
        .done();
    remote.def("decode_expanded_command_prefix", &decode_expanded_command_prefix, "data"_a,
               "Never raises for malformed input: the fault lands in bad_format.");
}

void bind_expanded_response(py::module_& remote) {
    Struct<ResponseApduTlv>(remote, "ResponseApduTlv", "`23 L <data> SW1 SW2`.")
        .field("data", &ResponseApduTlv::data)
        .field("sw", &ResponseApduTlv::sw)
        .done();
    Struct<BadFormatTlv>(remote, "BadFormatTlv", "`90 01 xx`.")
        .field("kind", &BadFormatTlv::kind)
        .done();
    Struct<ImmediateActionResponse>(remote, "ImmediateActionResponse", "`81 01 xx` (table 5.14).")
        .field("value", &ImmediateActionResponse::value)
        .done();
    Struct<ScriptChainingResponse>(remote, "ScriptChainingResponse", "`83 01 xx` (table 5.16).")
        .field("value", &ScriptChainingResponse::value)
        .done();

    add_union(remote, "ResponseItem",
              {"ResponseApduTlv", "BadFormatTlv", "ImmediateActionResponse", "ScriptChainingResponse"});

    Struct<ExpandedResponse>(remote, "ExpandedResponse",
                             "Response scripting template `AB L {80 L n, items}` or `AF 80 {items} 00 00` (§5.2.2). "
                             "items: ResponseApduTlv, BadFormatTlv, ImmediateActionResponse, ScriptChainingResponse.")
        .field("executed", &ExpandedResponse::executed, "the 80 object: present exactly in the definite form")
        .field("items", &ExpandedResponse::items)
        .field("indefinite", &ExpandedResponse::indefinite)
        .done()
        .def_property_readonly("executed_count", &ExpandedResponse::executed_count)
        .def_property_readonly(
            "last_response",
            [](const ExpandedResponse& r) -> std::optional<ResponseApduTlv> {
                const auto* last = r.last_response();
                return last ? std::optional<ResponseApduTlv>(*last) : std::nullopt;
            },
            "The last R-APDU item (a copy), or None.")
        .def_property_readonly("truncated", &ExpandedResponse::truncated, "An R-APDU has SW 62F1.")
        .def("encode", &ExpandedResponse::encode)
        .def("__bytes__", &ExpandedResponse::encode)
        .def_static(
            "decode", [](ByteView data) { return ExpandedResponse::decode(data); }, "data"_a);
    remote.attr("sw_response_truncated") = sw_response_truncated.value();
}

} // namespace

void bind_remote(py::module_& m) {
    py::module_ remote = m.def_submodule(
        "remote", "ETSI TS 102 226 remote command scripts: compact (§5.1) and expanded (§5.2) scripts and responses.");
    // The error type lives with the others (bind_errors.cpp); this name is the same object.
    remote.attr("BadFormatError") = m.attr("BadFormatError");
    bind_compact(remote);
    bind_expanded_command(remote);
    bind_expanded_response(remote);
}

} // namespace euicc::python
