// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::cat (submodule euicc.cat): ETSI TS 102 223 / 3GPP TS 31.111 objects, envelopes, terminal
// profile and terminal responses. The proactive commands are in bind_cat_proactive.cpp.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_result.hpp>
#include <euicc/apdu/cat_terminal_profile.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/apdu/cat_text.hpp>

#include "bindings.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using namespace euicc::cat;

// The named TERMINAL PROFILE flags by their C++ member names (TS 102 223 §5.2 byte by byte, as in
// cat_terminal_profile.hpp). bind_terminal_profile() checks this list against terminal_profile_bits(), so a flag
// added to the C++ table without a Python name fails the import instead of going missing.
#define EUICC_TERMINAL_PROFILE_FLAGS(X) \
    X(profile_download) X(sms_pp_data_download) X(cell_broadcast_data_download) X(menu_selection) \
    X(sms_pp_data_download_error) X(timer_expiration) X(ussd_string_in_call_control) \
    X(call_control_automatic_redial) \
    X(command_result) X(call_control_by_naa) X(cell_identity_in_call_control) X(mo_short_message_control) \
    X(alpha_identifier_handling) X(ucs2_entry) X(ucs2_display) X(display_extension_text) \
    X(display_text) X(get_inkey) X(get_input) X(more_time) X(play_tone) X(poll_interval) X(polling_off) \
    X(refresh) \
    X(select_item) X(send_short_message) X(send_ss) X(send_ussd) X(set_up_call) X(set_up_menu) \
    X(provide_local_info_location) X(provide_local_info_nmr) \
    X(set_up_event_list) X(event_mt_call) X(event_call_connected) X(event_call_disconnected) \
    X(event_location_status) X(event_user_activity) X(event_idle_screen_available) \
    X(event_card_reader_status) \
    X(event_language_selection) X(event_browser_termination) X(event_data_available) X(event_channel_status) \
    X(event_access_technology_change) X(event_display_parameters_changed) X(event_local_connection) \
    X(event_network_search_mode_change) \
    X(power_on_card) X(power_off_card) X(perform_card_apdu) X(get_reader_status) X(get_reader_identifier) \
    X(timer_management_start_stop) X(timer_management_get_value) X(provide_local_info_date_time) \
    X(get_inkey_binary_choice) X(set_up_idle_mode_text) X(run_at_command) X(set_up_call_second_alpha) \
    X(call_control_second_capability) \
    X(display_text_sustained) X(send_dtmf) X(provide_local_info_bcch) X(provide_local_info_language) \
    X(provide_local_info_timing_advance) X(language_notification) X(launch_browser) \
    X(provide_local_info_access_technology) \
    X(open_channel) X(close_channel) X(receive_data) X(send_data) X(get_channel_status) X(service_search) \
    X(get_service_information) X(declare_service) \
    X(bearer_csd) X(bearer_packet) X(bearer_bluetooth) X(bearer_irda) X(bearer_rs232) \
    X(no_display) X(no_keypad) \
    X(tcp_client_remote) X(udp_client_remote) X(tcp_server) X(tcp_client_local) X(udp_client_local) \
    X(direct_channel) X(bearer_eutran) X(bearer_hsdpa) \
    X(bearer_usb) \
    X(bearer_utran_extended)

struct NamedFlag {
    const char* name;
    bool TerminalProfile::*member;
};

constexpr NamedFlag terminal_profile_flags[] = {
#define EUICC_FLAG(name) {#name, &TerminalProfile::name},
    EUICC_TERMINAL_PROFILE_FLAGS(EUICC_FLAG)
#undef EUICC_FLAG
};

const char* flag_name(bool TerminalProfile::*member) {
    for (const auto& flag : terminal_profile_flags) {
        if (flag.member == member) {
            return flag.name;
        }
    }
    return nullptr;
}

/// TerminalProfileBit with the Python attribute name of its flag.
struct ProfileBit {
    std::string attribute;
    std::uint8_t byte = 0;
    std::uint8_t bit = 0;
    std::string name;
};

