// SPDX-License-Identifier: Apache-2.0
// GP Card Spec Amendment B Table 3-3 connection parameters (tag 84) turned into the OPEN CHANNEL they describe
// (ETSI TS 102 223 §6.6.27, 3GPP TS 31.111 §6.6.27).
#include "connection_parameters.hpp"

#include <stdexcept>
#include <variant>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/cat_proactive.hpp>

namespace euicc::card {

cat::OpenChannel open_channel_from(const std::vector<ctlv::Tlv>& connection) {
    // GP Amd B §3.8.1: 84 holds the objects of the OPEN CHANNEL command the card sends, so the command is the 84
    // value behind command details (number 01 until queued, type 40, qualifier 01) and device identities (UICC
    // -> terminal), read by the terminal's own parser.
    const std::uint8_t open_channel = static_cast<std::uint8_t>(cat::CommandType::OpenChannel);
    std::vector<ctlv::Tlv> objects{
        {cat::tag::command_details, true, {0x01, open_channel, cat::qualifier::immediate_link}, false},
        {cat::tag::device_identities, true, {cat::device::uicc, cat::device::terminal}, false},
    };
    objects.insert(objects.end(), connection.begin(), connection.end());
    const cat::ProactiveCommand command =
        cat::parse_proactive_command(ber::encode(cat::proactive_command_tag, ctlv::encode_all(objects)));
    const auto* parsed = std::get_if<cat::OpenChannel>(&command);
    if (parsed == nullptr) {
        throw std::logic_error("an OPEN CHANNEL command did not parse as OPEN CHANNEL");
    }
    return *parsed;
}

} // namespace euicc::card
