// SPDX-License-Identifier: Apache-2.0
// Trigger message codec: GP Amd B Table 3-3 (tag 81) + the euicc-host extension (tag E1), applet_spec/trigger.md.
#include <euicc/apdu/trigger.hpp>

#include <limits>
#include <stdexcept>

#include <euicc/apdu/cat_objects.hpp>
#include <euicc/error.hpp>

namespace euicc::trigger {

namespace {

constexpr const char* context = "trigger";

// GP Amd B Table 3-3 tags.
constexpr ber::Tag tag_session = 0x83;
constexpr ber::Tag tag_connection = 0x84;
constexpr ber::Tag tag_security = 0x85;
constexpr ber::Tag tag_retry = 0x86;
constexpr ber::Tag tag_http_post = 0x89;
constexpr ber::Tag tag_host = 0x8A;
constexpr ber::Tag tag_agent_id = 0x8B;
constexpr ber::Tag tag_uri = 0x8C;

// Extension tags (applet_spec/trigger.md §3).
constexpr ber::Tag tag_operation = 0x80;
constexpr ber::Tag tag_mode = 0x81;
constexpr ber::Tag tag_smsr_id = 0x82;
constexpr ber::Tag tag_smsr_address = 0x83;
constexpr ber::Tag tag_access_control = 0xA4;
constexpr ber::Tag tag_request_id = 0x85;
constexpr ber::Tag tag_backoff = 0x80;
constexpr ber::Tag tag_window = 0x81;
constexpr ber::Tag tag_absolute = 0x82;

[[noreturn]] void fail(const std::string& reason) { throw CodecError(context, 0, reason); }

Bytes text_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
std::string text_of(const Bytes& b) { return std::string(b.begin(), b.end()); }

void put_uint(Bytes& out, std::uint64_t v, int octets) {
    for (int i = octets - 1; i >= 0; --i) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
}

std::uint64_t get_uint(const Bytes& b, std::size_t octets, const char* what) {
    if (b.size() != octets) {
        fail(std::string(what) + ": expected " + std::to_string(octets) + " bytes, got " + std::to_string(b.size()));
    }
    std::uint64_t v = 0;
    for (auto byte : b) {
        v = (v << 8) | byte;
    }
    return v;
}

// The waiting delay is a CAT timer value (TS 102 223 §8.38); its errors are restated in the trigger's terms.
Bytes encode_waiting_delay(std::chrono::seconds delay) {
    try {
        return cat::encode_timer_value(delay);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("trigger: retry waiting delay: ") + e.what());
    }
}

std::chrono::seconds decode_waiting_delay(ByteView value) {
    try {
        return cat::decode_timer_value(value);
    } catch (const CodecError& e) {
        fail(e.reason());
    }
}

Bytes encode_security(const SecurityParameters& p) {
    if (p.psk_identity.size() > 255) {
        throw std::invalid_argument("trigger: PSK identity longer than 255 bytes");
    }
    Bytes v;
    v.push_back(static_cast<std::uint8_t>(p.psk_identity.size()));
    append(v, p.psk_identity);
    v.push_back(0x02);  // length of the key reference: KVN + KID
    v.push_back(p.kvn);
    v.push_back(p.kid);
    append(v, p.trailing);
    return v;
}

SecurityParameters decode_security(const Bytes& value) {
    ByteReader r(value, "trigger 85 security parameters");
    SecurityParameters p;
    const auto psk = r.take(r.u8());
    p.psk_identity.assign(psk.begin(), psk.end());
    const std::uint8_t key_ref_len = r.u8();
    if (key_ref_len < 2) {
        r.fail("key reference shorter than KVN + KID");
    }
    p.kvn = r.u8();
    p.kid = r.u8();
    const auto rest = r.rest();
    p.trailing.assign(rest.begin(), rest.end());
    return p;
}

Bytes encode_retry(const RetryPolicy& p) {
    Bytes v;
    put_uint(v, p.retry_counter, 2);
    if (p.waiting_delay) {
        // The timer value object's tag with or without CR (TS 102 223 §8.38).
        v.push_back(p.delay_tag_cr ? static_cast<std::uint8_t>(0x80 | cat::tag::timer_value)
                                   : cat::tag::timer_value);
        v.push_back(0x03);
        append(v, encode_waiting_delay(*p.waiting_delay));
    }
    append(v, p.report_failure);
    return v;
}

RetryPolicy decode_retry(const Bytes& value) {
    ByteReader r(value, "trigger 86 retry policy");
    RetryPolicy p;
    p.retry_counter = r.u16be();
    if (!r.empty() && (r.peek() & 0x7F) == cat::tag::timer_value) {
        p.delay_tag_cr = (r.u8() & 0x80) != 0;
        if (r.u8() != 0x03) {
            r.fail("timer value length is not 3");
        }
        p.waiting_delay = decode_waiting_delay(r.take(3));
    }
    const auto rest = r.rest();
    p.report_failure.assign(rest.begin(), rest.end());
    return p;
}

Bytes encode_http_post(const HttpPostParameters& p) {
    Bytes v;
    if (p.host) append(v, ber::encode(tag_host, text_bytes(*p.host)));
    if (p.agent_id) append(v, ber::encode(tag_agent_id, text_bytes(*p.agent_id)));
    if (p.uri) append(v, ber::encode(tag_uri, text_bytes(*p.uri)));
    return v;
}

HttpPostParameters decode_http_post(const ber::Tlv& tlv) {
    HttpPostParameters p;
    for (const auto& child : tlv.children) {
        switch (child.tag) {
        case tag_host: p.host = text_of(child.value); break;
        case tag_agent_id: p.agent_id = text_of(child.value); break;
        case tag_uri: p.uri = text_of(child.value); break;
        default: break;  // Amd B: elements a card does not know are ignored
        }
    }
    return p;
}

Bytes encode_session(const AdminSessionParameters& s) {
    Bytes v;
    if (s.connection) append(v, ber::encode(tag_connection, ctlv::encode_all(*s.connection)));
    if (s.security) append(v, ber::encode(tag_security, encode_security(*s.security)));
    if (s.retry) append(v, ber::encode(tag_retry, encode_retry(*s.retry)));
    if (s.http_post) append(v, ber::encode(tag_http_post, encode_http_post(*s.http_post)));
    for (const auto& u : s.unknown) append(v, ber::encode(u));
    return v;
}

AdminSessionParameters decode_session(const ber::Tlv& tlv) {
    AdminSessionParameters s;
    for (const auto& child : tlv.children) {
        switch (child.tag) {
        case tag_connection: s.connection = ctlv::parse_all(child.value); break;
        case tag_security: s.security = decode_security(child.value); break;
        case tag_retry: s.retry = decode_retry(child.value); break;
        case tag_http_post: s.http_post = decode_http_post(child); break;
        default: s.unknown.push_back(child); break;
        }
    }
    return s;
}

std::uint32_t seconds_u32(std::chrono::seconds s, const char* what) {
    if (s.count() < 0 || s.count() > std::numeric_limits<std::uint32_t>::max()) {
        throw std::invalid_argument(std::string("trigger: ") + what + " out of range 0..2^32-1 s");
    }
    return static_cast<std::uint32_t>(s.count());
}

Bytes encode_access_control(const AccessControl& ac) {
    Bytes v;
    if (const auto* b = std::get_if<BackoffTimer>(&ac)) {
        put_uint(v, seconds_u32(b->value, "back-off timer"), 4);
        return ber::encode(tag_backoff, v);
    }
    if (const auto* w = std::get_if<TimeWindow>(&ac)) {
        put_uint(v, seconds_u32(w->length, "time window"), 4);
        return ber::encode(tag_window, v);
    }
    const auto at = std::get<AbsoluteTime>(ac).at.time_since_epoch().count();
    if (at < 0) {
        throw std::invalid_argument("trigger: absolute access time before 1970");
    }
    put_uint(v, static_cast<std::uint64_t>(at), 8);
    return ber::encode(tag_absolute, v);
}

AccessControl decode_access_control(const ber::Tlv& tlv) {
    if (tlv.children.size() != 1) {
        fail("access control A4 must hold exactly one of 80/81/82");
    }
    const auto& c = tlv.children.front();
    switch (c.tag) {
    case tag_backoff: return BackoffTimer{std::chrono::seconds(get_uint(c.value, 4, "back-off timer"))};
    case tag_window: return TimeWindow{std::chrono::seconds(get_uint(c.value, 4, "time window"))};
    case tag_absolute: {
        const auto secs = get_uint(c.value, 8, "absolute time");
        if (secs > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / 1000000000)) {
            fail("absolute time beyond the representable range");
        }
        return AbsoluteTime{std::chrono::sys_seconds(std::chrono::seconds(static_cast<std::int64_t>(secs)))};
    }
    default: fail("unknown access control element " + to_hex(ber::encode_tag(c.tag)));
    }
}