void bind_enums(py::module_& cat) {
    py::enum_<CommandType>(cat, "CommandType", "Type of command (TS 102 223 §9.4).")
        .value("Refresh", CommandType::Refresh)
        .value("MoreTime", CommandType::MoreTime)
        .value("PollInterval", CommandType::PollInterval)
        .value("PollingOff", CommandType::PollingOff)
        .value("SetUpEventList", CommandType::SetUpEventList)
        .value("SetUpCall", CommandType::SetUpCall)
        .value("SendSs", CommandType::SendSs)
        .value("SendUssd", CommandType::SendUssd)
        .value("SendShortMessage", CommandType::SendShortMessage)
        .value("SendDtmf", CommandType::SendDtmf)
        .value("LaunchBrowser", CommandType::LaunchBrowser)
        .value("GeoLocationRequest", CommandType::GeoLocationRequest)
        .value("PlayTone", CommandType::PlayTone)
        .value("DisplayText", CommandType::DisplayText)
        .value("GetInkey", CommandType::GetInkey)
        .value("GetInput", CommandType::GetInput)
        .value("SelectItem", CommandType::SelectItem)
        .value("SetUpMenu", CommandType::SetUpMenu)
        .value("ProvideLocalInformation", CommandType::ProvideLocalInformation)
        .value("TimerManagement", CommandType::TimerManagement)
        .value("SetUpIdleModeText", CommandType::SetUpIdleModeText)
        .value("PerformCardApdu", CommandType::PerformCardApdu)
        .value("PowerOnCard", CommandType::PowerOnCard)
        .value("PowerOffCard", CommandType::PowerOffCard)
        .value("GetReaderStatus", CommandType::GetReaderStatus)
        .value("RunAtCommand", CommandType::RunAtCommand)
        .value("LanguageNotification", CommandType::LanguageNotification)
        .value("OpenChannel", CommandType::OpenChannel)
        .value("CloseChannel", CommandType::CloseChannel)
        .value("ReceiveData", CommandType::ReceiveData)
        .value("SendData", CommandType::SendData)
        .value("GetChannelStatus", CommandType::GetChannelStatus)
        .value("ServiceSearch", CommandType::ServiceSearch)
        .value("GetServiceInformation", CommandType::GetServiceInformation)
        .value("DeclareService", CommandType::DeclareService)
        .value("SetFrames", CommandType::SetFrames)
        .value("GetFramesStatus", CommandType::GetFramesStatus)
        .value("RetrieveMms", CommandType::RetrieveMms)
        .value("SubmitMms", CommandType::SubmitMms)
        .value("DisplayMms", CommandType::DisplayMms)
        .value("Activate", CommandType::Activate)
        .value("ContactlessStateChanged", CommandType::ContactlessStateChanged)
        .value("CommandContainer", CommandType::CommandContainer)
        .value("EncapsulatedSessionControl", CommandType::EncapsulatedSessionControl);
    cat.def(
        "command_type_name", [](CommandType t) { return std::string(command_type_name(t)); }, "type"_a,
        "'OPEN CHANNEL'; 'unknown' outside §9.4.");

    py::enum_<TimerOperation>(cat, "TimerOperation", "TIMER MANAGEMENT qualifier b1-b2 (§8.6).")
        .value("Start", TimerOperation::Start)
        .value("Deactivate", TimerOperation::Deactivate)
        .value("GetValue", TimerOperation::GetValue);
    py::enum_<RefreshMode>(cat, "RefreshMode", "REFRESH qualifier (§8.6).")
        .value("NaaInitAndFullFileChange", RefreshMode::NaaInitAndFullFileChange)
        .value("FileChange", RefreshMode::FileChange)
        .value("NaaInitAndFileChange", RefreshMode::NaaInitAndFileChange)
        .value("NaaInit", RefreshMode::NaaInit)
        .value("UiccReset", RefreshMode::UiccReset)
        .value("NaaApplicationReset", RefreshMode::NaaApplicationReset)
        .value("NaaSessionReset", RefreshMode::NaaSessionReset)
        .value("SteeringOfRoaming", RefreshMode::SteeringOfRoaming)
        .value("SteeringOfRoamingIwlan", RefreshMode::SteeringOfRoamingIwlan)
        .value("EuiccProfileStateChange", RefreshMode::EuiccProfileStateChange)
        .value("ApplicationUpdate", RefreshMode::ApplicationUpdate);
    py::enum_<TimeUnit>(cat, "TimeUnit", "Duration time unit (§8.8).")
        .value("Minutes", TimeUnit::Minutes)
        .value("Seconds", TimeUnit::Seconds)
        .value("Tenths", TimeUnit::Tenths);
    py::enum_<BearerType>(cat, "BearerType", "Bearer type (§8.52 / TS 31.111 §8.52).")
        .value("Csd", BearerType::Csd)
        .value("Gprs", BearerType::Gprs)
        .value("Default", BearerType::Default)
        .value("LocalLink", BearerType::LocalLink)
        .value("Bluetooth", BearerType::Bluetooth)
        .value("Irda", BearerType::Irda)
        .value("Rs232", BearerType::Rs232)
        .value("Cdma2000Packet", BearerType::Cdma2000Packet)
        .value("UtranPacketExtended", BearerType::UtranPacketExtended)
        .value("IWlan", BearerType::IWlan)
        .value("Eutran", BearerType::Eutran)
        .value("NgRan", BearerType::NgRan)
        .value("Usb", BearerType::Usb);
    py::enum_<AddressType>(cat, "AddressType", "Other address type (§8.58).")
        .value("Ipv4", AddressType::Ipv4)
        .value("Ipv6", AddressType::Ipv6);
    py::enum_<TransportProtocol>(cat, "TransportProtocol", "UICC/terminal interface transport protocol (§8.59).")
        .value("UdpClientRemote", TransportProtocol::UdpClientRemote)
        .value("TcpClientRemote", TransportProtocol::TcpClientRemote)
        .value("TcpServer", TransportProtocol::TcpServer)
        .value("UdpClientLocal", TransportProtocol::UdpClientLocal)
        .value("TcpClientLocal", TransportProtocol::TcpClientLocal)
        .value("DirectChannel", TransportProtocol::DirectChannel);
    py::enum_<Event>(cat, "Event", "Event list codes (§8.25; 1D is TS 31.111).")
        .value("MtCall", Event::MtCall)
        .value("CallConnected", Event::CallConnected)
        .value("CallDisconnected", Event::CallDisconnected)
        .value("LocationStatus", Event::LocationStatus)
        .value("UserActivity", Event::UserActivity)
        .value("IdleScreenAvailable", Event::IdleScreenAvailable)
        .value("CardReaderStatus", Event::CardReaderStatus)
        .value("LanguageSelection", Event::LanguageSelection)
        .value("BrowserTermination", Event::BrowserTermination)
        .value("DataAvailable", Event::DataAvailable)
        .value("ChannelStatus", Event::ChannelStatus)
        .value("AccessTechnologyChange", Event::AccessTechnologyChange)
        .value("DisplayParametersChanged", Event::DisplayParametersChanged)
        .value("LocalConnection", Event::LocalConnection)
        .value("NetworkSearchModeChange", Event::NetworkSearchModeChange)
        .value("BrowsingStatus", Event::BrowsingStatus)
        .value("FramesInformationChange", Event::FramesInformationChange)
        .value("IWlanAccessStatus", Event::IWlanAccessStatus)
        .value("NetworkRejection", Event::NetworkRejection)
        .value("HciConnectivity", Event::HciConnectivity)
        .value("AccessTechnologyChangeMultiple", Event::AccessTechnologyChangeMultiple)
        .value("CsgCellSelection", Event::CsgCellSelection)
        .value("ContactlessStateRequest", Event::ContactlessStateRequest)
        .value("ImsRegistration", Event::ImsRegistration)
        .value("IncomingImsData", Event::IncomingImsData)
        .value("ProfileContainer", Event::ProfileContainer)
        .value("SecuredProfileContainer", Event::SecuredProfileContainer)
        .value("PollIntervalNegotiation", Event::PollIntervalNegotiation)
        .value("DataConnectionStatusChange", Event::DataConnectionStatusChange);
    cat.def(
        "event_name", [](Event e) { return std::string(event_name(e)); }, "event"_a);
    cat.def(
        "bearer_type_name", [](BearerType t) { return std::string(bearer_type_name(t)); }, "type"_a);
    cat.def(
        "transport_protocol_name", [](TransportProtocol p) { return std::string(transport_protocol_name(p)); },
        "protocol"_a);
}

