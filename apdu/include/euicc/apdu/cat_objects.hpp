// SPDX-License-Identifier: Apache-2.0
// CAT simple data objects of ETSI TS 102 223 §8 / 3GPP TS 31.111 §8: tags, device identities, duration,
// timer value, channel status, bearer description, other address, transport level, address, NAN, events.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/bytes.hpp>

namespace euicc::cat {

/// COMPREHENSION-TLV tag values without the CR bit (TS 101 220 §7.2, TS 102 223 §9.3).
namespace tag {
inline constexpr std::uint8_t command_details = 0x01;     // §8.6
inline constexpr std::uint8_t device_identities = 0x02;   // §8.7
inline constexpr std::uint8_t result = 0x03;              // §8.12
inline constexpr std::uint8_t duration = 0x04;            // §8.8
inline constexpr std::uint8_t alpha_identifier = 0x05;    // §8.2
inline constexpr std::uint8_t address = 0x06;             // §8.1
inline constexpr std::uint8_t sms_tpdu = 0x0B;            // §8.13 (TS 31.111)
inline constexpr std::uint8_t text_string = 0x0D;         // §8.15
inline constexpr std::uint8_t file_list = 0x12;           // §8.18
inline constexpr std::uint8_t event_list = 0x19;          // §8.25
inline constexpr std::uint8_t icon_identifier = 0x1E;     // §8.31
inline constexpr std::uint8_t timer_identifier = 0x24;    // §8.37
inline constexpr std::uint8_t timer_value = 0x25;         // §8.38
inline constexpr std::uint8_t immediate_response = 0x2B;  // §8.43
inline constexpr std::uint8_t aid = 0x2F;                 // §8.60
inline constexpr std::uint8_t bearer_description = 0x35;  // §8.52
inline constexpr std::uint8_t channel_data = 0x36;        // §8.53
inline constexpr std::uint8_t channel_data_length = 0x37; // §8.54
inline constexpr std::uint8_t channel_status = 0x38;      // §8.56
inline constexpr std::uint8_t buffer_size = 0x39;         // §8.55
inline constexpr std::uint8_t transport_level = 0x3C;     // §8.59
inline constexpr std::uint8_t other_address = 0x3E;       // §8.58
inline constexpr std::uint8_t network_access_name = 0x47; // §8.61
} // namespace tag

/// Device identity codes (TS 102 223 §8.7).
namespace device {
inline constexpr std::uint8_t keypad = 0x01;
inline constexpr std::uint8_t display = 0x02;
inline constexpr std::uint8_t earpiece = 0x03;
inline constexpr std::uint8_t first_channel = 0x21; ///< channel 1; channels 1..7 are 21..27
inline constexpr std::uint8_t last_channel = 0x27;
inline constexpr std::uint8_t uicc = 0x81;
inline constexpr std::uint8_t terminal = 0x82;
inline constexpr std::uint8_t network = 0x83;
} // namespace device

/// The device identity of BIP channel 1..7 (21..27). Throws std::invalid_argument for other ids.
std::uint8_t channel_device(std::uint8_t channel_id);
/// The channel id 1..7 a device identity 21..27 names, or nullopt for any other device.
std::optional<std::uint8_t> channel_of_device(std::uint8_t device) noexcept;

/// Device identities (§8.7): source and destination device codes.
struct DeviceIdentities {
    std::uint8_t source = device::uicc;
    std::uint8_t destination = device::terminal;

    friend bool operator==(const DeviceIdentities&, const DeviceIdentities&) = default;
};

/// Duration time unit (§8.8); other values are reserved and rejected by the parsers.
enum class TimeUnit : std::uint8_t { Minutes = 0x00, Seconds = 0x01, Tenths = 0x02 };

/// Duration (§8.8): unit + interval 1..255 (00 is reserved but kept as parsed).
struct Duration {
    TimeUnit unit = TimeUnit::Seconds;
    std::uint8_t interval = 0;

    friend bool operator==(const Duration&, const Duration&) = default;
};

std::chrono::milliseconds duration_to_chrono(const Duration& duration);
/// The exact Duration for `value`, preferring seconds, then minutes, then tenths of seconds.
/// Throws std::invalid_argument when no unit represents `value` exactly with an interval of 1..255.
Duration duration_from_chrono(std::chrono::milliseconds value);

/// Timer value (§8.38): three bytes hh mm ss, each BCD with swapped nibbles (1 min 30 s = 00 10 03).
/// Throws std::invalid_argument for a negative value or one above 99:59:59.
Bytes encode_timer_value(std::chrono::seconds value);
/// Decodes the 3-byte value. Throws CodecError("timer value", offset) for a wrong length, a nibble
/// above 9, or minutes/seconds above 59.
std::chrono::seconds decode_timer_value(ByteView value);

/// Channel status further information (§8.56 byte 2).
namespace channel_info {
inline constexpr std::uint8_t none = 0x00;
inline constexpr std::uint8_t link_dropped = 0x05;
} // namespace channel_info

/// Channel status (§8.56), two bytes. Byte 1: b1-b3 channel id, b8 link established (client modes;
/// in UICC server mode b7-b8 carry the TCP state: 01 LISTEN, 10 ESTABLISHED).
struct ChannelStatus {
    std::uint8_t channel_id = 1;     ///< 0..7 (b1-b3)
    bool link_established = false;   ///< b8
    std::uint8_t further_info = channel_info::none;
    std::uint8_t other_bits = 0;     ///< b4-b7 of byte 1 as sent (RFU; b7 = LISTEN in UICC server mode)

