// SPDX-License-Identifier: Apache-2.0
// SCP03t off-card entity (SM-DP) per spec/scp03.md §9: 85 ExternalAuthenticate, 86 segments, their answers.
#include <euicc/apdu/scp03.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include <euicc/apdu/ber_tlv.hpp>

#include "scp03_channel.hpp"

namespace euicc::scp03 {

Bytes HostWrapper::external_authenticate_tlv() {
    if (m_state != State::Initialized) {
        throw std::logic_error("SCP03t: ExternalAuthenticate was already sent in this session");
    }
    if (m_channel.level != SecurityLevel::CMacCDecRMacREnc) {
        throw std::logic_error("SCP03t: the session level must be 33");
    }
    // `85 11 <level> <host cryptogram> <C-MAC>`: the TLV header takes the place of the APDU header in the MAC
    // input (njiwa SCP03tCommand.appendDataForCMAC), with the zero chaining value of Amd D §6.2.3.
    constexpr std::size_t value_size = 1 + sizeof(Cryptogram) + detail::mac_size;
    Bytes out(2 + value_size);
    out[0] = tlv_tag::external_authenticate;
    out[1] = static_cast<std::uint8_t>(value_size);
    out[2] = static_cast<std::uint8_t>(m_channel.level);
    std::copy(m_host_cryptogram.begin(), m_host_cryptogram.end(), out.begin() + 3);
    const ByteView framed(out);
    const detail::Mac mac =
        detail::chain_command_mac(m_channel, framed.first(2), framed.subspan(2, 1 + sizeof(Cryptogram)));
    std::copy(mac.begin(), mac.end(), out.begin() + 3 + sizeof(Cryptogram));
    m_state = State::Authenticating;
    m_pending.push_back(Pending{m_channel.chaining, m_channel.counter, true});
    return out;
}

Bytes HostWrapper::wrap_tlv(ByteView segment) {
    require_wrappable();
    if (m_channel.level != SecurityLevel::CMacCDecRMacREnc) {
        throw std::logic_error("SCP03t: segments need a level 33 session");
    }
    if (segment.empty()) {
        throw std::invalid_argument("SCP03t: empty segment");
    }
    detail::advance_counter(m_channel, true);
    const Bytes ciphertext = detail::encrypt_command_data(m_channel, segment);
    Bytes out{tlv_tag::command_data};
    append(out, ber::encode_length(ciphertext.size() + detail::mac_size));
    const std::size_t header_size = out.size();
    append(out, ciphertext);
    const ByteView framed(out);
    const detail::Mac mac =
        detail::chain_command_mac(m_channel, framed.first(header_size), framed.subspan(header_size));
    out.insert(out.end(), mac.begin(), mac.end());
    // Scripts are pipelined: answers are matched to commands first in, first out.
    m_pending.push_back(Pending{m_channel.chaining, m_channel.counter, false});
    return out;
}

Bytes HostWrapper::unwrap_tlv(ByteView response) {
    if (m_state == State::Aborted) {
        throw SecurityError("SCP03t: the secure channel session was aborted; start a new one");
    }
    const ber::Tlv tlv = ber::parse_one(response);
    const char* context = "SCP03t response";
    if (detail::is_error_tlv(tlv)) {
        // The command was answered (refused); the session itself is not aborted by the answer.
        take_pending();
        throw TlvErrorResponse(tlv.tag, tlv.value);
    }
    const Pending pending = take_pending();
    const std::uint8_t expected_tag = pending.external_authenticate ? tlv_tag::external_authenticate
                                                                    : tlv_tag::command_data;
    if (tlv.tag != expected_tag) {
        throw CodecError(context, 0, "tag " + to_hex(ber::encode_tag(tlv.tag)) + ", expected " +
                                         to_hex(Bytes{expected_tag}));
    }
    if (pending.external_authenticate) {
        if (!tlv.value.empty()) {
            abort("SCP03t: ExternalAuthenticate answered with data");
        }
        if (m_state == State::Authenticating) {
            m_state = State::Open;
        }
        return {};
    }
    // spec/scp03.md §9: `86 00` = accepted, no response data, hence nothing to MAC.
    if (tlv.value.empty()) {
        return {};
    }
    const ByteView value(tlv.value);
    if (value.size() < detail::mac_size) {
        abort("SCP03t: response of " + std::to_string(value.size()) + " bytes has no R-MAC");
    }
    const ByteView body = value.first(value.size() - detail::mac_size);
    // UNCONFIRMED (spec/scp03.md §9 gives the command's MAC input only): the R-MAC covers chaining value | tag |
    // length | encrypted data, the TLV header taking the place of the SW as the header takes the place of the
    // APDU header for commands.
    const detail::Mac expected =
        detail::response_mac(m_channel, pending.chaining, detail::tlv_header(response, tlv), body);
    if (!detail::mac_equal(expected, value.last(detail::mac_size))) {
        abort("SCP03t: R-MAC mismatch");
    }
    if (body.empty()) {
        return {};
    }
    try {
        return detail::decrypt_response_data(m_channel, pending.counter, body, "SCP03t response");
    } catch (const SecurityError& e) {
        abort(e.what());
    }
}

} // namespace euicc::scp03
