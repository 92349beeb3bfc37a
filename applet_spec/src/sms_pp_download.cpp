// SPDX-License-Identifier: Apache-2.0
// 3GPP TS 31.111 §7.1.1 / TS 31.115 §4-7: ENVELOPE SMS-PP data download to the ISD-R, from SMS-DELIVER to PoR.
#include "sms_pp_download.hpp"

#include <optional>
#include <utility>

#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/apdu/trigger.hpp>

#include "dispatcher.hpp"

namespace euicc::card {

namespace {

/// TS 102 221 §10.2.1.1: "SIM Application Toolkit is busy".
constexpr apdu::StatusWord toolkit_busy{0x9300};

/// TS 31.111 §7.1.1: only SMS-DELIVERs for (U)SIM data download reach the UICC this way: PID 7F and a class 2
/// data coding (F6 or 16: 8-bit data, not compressed).
bool is_data_download(const sms::Deliver& deliver) noexcept {
    const sms::DataCoding coding = sms::DataCoding::decode(deliver.dcs);
    return deliver.pid == sms::pid::usim_data_download && coding.message_class == 2 &&
           coding.alphabet == sms::Alphabet::Data8 && !coding.compressed;
}

} // namespace

SmsPpDownload::SmsPpDownload(Scp80Receiver& receiver, RemoteScriptRunner& scripts,
                             AdminSessionAgent& sessions, ProactiveQueue& queue)
    : m_receiver(receiver), m_scripts(scripts), m_sessions(sessions), m_queue(queue) {}

apdu::ResponseApdu SmsPpDownload::operator()(const cat::SmsPpDownload& envelope) {
    if (m_queue.size() >= ProactiveQueue::busy_threshold) {
        return status(toolkit_busy);
    }
    const sms::Deliver deliver = sms::Deliver::decode(envelope.tpdu);
    if (!is_data_download(deliver)) {
        return status(apdu::sw::wrong_data);
    }
    // Parts are answered 9000 until the message is complete (TS 31.115 §4: the packet is processed as a whole).
    const std::optional<sms::ReassembledMessage> message = m_reassembler.add(deliver);
    if (!message) {
        return status(apdu::sw::ok);
    }
    if (!message->command_packet) {
        // No Command Packet Identifier (70): not a secured packet, and the ISD-R takes nothing else.
        return status(apdu::sw::wrong_data);
    }
    const PorDestination destination{deliver.originator, envelope.address};
    const Reception reception = m_receiver.receive(message->body);
    if (!reception.outcome.accepted()) {
        return rejected(reception.outcome.rejection(), destination);
    }
    return accepted(reception, destination);
}

apdu::ResponseApdu SmsPpDownload::rejected(const scp80::CommandRejection& rejection,
                                           const PorDestination& destination) {
    // TS 102 225 §5.2: a packet whose SPI could not be read still gets its (unsecured) error PoR, status 06,
    // in the ENVELOPE response; otherwise SPI byte 2 decides whether and how.
    if (rejection.spi && !scp80::por_wanted(*rejection.spi, rejection.status)) {
        return status(apdu::sw::ok);
    }
    const bool via_sms_submit = rejection.spi && rejection.spi->por_via_sms_submit;
    return send(scp80::wrap_error_response(rejection), via_sms_submit, destination);
}

apdu::ResponseApdu SmsPpDownload::accepted(const Reception& reception, const PorDestination& destination) {
    const scp80::VerifiedCommand& command = reception.outcome.command();
    const ByteView secured_data = command.secured_data;
    // scp81.md §2.1: secured data for the ISD-R that starts with tag 81 is a trigger, anything else a script.
    const bool is_trigger = !secured_data.empty() && secured_data[0] == trigger::tag_trigger;
    const Bytes response = is_trigger ? m_sessions.accept_trigger(secured_data) : m_scripts.run(secured_data);

    apdu::ResponseApdu answer = status(apdu::sw::ok);
    const scp80::Spi& spi = command.header.spi;
    if (scp80::por_wanted(spi, scp80::ResponseStatus::PorOk)) {
        Bytes por = Scp80Receiver::proof_of_receipt(reception, scp80::ResponseStatus::PorOk, response);
        if (!spi.por_via_sms_submit && por.size() > sms::max_user_data_octets) {
            // TS 31.115 §7: a PoR too long for the SMS-DELIVER-REPORT's user data goes by SMS-SUBMIT; the report
            // carries a PoR with status 0B saying so.
            queue_por_submit(m_queue, por, destination, m_next_reference++);
            answer = send(
                Scp80Receiver::proof_of_receipt(reception, scp80::ResponseStatus::ResponseViaSmsSubmit, {}),
                false, destination);
        } else {
            answer = send(std::move(por), spi.por_via_sms_submit, destination);
        }
    }
    if (is_trigger) {
        // After the PoR, so that the terminal gets the answer before the session's first proactive command.
        m_sessions.kick();
    }
    return answer;
}

apdu::ResponseApdu SmsPpDownload::send(Bytes por, bool via_sms_submit, const PorDestination& destination) {
    if (!via_sms_submit) {
        // SMS-DELIVER-REPORT path: the PoR (02 71 00 + response packet) is the ENVELOPE's response data.
        return apdu::ResponseApdu(std::move(por), apdu::sw::ok);
    }
    queue_por_submit(m_queue, por, destination, m_next_reference++);
    return status(apdu::sw::ok);
}

} // namespace euicc::card
