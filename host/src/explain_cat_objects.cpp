// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for CAT simple data objects (ETSI TS 102 223 §8, TS 31.111 §8): each COMPREHENSION-TLV in words.
#include <chrono>
#include <cstdio>
#include <iterator>

#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/cat_result.hpp>
#include <euicc/apdu/cat_text.hpp>
#include <euicc/apdu/sms_address.hpp>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

constexpr std::uint8_t type_refresh = 0x01;
constexpr std::uint8_t type_send_short_message = 0x13;
constexpr std::uint8_t type_display_text = 0x21;
constexpr std::uint8_t type_timer_management = 0x27;
constexpr std::uint8_t type_open_channel = 0x40;
constexpr std::uint8_t type_receive_data = 0x42;
constexpr std::uint8_t type_send_data = 0x43;

/// What earlier objects of the same list tell about later ones (TS 102 223 §6.6.27 object order).
struct ListState {
    ObjectScope scope;
    std::uint8_t command_type;
    bool after_transport_level = false;
    unsigned text_strings = 0;

    bool open_channel_objects() const noexcept {
        return scope == ObjectScope::ConnectionParameters ||
               (scope == ObjectScope::Command && command_type == type_open_channel);
    }
};

std::string duration_words(ByteView v) {
    static constexpr std::string_view units[] = {"minute", "second", "tenth of a second"};
    if (v.size() != 2) {
        return count(v.size(), "byte");
    }
    if (v[0] > 2) {
        return "reserved time unit " + hex_byte(v[0]);
    }
    return std::to_string(v[1]) + " x " + std::string(units[v[0]]);
}

std::string timer_words(std::chrono::seconds value) {
    const auto s = value.count();
    char text[48];
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld (%lld s)", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60), static_cast<long long>(s));
    return text;
}

std::string qualifier_words(std::uint8_t type, std::uint8_t q) {
    switch (type) {
    case type_refresh: {
        static constexpr std::string_view modes[] = {
            "NAA initialization and full file change notification", "file change notification",
            "NAA initialization and file change notification", "NAA initialization", "UICC reset",
            "NAA application reset", "NAA session reset", "steering of roaming", "steering of roaming for I-WLAN",
            "eUICC profile state change", "application update"};
        return q < std::size(modes) ? std::string(modes[q]) : "RFU mode";
    }
    case type_send_short_message:
        return (q & cat::qualifier::packing_required) != 0 ? "the terminal packs the text" : "no packing required";
    case type_display_text:
        return std::string((q & cat::qualifier::high_priority) != 0 ? "high priority" : "normal priority") +
               ((q & cat::qualifier::wait_for_user) != 0 ? ", wait for the user to clear it"
                                                          : ", clear after a delay");
    case type_timer_management: {
        static constexpr std::string_view operations[] = {"start", "deactivate", "get current value", "RFU"};
        return std::string(operations[q & 0x03]);
    }
    case type_open_channel: {
        std::string text = (q & cat::qualifier::background_mode) != 0 ? "immediate link establishment in background"
                           : (q & cat::qualifier::immediate_link) != 0 ? "immediate link establishment"
                                                                        : "on demand link establishment";
        if ((q & cat::qualifier::automatic_reconnection) != 0) {
            text += ", automatic reconnection";
        }
        if ((q & cat::qualifier::dns_server_request) != 0) {
            text += ", DNS server address requested";
        }
        return text;
    }
    case type_send_data:
        return (q & cat::qualifier::send_immediately) != 0 ? "send immediately" : "store in the Tx buffer";
    default: return "";
    }
}

std::string command_details_words(ByteView v) {
    if (v.size() != 3) {
        return count(v.size(), "byte") + " (3 expected)";
    }
    const auto type = static_cast<cat::CommandType>(v[1]);
    std::string text = "command " + std::to_string(v[0]) + ", " + std::string(cat::command_type_name(type)) + " (" +
                       hex_byte(v[1]) + "), qualifier " + hex_byte(v[2]);
    const std::string words = qualifier_words(v[1], v[2]);
    if (!words.empty()) {
        text += ": " + words;
    }
    return text;
}

std::string result_words(ByteView v) {
    if (v.empty()) {
        return "empty";
    }
    const auto general = static_cast<cat::GeneralResult>(v[0]);
    std::string text = hex_byte(v[0]) + ": " + std::string(cat::general_result_name(general));
    if (v.size() > 1) {
        std::string_view cause;
        if (general == cat::GeneralResult::BearerIndependentProtocolError) {
            cause = cat::bip_error_name(static_cast<cat::BipError>(v[1]));
        } else if (general == cat::GeneralResult::TerminalUnableToProcess) {
            cause = cat::terminal_problem_name(static_cast<cat::TerminalProblem>(v[1]));
        }
        text += "; additional information " + hex(v.subspan(1));
        if (!cause.empty()) {
            text += ": " + std::string(cause);
        }
    }
    return text;
}

