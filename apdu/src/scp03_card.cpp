// SPDX-License-Identifier: Apache-2.0
// SCP03 card side (GP Amd D v1.1.1 §5.6, §6.2.2-§6.2.7): challenge, EXTERNAL AUTHENTICATE check, unwrap/wrap.
#include <euicc/apdu/scp03.hpp>

#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include "scp03_channel.hpp"

namespace euicc::scp03 {

namespace {

constexpr std::uint8_t ins_external_authenticate = 0x82;
constexpr std::size_t external_authenticate_data = 16; // host cryptogram + C-MAC

bool protected_sw(apdu::StatusWord sw) noexcept { return sw == apdu::sw::ok || sw.is_warning(); }

} // namespace

CardWrapper::CardWrapper(const StaticKeys& keys, const InitializeUpdateCommand& command, const CardParameters& card,
                         Rng& rng, const SessionOptions& options)
    : m_i(detail::configured_i(card.i)), m_host_challenge(command.host_challenge) {
    keys.validate();
    if (command.kvn != 0 && command.kvn != keys.kvn) {
        throw std::invalid_argument("SCP03: INITIALIZE UPDATE names key version " + to_hex(Bytes{command.kvn}) +
                                    ", the keys given are version " + to_hex(Bytes{keys.kvn}));
    }
    Challenge card_challenge{};
    if (m_i.pseudo_random_challenge) {
        card_challenge = pseudo_random_card_challenge(keys.enc.view(), card.sequence_counter, card.sd_aid);
    } else {
        rng.fill(card_challenge);
    }
    m_channel.keys = derive_session_keys(keys, m_host_challenge, card_challenge);
    m_channel.options = options;
    m_response = detail::card_answer(keys.kvn, m_channel.keys, m_host_challenge, card_challenge, card, m_i);
}

void CardWrapper::abort(const std::string& reason) {
    m_state = State::Aborted;
    m_response_due = false;
    throw SecurityError(reason);
}

void CardWrapper::require_open() {
    if (m_state == State::Aborted) {
        // Amd D §5.6: commands after an aborted session are rejected with a security error.
        throw SecurityError("SCP03: the secure channel session was aborted");
    }
    if (m_state == State::Initialized) {
        abort("SCP03: secured command before EXTERNAL AUTHENTICATE");
    }
}

void CardWrapper::begin_response() {
    if (!m_response_due) {
        throw std::logic_error("SCP03: no unwrapped command awaits its answer");
    }
    m_response_due = false;
}

SecurityLevel CardWrapper::authenticate(SecurityLevel level, ByteView cryptogram, ByteView mac_header,
                                        ByteView mac_body, ByteView mac) {
    const Cryptogram expected = host_cryptogram(m_channel.keys, m_host_challenge, m_response.card_challenge);
    if (CRYPTO_memcmp(expected.data(), cryptogram.data(), expected.size()) != 0) {
        m_state = State::Aborted;
        throw CryptogramMismatch("SCP03: host cryptogram does not match");
    }
    // Amd D §6.2.3: the chaining value is still 16 x 00 here; a match makes the full C-MAC the next one.
    if (!detail::verify_command_mac(m_channel, mac_header, mac_body, mac)) {
        abort("SCP03: C-MAC of EXTERNAL AUTHENTICATE does not match");
    }
    m_channel.level = level;
    m_state = State::Open;
    return level;
}

SecurityLevel CardWrapper::external_authenticate(const CommandApdu& command) {
    const char* context = "EXTERNAL AUTHENTICATE";
    if (m_state != State::Initialized) {
        abort("SCP03: EXTERNAL AUTHENTICATE outside secure channel initiation");
    }
    if (command.ins() != ins_external_authenticate) {
        throw CodecError(context, 1, "INS " + to_hex(Bytes{command.ins()}) + " is not EXTERNAL AUTHENTICATE");
    }
    if (command.p2() != 0x00) {
        throw CodecError(context, 3, "P2 must be 00");
    }
    SecurityLevel level{};
    try {
        level = security_level_from_p1(command.p1());
    } catch (const CodecError&) {
        throw CodecError(context, 2, "P1 " + to_hex(Bytes{command.p1()}) + " is not a security level of Table 7-3");
    }
    if (!supports(m_i, level)) {
        throw CodecError(context, 2, "security level " + to_hex(Bytes{command.p1()}) + " needs response "
                                     "protection the card's i does not offer");
    }
    if (command.data().size() != external_authenticate_data) {
        throw CodecError(context, 4, "data of " + std::to_string(command.data().size()) + " bytes, expected 16");
    }
    if (!detail::has_secure_messaging(command.cla())) {
        abort("SCP03: EXTERNAL AUTHENTICATE without secure messaging indication in CLA");
    }
    const ByteView data(command.data());
    const ByteView cryptogram = data.first(sizeof(Cryptogram));
    std::array<std::uint8_t, 7> header{};
    const std::size_t header_size = detail::mac_header(detail::cla_for_mac(command.cla()), command.ins(),
                                                       command.p1(), command.p2(), data.size(), command.extended(),
                                                       header);
    return authenticate(level, cryptogram, ByteView(header.data(), header_size), cryptogram,
                        data.last(detail::mac_size));
}

CommandApdu CardWrapper::unwrap(const CommandApdu& command) {
    require_open();
    if (!has_c_mac(m_channel.level)) {
        m_response_due = true;
        return command;
    }
    // Amd D §5.6: a command below the session level is a security error that aborts the session.
    if (!detail::has_secure_messaging(command.cla())) {
        abort("SCP03: command without secure messaging in a C-MAC session");
    }
    const ByteView data(command.data());
    if (data.size() < detail::mac_size) {
        abort("SCP03: command of " + std::to_string(data.size()) + " data bytes has no C-MAC");
    }
    const ByteView body = data.first(data.size() - detail::mac_size);
    try {
        detail::advance_counter(m_channel, !body.empty());
    } catch (const SecurityError& e) {
        abort(e.what());
    }
    std::array<std::uint8_t, 7> header{};
    const std::size_t header_size = detail::mac_header(detail::cla_for_mac(command.cla()), command.ins(),
                                                       command.p1(), command.p2(), data.size(), command.extended(),
                                                       header);
    if (!detail::verify_command_mac(m_channel, ByteView(header.data(), header_size), body,
                                    data.last(detail::mac_size))) {
        abort("SCP03: C-MAC mismatch");
    }
    Bytes plain;
    if (has_c_decryption(m_channel.level) && !body.empty()) {
        try {
            plain = detail::decrypt_command_data(m_channel, body, "SCP03 command");
        } catch (const SecurityError& e) {
            abort(e.what());
        }
    } else {
        plain.assign(body.begin(), body.end());
    }
    m_response_due = true;
    return CommandApdu(detail::cla_without_secure_messaging(command.cla()), command.ins(), command.p1(),
                       command.p2(), std::move(plain), command.ne());
}

ResponseApdu CardWrapper::wrap(const ResponseApdu& response) {
    if (m_state == State::Aborted) {
        throw SecurityError("SCP03: the secure channel session was aborted");
    }
    begin_response();
    if (!protected_sw(response.sw())) {
        // Amd D §6.2.5: "only the status word shall be returned".
        return ResponseApdu({}, response.sw());
    }
    if (!has_r_mac(m_channel.level)) {
        return response;
    }
    Bytes data = has_r_encryption(m_channel.level) && !response.data().empty()
                     ? detail::encrypt_response_data(m_channel, m_channel.counter, response.data())
                     : response.data();
    const std::array<std::uint8_t, 2> sw{response.sw().sw1(), response.sw().sw2()};
    const detail::Mac mac = detail::response_mac(m_channel, m_channel.chaining, data, sw);
    data.insert(data.end(), mac.begin(), mac.end());
    return ResponseApdu(std::move(data), response.sw());
}

} // namespace euicc::scp03
