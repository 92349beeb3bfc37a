// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for remote command scripts and responses (ETSI TS 102 226 §5.1 compact, §5.2 expanded) and for
// the secured data of a command packet (script or trigger, spec/scp81.md §2.1).
#include <variant>

#include <euicc/apdu/remote_script.hpp>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

constexpr std::uint8_t trigger_tag = 0x81;

std::string chaining_words(std::uint8_t value) {
    switch (value) {
    case remote::chaining::first_script: return "first script, chaining information deleted on reset";
    case remote::chaining::first_script_kept: return "first script, chaining information kept across reset";
    case remote::chaining::subsequent_more_follow: return "subsequent script, more follow";
    case remote::chaining::last_script: return "last script";
    default: return hex_byte(value) + ": unknown chaining value";
    }
}

std::string bad_format_words(remote::BadFormat kind) {
    switch (kind) {
    case remote::BadFormat::UnknownTag: return "unknown tag";
    case remote::BadFormat::WrongLength: return "wrong length";
    case remote::BadFormat::LengthNotFound: return "length not found";
    }
    return "bad format " + hex_byte(static_cast<std::uint8_t>(kind));
}

std::string chaining_response_words(std::uint8_t value) {
    switch (value) {
    case remote::response_code::no_previous_script: return "no previous script";
    case remote::response_code::chaining_not_supported: return "script chaining not supported";
    case remote::response_code::unable_to_process: return "unable to process script chaining";
    default: return hex_byte(value);
    }
}

std::string sw_words(apdu::StatusWord sw) {
    return sw.to_string() + ": " + std::string(sw.describe());
}

/// Offsets of the items inside an expanded template (definite or indefinite outer length, definite items), in
/// order; the decoder has checked the structure, so framing succeeds.
std::vector<Input> template_items(Input input) {
    std::vector<Input> items;
    std::size_t at = 2;
    std::size_t end = input.size();
    if (input.size() >= 2 && input[1] == 0x80) {
        end = input.size() - 2; // indefinite: the content ends before 00 00
    } else if (const auto outer = frame_tlv(input.bytes, false)) {
        at = outer->header;
        end = outer->size();
    }
    while (at < end) {
        const auto frame = frame_tlv(input.bytes.subspan(at, end - at), false);
        if (!frame) {
            break;
        }
        items.push_back(input.sub(at, frame->size()));
        at += frame->size();
    }
    return items;
}

Explanation explain_command_item(const remote::CommandItem& item, Input bytes, std::size_t index, Context& context) {
    if (const auto* c = std::get_if<remote::CommandApduTlv>(&item)) {
        // The item's bytes end with the C-APDU; without them (never after a clean decode) use the value alone.
        const Input value = bytes.size() >= c->apdu.size() ? bytes.sub(bytes.size() - c->apdu.size())
                                                           : Input{c->apdu, bytes.offset};
        try {
            const apdu::CommandApdu command = c->command();
            return explain_command_fields(command, value, command.extended() ? 7 : 5, context,
                                          "C-APDU " + std::to_string(index));
        } catch (const CodecError& e) {
            Explanation out = node("C-APDU " + std::to_string(index), "", value.bytes);
            out.add(malformed(e, value.offset));
            return out;
        }
    }
    if (const auto* a = std::get_if<remote::ImmediateAction>(&item)) {
        return node("immediate action", count(a->value.size(), "byte"), bytes.bytes);
    }
    if (const auto* a = std::get_if<remote::ErrorAction>(&item)) {
        return node("error action", count(a->value.size(), "byte"), bytes.bytes);
    }
    return node("script chaining", chaining_words(std::get<remote::ScriptChaining>(item).value), bytes.bytes);
}

Explanation explain_expanded_command(Input input, Context& context) {
    const bool indefinite = input[0] == remote::tag::command_script_indefinite;
    Explanation root = node("expanded command script",
                            std::string(indefinite ? "indefinite" : "definite") + " length (TS 102 226 §5.2)",
                            input.bytes);
    remote::ExpandedCommandScript script;
    try {
        script = remote::ExpandedCommandScript::decode(input.bytes);
    } catch (const CodecError& e) {
        // A card executes the items before the fault and reports the bad format (§5.2.2).
        const remote::ExpandedCommandPrefix prefix = remote::decode_expanded_command_prefix(input.bytes);
        root.add(malformed(e, input.offset));
        if (prefix.bad_format) {
            root.add(node("card's answer", "executes " + count(prefix.script.items.size(), "item") +
                                               ", then reports bad format: " + bad_format_words(*prefix.bad_format)));
        }
        return root;
    }
    const std::vector<Input> items = template_items(input);
    for (std::size_t i = 0; i < script.items.size(); ++i) {
        const Input bytes = i < items.size() ? items[i] : Input{};
        root.add(explain_command_item(script.items[i], bytes, i + 1, context));
    }
    return root;
}

