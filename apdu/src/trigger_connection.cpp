// SPDX-License-Identifier: Apache-2.0
// Trigger connection parameters (GP Amd B Table 3-3 tag 84) <-> OPEN CHANNEL (TS 102 223 §6.6.27).
#include <euicc/apdu/trigger_connection.hpp>

#include <stdexcept>
#include <variant>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/cat_proactive.hpp>

namespace euicc::trigger {

cat::OpenChannel open_channel_from(const std::vector<ctlv::Tlv>& connection) {
    // GP Amd B §3.8.1: 84 holds the objects of the OPEN CHANNEL command the card sends, so the command is the 84
    // value behind command details (number 01 until queued, type 40, qualifier 01) and device identities (UICC
    // -> terminal), read by the terminal's own parser.
    const auto open_channel = static_cast<std::uint8_t>(cat::CommandType::OpenChannel);
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

std::vector<ctlv::Tlv> connection_from(const cat::OpenChannel& command) {
    // The inverse of open_channel_from: encode with the CAT encoder (same object order and CR flags a card
    // would send), then keep everything after command details and device identities.
    const ber::Tlv d0 = ber::parse_one(cat::encode(cat::ProactiveCommand{command}));
    std::vector<ctlv::Tlv> objects = ctlv::parse_all(d0.value);
    std::erase_if(objects, [](const ctlv::Tlv& o) {
        return o.tag == cat::tag::command_details || o.tag == cat::tag::device_identities;
    });
    return objects;
}

cat::OpenChannel tcp_client_open_channel(std::string_view ip, std::uint16_t port, std::uint16_t buffer_size,
                                         std::optional<std::string> apn) {
    cat::OpenChannel oc;
    oc.header.qualifier = cat::qualifier::immediate_link;
    oc.bearer = cat::BearerDescription{cat::BearerType::Default, {}};
    oc.buffer_size = buffer_size;
    oc.network_access_name = std::move(apn);
    oc.transport_level = cat::TransportLevel{cat::TransportProtocol::TcpClientRemote, port};
    oc.destination_address = cat::other_address_from_ip(ip);
    return oc;
}

} // namespace euicc::trigger
