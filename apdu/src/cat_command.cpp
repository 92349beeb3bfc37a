// SPDX-License-Identifier: Apache-2.0
// CAT command details (ETSI TS 102 223 §8.6, §9.4): command type names and the CR rule for unknown objects.
#include <euicc/apdu/cat_command.hpp>

namespace euicc::cat {

bool CommandHeader::has_unknown_required_objects() const noexcept {
    // TS 101 220 §7.1.1: only an object with CR set obliges the receiver to understand it.
    for (const ctlv::Tlv& object : unknown_objects) {
        if (object.cr) {
            return true;
        }
    }
    return false;
}

std::string_view command_type_name(CommandType type) noexcept {
    switch (type) {
    case CommandType::Refresh: return "REFRESH";
    case CommandType::MoreTime: return "MORE TIME";
    case CommandType::PollInterval: return "POLL INTERVAL";
    case CommandType::PollingOff: return "POLLING OFF";
    case CommandType::SetUpEventList: return "SET UP EVENT LIST";
    case CommandType::SetUpCall: return "SET UP CALL";
    case CommandType::SendSs: return "SEND SS";
    case CommandType::SendUssd: return "SEND USSD";
    case CommandType::SendShortMessage: return "SEND SHORT MESSAGE";
    case CommandType::SendDtmf: return "SEND DTMF";
    case CommandType::LaunchBrowser: return "LAUNCH BROWSER";
    case CommandType::GeoLocationRequest: return "GEOGRAPHICAL LOCATION REQUEST";
    case CommandType::PlayTone: return "PLAY TONE";
    case CommandType::DisplayText: return "DISPLAY TEXT";
    case CommandType::GetInkey: return "GET INKEY";
    case CommandType::GetInput: return "GET INPUT";
    case CommandType::SelectItem: return "SELECT ITEM";
    case CommandType::SetUpMenu: return "SET UP MENU";
    case CommandType::ProvideLocalInformation: return "PROVIDE LOCAL INFORMATION";
    case CommandType::TimerManagement: return "TIMER MANAGEMENT";
    case CommandType::SetUpIdleModeText: return "SET UP IDLE MODE TEXT";
    case CommandType::PerformCardApdu: return "PERFORM CARD APDU";
    case CommandType::PowerOnCard: return "POWER ON CARD";
    case CommandType::PowerOffCard: return "POWER OFF CARD";
    case CommandType::GetReaderStatus: return "GET READER STATUS";
    case CommandType::RunAtCommand: return "RUN AT COMMAND";
    case CommandType::LanguageNotification: return "LANGUAGE NOTIFICATION";
    case CommandType::OpenChannel: return "OPEN CHANNEL";
    case CommandType::CloseChannel: return "CLOSE CHANNEL";
    case CommandType::ReceiveData: return "RECEIVE DATA";
    case CommandType::SendData: return "SEND DATA";
    case CommandType::GetChannelStatus: return "GET CHANNEL STATUS";
    case CommandType::ServiceSearch: return "SERVICE SEARCH";
    case CommandType::GetServiceInformation: return "GET SERVICE INFORMATION";
    case CommandType::DeclareService: return "DECLARE SERVICE";
    case CommandType::SetFrames: return "SET FRAMES";
    case CommandType::GetFramesStatus: return "GET FRAMES STATUS";
    case CommandType::RetrieveMms: return "RETRIEVE MULTIMEDIA MESSAGE";
    case CommandType::SubmitMms: return "SUBMIT MULTIMEDIA MESSAGE";
    case CommandType::DisplayMms: return "DISPLAY MULTIMEDIA MESSAGE";
    case CommandType::Activate: return "ACTIVATE";
    case CommandType::ContactlessStateChanged: return "CONTACTLESS STATE CHANGED";
    case CommandType::CommandContainer: return "COMMAND CONTAINER";
    case CommandType::EncapsulatedSessionControl: return "ENCAPSULATED SESSION CONTROL";
    }
    return "unknown";
}

} // namespace euicc::cat