    friend bool operator==(const ChannelStatus&, const ChannelStatus&) = default;
};

/// Bearer type (§8.52 / TS 31.111 §8.52).
enum class BearerType : std::uint8_t {
    Csd = 0x01,
    Gprs = 0x02,           ///< GPRS / UTRAN packet / E-UTRAN packet with QoS parameters
    Default = 0x03,        ///< default bearer for the requested transport layer, no parameters
    LocalLink = 0x04,
    Bluetooth = 0x05,
    Irda = 0x06,
    Rs232 = 0x07,
    Cdma2000Packet = 0x08,
    UtranPacketExtended = 0x09,
    IWlan = 0x0A,
    Eutran = 0x0B,         ///< E-UTRAN / mapped UTRAN packet service
    NgRan = 0x0C,
    Usb = 0x10,
};

/// Bearer description (§8.52): type + type-specific parameters kept as bytes.
struct BearerDescription {
    BearerType type = BearerType::Default;
    Bytes parameters;

    friend bool operator==(const BearerDescription&, const BearerDescription&) = default;
};

/// Other address type (§8.58).
enum class AddressType : std::uint8_t { Ipv4 = 0x21, Ipv6 = 0x57 };

/// Other address (§8.58): type + address bytes (4 for IPv4, 16 for IPv6; empty = to be allocated
/// dynamically by the terminal, UNCONFIRMED reading of the spec).
struct OtherAddress {
    AddressType type = AddressType::Ipv4;
    Bytes address;

    friend bool operator==(const OtherAddress&, const OtherAddress&) = default;
};

/// "192.168.0.1" or RFC 5952 IPv6 text; nullopt when the address is empty or its size does not match the type.
std::optional<std::string> ip_string(const OtherAddress& address);
/// Parses dotted IPv4 or IPv6 text. Throws std::invalid_argument when `text` is neither.
OtherAddress other_address_from_ip(std::string_view text);

/// UICC/terminal interface transport protocol type (§8.59).
enum class TransportProtocol : std::uint8_t {
    UdpClientRemote = 0x01,
    TcpClientRemote = 0x02,
    TcpServer = 0x03,
    UdpClientLocal = 0x04,
    TcpClientLocal = 0x05,
    DirectChannel = 0x06,
};

/// UICC/terminal interface transport level (§8.59): protocol + port.
struct TransportLevel {
    TransportProtocol protocol = TransportProtocol::TcpClientRemote;
    std::uint16_t port = 0;

    friend bool operator==(const TransportLevel&, const TransportLevel&) = default;
};

/// Address (§8.1): TON/NPI byte + dialling number. Digits are '0'-'9', '*' (A), '#' (B) and 'c', 'd',
/// 'e' for the extension nibbles C-E; BCD with swapped nibbles and F filler, no digit count.
struct Address {
    std::uint8_t ton_npi = 0x91; ///< b8 = 1, international number, E.164
    std::string digits;

    friend bool operator==(const Address&, const Address&) = default;
};

/// The value bytes of an Address object. Throws std::invalid_argument for a character outside the set above.
Bytes encode_address(const Address& address);
/// Throws CodecError("address", offset) for an empty value or an F nibble other than the last filler.
Address decode_address(ByteView value);

/// Network access name (§8.61): "internet" <-> 08 'internet' (TS 23.003 APN labels). Throws
/// std::invalid_argument for an empty label or one longer than 63 bytes.
Bytes encode_network_access_name(std::string_view apn);
/// Throws CodecError("network access name", offset) for an empty label, a label containing '.', or a
/// label running past the end.
std::string decode_network_access_name(ByteView value);

/// Event list codes (§8.25; 1D is TS 31.111).
enum class Event : std::uint8_t {
    MtCall = 0x00,
    CallConnected = 0x01,
    CallDisconnected = 0x02,
    LocationStatus = 0x03,
    UserActivity = 0x04,
    IdleScreenAvailable = 0x05,
    CardReaderStatus = 0x06,
    LanguageSelection = 0x07,
    BrowserTermination = 0x08,
    DataAvailable = 0x09,
    ChannelStatus = 0x0A,
    AccessTechnologyChange = 0x0B,
    DisplayParametersChanged = 0x0C,
    LocalConnection = 0x0D,
    NetworkSearchModeChange = 0x0E,
    BrowsingStatus = 0x0F,
    FramesInformationChange = 0x10,
    IWlanAccessStatus = 0x11,
    NetworkRejection = 0x12,
    HciConnectivity = 0x13,
    AccessTechnologyChangeMultiple = 0x14,
    CsgCellSelection = 0x15,
    ContactlessStateRequest = 0x16,
    ImsRegistration = 0x17,
    IncomingImsData = 0x18,
    ProfileContainer = 0x19,
    SecuredProfileContainer = 0x1B,
    PollIntervalNegotiation = 0x1C,
    DataConnectionStatusChange = 0x1D,
};

/// Human-readable names for `euicc decode`; "unknown" for values outside the tables.
std::string_view event_name(Event event) noexcept;
std::string_view bearer_type_name(BearerType type) noexcept;
std::string_view transport_protocol_name(TransportProtocol protocol) noexcept;

} // namespace euicc::cat
