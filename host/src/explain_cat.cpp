// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for toolkit structures (ETSI TS 102 223): ENVELOPE (§7, TS 31.111 §7.1.1), proactive commands
// (§6.5-6.6), TERMINAL RESPONSE (§6.8) and TERMINAL PROFILE (§5.2).
#include <variant>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_profile.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

std::string envelope_name(std::uint8_t tag) {
    switch (tag) {
    case cat::envelope_tag::sms_pp_download: return "SMS-PP data download (D1)";
    case cat::envelope_tag::cell_broadcast_download: return "cell broadcast data download (D2)";
    case cat::envelope_tag::menu_selection: return "menu selection (D3)";
    case cat::envelope_tag::call_control: return "call control (D4)";
    case cat::envelope_tag::mo_sms_control: return "MO short message control (D5)";
    case cat::envelope_tag::event_download: return "event download (D6)";
    case cat::envelope_tag::timer_expiration: return "timer expiration (D7)";
    default: return "envelope tag " + hex_byte(tag);
    }
}

/// The first object's value when it is command details (81 03 nn tt qq): the command type, else 0.
std::uint8_t command_type_in(Input objects) noexcept {
    if (objects.size() >= 5 && (objects[0] & 0x7F) == cat::tag::command_details && objects[1] == 0x03) {
        return objects[3];
    }
    return 0;
}

/// The value of a BER-TLV that should cover `input`. When its header cannot be framed, the bytes after a readable
/// header (or nothing) are returned so the objects present can still be explained.
Input outer_value(Input input) noexcept {
    if (const auto frame = frame_tlv(input.bytes, false)) {
        return input.sub(frame->header, frame->length);
    }
    if (input.size() >= 2 && input[1] < 0x80) {
        return input.sub(2);
    }
    if (input.size() >= 3 && input[1] == 0x81) {
        return input.sub(3);
    }
    return input.sub(input.size());
}

/// Validates with the typed parser once the objects could all be framed, so its rules (mandatory objects,
/// trailing bytes, values) are reported too.
template <typename Parse>
void validate(Explanation& root, Input input, bool framed, Parse parse) {
    try {
        parse();
    } catch (const CodecError& e) {
        // When the objects could not be framed, that fault is reported already and this one would repeat it.
        if (framed) {
            root.add(malformed(e, input.offset));
        }
    }
}

std::string event_of(Input value) {
    // D6 starts with the event list 19/99 L e.
    if (value.size() >= 3 && (value[0] & 0x7F) == cat::tag::event_list && value[1] >= 1) {
        return std::string(cat::event_name(static_cast<cat::Event>(value[2])));
    }
    return "";
}

} // namespace

Explanation explain_envelope(Input input, Context& context) {
    const std::uint8_t tag = input.empty() ? 0 : input[0];
    Explanation root = node("ENVELOPE", envelope_name(tag), input.bytes);
    const Input value = outer_value(input);
    if (tag == cat::envelope_tag::event_download) {
        const std::string event = event_of(value);
        if (!event.empty()) {
            root.value = "event download: " + event + " (D6)";
        }
    }
    const bool framed = explain_objects(root, value, ObjectScope::Envelope, 0, context);
    validate(root, input, framed, [&] { static_cast<void>(cat::parse_envelope(input.bytes)); });
    return root;
}

Explanation explain_proactive_command(Input input, Context& context) {
    Explanation root = node("proactive command", "", input.bytes);
    const Input value = outer_value(input);
    const std::uint8_t type = command_type_in(value);
    root.value = type != 0 ? std::string(cat::command_type_name(static_cast<cat::CommandType>(type))) + " (" +
                                 hex_byte(type) + ")"
                           : "no command details";
    const bool framed = explain_objects(root, value, ObjectScope::Command, type, context);
    validate(root, input, framed, [&] {
        const cat::ProactiveCommand command = cat::parse_proactive_command(input.bytes);
        if (const auto result = cat::comprehension_result(command)) {
            root.add(node("terminal's answer",
                          hex_byte(static_cast<std::uint8_t>(*result)) + ": " +
                              std::string(cat::general_result_name(*result))));
        }
    });
    return root;
}

Explanation explain_terminal_response(Input input, Context& context) {
    Explanation root = node("TERMINAL RESPONSE", "", input.bytes);
    const std::uint8_t type = command_type_in(input);
    const bool framed = explain_objects(root, input, ObjectScope::TerminalResponse, type, context);
    if (type != 0) {
        root.value = "to " + std::string(cat::command_type_name(static_cast<cat::CommandType>(type)));
    }
    validate(root, input, framed, [&] {
        const cat::TerminalResponse response = cat::parse_terminal_response(input.bytes);
        root.value += (root.value.empty() ? "" : ": ") + std::string(cat::general_result_name(response.result.general));
    });
    return root;
}

Explanation explain_terminal_profile(Input input, Context&) {
    Explanation root = node("TERMINAL PROFILE", count(input.size(), "byte") + " of toolkit capabilities (TS 102 223 §5.2)",
                            input.bytes);
    const cat::TerminalProfile profile = cat::decode_terminal_profile(input.bytes);
    const auto bits = cat::terminal_profile_bits();
    for (std::size_t index = 0; index < input.size(); ++index) {
        const auto byte_number = static_cast<std::uint8_t>(index + 1);
        std::string names;
        std::uint8_t named = 0;
        for (const cat::TerminalProfileBit& bit : bits) {
            if (bit.byte != byte_number) {
                continue;
            }
            named |= static_cast<std::uint8_t>(1u << (bit.bit - 1));
            if (profile.*(bit.member)) {
                names += names.empty() ? "" : "; ";
                names += bit.name;
            }
        }
        if (byte_number == 13) {
            named |= 0xE0;
            names += (names.empty() ? "" : "; ") + count(profile.number_of_channels, "channel");
        }
        const std::uint8_t other = static_cast<std::uint8_t>(input[index] & ~named);
        for (unsigned b = 0; b < 8; ++b) {
            if ((other & (1u << b)) != 0) {
                names += (names.empty() ? "other bit b" : "; other bit b") + std::to_string(b + 1);
            }
        }
        root.add(node("byte " + std::to_string(byte_number), names.empty() ? "nothing" : names,
                      input.bytes.subspan(index, 1)));
    }
    return root;
}

} // namespace euicc::host::detail