void bind_results(py::module_& cat) {
    py::enum_<GeneralResult>(cat, "GeneralResult",
                             "General result (§8.12): 0x/1x performed, 2x temporary problem, 3x permanent.")
        .value("PerformedSuccessfully", GeneralResult::PerformedSuccessfully)
        .value("PartialComprehension", GeneralResult::PartialComprehension)
        .value("MissingInformation", GeneralResult::MissingInformation)
        .value("RefreshAdditionalEfsRead", GeneralResult::RefreshAdditionalEfsRead)
        .value("IconNotDisplayed", GeneralResult::IconNotDisplayed)
        .value("ModifiedByCallControl", GeneralResult::ModifiedByCallControl)
        .value("LimitedService", GeneralResult::LimitedService)
        .value("PerformedWithModification", GeneralResult::PerformedWithModification)
        .value("RefreshNaaNotActive", GeneralResult::RefreshNaaNotActive)
        .value("ToneNotPlayed", GeneralResult::ToneNotPlayed)
        .value("SessionTerminatedByUser", GeneralResult::SessionTerminatedByUser)
        .value("BackwardMove", GeneralResult::BackwardMove)
        .value("NoResponseFromUser", GeneralResult::NoResponseFromUser)
        .value("HelpRequired", GeneralResult::HelpRequired)
        .value("UssdOrSsTerminatedByUser", GeneralResult::UssdOrSsTerminatedByUser)
        .value("TerminalUnableToProcess", GeneralResult::TerminalUnableToProcess)
        .value("NetworkUnableToProcess", GeneralResult::NetworkUnableToProcess)
        .value("UserDidNotAccept", GeneralResult::UserDidNotAccept)
        .value("UserClearedCall", GeneralResult::UserClearedCall)
        .value("ContradictionWithTimerState", GeneralResult::ContradictionWithTimerState)
        .value("CallControlTemporaryProblem", GeneralResult::CallControlTemporaryProblem)
        .value("LaunchBrowserError", GeneralResult::LaunchBrowserError)
        .value("MmsTemporaryProblem", GeneralResult::MmsTemporaryProblem)
        .value("BeyondTerminalCapabilities", GeneralResult::BeyondTerminalCapabilities)
        .value("CommandTypeNotUnderstood", GeneralResult::CommandTypeNotUnderstood)
        .value("CommandDataNotUnderstood", GeneralResult::CommandDataNotUnderstood)
        .value("CommandNumberNotKnown", GeneralResult::CommandNumberNotKnown)
        .value("SsReturnError", GeneralResult::SsReturnError)
        .value("SmsRpError", GeneralResult::SmsRpError)
        .value("RequiredValuesMissing", GeneralResult::RequiredValuesMissing)
        .value("UssdReturnError", GeneralResult::UssdReturnError)
        .value("MultipleCardCommandsError", GeneralResult::MultipleCardCommandsError)
        .value("CallControlPermanentProblem", GeneralResult::CallControlPermanentProblem)
        .value("BearerIndependentProtocolError", GeneralResult::BearerIndependentProtocolError)
        .value("AccessTechnologyUnableToProcess", GeneralResult::AccessTechnologyUnableToProcess)
        .value("FramesError", GeneralResult::FramesError)
        .value("MmsError", GeneralResult::MmsError);
    py::enum_<TerminalProblem>(cat, "TerminalProblem", "Additional information for result 20 (§8.12.2).")
        .value("NoSpecificCause", TerminalProblem::NoSpecificCause)
        .value("ScreenBusy", TerminalProblem::ScreenBusy)
        .value("BusyOnCall", TerminalProblem::BusyOnCall)
        .value("BusyOnSs", TerminalProblem::BusyOnSs)
        .value("NoService", TerminalProblem::NoService)
        .value("AccessControlClassBar", TerminalProblem::AccessControlClassBar)
        .value("RadioResourceNotGranted", TerminalProblem::RadioResourceNotGranted)
        .value("NotInSpeechCall", TerminalProblem::NotInSpeechCall)
        .value("BusyOnUssd", TerminalProblem::BusyOnUssd)
        .value("BusyOnSendDtmf", TerminalProblem::BusyOnSendDtmf)
        .value("NoNaaActive", TerminalProblem::NoNaaActive);
    py::enum_<BipError>(cat, "BipError", "Additional information for result 3A (§8.12.11).")
        .value("NoSpecificCause", BipError::NoSpecificCause)
        .value("NoChannelAvailable", BipError::NoChannelAvailable)
        .value("ChannelClosed", BipError::ChannelClosed)
        .value("ChannelIdentifierNotValid", BipError::ChannelIdentifierNotValid)
        .value("BufferSizeNotAvailable", BipError::BufferSizeNotAvailable)
        .value("SecurityError", BipError::SecurityError)
        .value("TransportLevelNotAvailable", BipError::TransportLevelNotAvailable)
        .value("RemoteDeviceNotReachable", BipError::RemoteDeviceNotReachable)
        .value("ServiceError", BipError::ServiceError)
        .value("ServiceIdentifierUnknown", BipError::ServiceIdentifierUnknown)
        .value("PortNotAvailable", BipError::PortNotAvailable)
        .value("LaunchParametersMissing", BipError::LaunchParametersMissing)
        .value("ApplicationLaunchFailed", BipError::ApplicationLaunchFailed);

    Struct<Result>(cat, "Result", "Result (§8.12): general result and additional information.")
        .field("general", &Result::general)
        .field("additional_info", &Result::additional_info)
        .done()
        .def_static("ok", &Result::ok)
        .def_static("of", &Result::of, "general"_a)
        .def_static("bip_error", &Result::bip_error, "cause"_a)
        .def_static("terminal_unable", &Result::terminal_unable, "cause"_a);
    cat.def("is_performed", &is_performed, "result"_a);
    cat.def("is_temporary_problem", &is_temporary_problem, "result"_a);
    cat.def("is_permanent_problem", &is_permanent_problem, "result"_a);
    cat.def(
        "general_result_name", [](GeneralResult r) { return std::string(general_result_name(r)); }, "result"_a);
    cat.def(
        "terminal_problem_name", [](TerminalProblem p) { return std::string(terminal_problem_name(p)); },
        "problem"_a);
    cat.def(
        "bip_error_name", [](BipError e) { return std::string(bip_error_name(e)); }, "error"_a);
}