std::string channel_status_words(ByteView v) {
    if (v.size() != 2) {
        return count(v.size(), "byte") + " (2 expected)";
    }
    std::string text = "channel " + std::to_string(v[0] & 0x07) +
                       ((v[0] & 0x80) != 0 ? ", link established" : ", link not established");
    switch (v[1]) {
    case cat::channel_info::none: text += ", no further information"; break;
    case cat::channel_info::link_dropped: text += ", link dropped"; break;
    default: text += ", further information " + hex_byte(v[1]); break;
    }
    return text;
}

std::string channel_length_words(std::uint8_t n, const ListState& state) {
    const std::string amount = n == 0xFF ? "more than 255 bytes" : count(n, "byte");
    if (state.scope == ObjectScope::TerminalResponse && state.command_type == type_send_data) {
        return amount + " free in the Tx buffer";
    }
    if (state.scope == ObjectScope::TerminalResponse && state.command_type == type_receive_data) {
        return amount + " left in the Rx buffer";
    }
    if (state.scope == ObjectScope::Envelope) {
        return amount + " waiting in the Rx buffer";
    }
    if (state.scope == ObjectScope::Command && state.command_type == type_receive_data) {
        return amount + " requested";
    }
    return amount;
}

std::string file_list_words(ByteView v) {
    if (v.empty()) {
        return "empty";
    }
    // §8.18: number of files, then full paths; each starts with the MF 3F00.
    std::string paths;
    for (std::size_t i = 1; i + 1 < v.size(); i += 2) {
        if (v[i] == 0x3F && v[i + 1] == 0x00) {
            paths += paths.empty() ? "" : ", ";
        } else {
            paths += "/";
        }
        paths += hex(v.subspan(i, 2));
    }
    return count(v[0], "file") + ": " + paths;
}

std::string event_list_words(ByteView v) {
    if (v.empty()) {
        return "no events";
    }
    std::string text;
    for (std::uint8_t e : v) {
        text += text.empty() ? "" : ", ";
        text += std::string(cat::event_name(static_cast<cat::Event>(e))) + " (" + hex_byte(e) + ")";
    }
    return text;
}

std::string address_words(ByteView v) {
    try {
        return sms_address_words(sms::Address::decode_rp(v));
    } catch (const CodecError&) {
        return hex(v);
    }
}

struct Words {
    std::string label;
    std::string value;
};

