// SPDX-License-Identifier: Apache-2.0
// SCP03t card side (ISD-P) per spec/scp03.md §9: 85 ExternalAuthenticate check, 86 segment unwrap, 86 answers.
#include <euicc/apdu/scp03.hpp>

#include <string>

#include <euicc/apdu/ber_tlv.hpp>

#include "scp03_channel.hpp"

namespace euicc::scp03 {

namespace {

constexpr std::size_t external_authenticate_value = 1 + sizeof(Cryptogram) + 8; // level, cryptogram, C-MAC

} // namespace

SecurityLevel CardWrapper::external_authenticate_tlv(ByteView tlv) {
    if (m_state != State::Initialized) {
        abort("SCP03t: ExternalAuthenticate outside secure channel initiation");
    }
    ByteReader r(tlv, "SCP03t ExternalAuthenticate");
    if (r.u8() != tlv_tag::external_authenticate) {
        r.fail_at(0, "tag is not 85");
    }
    if (r.u8() != external_authenticate_value) {
        r.fail_at(1, "length is not 11 (level, host cryptogram, C-MAC)");
    }
    const std::uint8_t level = r.u8();
    // spec/scp03.md §9: SCP03t only runs at "C-MAC + C-ENC + R-MAC + R-ENC".
    if (level != static_cast<std::uint8_t>(SecurityLevel::CMacCDecRMacREnc) ||
        !supports(m_i, SecurityLevel::CMacCDecRMacREnc)) {
        r.fail_at(2, "security level " + to_hex(Bytes{level}) + " instead of 33 (or i without R-ENCRYPTION)");
    }
    const ByteView cryptogram = r.take(sizeof(Cryptogram));
    const ByteView mac = r.take(detail::mac_size);
    r.expect_end();
    return authenticate(SecurityLevel::CMacCDecRMacREnc, cryptogram, tlv.first(2), tlv.subspan(2, 1 + cryptogram.size()),
                        mac);
}

Bytes CardWrapper::unwrap_tlv(ByteView tlv) {
    const ber::Tlv parsed = ber::parse_one(tlv);
    if (parsed.tag != tlv_tag::command_data) {
        throw CodecError("SCP03t command", 0, "tag " + to_hex(ber::encode_tag(parsed.tag)) + " is not 86");
    }
    require_open();
    const ByteView value(parsed.value);
    if (value.size() < detail::mac_size) {
        abort("SCP03t: segment of " + std::to_string(value.size()) + " bytes has no C-MAC");
    }
    const ByteView body = value.first(value.size() - detail::mac_size);
    try {
        detail::advance_counter(m_channel, !body.empty());
    } catch (const SecurityError& e) {
        abort(e.what());
    }
    // njiwa SCP03tCommand.appendDataForCMAC: chaining value | tag | length | encrypted data (the received
    // header bytes, so a sender's length encoding is MACed as sent).
    if (!detail::verify_command_mac(m_channel, detail::tlv_header(tlv, parsed), body, value.last(detail::mac_size))) {
        abort("SCP03t: C-MAC mismatch");
    }
    Bytes plain;
    if (!body.empty()) {
        try {
            plain = detail::decrypt_command_data(m_channel, body, "SCP03t segment");
        } catch (const SecurityError& e) {
            abort(e.what());
        }
    }
    m_response_due = true;
    return plain;
}

Bytes CardWrapper::wrap_tlv(ByteView response_data) {
    if (m_state == State::Aborted) {
        throw SecurityError("SCP03t: the secure channel session was aborted");
    }
    begin_response();
    if (response_data.empty()) {
        // spec/scp03.md §9: length 00, no R-MAC, when there is no response data.
        return Bytes{tlv_tag::command_data, 0x00};
    }
    const Bytes ciphertext = detail::encrypt_response_data(m_channel, m_channel.counter, response_data);
    Bytes out{tlv_tag::command_data};
    append(out, ber::encode_length(ciphertext.size() + detail::mac_size));
    const std::size_t header_size = out.size();
    append(out, ciphertext);
    // UNCONFIRMED: R-MAC over chaining value | tag | length | ciphertext (see HostWrapper::unwrap_tlv).
    const detail::Mac mac =
        detail::response_mac(m_channel, m_channel.chaining, ByteView(out).first(header_size), ciphertext);
    out.insert(out.end(), mac.begin(), mac.end());
    return out;
}

} // namespace euicc::scp03
