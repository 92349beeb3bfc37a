// SPDX-License-Identifier: Apache-2.0
// CAT command details (ETSI TS 102 223 §8.6, type of command §9.4) and the part every proactive command shares.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/comprehension_tlv.hpp>

namespace euicc::cat {

/// Type of command (§9.4).
enum class CommandType : std::uint8_t {
    Refresh = 0x01,
    MoreTime = 0x02,
    PollInterval = 0x03,
    PollingOff = 0x04,
    SetUpEventList = 0x05,
    SetUpCall = 0x10,
    SendSs = 0x11,
    SendUssd = 0x12,
    SendShortMessage = 0x13,
    SendDtmf = 0x14,
    LaunchBrowser = 0x15,
    GeoLocationRequest = 0x16,
    PlayTone = 0x20,
    DisplayText = 0x21,
    GetInkey = 0x22,
    GetInput = 0x23,
    SelectItem = 0x24,
    SetUpMenu = 0x25,
    ProvideLocalInformation = 0x26,
    TimerManagement = 0x27,
    SetUpIdleModeText = 0x28,
    PerformCardApdu = 0x30,
    PowerOnCard = 0x31,
    PowerOffCard = 0x32,
    GetReaderStatus = 0x33,
    RunAtCommand = 0x34,
    LanguageNotification = 0x35,
    OpenChannel = 0x40,
    CloseChannel = 0x41,
    ReceiveData = 0x42,
    SendData = 0x43,
    GetChannelStatus = 0x44,
    ServiceSearch = 0x45,
    GetServiceInformation = 0x46,
    DeclareService = 0x47,
    SetFrames = 0x50,
    GetFramesStatus = 0x51,
    RetrieveMms = 0x60,
    SubmitMms = 0x61,
    DisplayMms = 0x62,
    Activate = 0x70,
    ContactlessStateChanged = 0x71,
    CommandContainer = 0x72,
    EncapsulatedSessionControl = 0x73,
};

/// "OPEN CHANNEL"; "unknown" for values outside §9.4.
std::string_view command_type_name(CommandType type) noexcept;

/// Command details (§8.6): number (chosen by the UICC), type and qualifier. A TERMINAL RESPONSE echoes them.
struct CommandDetails {
    std::uint8_t number = 1;
    CommandType type = CommandType::MoreTime;
    std::uint8_t qualifier = 0;

    friend bool operator==(const CommandDetails&, const CommandDetails&) = default;
};

/// Command qualifier bits and values (§8.6) for the commands this library models.
namespace qualifier {
// OPEN CHANNEL
inline constexpr std::uint8_t immediate_link = 0x01;         ///< b1: establish the link now (0: on demand)
inline constexpr std::uint8_t automatic_reconnection = 0x02; ///< b2
inline constexpr std::uint8_t background_mode = 0x04;        ///< b3: immediate, in background (b1 ignored)
inline constexpr std::uint8_t dns_server_request = 0x08;     ///< b4: DNS server address(es) requested
// SEND DATA
inline constexpr std::uint8_t send_immediately = 0x01;       ///< b1: 0 = store in the Tx buffer
// SEND SHORT MESSAGE
inline constexpr std::uint8_t packing_required = 0x01;       ///< b1: terminal packs 7-bit text
// DISPLAY TEXT
inline constexpr std::uint8_t high_priority = 0x01;          ///< b1
inline constexpr std::uint8_t wait_for_user = 0x80;          ///< b8: wait for the user to clear the message
} // namespace qualifier

/// TIMER MANAGEMENT qualifier b1-b2 (§8.6).
enum class TimerOperation : std::uint8_t { Start = 0x00, Deactivate = 0x01, GetValue = 0x02 };

/// REFRESH qualifier (§8.6).
enum class RefreshMode : std::uint8_t {
    NaaInitAndFullFileChange = 0x00,
    FileChange = 0x01,
    NaaInitAndFileChange = 0x02,
    NaaInit = 0x03,
    UiccReset = 0x04,
    NaaApplicationReset = 0x05,
    NaaSessionReset = 0x06,
    SteeringOfRoaming = 0x07,
    SteeringOfRoamingIwlan = 0x08,
    EuiccProfileStateChange = 0x09,
    ApplicationUpdate = 0x0A,
};

/// The fields every proactive command carries: command number and qualifier (the type is the struct's),
/// device identities, and the objects the parser did not use for this command type.
struct CommandHeader {
    std::uint8_t number = 1;
    std::uint8_t qualifier = 0;
    DeviceIdentities devices{device::uicc, device::terminal};
    /// Objects not understood for this command (unknown tags, duplicates, objects out of place), in their
    /// order. Encoding appends them after the known objects.
    std::vector<ctlv::Tlv> unknown_objects;

    /// An unknown object has CR set: the terminal must answer "command data not understood" (32,
    /// TS 101 220 §7.1.1, TS 102 223 §6.10).
    bool has_unknown_required_objects() const noexcept;

    friend bool operator==(const CommandHeader&, const CommandHeader&) = default;
};

/// A header for a command from the UICC to `destination` (the default of each command struct).
inline CommandHeader command_header(std::uint8_t destination) {
    CommandHeader header;
    header.devices = DeviceIdentities{device::uicc, destination};
    return header;
}

} // namespace euicc::cat