Bytes encode_extension(const Extension& e) {
    Bytes v;
    append(v, ber::encode(tag_operation, Bytes{static_cast<std::uint8_t>(e.operation)}));
    append(v, ber::encode(tag_mode, Bytes{static_cast<std::uint8_t>(e.mode)}));
    if (!e.smsr_id.empty()) append(v, ber::encode(tag_smsr_id, text_bytes(e.smsr_id)));
    if (!e.smsr_address.empty()) append(v, ber::encode(tag_smsr_address, text_bytes(e.smsr_address)));
    if (e.access_control) append(v, ber::encode(tag_access_control, encode_access_control(*e.access_control)));
    if (!e.request_id.empty()) append(v, ber::encode(tag_request_id, e.request_id));
    return v;
}

Extension decode_extension(const ber::Tlv& tlv) {
    Extension e;
    bool have_operation = false, have_mode = false;
    for (const auto& c : tlv.children) {
        switch (c.tag) {
        case tag_operation: {
            const auto op = get_uint(c.value, 1, "operation type");
            if (op < 0x01 || op > 0x07) {
                fail("unknown operation type " + std::to_string(op));
            }
            e.operation = static_cast<OperationType>(op);
            have_operation = true;
            break;
        }
        case tag_mode: {
            const auto mode = get_uint(c.value, 1, "management mode");
            if (mode != 0x01 && mode != 0x02) {
                fail("unknown management mode " + std::to_string(mode));
            }
            e.mode = static_cast<ManagementMode>(mode);
            have_mode = true;
            break;
        }
        case tag_smsr_id: e.smsr_id = text_of(c.value); break;
        case tag_smsr_address: e.smsr_address = text_of(c.value); break;
        case tag_access_control: e.access_control = decode_access_control(c); break;
        case tag_request_id: e.request_id = c.value; break;
        default:
            // The extension is ours: an element we do not know means a newer, incompatible sender.
            fail("unknown extension element " + to_hex(ber::encode_tag(c.tag)));
        }
    }
    if (!have_operation || !have_mode) {
        fail("extension E1 lacks the operation type (80) or management mode (81)");
    }
    return e;
}

} // namespace

