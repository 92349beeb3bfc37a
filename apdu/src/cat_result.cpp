// SPDX-License-Identifier: Apache-2.0
// CAT Result object (ETSI TS 102 223 §8.12): value codec and the names of general results and additional info.
#include <euicc/apdu/cat_result.hpp>

#include "cat_codec.hpp"

namespace euicc::cat {

std::string_view general_result_name(GeneralResult result) noexcept {
    switch (result) {
    case GeneralResult::PerformedSuccessfully: return "command performed successfully";
    case GeneralResult::PartialComprehension: return "performed with partial comprehension";
    case GeneralResult::MissingInformation: return "performed with missing information";
    case GeneralResult::RefreshAdditionalEfsRead: return "REFRESH performed with additional EFs read";
    case GeneralResult::IconNotDisplayed: return "performed successfully, requested icon not displayed";
    case GeneralResult::ModifiedByCallControl: return "performed, modified by call control";
    case GeneralResult::LimitedService: return "performed successfully, limited service";
    case GeneralResult::PerformedWithModification: return "performed with modification";
    case GeneralResult::RefreshNaaNotActive: return "REFRESH performed but indicated NAA was not active";
    case GeneralResult::ToneNotPlayed: return "performed successfully, tone not played";
    case GeneralResult::SessionTerminatedByUser: return "proactive session terminated by the user";
    case GeneralResult::BackwardMove: return "backward move requested by the user";
    case GeneralResult::NoResponseFromUser: return "no response from user";
    case GeneralResult::HelpRequired: return "help information required by the user";
    case GeneralResult::UssdOrSsTerminatedByUser: return "USSD or SS transaction terminated by the user";
    case GeneralResult::TerminalUnableToProcess: return "terminal currently unable to process command";
    case GeneralResult::NetworkUnableToProcess: return "network currently unable to process command";
    case GeneralResult::UserDidNotAccept: return "user did not accept the proactive command";
    case GeneralResult::UserClearedCall: return "user cleared down call before connection or network release";
    case GeneralResult::ContradictionWithTimerState: return "action in contradiction with the current timer state";
    case GeneralResult::CallControlTemporaryProblem: return "interaction with call control, temporary problem";
    case GeneralResult::LaunchBrowserError: return "launch browser generic error";
    case GeneralResult::MmsTemporaryProblem: return "MMS temporary problem";
    case GeneralResult::BeyondTerminalCapabilities: return "command beyond terminal's capabilities";
    case GeneralResult::CommandTypeNotUnderstood: return "command type not understood by terminal";
    case GeneralResult::CommandDataNotUnderstood: return "command data not understood by terminal";
    case GeneralResult::CommandNumberNotKnown: return "command number not known by terminal";
    case GeneralResult::SsReturnError: return "SS return error";
    case GeneralResult::SmsRpError: return "SMS RP-ERROR";
    case GeneralResult::RequiredValuesMissing: return "error, required values are missing";
    case GeneralResult::UssdReturnError: return "USSD return error";
    case GeneralResult::MultipleCardCommandsError: return "multiple card commands error";
    case GeneralResult::CallControlPermanentProblem: return "interaction with call control, permanent problem";
    case GeneralResult::BearerIndependentProtocolError: return "Bearer Independent Protocol error";
    case GeneralResult::AccessTechnologyUnableToProcess: return "access technology unable to process command";
    case GeneralResult::FramesError: return "frames error";
    case GeneralResult::MmsError: return "MMS error";
    }
    return "unknown";
}

std::string_view terminal_problem_name(TerminalProblem problem) noexcept {
    switch (problem) {
    case TerminalProblem::NoSpecificCause: return "no specific cause";
    case TerminalProblem::ScreenBusy: return "screen is busy";
    case TerminalProblem::BusyOnCall: return "terminal currently busy on call";
    case TerminalProblem::BusyOnSs: return "terminal currently busy on SS transaction";
    case TerminalProblem::NoService: return "no service";
    case TerminalProblem::AccessControlClassBar: return "access control class bar";
    case TerminalProblem::RadioResourceNotGranted: return "radio resource not granted";
    case TerminalProblem::NotInSpeechCall: return "not in speech call";
    case TerminalProblem::BusyOnUssd: return "terminal currently busy on USSD transaction";
    case TerminalProblem::BusyOnSendDtmf: return "terminal currently busy on SEND DTMF command";
    case TerminalProblem::NoNaaActive: return "no NAA active";
    }
    return "unknown";
}

std::string_view bip_error_name(BipError error) noexcept {
    switch (error) {
    case BipError::NoSpecificCause: return "no specific cause";
    case BipError::NoChannelAvailable: return "no channel available";
    case BipError::ChannelClosed: return "channel closed";
    case BipError::ChannelIdentifierNotValid: return "channel identifier not valid";
    case BipError::BufferSizeNotAvailable: return "requested buffer size not available";
    case BipError::SecurityError: return "security error (unsuccessful authentication)";
    case BipError::TransportLevelNotAvailable: return "requested UICC/terminal interface transport level not available";
    case BipError::RemoteDeviceNotReachable: return "remote device is not reachable";
    case BipError::ServiceError: return "service error";
    case BipError::ServiceIdentifierUnknown: return "service identifier unknown";
    case BipError::PortNotAvailable: return "port not available";
    case BipError::LaunchParametersMissing: return "launch parameters missing or incorrect";
    case BipError::ApplicationLaunchFailed: return "application launch failed";
    }
    return "unknown";
}

namespace detail {

Result read_result(ByteReader& r) {
    Result result;
    result.general = static_cast<GeneralResult>(r.u8());
    result.additional_info = read_bytes(r);
    return result;
}

Bytes result_value(const Result& result) {
    Bytes out{static_cast<std::uint8_t>(result.general)};
    append(out, result.additional_info);
    return out;
}

} // namespace detail

} // namespace euicc::cat
