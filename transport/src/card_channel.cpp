// SPDX-License-Identifier: Apache-2.0
// CardChannel: tracing and the ISO 7816-4 §5.1.3 / ETSI TS 102 221 §7.3.1.1.4 status-word procedure (61xx,
// 6Cxx).
#include <stdexcept>
#include <string>

#include <euicc/apdu/cla.hpp>
#include <euicc/error.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::transport {

using apdu::CommandApdu;
using apdu::ResponseApdu;

namespace {

constexpr std::uint8_t ins_get_response = 0xC0;
constexpr std::uint8_t ins_manage_channel = 0x70;
// A card that keeps answering 61xx would loop forever; no real response exceeds the extended Ne maximum,
// and 256 rounds of 256 bytes already cover it.
constexpr std::size_t max_get_response_rounds = 256;
constexpr std::size_t max_response_data = 65536;

/// SW2 of 61xx/6Cxx as a length: xx = 00 means 256 (ISO 7816-4 §5.1.3).
std::uint32_t length_of_sw2(apdu::StatusWord sw) {
    return sw.sw2() == 0 ? 256u : sw.sw2();
}

/// The wire answer as a ResponseApdu without copying the data: the SW is split off the end in place.
ResponseApdu to_response(Bytes&& raw) {
    const apdu::StatusWord sw(raw[raw.size() - 2], raw[raw.size() - 1]);
    raw.resize(raw.size() - 2);
    return ResponseApdu(std::move(raw), sw);
}

} // namespace

Bytes CardChannel::transmit_raw(ByteView command) {
    Bytes response = do_transmit(command);
    if (response.size() < 2) {
        // ISO 7816-4 §5.1: every R-APDU ends with SW1 SW2; fewer bytes mean the transport lost the answer.
        throw TransportError("card answer of " + std::to_string(response.size()) +
                             " byte(s) has no status word");
    }
    notify(command, response);
    return response;
}

/// One command with the 6Cxx rule applied: TS 102 221 §7.3.1.1.4 / ISO 7816-3 §12.2 - "wrong Le, exact
/// length is xx": the terminal re-issues the same command with Le = xx. Only once: a card that answers
/// 6Cxx again is reported as it is rather than looped on.
ResponseApdu CardChannel::exchange(const CommandApdu& command, ByteView encoded) {
    ResponseApdu response = to_response(transmit_raw(encoded));
    if (response.sw().sw1() == 0x6C) {
        const CommandApdu again = command.with_ne(length_of_sw2(response.sw()));
        response = to_response(transmit_raw(again.encode()));
    }
    return response;
}

ResponseApdu CardChannel::transmit(const CommandApdu& command) { return transmit_encoded(command, command.encode()); }

ResponseApdu CardChannel::transmit(ByteView command) {
    // Parsing validates before anything reaches the card; the bytes then go out as the caller gave them.
    return transmit_encoded(CommandApdu::parse(command), command);
}

ResponseApdu CardChannel::transmit_encoded(const CommandApdu& command, ByteView encoded) {
    ResponseApdu response = exchange(command, encoded);
    if (response.sw().sw1() != 0x61) {
        return response;
    }
    // ISO 7816-4 §5.1.3 / TS 102 221 §7.3.1.1.4: 61xx - xx more bytes are available; fetch them with
    // GET RESPONSE `CLA C0 00 00 xx` on the same CLA (so the same logical channel), while 61xx continues.
    Bytes data = response.data();
    for (std::size_t round = 0; response.sw().sw1() == 0x61; ++round) {
        if (round == max_get_response_rounds) {
            throw TransportError("GET RESPONSE: card still announces data (" + response.sw().to_string() +
                                 ") after " + std::to_string(max_get_response_rounds) + " rounds");
        }
        const CommandApdu get_response(command.cla(), ins_get_response, 0x00, 0x00, {},
                                       length_of_sw2(response.sw()));
        response = exchange(get_response, get_response.encode());
        append(data, response.data());
        if (data.size() > max_response_data) {
            throw TransportError("GET RESPONSE: response data exceeds " + std::to_string(max_response_data) +
                                 " bytes");
        }
    }
    return ResponseApdu(std::move(data), response.sw());
}

ResponseApdu CardChannel::transmit(const CommandApdu& command, unsigned channel) {
    return transmit(command.with_cla(apdu::cla_with_channel(command.cla(), channel)));
}

unsigned CardChannel::open_logical_channel() {
    // ISO 7816-4 §11.1.2: MANAGE CHANNEL open, P2 = 00 lets the card choose; it answers one byte.
    const CommandApdu open(0x00, ins_manage_channel, 0x00, 0x00, {}, 1);
    const ResponseApdu response = transmit(open);
    apdu::expect(response, "MANAGE CHANNEL open");
    if (response.data().size() != 1) {
        throw CodecError("MANAGE CHANNEL open", 0,
                         "expected 1 channel number byte, got " + std::to_string(response.data().size()));
    }
    const unsigned channel = response.data()[0];
    if (channel < 1 || channel > apdu::max_logical_channel) {
        throw CodecError("MANAGE CHANNEL open", 0,
                         "channel number " + std::to_string(channel) + " outside 1.." +
                             std::to_string(apdu::max_logical_channel));
    }
    return channel;
}

void CardChannel::close_logical_channel(unsigned channel) {
    if (channel < 1 || channel > apdu::max_logical_channel) {
        throw std::invalid_argument("close_logical_channel: channel " + std::to_string(channel) +
                                    " outside 1..19 (channel 0 cannot be closed)");
    }
    // ISO 7816-4 §11.1.2: P1 = 80 closes the channel named in P2. Sent as `00 70 80 nn 00` (P3 = 00), the
    // form TS 102 221 T=0 terminals use and real traces show.
    const CommandApdu close(0x00, ins_manage_channel, 0x80, static_cast<std::uint8_t>(channel), {}, 256);
    apdu::expect(transmit(close), "MANAGE CHANNEL close");
}

void CardChannel::reset(bool cold) {
    do_reset(cold);
    const Bytes new_atr = atr();
    for (const auto& tracer : m_tracers) {
        tracer->on_reset(new_atr);
    }
}

void CardChannel::add_tracer(std::shared_ptr<ApduTracer> tracer) {
    if (!tracer) {
        throw std::invalid_argument("add_tracer: null tracer");
    }
    m_tracers.push_back(std::move(tracer));
}

void CardChannel::remove_tracer(const std::shared_ptr<ApduTracer>& tracer) {
    std::erase(m_tracers, tracer);
}

void CardChannel::notify(ByteView command, ByteView response) {
    for (const auto& tracer : m_tracers) {
        tracer->on_exchange(command, response);
    }
}

} // namespace euicc::transport
