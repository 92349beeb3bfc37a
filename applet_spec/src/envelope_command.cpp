// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 221 §11.2.2 / TS 102 223 §7 / TS 31.111 §7: ENVELOPE, routed by its BER-TLV tag.
#include "envelope_command.hpp"

#include <variant>

#include "toolkit_commands.hpp"

namespace euicc::card {

apdu::ResponseApdu EnvelopeCommand::operator()(const Command& command) const {
    if (const auto refused = toolkit_precondition(command)) {
        return status(*refused);
    }
    if (command.apdu.data().empty()) {
        return status(apdu::sw::wrong_length);
    }
    // A malformed ENVELOPE throws CodecError: the dispatcher answers 6A80 (TS 102 221 §10.2.1.5, wrong data).
    const cat::Envelope envelope = cat::parse_envelope(command.apdu.data());
    if (const auto* sms_pp = std::get_if<cat::SmsPpDownload>(&envelope)) {
        return m_sms_pp(*sms_pp);
    }
    if (const auto* expiration = std::get_if<cat::TimerExpiration>(&envelope)) {
        m_sessions.on_timer_expiration(*expiration);
    } else if (const auto* available = std::get_if<cat::DataAvailableEvent>(&envelope)) {
        m_sessions.on_data_available(*available);
    } else if (const auto* channel = std::get_if<cat::ChannelStatusEvent>(&envelope)) {
        m_sessions.on_channel_status(*channel);
    }
    // Events and envelopes of services this card does not run need no answer data; the BIP events' work is queued
    // (the card turns 9000 into 91xx).
    return status(apdu::sw::ok);
}

} // namespace euicc::card
