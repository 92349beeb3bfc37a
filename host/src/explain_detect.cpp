// SPDX-License-Identifier: Apache-2.0
// `euicc decode` detection: which structure a byte string is, by its shape (first bytes, length fields).
#include <euicc/apdu/sms_udh.hpp>

#include "explain_parts.hpp"

namespace euicc::host::detail {

namespace {

/// SW1 values of ISO 7816-4 §5.6 and TS 102 221 §10.2.
bool known_sw1(std::uint8_t sw1) noexcept {
    return (sw1 >= 0x61 && sw1 <= 0x6F && sw1 != 0x66) || (sw1 >= 0x90 && sw1 <= 0x93) || sw1 == 0x98 ||
           sw1 == 0x9E || sw1 == 0x9F;
}

bool toolkit_apdu(ByteView d) noexcept {
    return d.size() >= 4 && (d[0] == 0x80 || d[0] == 0xA0) &&
           (d[1] == 0x10 || d[1] == 0x12 || d[1] == 0x14 || d[1] == 0xC2);
}

/// User data `02 71 00` + a Response Packet whose RPL covers the rest.
bool por_user_data(ByteView d) noexcept {
    return d.size() >= 5 && d[0] == 0x02 && d[1] == 0x71 && d[2] == 0x00 &&
           static_cast<std::size_t>(d[3] << 8 | d[4]) == d.size() - 5;
}

/// An R-APDU whose data is recognisably a toolkit answer: one D0 TLV (FETCH) or a PoR (ENVELOPE).
bool toolkit_response(ByteView d) noexcept {
    if (d.size() < 4 || !known_sw1(d[d.size() - 2])) {
        return false;
    }
    const ByteView data = d.first(d.size() - 2);
    if (data[0] == 0xD0) {
        const auto frame = frame_tlv(data, false);
        return frame && frame->size() == data.size();
    }
    return por_user_data(data);
}

/// Command details then device identities, with or without CR (TS 102 223 §6.8).
bool terminal_response(ByteView d) noexcept {
    return d.size() > 6 && (d[0] & 0x7F) == 0x01 && d[1] == 0x03 && (d[5] & 0x7F) == 0x02 && d[6] == 0x02;
}

/// A user data header that parses and names a (U)SIM toolkit packet or a concatenation (TS 23.040 §9.2.3.24).
bool user_data(ByteView d) {
    if (d.size() < 3 || d[0] < 2 || d[0] >= d.size()) {
        return false;
    }
    try {
        const sms::Udh udh = sms::Udh::decode(d);
        return udh.command_packet() || udh.response_packet() || udh.concatenation().has_value();
    } catch (const CodecError&) {
        return false;
    }
}

/// CPL/RPL equal to the bytes that follow; RHL 0A/0C/0E/12 (no, 2-, 4-, 8-byte RC/CC) or CHL from 0D.
Kind packet(ByteView d) noexcept {
    if (d.size() < 3 || static_cast<std::size_t>(d[0] << 8 | d[1]) != d.size() - 2) {
        return Kind::Auto;
    }
    const std::uint8_t header_length = d[2];
    if (header_length == 0x0A || header_length == 0x0C || header_length == 0x0E || header_length == 0x12) {
        return Kind::ResponsePacket;
    }
    return header_length >= 0x0D && header_length < d.size() - 2 ? Kind::CommandPacket : Kind::Auto;
}

/// TP-MTI and an address whose length (at most 20 digits) and type-of-address (bit 8 set) fit (TS 23.040).
Kind tpdu(ByteView d) noexcept {
    const std::uint8_t mti = d[0] & 0x03;
    if (mti == 0 && (d[0] & 0x10) == 0 && d.size() >= 3 && d[1] <= 20 && (d[2] & 0x80) != 0) {
        return Kind::SmsDeliver;
    }
    if (mti == 1 && d.size() >= 4 && d[2] <= 20 && (d[3] & 0x80) != 0) {
        return Kind::SmsSubmit;
    }
    return Kind::Auto;
}

bool command_apdu(ByteView d) {
    if (d.size() < 4 || d[0] == 0xFF) {
        return false;
    }
    try {
        static_cast<void>(apdu::CommandApdu::parse(d));
        return true;
    } catch (const CodecError&) {
        return false;
    }
}

} // namespace

Kind detect(ByteView d) {
    if (d.empty()) {
        return Kind::Auto;
    }
    if (toolkit_apdu(d)) {
        return Kind::CommandApdu;
    }
    if (toolkit_response(d)) {
        return Kind::ResponseApdu;
    }
    const std::uint8_t first = d[0];
    if (first == 0xD0) {
        return Kind::ProactiveCommand;
    }
    if (first >= 0xD1 && first <= 0xDF) {
        return Kind::Envelope;
    }
    if (terminal_response(d)) {
        return Kind::TerminalResponse;
    }
    if (first == 0x81) {
        return Kind::Trigger;
    }
    if (first == 0xAA || first == 0xAE) {
        return Kind::CommandScript;
    }
    if (first == 0xAB || first == 0xAF) {
        return Kind::ResponseScript;
    }
    if (user_data(d)) {
        return Kind::SmsUserData;
    }
    if (const Kind kind = packet(d); kind != Kind::Auto) {
        return kind;
    }
    if (const Kind kind = tpdu(d); kind != Kind::Auto) {
        return kind;
    }
    if (command_apdu(d)) {
        return Kind::CommandApdu;
    }
    if (d.size() >= 2 && known_sw1(d[d.size() - 2])) {
        return Kind::ResponseApdu;
    }
    return Kind::Auto;
}

} // namespace euicc::host::detail
