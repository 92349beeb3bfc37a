// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for APDUs (ISO/IEC 7816-4 §5.1, TS 102 221 §10.1.1): class, instruction, parameters, data (the
// toolkit commands' data explained in turn) and Le; R-APDUs with the status word in words.
#include <algorithm>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/cla.hpp>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

constexpr std::uint8_t ins_terminal_profile = 0x10;
constexpr std::uint8_t ins_fetch = 0x12;
constexpr std::uint8_t ins_terminal_response = 0x14;
constexpr std::uint8_t ins_envelope = 0xC2;
constexpr std::uint8_t ins_select = 0xA4;

bool proprietary_class(std::uint8_t cla) noexcept {
    return (cla & 0x80) != 0;
}

bool is_toolkit(std::uint8_t cla, std::uint8_t ins) noexcept {
    return proprietary_class(cla) && (ins == ins_terminal_profile || ins == ins_fetch || ins == ins_terminal_response ||
                                      ins == ins_envelope);
}

std::string_view ins_name(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1) noexcept {
    if (proprietary_class(cla)) {
        switch (ins) {
        case ins_terminal_profile: return "TERMINAL PROFILE";
        case ins_fetch: return "FETCH";
        case ins_terminal_response: return "TERMINAL RESPONSE";
        case ins_envelope: return "ENVELOPE";
        case 0xF2: return p1 <= 0x02 ? "STATUS" : "GET STATUS";
        case 0x50: return "INITIALIZE UPDATE";
        case 0xE2: return "STORE DATA";
        case 0xE4: return "DELETE";
        case 0xE6: return "INSTALL";
        case 0xE8: return "LOAD";
        case 0xD8: return "PUT KEY";
        case 0xF0: return "SET STATUS";
        case 0xAA: return "TERMINAL CAPABILITY";
        default: break;
        }
    }
    switch (ins) {
    case ins_select: return "SELECT";
    case 0xB0: return "READ BINARY";
    case 0xB2: return "READ RECORD";
    case 0xC0: return "GET RESPONSE";
    case 0xCA:
    case 0xCB: return "GET DATA";
    case 0xD6: return "UPDATE BINARY";
    case 0xDC: return "UPDATE RECORD";
    case 0xA2: return "SEARCH RECORD";
    case 0x32: return "INCREASE";
    case 0x70: return "MANAGE CHANNEL";
    case 0x84: return "GET CHALLENGE";
    case 0x82: return "EXTERNAL AUTHENTICATE";
    case 0x88: return "AUTHENTICATE";
    case 0x20: return "VERIFY PIN";
    case 0x24: return "CHANGE PIN";
    case 0x26: return "DISABLE PIN";
    case 0x28: return "ENABLE PIN";
    case 0x2C: return "UNBLOCK PIN";
    case 0x04: return "DEACTIVATE FILE";
    case 0x44: return "ACTIVATE FILE";
    case 0xF2: return "STATUS";
    default: return "unknown instruction";
    }
}

Explanation explain_cla(std::uint8_t cla, std::size_t offset) {
    Explanation out = node("CLA", "", ByteView(&cla, 1));
    if (cla == 0xA0) {
        out.value = "GSM 11.11 class (2G SIM)";
        return out;
    }
    try {
        const unsigned channel = apdu::channel_of_cla(cla);
        out.value = std::string(proprietary_class(cla) ? "proprietary class (TS 102 221, GlobalPlatform)"
                                                       : "interindustry class (ISO 7816-4)") +
                    ", logical channel " + std::to_string(channel);
        const bool further_layout = (cla & 0x40) != 0;
        if ((!further_layout && (cla & 0x0C) != 0) || (further_layout && (cla & 0x20) != 0)) {
            out.value += ", secure messaging";
        }
        if ((cla & 0x10) != 0) {
            out.value += ", command chaining";
        }
    } catch (const CodecError& e) {
        out.value = "not a class byte of ISO 7816-4 or TS 102 221";
        out.add(malformed(e, offset));
    }
    return out;
}

std::string aid_words(ByteView aid) {
    if (std::equal(aid.begin(), aid.end(), apdu::aid::isd_r.begin(), apdu::aid::isd_r.end())) {
        return "ISD-R (SGP.02 §2.2.1)";
    }
    if (std::equal(aid.begin(), aid.end(), apdu::aid::ecasd.begin(), apdu::aid::ecasd.end())) {
        return "ECASD (SGP.02 §2.2.3)";
    }
    return "application identifier, " + count(aid.size(), "byte");
}