void bind_objects(py::module_& cat) {
    cat.def(
        "channel_device",
        [](long long channel_id) { return channel_device(int_arg<std::uint8_t>(channel_id, "channel_id")); },
        "channel_id"_a, "The device identity 21..27 of BIP channel 1..7.");
    cat.def(
        "channel_of_device",
        [](long long device) { return channel_of_device(int_arg<std::uint8_t>(device, "device")); }, "device"_a);

    Struct<DeviceIdentities>(cat, "DeviceIdentities",
                             "Device identities (§8.7): 81 UICC, 82 terminal, 83 network, 21..27 channels.")
        .hex_field("source", &DeviceIdentities::source)
        .hex_field("destination", &DeviceIdentities::destination)
        .done();

    Struct<Duration>(cat, "Duration", "Duration (§8.8): unit and interval.")
        .field("unit", &Duration::unit)
        .field("interval", &Duration::interval)
        .done();

    cat.def("encode_timer_value", &encode_timer_value, "value"_a,
            "Timer value (§8.38): hh mm ss, swapped BCD; up to 99:59:59.");
    cat.def(
        "decode_timer_value", [](ByteView value) { return decode_timer_value(value); }, "value"_a);

    Struct<ChannelStatus>(cat, "ChannelStatus", "Channel status (§8.56), two bytes.")
        .field("channel_id", &ChannelStatus::channel_id)
        .field("link_established", &ChannelStatus::link_established)
        .hex_field("further_info", &ChannelStatus::further_info, "00 none, 05 link dropped")
        .field("other_bits", &ChannelStatus::other_bits)
        .done();

    Struct<BearerDescription>(cat, "BearerDescription", "Bearer description (§8.52): type and raw parameters.")
        .field("type", &BearerDescription::type)
        .field("parameters", &BearerDescription::parameters)
        .done();

    Struct<OtherAddress>(cat, "OtherAddress", "Other address (§8.58): IPv4 (4 bytes) or IPv6 (16 bytes).")
        .field("type", &OtherAddress::type)
        .field("address", &OtherAddress::address)
        .done()
        .def_property_readonly(
            "ip", [](const OtherAddress& a) { return ip_string(a); }, "'192.168.0.1', or None.")
        .def_static("from_ip", &other_address_from_ip, "text"_a);
    cat.def("ip_string", &ip_string, "address"_a);
    cat.def("other_address_from_ip", &other_address_from_ip, "text"_a);

    Struct<TransportLevel>(cat, "TransportLevel", "UICC/terminal interface transport level (§8.59).")
        .field("protocol", &TransportLevel::protocol)
        .field("port", &TransportLevel::port)
        .done();

    Struct<Address>(cat, "Address", "Address (§8.1): TON/NPI byte and dialling number, e.g. the SMS-C.")
        .hex_field("ton_npi", &Address::ton_npi)
        .field("digits", &Address::digits)
        .done();
    cat.def("encode_address", &encode_address, "address"_a);
    cat.def(
        "decode_address", [](ByteView value) { return decode_address(value); }, "value"_a);
    cat.def("encode_network_access_name", &encode_network_access_name, "apn"_a, "'internet' -> 08 'internet'.");
    cat.def(
        "decode_network_access_name", [](ByteView value) { return decode_network_access_name(value); },
        "value"_a);

    Struct<TextString>(cat, "TextString", "Text string (§8.15): DCS byte and the text as sent.")
        .hex_field("dcs", &TextString::dcs, "00 GSM 7-bit packed, 04 GSM 8-bit, 08 UCS2")
        .field("data", &TextString::data)
        .done()
        .def_property_readonly(
            "text", [](const TextString& t) { return text_to_utf8(t); }, "The text, or None for an unknown coding.")
        .def_static(
            "from_utf8",
            [](const std::string& text, long long coding) {
                return text_from_utf8(text, int_arg<std::uint8_t>(coding, "coding"));
            },
            "text"_a, "coding"_a = dcs::gsm8);
    cat.def("text_to_utf8", &text_to_utf8, "text"_a);
    cat.def(
        "text_from_utf8",
        [](const std::string& text, long long coding) {
            return text_from_utf8(text, int_arg<std::uint8_t>(coding, "coding"));
        },
        "text"_a, "coding"_a);

    Struct<CommandDetails>(cat, "CommandDetails", "Command details (§8.6): number, type, qualifier.")
        .field("number", &CommandDetails::number)
        .field("type", &CommandDetails::type)
        .hex_field("qualifier", &CommandDetails::qualifier)
        .done();

    Struct<CommandHeader>(cat, "CommandHeader",
                          "What every proactive command carries: number, qualifier, device identities and the "
                          "objects not understood for its type (encoded last).")
        .field("number", &CommandHeader::number)
        .hex_field("qualifier", &CommandHeader::qualifier)
        .field("devices", &CommandHeader::devices)
        .field("unknown_objects", &CommandHeader::unknown_objects)
        .done()
        .def_property_readonly("has_unknown_required_objects", &CommandHeader::has_unknown_required_objects,
                               "An unknown object has CR set: the terminal must answer 32.");
    cat.def(
        "command_header",
        [](long long destination) { return command_header(int_arg<std::uint8_t>(destination, "destination")); },
        "destination"_a);
}

