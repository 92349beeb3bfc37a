// SPDX-License-Identifier: Apache-2.0
// 3GPP TS 31.115 §4, §7 / TS 31.111 §6.6.9: a PoR sent by SMS-SUBMIT, as proactive SEND SHORT MESSAGE commands.
#include "por_submit.hpp"

#include <stdexcept>
#include <vector>

#include <euicc/apdu/cat_proactive_messaging.hpp>
#include <euicc/apdu/sms_concatenation.hpp>
#include <euicc/apdu/sms_tpdu.hpp>

namespace euicc::card {

namespace {

/// `02 71 00`: the UDH with the Response Packet Identifier that starts every single-SMS PoR (TS 31.115 §4).
constexpr std::size_t response_udh_size = 3;

} // namespace

void queue_por_submit(ProactiveQueue& queue, ByteView por, const PorDestination& destination,
                      std::uint8_t reference) {
    if (por.size() <= response_udh_size) {
        throw std::invalid_argument("PoR user data without a response packet");
    }
    // split_response_packet puts the 71 IE (and the concatenation IE when needed) back in front of each part.
    const std::vector<sms::UserData> parts = sms::split_response_packet(
        por.subspan(response_udh_size), sms::ConcatenationReference::eight_bit(reference));
    for (const sms::UserData& part : parts) {
        sms::Submit submit;
        submit.destination = destination.originator;
        // TS 31.115 §7: the PoR travels like the command did: (U)SIM data download PID, class 2 8-bit data.
        submit.pid = sms::pid::usim_data_download;
        submit.dcs = sms::dcs::class2_8bit;
        submit.user_data = part;
        cat::SendShortMessage command;
        command.address = destination.service_centre;
        command.tpdu = submit.encode();
        queue.push(command, ProactiveQueue::Owner::ProofOfReceipt);
    }
}

} // namespace euicc::card
