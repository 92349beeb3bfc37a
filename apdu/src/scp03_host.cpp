// SPDX-License-Identifier: Apache-2.0
// SCP03 off-card entity (GP Amd D v1.1.1 §6.2.2-§6.2.7): card cryptogram check, EXTERNAL AUTHENTICATE, wrap/unwrap.
#include <euicc/apdu/scp03.hpp>

#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include <euicc/apdu/cla.hpp>

#include "scp03_channel.hpp"

namespace euicc::scp03 {

namespace {

constexpr std::uint8_t cla_gp = 0x80;
constexpr std::uint8_t ins_external_authenticate = 0x82;
constexpr std::size_t max_lc = 0xFFFF;
constexpr std::size_t short_lc_max = 255;

/// Amd D §6.2.5: every SW except 9000 and the warnings 62xx/63xx is an error and carries no protection.
bool protected_sw(apdu::StatusWord sw) noexcept { return sw == apdu::sw::ok || sw.is_warning(); }

} // namespace

HostWrapper::HostWrapper(const StaticKeys& keys, const Challenge& host_challenge,
                         const InitializeUpdateResponse& response, SecurityLevel level,
                         const SessionOptions& options) {
    keys.validate();
    if (options.logical_channel > apdu::max_logical_channel) {
        throw std::invalid_argument("SCP03: logical channel " + std::to_string(options.logical_channel) +
                                    " outside 0..19");
    }
    const IParameter i = detail::configured_i(response.i);
    if (!supports(i, level)) {
        throw std::invalid_argument("SCP03: the card's i = " + to_hex(Bytes{response.i}) +
                                    " does not support security level " +
                                    to_hex(Bytes{static_cast<std::uint8_t>(level)}));
    }
    if (keys.kvn != 0 && response.kvn != keys.kvn) {
        throw SecurityError("SCP03: the card answered with key version " + to_hex(Bytes{response.kvn}) +
                            ", expected " + to_hex(Bytes{keys.kvn}));
    }
    m_channel.keys = derive_session_keys(keys, host_challenge, response.card_challenge);
    m_channel.level = level;
    m_channel.options = options;
    const Cryptogram expected = card_cryptogram(m_channel.keys, host_challenge, response.card_challenge);
    if (CRYPTO_memcmp(expected.data(), response.card_cryptogram.data(), expected.size()) != 0) {
        // Amd D §6.2.2.2: the card does not hold these static keys (or answered another host challenge).
        throw CryptogramMismatch("SCP03: card cryptogram does not match the static keys");
    }
    m_host_cryptogram = host_cryptogram(m_channel.keys, host_challenge, response.card_challenge);
}

void HostWrapper::require_wrappable() const {
    if (m_state == State::Initialized) {
        throw std::logic_error("SCP03: EXTERNAL AUTHENTICATE must be sent before any wrapped command");
    }
    if (m_state == State::Aborted) {
        throw SecurityError("SCP03: the secure channel session was aborted; start a new one");
    }
}

HostWrapper::Pending HostWrapper::take_pending() {
    if (m_pending.empty()) {
        throw std::logic_error("SCP03: no wrapped command awaits an answer");
    }
    const Pending pending = m_pending.front();
    m_pending.pop_front();
    return pending;
}

void HostWrapper::abort(const std::string& reason) {
    m_state = State::Aborted;
    m_pending.clear();
    throw SecurityError(reason);
}

CommandApdu HostWrapper::external_authenticate() {
    if (m_state != State::Initialized) {
        throw std::logic_error("SCP03: EXTERNAL AUTHENTICATE was already sent in this session");
    }
    const std::uint8_t cla =
        detail::cla_with_secure_messaging(apdu::cla_with_channel(cla_gp, m_channel.options.logical_channel));
    const auto p1 = static_cast<std::uint8_t>(m_channel.level);
    Bytes data(m_host_cryptogram.begin(), m_host_cryptogram.end());
    // Amd D §6.2.3: MACed with the zero chaining value, never encrypted; the counter stays 0.
    std::array<std::uint8_t, 7> header{};
    const std::size_t header_size = detail::mac_header(detail::cla_for_mac(cla), ins_external_authenticate, p1,
                                                       0x00, data.size() + detail::mac_size, false, header);
    const detail::Mac mac = detail::chain_command_mac(m_channel, ByteView(header.data(), header_size), data);
    data.insert(data.end(), mac.begin(), mac.end());
    m_state = State::Authenticating;
    m_pending.assign(1, Pending{m_channel.chaining, m_channel.counter, true});
    return CommandApdu(cla, ins_external_authenticate, p1, 0x00, std::move(data));
}

CommandApdu HostWrapper::wrap(const CommandApdu& command) {
    require_wrappable();
    if (!has_c_mac(m_channel.level)) {
        m_pending.assign(1, Pending{m_channel.chaining, m_channel.counter, false});
        return command;
    }
    const bool has_data = !command.data().empty();
    const bool encrypt = has_c_decryption(m_channel.level) && has_data;
    const std::size_t lc =
        (encrypt ? detail::padded_length(command.data().size()) : command.data().size()) + detail::mac_size;
    if (lc > max_lc) {
        throw std::invalid_argument("SCP03: wrapped data field of " + std::to_string(lc) + " bytes exceeds 65535");
    }
    const std::uint8_t cla = detail::cla_with_secure_messaging(command.cla());
    const bool extended = command.extended() || lc > short_lc_max;

    detail::advance_counter(m_channel, has_data);
    Bytes data = encrypt ? detail::encrypt_command_data(m_channel, command.data()) : command.data();
    std::array<std::uint8_t, 7> header{};
    const std::size_t header_size = detail::mac_header(detail::cla_for_mac(command.cla()), command.ins(),
                                                       command.p1(), command.p2(), lc, extended, header);
    const detail::Mac mac = detail::chain_command_mac(m_channel, ByteView(header.data(), header_size), data);
    data.insert(data.end(), mac.begin(), mac.end());
    // APDUs are exchanged one at a time: a new command means no earlier answer will be checked any more.
    m_pending.assign(1, Pending{m_channel.chaining, m_channel.counter, false});
    CommandApdu out(cla, command.ins(), command.p1(), command.p2(), std::move(data), command.ne());
    out.set_extended(extended && !out.extended());
    return out;
}

ResponseApdu HostWrapper::unwrap(const ResponseApdu& response) {
    if (m_state == State::Aborted) {
        throw SecurityError("SCP03: the secure channel session was aborted; start a new one");
    }
    const Pending pending = take_pending();
    if (pending.external_authenticate) {
        // Amd D §6.2.5: no R-MAC on the answer to EXTERNAL AUTHENTICATE. Anything but 9000 (6300: host
        // cryptogram refused) ends the session; the caller still gets the SW to report.
        if (response.sw() != apdu::sw::ok) {
            m_state = State::Aborted;
            m_pending.clear();
            return response;
        }
        if (!response.data().empty()) {
            abort("SCP03: EXTERNAL AUTHENTICATE answered with data");
        }
        if (m_state == State::Authenticating) {
            m_state = State::Open;
        }
        return response;
    }
    if (!has_r_mac(m_channel.level)) {
        return response;
    }
    const ByteView data = response.data();
    if (!protected_sw(response.sw())) {
        if (!data.empty()) {
            abort("SCP03: response data under error SW " + response.sw().to_string() + " is not protected");
        }
        return response;
    }
    if (data.size() < detail::mac_size) {
        abort("SCP03: response of " + std::to_string(data.size()) + " bytes has no R-MAC");
    }
    const ByteView body = data.first(data.size() - detail::mac_size);
    const std::array<std::uint8_t, 2> sw{response.sw().sw1(), response.sw().sw2()};
    const detail::Mac expected = detail::response_mac(m_channel, pending.chaining, body, sw);
    if (!detail::mac_equal(expected, data.last(detail::mac_size))) {
        abort("SCP03: R-MAC mismatch");
    }
    if (!has_r_encryption(m_channel.level) || body.empty()) {
        return ResponseApdu(Bytes(body.begin(), body.end()), response.sw());
    }
    try {
        return ResponseApdu(detail::decrypt_response_data(m_channel, pending.counter, body, "SCP03 response"),
                            response.sw());
    } catch (const SecurityError& e) {
        abort(e.what());
    }
}

} // namespace euicc::scp03
