// SPDX-License-Identifier: Apache-2.0
// Names of CAT object values for `euicc decode` (ETSI TS 102 223 §8.25 events, §8.52 bearers, §8.59 transports).
#include <euicc/apdu/cat_objects.hpp>

namespace euicc::cat {

std::string_view event_name(Event event) noexcept {
    switch (event) {
    case Event::MtCall: return "MT call";
    case Event::CallConnected: return "call connected";
    case Event::CallDisconnected: return "call disconnected";
    case Event::LocationStatus: return "location status";
    case Event::UserActivity: return "user activity";
    case Event::IdleScreenAvailable: return "idle screen available";
    case Event::CardReaderStatus: return "card reader status";
    case Event::LanguageSelection: return "language selection";
    case Event::BrowserTermination: return "browser termination";
    case Event::DataAvailable: return "data available";
    case Event::ChannelStatus: return "channel status";
    case Event::AccessTechnologyChange: return "access technology change";
    case Event::DisplayParametersChanged: return "display parameters changed";
    case Event::LocalConnection: return "local connection";
    case Event::NetworkSearchModeChange: return "network search mode change";
    case Event::BrowsingStatus: return "browsing status";
    case Event::FramesInformationChange: return "frames information change";
    case Event::IWlanAccessStatus: return "I-WLAN access status";
    case Event::NetworkRejection: return "network rejection";
    case Event::HciConnectivity: return "HCI connectivity";
    case Event::AccessTechnologyChangeMultiple: return "access technology change (multiple)";
    case Event::CsgCellSelection: return "CSG cell selection";
    case Event::ContactlessStateRequest: return "contactless state request";
    case Event::ImsRegistration: return "IMS registration";
    case Event::IncomingImsData: return "incoming IMS data";
    case Event::ProfileContainer: return "profile container";
    case Event::SecuredProfileContainer: return "secured profile container";
    case Event::PollIntervalNegotiation: return "poll interval negotiation";
    case Event::DataConnectionStatusChange: return "data connection status change";
    }
    return "unknown";
}

std::string_view bearer_type_name(BearerType type) noexcept {
    switch (type) {
    case BearerType::Csd: return "CSD";
    case BearerType::Gprs: return "GPRS / UTRAN packet";
    case BearerType::Default: return "default bearer";
    case BearerType::LocalLink: return "local link";
    case BearerType::Bluetooth: return "Bluetooth";
    case BearerType::Irda: return "IrDA";
    case BearerType::Rs232: return "RS232";
    case BearerType::Cdma2000Packet: return "cdma2000 packet";
    case BearerType::UtranPacketExtended: return "UTRAN packet, extended parameters";
    case BearerType::IWlan: return "I-WLAN";
    case BearerType::Eutran: return "E-UTRAN / mapped UTRAN packet";
    case BearerType::NgRan: return "NG-RAN";
    case BearerType::Usb: return "USB";
    }
    return "unknown";
}

std::string_view transport_protocol_name(TransportProtocol protocol) noexcept {
    switch (protocol) {
    case TransportProtocol::UdpClientRemote: return "UDP, UICC in client mode, remote connection";
    case TransportProtocol::TcpClientRemote: return "TCP, UICC in client mode, remote connection";
    case TransportProtocol::TcpServer: return "TCP, UICC in server mode";
    case TransportProtocol::UdpClientLocal: return "UDP, UICC in client mode, local connection";
    case TransportProtocol::TcpClientLocal: return "TCP, UICC in client mode, local connection";
    case TransportProtocol::DirectChannel: return "direct communication channel";
    }
    return "unknown";
}

} // namespace euicc::cat