void bind_envelopes(py::module_& cat) {
    auto with_encode = [](auto& cls) -> auto& {
        using T = typename std::remove_reference_t<decltype(cls)>::type;
        return cls.def("encode", [](const T& e) { return encode(e); }).def("__bytes__", [](const T& e) {
            return encode(e);
        });
    };
    auto sms_pp = Struct<SmsPpDownload>(cat, "SmsPpDownload",
                                         "ENVELOPE SMS-PP data download (D1, TS 31.111 §7.1.1): the SMS-DELIVER "
                                         "TPDU as received, and the SMS-C address (RP-OA) if any.")
                       .field("devices", &SmsPpDownload::devices)
                       .field("address", &SmsPpDownload::address)
                       .field("tpdu", &SmsPpDownload::tpdu)
                       .field("unknown_objects", &SmsPpDownload::unknown_objects)
                       .done();
    with_encode(sms_pp);
    auto data_available = Struct<DataAvailableEvent>(cat, "DataAvailableEvent",
                                                      "Event download 'data available' (D6, event 09, §7.5.10).")
                               .field("devices", &DataAvailableEvent::devices)
                               .field("status", &DataAvailableEvent::status)
                               .field("available_length", &DataAvailableEvent::available_length)
                               .field("unknown_objects", &DataAvailableEvent::unknown_objects)
                               .done();
    with_encode(data_available);
    auto channel_status = Struct<ChannelStatusEvent>(cat, "ChannelStatusEvent",
                                                      "Event download 'channel status' (D6, event 0A, §7.5.11).")
                               .field("devices", &ChannelStatusEvent::devices)
                               .field("status", &ChannelStatusEvent::status)
                               .field("unknown_objects", &ChannelStatusEvent::unknown_objects)
                               .done();
    with_encode(channel_status);
    auto other = Struct<OtherEvent>(cat, "OtherEvent", "Event download of any other event, objects as they came.")
                      .field("event", &OtherEvent::event)
                      .field("devices", &OtherEvent::devices)
                      .field("unknown_objects", &OtherEvent::unknown_objects)
                      .done();
    with_encode(other);
    auto timer = Struct<TimerExpiration>(cat, "TimerExpiration",
                                          "Timer expiration (D7, §7.4): the timer and the time since its start.")
                      .field("devices", &TimerExpiration::devices)
                      .field("timer_id", &TimerExpiration::timer_id)
                      .field("value", &TimerExpiration::value)
                      .field("unknown_objects", &TimerExpiration::unknown_objects)
                      .done();
    with_encode(timer);
    auto unknown = Struct<UnknownEnvelope>(cat, "UnknownEnvelope", "Any other ENVELOPE: tag and raw value.")
                        .hex_field("tag", &UnknownEnvelope::tag)
                        .field("value", &UnknownEnvelope::value)
                        .done();
    with_encode(unknown);

    add_union(cat, "Envelope",
              {"SmsPpDownload", "DataAvailableEvent", "ChannelStatusEvent", "OtherEvent", "TimerExpiration",
               "UnknownEnvelope"});
    cat.def(
        "encode", [](const Envelope& envelope) { return encode(envelope); }, "envelope"_a,
        "The BER-TLV of an envelope (every object with CR = 1).");
    cat.def(
        "parse_envelope", [](ByteView ber_tlv) { return parse_envelope(ber_tlv); }, "ber_tlv"_a,
        "One ENVELOPE BER-TLV -> SmsPpDownload, DataAvailableEvent, ChannelStatusEvent, OtherEvent, "
        "TimerExpiration or UnknownEnvelope; raises CodecError('ENVELOPE', offset).");
    cat.def(
        "envelope_apdu",
        [](ByteView ber_tlv, std::optional<long long> ne) {
            return envelope_apdu(ber_tlv, ne ? std::optional<std::uint32_t>(int_arg<std::uint32_t>(*ne, "ne", 1, 256))
                                             : std::nullopt);
        },
        "ber_tlv"_a, "ne"_a = py::none(), "`80 C2 00 00 Lc data` (TS 102 221 §10.1.1).");
    cat.def(
        "channel_data_length_byte",
        [](long long available) { return channel_data_length_byte(int_arg<std::size_t>(available, "available")); },
        "available"_a);
}

