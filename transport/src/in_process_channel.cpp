// SPDX-License-Identifier: Apache-2.0
// InProcessChannel: a CardChannel calling a CardEndpoint directly, optionally with ISO 7816-3 §12.2 T=0
// behaviour.
#include <algorithm>
#include <optional>

#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>
#include <euicc/transport/in_process_channel.hpp>

namespace euicc::transport {

namespace {

constexpr std::uint8_t ins_get_response = 0xC0;

std::optional<apdu::CommandApdu> try_parse(ByteView command) {
    try {
        return apdu::CommandApdu::parse(command);
    } catch (const CodecError&) {
        // The T=0 emulation only rewrites well-formed APDUs; the card judges malformed ones itself.
        return std::nullopt;
    }
}

bool same_channel(std::uint8_t cla_a, std::uint8_t cla_b) {
    try {
        return apdu::channel_of_cla(cla_a) == apdu::channel_of_cla(cla_b);
    } catch (const CodecError&) {
        return cla_a == cla_b; // a CLA outside both layouts only matches itself
    }
}

/// TS 102 221 §7.3.1.1.4: 61xx announces xx bytes, 00 standing for 256 or more.
Bytes announce(std::size_t available) {
    return {0x61, static_cast<std::uint8_t>(std::min<std::size_t>(available, 256) & 0xFF)};
}

/// Response data as a T=0 card holds it back: only normal endings (9000, and the TS 102 221 §10.2.1.1 91xx
/// proactive / 92xx variants) deliver data through GET RESPONSE; any other SW passes unchanged.
bool held_back_by_t0(apdu::StatusWord sw) {
    return sw.is_success() && sw.sw1() != 0x61;
}

} // namespace

InProcessChannel::InProcessChannel(CardEndpoint& card) : InProcessChannel(card, Options{}) {}

InProcessChannel::InProcessChannel(CardEndpoint& card, Options options) : m_card(card), m_options(options) {}

Bytes InProcessChannel::atr() {
    const std::lock_guard lock(m_mutex);
    return m_card.atr();
}

Bytes InProcessChannel::do_transmit(ByteView command) {
    const std::lock_guard lock(m_mutex);
    if (!m_options.t0_procedure) {
        return m_card.process(command);
    }
    const auto parsed = try_parse(command);
    if (parsed && parsed->ins() == ins_get_response && !m_pending.empty() &&
        same_channel(parsed->cla(), m_pending_cla)) {
        // ISO 7816-3 §12.2: GET RESPONSE delivers up to Le bytes (P3 = 00 means 256) of the held data; what
        // remains is announced again with 61xx, the last part ends with the command's own SW.
        const std::size_t le = parsed->ne().value_or(256);
        const std::size_t n = std::min(le, m_pending.size());
        Bytes response(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(n));
        m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(n));
        if (m_pending.empty()) {
            const apdu::StatusWord sw(m_pending_sw);
            response.push_back(sw.sw1());
            response.push_back(sw.sw2());
        } else {
            append(response, announce(m_pending.size()));
        }
        return response;
    }
    // Any other command discards undelivered response data, as on a T=0 card.
    m_pending.clear();
    Bytes response = m_card.process(command);
    if (!parsed || parsed->apdu_case() != 4 || response.size() <= 2) {
        return response;
    }
    const apdu::StatusWord sw(response[response.size() - 2], response[response.size() - 1]);
    if (!held_back_by_t0(sw)) {
        return response;
    }
    // ISO 7816-3 §12.2 / TS 102 221 §7.3.1.1.4: a case-4 command goes out as case 3 (Le dropped), so the
    // card can only announce its data with 61xx and the terminal fetches it with GET RESPONSE.
    m_pending.assign(response.begin(), response.end() - 2);
    m_pending_sw = sw.value();
    m_pending_cla = parsed->cla();
    return announce(m_pending.size());
}

void InProcessChannel::do_reset(bool cold) {
    const std::lock_guard lock(m_mutex);
    m_pending.clear();
    if (cold) {
        m_card.power_off();
        m_card.power_on();
    } else {
        m_card.reset();
    }
}

} // namespace euicc::transport
