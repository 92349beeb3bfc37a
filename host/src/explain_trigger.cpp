// SPDX-License-Identifier: Apache-2.0
// `euicc decode` for the trigger (GP Amd B Table 3-3 administration session triggering parameters, tag 81, plus the
// euicc-host extension E1 of applet_spec/trigger.md): every field in words.
#include <chrono>
#include <cstdio>
#include <variant>

#include <euicc/apdu/trigger.hpp>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

constexpr std::uint8_t tag_session = 0x83;
constexpr std::uint8_t tag_connection = 0x84;
constexpr std::uint8_t tag_security = 0x85;
constexpr std::uint8_t tag_retry = 0x86;
constexpr std::uint8_t tag_http_post = 0x89;
constexpr std::uint8_t tag_access_control = 0xA4;

/// The children of a TLV value, each with its own bytes; stops where a child cannot be framed.
std::vector<std::pair<std::uint8_t, Input>> children_of(Input value) {
    std::vector<std::pair<std::uint8_t, Input>> out;
    std::size_t at = 0;
    while (at < value.size()) {
        const auto frame = frame_tlv(value.bytes.subspan(at), false);
        if (!frame) {
            break;
        }
        out.emplace_back(value[at], value.sub(at, frame->size()));
        at += frame->size();
    }
    return out;
}

/// The first child with `tag`, whole (tag, length, value).
Input child(Input value, std::uint8_t tag) {
    for (const auto& [t, bytes] : children_of(value)) {
        if (t == tag) {
            return bytes;
        }
    }
    return value.sub(value.size());
}

/// The value part of a framed TLV.
Input value_of(Input tlv) {
    const auto frame = frame_tlv(tlv.bytes, false);
    return frame ? tlv.sub(frame->header, frame->length) : tlv.sub(tlv.size());
}

std::string text_or_hex(ByteView bytes) {
    if (bytes.empty()) {
        return "empty";
    }
    return printable(bytes).value_or(count(bytes.size(), "byte") + " " + hex(bytes));
}

std::string duration_words(std::chrono::seconds value) {
    const auto s = value.count();
    char text[48];
    std::snprintf(text, sizeof text, "%lld s (%02lld:%02lld:%02lld)", static_cast<long long>(s),
                  static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    return text;
}

std::string utc_words(std::chrono::sys_seconds at) {
    const auto day = std::chrono::floor<std::chrono::days>(at);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss time{at - day};
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<long long>(time.hours().count()), static_cast<long long>(time.minutes().count()),
                  static_cast<long long>(time.seconds().count()));
    return text;
}

std::string access_control_words(const trigger::AccessControl& control) {
    if (const auto* b = std::get_if<trigger::BackoffTimer>(&control)) {
        return "back-off timer: the card connects after random[0,1] x " + duration_words(b->value);
    }
    if (const auto* w = std::get_if<trigger::TimeWindow>(&control)) {
        return "time window: the card connects at a random point within " + duration_words(w->length);
    }
    return "absolute access time: the card connects at " + utc_words(std::get<trigger::AbsoluteTime>(control).at);
}

Explanation explain_security(const trigger::SecurityParameters& security, Input bytes) {
    Explanation out = node("security parameters", "PSK-TLS key reference (85)", bytes.bytes);
    out.add(node("PSK identity", text_or_hex(security.psk_identity)));
    out.add(node("key version", hex_byte(security.kvn)));
    out.add(node("key identifier", hex_byte(security.kid)));
    if (!security.trailing.empty()) {
        out.add(node("further bytes", count(security.trailing.size(), "byte"), security.trailing));
    }
    return out;
}

Explanation explain_retry(const trigger::RetryPolicy& retry, Input bytes) {
    Explanation out = node("retry policy", "(86)", bytes.bytes);
    out.add(node("retry counter", std::to_string(retry.retry_counter)));
    if (retry.waiting_delay) {
        out.add(node("waiting delay", duration_words(*retry.waiting_delay)));
    }
    if (!retry.report_failure.empty()) {
        out.add(node("report failure", count(retry.report_failure.size(), "byte"), retry.report_failure));
    }
    return out;
}

Explanation explain_http_post(const trigger::HttpPostParameters& http, Input bytes) {
    Explanation out = node("HTTP POST parameters", "(89)", bytes.bytes);
    const auto add = [&](const std::optional<std::string>& value, std::string label) {
        if (value) {
            out.add(node(std::move(label), "\"" + *value + "\""));
        }
    };
    add(http.host, "administration host (Host:)");
    add(http.agent_id, "agent id (X-Admin-From:)");
    add(http.uri, "administration URI");
    return out;
}

