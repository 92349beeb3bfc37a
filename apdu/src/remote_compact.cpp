// SPDX-License-Identifier: Apache-2.0
// Compact remote command scripts and responses per ETSI TS 102 226 §5.1 (commands as T=0 TPDUs, TS 102 221 §7.3.1.1).
#include <euicc/apdu/remote_script.hpp>

#include <stdexcept>
#include <string>

namespace euicc::remote {

namespace {

constexpr std::size_t header_size = 4;
constexpr std::uint32_t max_short_ne = 256;
constexpr std::size_t max_short_lc = 255;

// Instructions whose P3 is Le (case 2) in TS 102 221 §10.1.2 / TS 51.011 §9.2 / ISO 7816-4.
constexpr std::uint8_t ins_read_binary = 0xB0;
constexpr std::uint8_t ins_read_record = 0xB2;
constexpr std::uint8_t ins_get_response = 0xC0;
constexpr std::uint8_t ins_fetch = 0x12;
constexpr std::uint8_t ins_get_challenge = 0x84;
constexpr std::uint8_t ins_get_data = 0xCA;
constexpr std::uint8_t ins_manage_channel = 0x70;
constexpr std::uint8_t ins_status = 0xF2;
constexpr std::uint8_t status_max_p1 = 0x02; // TS 102 221 §11.1.2: STATUS P1 00..02

std::string command_name(std::size_t index) { return "command " + std::to_string(index + 1); }

} // namespace

P3Meaning default_p3_rule(std::uint8_t, std::uint8_t ins, std::uint8_t p1, std::uint8_t) noexcept {
    switch (ins) {
    case ins_read_binary:
    case ins_read_record:
    case ins_get_response:
    case ins_fetch:
    case ins_get_challenge:
    case ins_get_data:
    case ins_manage_channel:
        return P3Meaning::ExpectedLength;
    case ins_status:
        // GlobalPlatform GET STATUS shares F2 but has P1 80/40/20/10 and a data field.
        return p1 <= status_max_p1 ? P3Meaning::ExpectedLength : P3Meaning::CommandLength;
    default:
        return P3Meaning::CommandLength;
    }
}

std::vector<apdu::CommandApdu> parse_compact_script(ByteView script, P3Rule rule) {
    ByteReader r(script, "compact script");
    if (r.empty()) {
        r.fail("empty script");
    }
    std::vector<apdu::CommandApdu> commands;
    while (!r.empty()) {
        const std::size_t at = r.offset();
        if (r.remaining() < header_size + 1) {
            r.fail_at(at, command_name(commands.size()) + " has " + std::to_string(r.remaining()) +
                              " byte(s); a T=0 command TPDU has at least 5");
        }
        const ByteView h = r.take(header_size);
        const std::uint8_t p3 = r.u8();
        if (rule(h[0], h[1], h[2], h[3]) == P3Meaning::ExpectedLength) {
            commands.emplace_back(h[0], h[1], h[2], h[3], Bytes{}, p3 == 0 ? max_short_ne : p3);
            continue;
        }
        if (p3 > r.remaining()) {
            r.fail_at(at + header_size, command_name(commands.size()) + " P3 = Lc " + std::to_string(p3) +
                                            " but only " + std::to_string(r.remaining()) + " byte(s) follow");
        }
        const ByteView data = r.take(p3);
        commands.emplace_back(h[0], h[1], h[2], h[3], Bytes(data.begin(), data.end()));
    }
    return commands;
}

Bytes encode_compact_script(std::span<const apdu::CommandApdu> commands, P3Rule rule) {
    if (commands.empty()) {
        throw std::invalid_argument("compact script: no commands");
    }
    Bytes out;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const apdu::CommandApdu& c = commands[i];
        if (c.data().size() > max_short_lc || (c.ne() && *c.ne() > max_short_ne)) {
            throw std::invalid_argument("compact script: " + command_name(i) + " needs extended lengths");
        }
        const P3Meaning meaning = rule(c.cla(), c.ins(), c.p1(), c.p2());
        out.insert(out.end(), {c.cla(), c.ins(), c.p1(), c.p2()});
        if (!c.data().empty()) {
            if (meaning == P3Meaning::ExpectedLength) {
                throw std::invalid_argument("compact script: " + command_name(i) +
                                            " carries data but its INS reads P3 as Le");
            }
            out.push_back(static_cast<std::uint8_t>(c.data().size())); // a case 4 Le is dropped (T=0)
            append(out, c.data());
        } else if (c.ne()) {
            // P3 = 00 is read back as "no data" under an Lc rule, which is how T=0 sends Le = 256 anyway.
            if (meaning == P3Meaning::CommandLength && *c.ne() != max_short_ne) {
                throw std::invalid_argument("compact script: " + command_name(i) +
                                            " has Le but its INS reads P3 as Lc");
            }
            out.push_back(static_cast<std::uint8_t>(*c.ne() == max_short_ne ? 0 : *c.ne()));
        } else {
            out.push_back(0x00); // case 1: P3 = 00
        }
    }
    return out;
}

Bytes CompactResponse::encode() const {
    Bytes out{executed, last_sw.sw1(), last_sw.sw2()};
    append(out, last_data);
    return out;
}

CompactResponse CompactResponse::decode(ByteView data) {
    ByteReader r(data, "compact response");
    CompactResponse response;
    response.executed = r.u8();
    response.last_sw = apdu::StatusWord(r.u16be());
    const ByteView rest = r.rest();
    response.last_data.assign(rest.begin(), rest.end());
    return response;
}

bool compact_script_stops_at(apdu::StatusWord sw) noexcept {
    // 9Fxx is the TS 51.011 SIM counterpart of 61xx (response data available).
    return !(sw.is_success() || sw.is_warning() || sw.sw1() == 0x9F);
}

bool expanded_script_stops_at(apdu::StatusWord sw) noexcept {
    return sw == sw_response_truncated || compact_script_stops_at(sw);
}

} // namespace euicc::remote