Explanation explain_data(const apdu::CommandApdu& command, Input data, Context& context) {
    if (proprietary_class(command.cla())) {
        switch (command.ins()) {
        case ins_terminal_profile: return explain_terminal_profile(data, context);
        case ins_envelope: return explain_envelope(data, context);
        case ins_terminal_response: return explain_terminal_response(data, context);
        default: break;
        }
    }
    if (command.ins() == ins_select && command.p1() == 0x04) {
        return node("data", aid_words(data.bytes), data.bytes);
    }
    return node("data", count(data.size(), "byte"), data.bytes);
}

} // namespace

Explanation explain_command_fields(const apdu::CommandApdu& command, Input input, std::size_t data_at,
                                   Context& context, std::string label) {
    const std::string name(ins_name(command.cla(), command.ins(), command.p1()));
    Explanation out = node(std::move(label), name, input.bytes);
    out.add(explain_cla(command.cla(), input.offset));
    out.add(node("INS", name, input.bytes.subspan(1, 1)));
    std::string parameters;
    if (command.ins() == ins_select) {
        parameters = command.p1() == 0x04 ? "select by DF name (AID)" : command.p1() == 0x00 ? "select by file identifier"
                                                                                              : "";
    }
    out.add(node("P1 P2", parameters, input.bytes.subspan(2, 2)));
    if (!command.data().empty()) {
        out.add(node("Lc", count(command.data().size(), "byte") + " of data", input.bytes.subspan(4, data_at - 4)));
        out.add(explain_data(command, input.sub(data_at, command.data().size()), context));
    } else if (is_toolkit(command.cla(), command.ins()) && command.ins() != ins_fetch) {
        out.add(malformed_at(input.offset + std::min<std::size_t>(input.size(), 4), "C-APDU",
                             "no data field: " + name + " carries its data in the command"));
    }
    if (command.ne()) {
        std::string words = count(*command.ne(), "byte") + " expected";
        if (command.ins() == ins_fetch && proprietary_class(command.cla())) {
            words += " (the proactive command's length, SW2 of the preceding 91xx)";
        }
        out.add(node("Le", words));
    }
    return out;
}

Explanation explain_command_apdu(Input input, Context& context) {
    const std::uint8_t cla = input.size() > 0 ? input[0] : 0;
    const std::uint8_t ins = input.size() > 1 ? input[1] : 0;
    const std::uint8_t p1 = input.size() > 2 ? input[2] : 0;
    try {
        const apdu::CommandApdu command = apdu::CommandApdu::parse(input.bytes);
        const std::size_t data_at = command.extended() ? 7 : 5;
        Explanation root = explain_command_fields(command, input, data_at, context, "C-APDU");
        return root;
    } catch (const CodecError& e) {
        Explanation root = node("C-APDU", input.size() > 1 ? std::string(ins_name(cla, ins, p1)) : "", input.bytes);
        root.add(malformed(e, input.offset));
        // The data of a toolkit command is still worth reading when only its length byte is off.
        if (input.size() > 5 && is_toolkit(cla, ins) && ins != ins_fetch) {
            Explanation rest = node("data as present", "from offset " + std::to_string(input.offset + 5) + " on", {});
            const Input data = input.sub(5);
            switch (ins) {
            case ins_terminal_profile: rest.add(explain_terminal_profile(data, context)); break;
            case ins_envelope: rest.add(explain_envelope(data, context)); break;
            default: rest.add(explain_terminal_response(data, context)); break;
            }
            root.add(std::move(rest));
        }
        return root;
    }
}

Explanation explain_response_apdu(Input input, Context& context) {
    if (input.size() < 2) {
        Explanation root = node("R-APDU", "", input.bytes);
        root.add(malformed_at(input.offset + input.size(), "R-APDU", "fewer than 2 bytes: no status word"));
        return root;
    }
    const apdu::StatusWord sw(input[input.size() - 2], input[input.size() - 1]);
    Explanation root = node("R-APDU", "SW " + sw.to_string() + ": " + std::string(sw.describe()), input.bytes);
    const Input data = input.sub(0, input.size() - 2);
    if (!data.empty()) {
        Explanation field = node("data", count(data.size(), "byte"), data.bytes);
        if (data[0] == 0xD0) {
            field.add(explain_proactive_command(data, context));
        } else if (data.size() >= 3 && data[0] == 0x02 && data[1] == 0x71 && data[2] == 0x00) {
            field.add(explain_user_data(data, context));
        } else if (data[0] == 0xAB || data[0] == 0xAF) {
            field.add(explain_response_script(data, context));
        }
        root.add(std::move(field));
    }
    std::string words(sw.describe());
    if (sw.sw1() == 0x91) {
        words += ": FETCH " + count(sw.sw2(), "byte");
    }
    root.add(node("SW", words, input.bytes.subspan(input.size() - 2)));
    return root;
}

} // namespace euicc::host::detail
