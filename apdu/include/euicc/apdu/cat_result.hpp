// SPDX-License-Identifier: Apache-2.0
// CAT Result object (ETSI TS 102 223 §8.12 / 3GPP TS 31.111 §8.12): general result and additional information.
#pragma once

#include <cstdint>
#include <string_view>

#include <euicc/apdu/bytes.hpp>

namespace euicc::cat {

/// General result (§8.12). 0x/1x: performed; 2x: temporary problem, worth retrying; 3x: permanent problem.
enum class GeneralResult : std::uint8_t {
    PerformedSuccessfully = 0x00,
    PartialComprehension = 0x01,
    MissingInformation = 0x02,
    RefreshAdditionalEfsRead = 0x03,
    IconNotDisplayed = 0x04,
    ModifiedByCallControl = 0x05,
    LimitedService = 0x06,
    PerformedWithModification = 0x07,
    RefreshNaaNotActive = 0x08,
    ToneNotPlayed = 0x09,
    SessionTerminatedByUser = 0x10,
    BackwardMove = 0x11,
    NoResponseFromUser = 0x12,
    HelpRequired = 0x13,
    UssdOrSsTerminatedByUser = 0x14,
    TerminalUnableToProcess = 0x20,   ///< additional info: TerminalProblem
    NetworkUnableToProcess = 0x21,
    UserDidNotAccept = 0x22,
    UserClearedCall = 0x23,
    ContradictionWithTimerState = 0x24,
    CallControlTemporaryProblem = 0x25,
    LaunchBrowserError = 0x26,
    MmsTemporaryProblem = 0x27,
    BeyondTerminalCapabilities = 0x30,
    CommandTypeNotUnderstood = 0x31,
    CommandDataNotUnderstood = 0x32,
    CommandNumberNotKnown = 0x33,
    SsReturnError = 0x34,
    SmsRpError = 0x35,
    RequiredValuesMissing = 0x36,
    UssdReturnError = 0x37,
    MultipleCardCommandsError = 0x38,
    CallControlPermanentProblem = 0x39,
    BearerIndependentProtocolError = 0x3A, ///< additional info: BipError
    AccessTechnologyUnableToProcess = 0x3B,
    FramesError = 0x3C,
    MmsError = 0x3D,
};

/// Additional information for result 20 "terminal currently unable to process command" (§8.12.2).
enum class TerminalProblem : std::uint8_t {
    NoSpecificCause = 0x00,
    ScreenBusy = 0x01,
    BusyOnCall = 0x02,
    BusyOnSs = 0x03,
    NoService = 0x04,
    AccessControlClassBar = 0x05,
    RadioResourceNotGranted = 0x06,
    NotInSpeechCall = 0x07,
    BusyOnUssd = 0x08,
    BusyOnSendDtmf = 0x09,
    NoNaaActive = 0x0A,
};

/// Additional information for result 3A "Bearer Independent Protocol error" (§8.12.11).
enum class BipError : std::uint8_t {
    NoSpecificCause = 0x00,
    NoChannelAvailable = 0x01,
    ChannelClosed = 0x02,
    ChannelIdentifierNotValid = 0x03,
    BufferSizeNotAvailable = 0x04,
    SecurityError = 0x05,
    TransportLevelNotAvailable = 0x06,
    RemoteDeviceNotReachable = 0x07,
    ServiceError = 0x08,
    ServiceIdentifierUnknown = 0x09,
    PortNotAvailable = 0x10,
    LaunchParametersMissing = 0x11,
    ApplicationLaunchFailed = 0x12,
};

/// Result (§8.12): general result + additional information bytes (may be empty).
struct Result {
    GeneralResult general = GeneralResult::PerformedSuccessfully;
    Bytes additional_info;

    static Result ok() { return {}; }
    static Result of(GeneralResult general) { return {general, {}}; }
    static Result bip_error(BipError cause) {
        return {GeneralResult::BearerIndependentProtocolError, {static_cast<std::uint8_t>(cause)}};
    }
    static Result terminal_unable(TerminalProblem cause) {
        return {GeneralResult::TerminalUnableToProcess, {static_cast<std::uint8_t>(cause)}};
    }

    friend bool operator==(const Result&, const Result&) = default;
};

/// 0x/1x: the command was performed (possibly with a qualification).
constexpr bool is_performed(GeneralResult r) noexcept { return static_cast<std::uint8_t>(r) < 0x20; }
/// 2x: a temporary problem; the UICC may retry.
constexpr bool is_temporary_problem(GeneralResult r) noexcept { return (static_cast<std::uint8_t>(r) & 0xF0) == 0x20; }
/// 3x: a permanent problem.
constexpr bool is_permanent_problem(GeneralResult r) noexcept { return (static_cast<std::uint8_t>(r) & 0xF0) == 0x30; }

/// Human-readable names for `euicc decode`; "unknown" for values outside the tables.
std::string_view general_result_name(GeneralResult result) noexcept;
std::string_view terminal_problem_name(TerminalProblem problem) noexcept;
std::string_view bip_error_name(BipError error) noexcept;

} // namespace euicc::cat