void bind_terminal_response(py::module_& cat) {
    Struct<TerminalResponse>(cat, "TerminalResponse",
                             "TERMINAL RESPONSE (§6.8): command details echoed, devices, result and the objects "
                             "the command calls for (OPEN CHANNEL: channel_statuses, bearer, buffer_size; TIMER "
                             "MANAGEMENT: timer_id, timer_value; ...).")
        .field("details", &TerminalResponse::details)
        .field("devices", &TerminalResponse::devices)
        .field("result", &TerminalResponse::result)
        .field("channel_data", &TerminalResponse::channel_data)
        .field("channel_data_length", &TerminalResponse::channel_data_length)
        .field("channel_statuses", &TerminalResponse::channel_statuses)
        .field("bearer", &TerminalResponse::bearer)
        .field("buffer_size", &TerminalResponse::buffer_size)
        .field("local_address", &TerminalResponse::local_address)
        .field("duration", &TerminalResponse::duration)
        .field("timer_id", &TerminalResponse::timer_id)
        .field("timer_value", &TerminalResponse::timer_value)
        .field("unknown_objects", &TerminalResponse::unknown_objects)
        .done()
        .def("encode", [](const TerminalResponse& r) { return encode(r); })
        .def("__bytes__", [](const TerminalResponse& r) { return encode(r); });
    cat.def(
        "encode", [](const TerminalResponse& r) { return encode(r); }, "response"_a,
        "The TERMINAL RESPONSE data field.");
    cat.def("response_to", &response_to, "command"_a, "result"_a,
            "A TerminalResponse to `command`: details echoed, devices terminal -> UICC.");
    cat.def(
        "parse_terminal_response", [](ByteView data) { return parse_terminal_response(data); }, "data"_a,
        "Raises CodecError('TERMINAL RESPONSE', offset).");
    cat.def("terminal_response_apdu", &terminal_response_apdu, "response"_a, "`80 14 00 00 Lc data`.");
}