Bytes encode(const Trigger& t) {
    Bytes v;
    if (t.session) append(v, ber::encode(tag_session, encode_session(*t.session)));
    if (t.extension) append(v, ber::encode(tag_extension, encode_extension(*t.extension)));
    for (const auto& u : t.unknown) append(v, ber::encode(u));
    return ber::encode(tag_trigger, v);
}

Trigger decode(ByteView data) {
    const ber::Tlv root = ber::parse_one(data);
    if (root.tag != tag_trigger) {
        throw CodecError(context, 0, "expected tag 81 (administration session triggering parameters), got " +
                                         to_hex(ber::encode_tag(root.tag)));
    }
    // Tag 81 is context-specific primitive by its first byte; Amd B nevertheless gives it TLV content.
    const auto children = ber::parse_all(root.value);
    Trigger t;
    for (const auto& child : children) {
        switch (child.tag) {
        case tag_session: {
            // 83 is primitive by its tag byte too: parse its value as a TLV list ourselves.
            ber::Tlv session = child;
            session.children = ber::parse_all(child.value);
            for (auto& grandchild : session.children) {
                if (grandchild.tag == tag_http_post) {
                    grandchild.children = ber::parse_all(grandchild.value);
                }
            }
            t.session = decode_session(session);
            break;
        }
        case tag_extension: t.extension = decode_extension(child); break;
        default: t.unknown.push_back(child); break;
        }
    }
    return t;
}

Trigger standard_part(const Trigger& trigger) {
    Trigger t = trigger;
    t.extension.reset();
    return t;
}

std::chrono::system_clock::time_point access_time(const AccessControl& control, double r,
                                                  std::chrono::system_clock::time_point now) {
    if (!(r >= 0.0 && r <= 1.0)) {
        throw std::invalid_argument("access_time: r must be within [0, 1]");
    }
    const auto scaled = [&](std::chrono::seconds value) {
        // Millisecond resolution: enough to spread thousands of cards inside a one-second window.
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(value).count();
        return now + std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(ms) * r));
    };
    if (const auto* b = std::get_if<BackoffTimer>(&control)) {
        return scaled(b->value);
    }
    if (const auto* w = std::get_if<TimeWindow>(&control)) {
        return scaled(w->length);
    }
    const auto at = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::get<AbsoluteTime>(control).at);
    return at > now ? at : now;
}

std::string_view to_string(OperationType op) noexcept {
    switch (op) {
    case OperationType::ProfileDownload: return "profile download";
    case OperationType::ProfileInstallation: return "profile installation";
    case OperationType::ProfileDeletion: return "profile deletion";
    case OperationType::Enabling: return "enabling";
    case OperationType::Disabling: return "disabling";
    case OperationType::StatusChange: return "status change";
    case OperationType::SmSrChange: return "SM-SR change";
    }
    return "unknown";
}

std::string_view to_string(ManagementMode mode) noexcept {
    switch (mode) {
    case ManagementMode::Push: return "push";
    case ManagementMode::Pull: return "pull";
    }
    return "unknown";
}

} // namespace euicc::trigger