Explanation explain_compact_command(Input input, Context& context) {
    Explanation root = node("compact command script", "T=0 command TPDUs back to back (TS 102 226 §5.1)", input.bytes);
    std::vector<apdu::CommandApdu> commands;
    try {
        commands = remote::parse_compact_script(input.bytes);
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
        return root;
    }
    std::size_t at = 0;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        // CLA INS P1 P2 P3 [data]: P3 counts the data, or is Le and then no data follows.
        const std::size_t size = 5 + commands[i].data().size();
        root.add(explain_command_fields(commands[i], input.sub(at, size), 5, context, "command " + std::to_string(i + 1)));
        at += size;
    }
    return root;
}

Explanation explain_expanded_response(Input input) {
    const bool indefinite = input[0] == remote::tag::response_script_indefinite;
    Explanation root = node("expanded response",
                            std::string(indefinite ? "indefinite" : "definite") + " length (TS 102 226 §5.2.2)",
                            input.bytes);
    remote::ExpandedResponse response;
    try {
        response = remote::ExpandedResponse::decode(input.bytes);
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
        return root;
    }
    root.value = count(response.executed_count(), "command") + " executed" +
                 (response.truncated() ? ", a response was truncated (62F1)" : "") + "; " + root.value;
    std::vector<Input> items = template_items(input);
    std::size_t first_item = 0;
    if (response.executed) {
        root.add(node("executed commands", std::to_string(*response.executed), items.empty() ? ByteView{} : items[0].bytes));
        first_item = 1;
    }
    std::size_t r_apdu = 0;
    for (std::size_t i = 0; i < response.items.size(); ++i) {
        const std::size_t k = first_item + i;
        const ByteView bytes = k < items.size() ? items[k].bytes : ByteView{};
        const remote::ResponseItem& item = response.items[i];
        if (const auto* r = std::get_if<remote::ResponseApduTlv>(&item)) {
            Explanation out = node("R-APDU " + std::to_string(++r_apdu), "SW " + sw_words(r->sw), bytes);
            if (!r->data.empty()) {
                out.add(node("data", count(r->data.size(), "byte"), r->data));
            }
            root.add(std::move(out));
        } else if (const auto* b = std::get_if<remote::BadFormatTlv>(&item)) {
            root.add(node("bad format", bad_format_words(b->kind), bytes));
        } else if (const auto* a = std::get_if<remote::ImmediateActionResponse>(&item)) {
            root.add(node("immediate action response",
                          a->value == remote::response_code::suspension_error ? "suspension error" : hex_byte(a->value),
                          bytes));
        } else {
            root.add(node("script chaining response",
                          chaining_response_words(std::get<remote::ScriptChainingResponse>(item).value), bytes));
        }
    }
    return root;
}

Explanation explain_compact_response(Input input) {
    Explanation root = node("compact response", "", input.bytes);
    try {
        const remote::CompactResponse response = remote::CompactResponse::decode(input.bytes);
        root.value = count(response.executed, "command") + " executed, last SW " + sw_words(response.last_sw) +
                     " (TS 102 226 §5.1.2)";
        root.add(node("executed commands", std::to_string(response.executed), input.bytes.first(1)));
        root.add(node("last SW", sw_words(response.last_sw), input.bytes.subspan(1, 2)));
        if (!response.last_data.empty()) {
            root.add(node("last response data", count(response.last_data.size(), "byte"), response.last_data));
        }
    } catch (const CodecError& e) {
        root.add(malformed(e, input.offset));
    }
    return root;
}

} // namespace

Explanation explain_secured_data(Input input, const scp80::Tar& tar, Context& context) {
    // spec/scp81.md §2.1, issue 3 decisions: secured data for the ISD-R TAR that starts with 81 is a trigger.
    if (tar.value() == 0 && !input.empty() && input[0] == trigger_tag) {
        return explain_trigger(input, context);
    }
    return explain_command_script(input, context);
}

Explanation explain_command_script(Input input, Context& context) {
    if (input.empty()) {
        return malformed_at(input.offset, "command script", "empty");
    }
    if (input[0] == remote::tag::command_script_definite || input[0] == remote::tag::command_script_indefinite) {
        return explain_expanded_command(input, context);
    }
    return explain_compact_command(input, context);
}

Explanation explain_response_script(Input input, Context&) {
    if (input.empty()) {
        return malformed_at(input.offset, "response", "empty");
    }
    if (input[0] == remote::tag::response_script_definite || input[0] == remote::tag::response_script_indefinite) {
        return explain_expanded_response(input);
    }
    return explain_compact_response(input);
}

} // namespace euicc::host::detail