void bind_terminal_profile(py::module_& cat) {
    // Every named bit of the C++ table must have its Python name (see EUICC_TERMINAL_PROFILE_FLAGS).
    const auto table = terminal_profile_bits();
    if (table.size() != std::size(terminal_profile_flags)) {
        throw std::logic_error("euicc.cat.TerminalProfile: the flag list does not match terminal_profile_bits()");
    }
    for (const auto& bit : table) {
        if (flag_name(bit.member) == nullptr) {
            throw std::logic_error("euicc.cat.TerminalProfile: no Python name for '" + std::string(bit.name) + "'");
        }
    }

    Struct<TerminalProfile> profile(cat, "TerminalProfile",
                                    "TERMINAL PROFILE (TS 102 223 §5.2): one bool per named capability, "
                                    "number_of_channels (13.b6-b8) and other_bits (every other bit as sent). "
                                    "flags() gives the named ones as a dict; TerminalProfile(**flags) builds one.");
    for (const auto& flag : terminal_profile_flags) {
        profile.field(flag.name, flag.member);
    }
    profile.field("number_of_channels", &TerminalProfile::number_of_channels)
        .field("other_bits", &TerminalProfile::other_bits)
        .done()
        .def(
            "flags",
            [](const TerminalProfile& p) {
                py::dict out;
                for (const auto& flag : terminal_profile_flags) {
                    out[flag.name] = p.*flag.member;
                }
                return out;
            },
            "{name: bool} for every named capability, in byte/bit order.")
        .def("encode", [](const TerminalProfile& p) { return encode(p); })
        .def("__bytes__", [](const TerminalProfile& p) { return encode(p); })
        .def_static(
            "decode", [](ByteView data) { return decode_terminal_profile(data); }, "profile"_a,
            "Never fails: absent bytes mean 'not supported'.");
    cat.def(
        "encode", [](const TerminalProfile& p) { return encode(p); }, "profile"_a);
    cat.def(
        "decode_terminal_profile", [](ByteView data) { return decode_terminal_profile(data); }, "profile"_a);
    cat.def("terminal_profile_apdu", &terminal_profile_apdu, "profile"_a, "`80 10 00 00 Lc profile`.");

    Struct<ProfileBit>(cat, "TerminalProfileBit",
                       "One named capability: its TerminalProfile attribute, byte (1-based), bit (1 = LSB) and "
                       "label.")
        .readonly("attribute", &ProfileBit::attribute)
        .readonly("byte", &ProfileBit::byte)
        .readonly("bit", &ProfileBit::bit)
        .readonly("name", &ProfileBit::name)
        .done(false);
    cat.def(
        "terminal_profile_bits",
        [] {
            std::vector<ProfileBit> out;
            for (const auto& bit : terminal_profile_bits()) {
                out.push_back({flag_name(bit.member), bit.byte, bit.bit, std::string(bit.name)});
            }
            return out;
        },
        "The table behind encode/decode, in byte/bit order.");
}

} // namespace

void bind_cat(py::module_& m) {
    py::module_ cat = m.def_submodule(
        "cat", "Card Application Toolkit (ETSI TS 102 223, 3GPP TS 31.111): terminal profile, envelopes, proactive "
               "commands, terminal responses.");
    bind_enums(cat);
    bind_results(cat);
    bind_objects(cat);
    bind_cat_proactive(cat);
    bind_envelopes(cat);
    bind_terminal_response(cat);
    bind_terminal_profile(cat);
}

} // namespace euicc::python