Explanation explain_session(const trigger::AdminSessionParameters& session, Input bytes, Context& context) {
    Explanation out = node("session parameters",
                           "security domain administration session (83); absent elements: the values stored in the ISD-R",
                           bytes.bytes);
    const Input value = value_of(bytes);
    if (session.connection) {
        const Input connection = child(value, tag_connection);
        Explanation conn = node("connection parameters", "OPEN CHANNEL objects (84)", connection.bytes);
        explain_objects(conn, value_of(connection), ObjectScope::ConnectionParameters, 0, context);
        out.add(std::move(conn));
    }
    if (session.security) {
        out.add(explain_security(*session.security, child(value, tag_security)));
    }
    if (session.retry) {
        out.add(explain_retry(*session.retry, child(value, tag_retry)));
    }
    if (session.http_post) {
        out.add(explain_http_post(*session.http_post, child(value, tag_http_post)));
    }
    for (const ber::Tlv& unknown : session.unknown) {
        out.add(node("element " + to_hex(ber::encode_tag(unknown.tag)), "not known here, ignored by the card",
                     ber::encode(unknown)));
    }
    return out;
}

Explanation explain_extension(const trigger::Extension& extension, Input bytes) {
    Explanation out = node("extension", "euicc-host extension (E1); cards that do not know it act on 83 alone",
                           bytes.bytes);
    out.add(node("operation type", std::string(trigger::to_string(extension.operation))));
    out.add(node("management mode", std::string(trigger::to_string(extension.mode))));
    if (!extension.smsr_id.empty()) {
        out.add(node("SM-SR identifier", "\"" + extension.smsr_id + "\""));
    }
    if (!extension.smsr_address.empty()) {
        out.add(node("SM-SR address", "\"" + extension.smsr_address + "\""));
    }
    if (extension.access_control) {
        out.add(node("access control", access_control_words(*extension.access_control),
                     child(value_of(bytes), tag_access_control).bytes));
    } else {
        out.add(node("access control", "none: the card connects as soon as it has processed the trigger"));
    }
    if (!extension.request_id.empty()) {
        out.add(node("request identifier", hex(extension.request_id)));
    }
    return out;
}

/// Where a trigger that does not decode stops being well-formed TLV: the first element that cannot be framed.
/// 81, 83, 89 carry TLVs although their tag bytes say primitive (GP Amd B); E1 and A4 are constructed.
std::optional<std::size_t> framing_fault(Input tlv) {
    const auto frame = frame_tlv(tlv.bytes, false);
    if (!frame) {
        return tlv.offset;
    }
    if (frame->size() != tlv.size()) {
        return tlv.offset + frame->size();
    }
    const std::uint8_t tag = tlv[0];
    if (tag != trigger::tag_trigger && tag != tag_session && tag != tag_http_post && (tag & 0x20) == 0) {
        return std::nullopt;
    }
    const Input value = tlv.sub(frame->header, frame->length);
    std::size_t at = 0;
    for (const auto& [t, bytes] : children_of(value)) {
        if (const auto fault = framing_fault(bytes)) {
            return fault;
        }
        at += bytes.size();
    }
    return at == value.size() ? std::nullopt : std::optional<std::size_t>(value.offset + at);
}

} // namespace

Explanation explain_trigger(Input input, Context& context) {
    Explanation root = node("trigger", "administration session triggering parameters (GP Amd B Table 3-3, 81)",
                            input.bytes);
    trigger::Trigger decoded;
    try {
        decoded = trigger::decode(input.bytes);
    } catch (const CodecError& e) {
        if (const auto fault = framing_fault(input)) {
            root.add(malformed_at(*fault, "trigger", "element cannot be framed (truncated or bad length): " +
                                                          e.reason()));
        } else {
            root.add(malformed(e, input.offset));
        }
        return root;
    }
    const Input value = value_of(input);
    if (decoded.session) {
        root.add(explain_session(*decoded.session, child(value, tag_session), context));
    } else {
        root.add(node("session parameters", "absent: the card uses the parameters stored in the ISD-R"));
    }
    if (decoded.extension) {
        root.add(explain_extension(*decoded.extension, child(value, static_cast<std::uint8_t>(trigger::tag_extension))));
    }
    for (const ber::Tlv& unknown : decoded.unknown) {
        root.add(node("element " + to_hex(ber::encode_tag(unknown.tag)), "not known here, ignored by the card",
                      ber::encode(unknown)));
    }
    return root;
}

} // namespace euicc::host::detail
