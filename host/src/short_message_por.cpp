// SPDX-License-Identifier: Apache-2.0
// PoR via SMS-SUBMIT: SEND SHORT MESSAGE TPDUs with IEI 71 (TS 31.115 §4, TS 23.040 §9.2.2.2, §9.2.3.24).
#include "short_message_por.hpp"

#include <variant>

#include <euicc/apdu/sms_concatenation.hpp>
#include <euicc/apdu/sms_tpdu.hpp>

namespace euicc::host::detail {

namespace {

/// `02 71 00`: the UDH of an unconcatenated PoR (TS 31.115 §4), which is part of its RC/CC input.
const Bytes por_header{0x02, sms::iei::response_packet, 0x00};

} // namespace

std::optional<Bytes> por_from_short_messages(const std::vector<ProactiveExchange>& session) {
    sms::Reassembler reassembler;
    for (const ProactiveExchange& exchange : session) {
        const auto* command =
            exchange.command ? std::get_if<cat::SendShortMessage>(&*exchange.command) : nullptr;
        if (command == nullptr) {
            continue;
        }
        const sms::Submit submit = sms::Submit::decode(command->tpdu);
        const auto& header = submit.user_data.header;
        // Only packets with IEI 71 (first part) or concatenation parts may belong to a PoR; any other text
        // the card sends is not ours to interpret.
        if (!header || (!header->response_packet() && !header->concatenation())) {
            continue;
        }
        // The destination identifies the message: all parts of one PoR go back to the same SM-SR address.
        const auto complete = reassembler.add(submit.destination, submit.dcs, submit.user_data);
        if (complete && complete->response_packet) {
            Bytes por = por_header;
            append(por, complete->body);
            return por;
        }
    }
    return std::nullopt;
}

} // namespace euicc::host::detail
