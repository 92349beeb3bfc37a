// SPDX-License-Identifier: Apache-2.0
// One-line descriptions of toolkit exchanges (ETSI TS 102 223 §9.4 command types, §8.12 results).
#include <cstdio>

#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/error.hpp>
#include <euicc/host/terminal_event.hpp>

namespace euicc::host {

namespace {

std::string hex_byte(std::uint8_t value) {
    char text[3];
    std::snprintf(text, sizeof text, "%02X", value);
    return text;
}

std::string command_summary(const TerminalEvent& event) {
    if (!event.command) {
        return " (not understood)";
    }
    const auto details = cat::details_of(*event.command);
    return " " + std::string(cat::command_type_name(details.type)) + " (" +
           hex_byte(static_cast<std::uint8_t>(details.type)) + ") #" + std::to_string(details.number) + " q" +
           hex_byte(details.qualifier);
}

std::string result_summary(const TerminalEvent& event) {
    try {
        const auto response = cat::parse_terminal_response(event.data);
        return " result " + hex_byte(static_cast<std::uint8_t>(response.result.general)) +
               to_hex(response.result.additional_info) + " (" +
               std::string(cat::general_result_name(response.result.general)) + ")";
    } catch (const CodecError&) {
        // The log must describe whatever was sent; the bytes follow anyway.
        return " (unparsable)";
    }
}

} // namespace

std::string_view to_string(TerminalEventKind kind) noexcept {
    switch (kind) {
    case TerminalEventKind::TerminalProfile:
        return "TERMINAL PROFILE";
    case TerminalEventKind::Envelope:
        return "ENVELOPE";
    case TerminalEventKind::ProactiveCommand:
        return "PROACTIVE COMMAND";
    case TerminalEventKind::TerminalResponse:
        return "TERMINAL RESPONSE";
    }
    return "unknown";
}

std::string describe(const TerminalEvent& event) {
    std::string line(to_string(event.kind));
    if (event.kind == TerminalEventKind::ProactiveCommand) {
        line += command_summary(event);
    } else if (event.kind == TerminalEventKind::TerminalResponse) {
        line += result_summary(event);
    }
    line += ": " + to_hex(event.data) + " [" + event.sw.to_string() + "]";
    return line;
}

} // namespace euicc::host