/// Label and words of one object. Codec errors of the object's value propagate to the caller.
Words words_of(const ctlv::Tlv& tlv, ListState& state) {
    const ByteView v = tlv.value;
    switch (tlv.tag) {
    case cat::tag::command_details: return {"command details", command_details_words(v)};
    case cat::tag::device_identities:
        if (v.size() == 2) {
            return {"device identities", device_name(v[0]) + " -> " + device_name(v[1])};
        }
        return {"device identities", count(v.size(), "byte") + " (2 expected)"};
    case cat::tag::result: return {"result", result_words(v)};
    case cat::tag::duration: return {"duration", duration_words(v)};
    case cat::tag::alpha_identifier: return {"alpha identifier", printable(v).value_or(count(v.size(), "byte"))};
    case cat::tag::address: return {"address", address_words(v)};
    case cat::tag::sms_tpdu: return {"SMS TPDU", count(v.size(), "byte")};
    case cat::tag::text_string: {
        const std::string label = state.open_channel_objects()
                                      ? (state.text_strings++ == 0 ? "user login" : "user password")
                                      : "text string";
        if (v.empty()) {
            return {label, "null text"};
        }
        const auto text = cat::text_to_utf8(cat::TextString{v[0], Bytes(v.begin() + 1, v.end())});
        return {label, text ? "\"" + *text + "\"" : "DCS " + hex_byte(v[0]) + ", " + count(v.size() - 1, "byte")};
    }
    case cat::tag::file_list: return {"file list", file_list_words(v)};
    case cat::tag::event_list: return {"event list", event_list_words(v)};
    case cat::tag::icon_identifier:
        if (v.size() == 2) {
            return {"icon identifier", std::string((v[0] & 0x01) != 0 ? "not self-explanatory" : "self-explanatory") +
                                           ", record " + std::to_string(v[1])};
        }
        return {"icon identifier", count(v.size(), "byte")};
    case cat::tag::timer_identifier:
        return {"timer identifier", v.size() == 1 ? "timer " + std::to_string(v[0]) : count(v.size(), "byte")};
    case cat::tag::timer_value: return {"timer value", timer_words(cat::decode_timer_value(v))};
    case cat::tag::immediate_response: return {"immediate response", "the terminal answers at once"};
    case cat::tag::aid: return {"AID", count(v.size(), "byte")};
    case cat::tag::bearer_description:
        if (v.empty()) {
            return {"bearer description", "empty"};
        }
        return {"bearer description",
                std::string(cat::bearer_type_name(static_cast<cat::BearerType>(v[0]))) +
                    (v.size() > 1 ? ", parameters " + hex(v.subspan(1)) : ", no parameters")};
    case cat::tag::channel_data: return {"channel data", count(v.size(), "byte")};
    case cat::tag::channel_data_length:
        return {"channel data length", v.size() == 1 ? channel_length_words(v[0], state) : count(v.size(), "byte")};
    case cat::tag::channel_status: return {"channel status", channel_status_words(v)};
    case cat::tag::buffer_size:
        return {"buffer size", v.size() == 2 ? count(static_cast<std::size_t>(v[0] << 8 | v[1]), "byte")
                                             : count(v.size(), "byte") + " (2 expected)"};
    case cat::tag::transport_level:
        state.after_transport_level = true;
        if (v.size() == 3) {
            return {"transport level",
                    std::string(cat::transport_protocol_name(static_cast<cat::TransportProtocol>(v[0]))) + ", port " +
                        std::to_string(v[1] << 8 | v[2])};
        }
        return {"transport level", count(v.size(), "byte") + " (3 expected)"};
    case cat::tag::other_address: {
        const std::string label = !state.open_channel_objects() ? (state.scope == ObjectScope::TerminalResponse
                                                                       ? "local address"
                                                                       : "other address")
                                  : state.after_transport_level ? "data destination address"
                                                                : "local address";
        if (v.empty()) {
            return {label, "empty"};
        }
        const cat::OtherAddress address{static_cast<cat::AddressType>(v[0]), Bytes(v.begin() + 1, v.end())};
        const auto ip = cat::ip_string(address);
        if (ip) {
            return {label, (v[0] == 0x21 ? "IPv4 " : "IPv6 ") + *ip};
        }
        return {label, v.size() == 1 ? "type " + hex_byte(v[0]) + ", to be allocated dynamically"
                                     : "type " + hex_byte(v[0]) + ", " + count(v.size() - 1, "byte")};
    }
    case cat::tag::network_access_name:
        return {"network access name", "\"" + cat::decode_network_access_name(v) + "\""};
    default:
        return {"object " + hex_byte(static_cast<std::uint8_t>(tlv.tag)),
                count(v.size(), "byte") + (tlv.cr ? "; not known here, comprehension required" : "; not known here")};
    }
}

} // namespace

std::string device_name(std::uint8_t code) {
    switch (code) {
    case cat::device::keypad: return "keypad";
    case cat::device::display: return "display";
    case cat::device::earpiece: return "earpiece";
    case cat::device::uicc: return "UICC";
    case cat::device::terminal: return "terminal";
    case cat::device::network: return "network";
    default: break;
    }
    if (code >= 0x10 && code <= 0x17) {
        return "card reader " + std::to_string(code - 0x10);
    }
    if (const auto channel = cat::channel_of_device(code)) {
        return "channel " + std::to_string(*channel);
    }
    if (code >= 0x31 && code <= 0x3F) {
        return "eCAT client " + std::to_string(code - 0x30);
    }
    return "device " + hex_byte(code);
}

bool explain_objects(Explanation& parent, Input value, ObjectScope scope, std::uint8_t command_type,
                     Context& context) {
    ListState state{scope, command_type};
    std::size_t at = 0;
    while (at < value.size()) {
        const Input rest = value.sub(at);
        const auto frame = frame_tlv(rest.bytes, true);
        if (!frame) {
            try {
                static_cast<void>(ctlv::parse_all(rest.bytes));
                parent.add(malformed_at(rest.offset, "COMPREHENSION-TLV", "object cannot be framed"));
            } catch (const CodecError& e) {
                parent.add(malformed(e, rest.offset));
            }
            return false;
        }
        const Input object = rest.sub(0, frame->size());
        ctlv::Tlv tlv;
        try {
            tlv = ctlv::parse_all(object.bytes).front();
        } catch (const CodecError& e) {
            parent.add(malformed(e, object.offset));
            return false;
        }
        const Input object_value = object.sub(frame->header);
        try {
            Words words = words_of(tlv, state);
            Explanation out = node(std::move(words.label), std::move(words.value), object.bytes);
            if (tlv.tag == cat::tag::sms_tpdu && !object_value.empty()) {
                out.add(explain_tpdu(object_value, context));
            }
            parent.add(std::move(out));
        } catch (const CodecError& e) {
            Explanation out = node("object " + hex_byte(static_cast<std::uint8_t>(tlv.tag)), "", object.bytes);
            out.add(malformed(e, object_value.offset));
            parent.add(std::move(out));
        }
        at += frame->size();
    }
    return true;
}

} // namespace euicc::host::detail
