// SPDX-License-Identifier: Apache-2.0
// OtaSession: SCP80 packets over SMS-PP and their PoRs (ETSI TS 102 225 §5, TS 31.115 §4, TS 31.111 §7.1.1).
#include <cstdio>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/sms_concatenation.hpp>
#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/error.hpp>
#include <euicc/host/ota_session.hpp>

#include "service_centre_time.hpp"

namespace euicc::host {

namespace {

constexpr apdu::StatusWord sw_toolkit_busy{0x9300};
constexpr const char* envelope_name = "ENVELOPE SMS-PP download";

} // namespace

scp80::Spi default_ota_spi() noexcept {
    scp80::Spi spi;
    spi.counter = scp80::CounterMode::Higher;
    spi.ciphering = true;
    spi.integrity = scp80::Integrity::Cc;
    spi.por = scp80::PorRequest::Required;
    spi.por_integrity = scp80::Integrity::Cc;
    spi.por_ciphered = true;
    spi.por_via_sms_submit = false;
    return spi;
}

std::string make_counter_key(std::string_view card_identity, const scp80::Tar& tar, std::uint8_t kvn) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "/%06X/%u", static_cast<unsigned>(tar.value()),
                  static_cast<unsigned>(kvn));
    return std::string(card_identity) + suffix;
}

OtaSession::OtaSession(ToolkitTerminal& terminal, OtaParameters parameters, CounterStore& counters,
                       Options options)
    : m_terminal(terminal), m_parameters(std::move(parameters)), m_counters(counters),
      m_options(std::move(options)) {
    if (m_parameters.counter_key.empty()) {
        throw std::invalid_argument("OtaSession: empty counter key");
    }
    if (!m_options.clock) {
        m_options.clock = &std::chrono::system_clock::now;
    }
}

PreparedPacket prepare_secured_packet(const OtaParameters& parameters, CounterStore& counters,
                                      ByteView secured_data,
                                      std::chrono::system_clock::time_point service_centre_time) {
    if (parameters.counter_key.empty()) {
        throw std::invalid_argument("prepare_secured_packet: empty counter key");
    }
    PreparedPacket prepared;
    prepared.header.spi = parameters.spi;
    prepared.header.kic = parameters.kic;
    prepared.header.kid = parameters.kid;
    prepared.header.tar = parameters.tar;
    // Reserved (and stored durably) before the packet exists: whatever happens next, this value is spent.
    prepared.header.counter = counters.reserve_next(parameters.counter_key);

    const Bytes packet = scp80::wrap_command(prepared.header, parameters.keys, secured_data);
    // TS 23.040 §9.2.3.24.1: the reference only has to differ between messages in flight from one sender;
    // the counter's low byte does, as consecutive packets never share a counter.
    const auto reference =
        sms::ConcatenationReference::eight_bit(static_cast<std::uint8_t>(prepared.header.counter & 0xFF));
    const auto scts = detail::service_centre_time(service_centre_time);
    for (sms::UserData& user_data : sms::split_command_packet(packet, reference)) {
        prepared.parts.push_back(sms::make_sms_pp_deliver(parameters.originator, scts, std::move(user_data)));
    }
    return prepared;
}

PreparedPacket prepare_trigger(const OtaParameters& parameters, CounterStore& counters,
                               const trigger::Trigger& trigger,
                               std::chrono::system_clock::time_point service_centre_time) {
    return prepare_secured_packet(parameters, counters, trigger::encode(trigger), service_centre_time);
}

OtaDelivery OtaSession::send_secured_data(ByteView secured_data) {
    PreparedPacket prepared = prepare_secured_packet(m_parameters, m_counters, secured_data, m_options.clock());
    OtaDelivery delivery;
    delivery.header = prepared.header;

    for (const sms::Deliver& deliver : prepared.parts) {
        SmsPpOutcome outcome = m_terminal.sms_pp_download(deliver, m_parameters.smsc);
        const EnvelopeStatus status = outcome.envelope.status;
        const apdu::StatusWord sw = outcome.envelope.sw;
        const bool has_por = outcome.por.has_value();
        delivery.parts.push_back(std::move(outcome));
        if (status == EnvelopeStatus::Busy) {
            // TS 31.111 §7.1.1.2: the card did not take the message (the network would get TP-FCS D4).
            throw StatusWordError(envelope_name, sw_toolkit_busy);
        }
        if (has_por) {
            // Normally only the last part is answered; a card that answers earlier (an error) ends the
            // message.
            delivery.por_user_data = delivery.parts.back().por;
            break;
        }
        if (status == EnvelopeStatus::DataDownloadError) {
            throw StatusWordError(envelope_name, sw);
        }
    }

    if (!delivery.por_user_data) {
        if (m_parameters.spi.por == scp80::PorRequest::Required) {
            throw Error(std::string(envelope_name) + ": the card sent no PoR although SPI " +
                        to_hex(m_parameters.spi.encode()) + " requires one");
        }
        return delivery;
    }
    scp80::ResponsePacket por =
        scp80::unwrap_response(*delivery.por_user_data, delivery.header, m_parameters.keys);
    if (por.status != scp80::ResponseStatus::PorOk) {
        throw PorError(por.status, std::string(scp80::describe(por.status)));
    }
    delivery.por = std::move(por);
    return delivery;
}

OtaDelivery OtaSession::send_trigger(const trigger::Trigger& trigger) {
    return send_secured_data(trigger::encode(trigger));
}

} // namespace euicc::host
