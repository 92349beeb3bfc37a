// SPDX-License-Identifier: Apache-2.0
// Bearer Independent Protocol proactive commands (ETSI TS 102 223 §6.6.27-6.6.31, 3GPP TS 31.111 §6.6.27):
// OPEN CHANNEL, CLOSE CHANNEL, RECEIVE DATA, SEND DATA, GET CHANNEL STATUS.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_command.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/cat_text.hpp>

namespace euicc::cat {

/// OPEN CHANNEL (40), packet data / default bearer / UICC server mode variants. Qualifier bits:
/// qualifier::immediate_link, automatic_reconnection, background_mode, dns_server_request.
/// Object order (§6.6.27): 3E before 3C is the local address, 3E after 3C the data destination; the first
/// text string is the user login, the second the password.
struct OpenChannel {
    static constexpr CommandType type = CommandType::OpenChannel;
    CommandHeader header = command_header(device::terminal);
    std::optional<Bytes> alpha_identifier;           ///< 05, raw (EF-ADN alpha coding)
    std::optional<Bytes> icon_identifier;            ///< 1E, raw
    std::optional<BearerDescription> bearer;         ///< 35, absent in UICC server mode
    std::uint16_t buffer_size = 0;                   ///< 39, mandatory
    std::optional<std::string> network_access_name;  ///< 47, "internet"
    std::optional<OtherAddress> local_address;       ///< 3E before 3C
    std::optional<TextString> login;                 ///< first 0D
    std::optional<TextString> password;              ///< second 0D (needs a login)
    std::optional<TransportLevel> transport_level;   ///< 3C
    std::optional<OtherAddress> destination_address; ///< 3E after 3C (needs a transport level)

    bool immediate_link() const noexcept { return (header.qualifier & qualifier::immediate_link) != 0; }
    bool automatic_reconnection() const noexcept {
        return (header.qualifier & qualifier::automatic_reconnection) != 0;
    }
    bool background_mode() const noexcept { return (header.qualifier & qualifier::background_mode) != 0; }
    bool dns_server_request() const noexcept { return (header.qualifier & qualifier::dns_server_request) != 0; }

    friend bool operator==(const OpenChannel&, const OpenChannel&) = default;
};

/// CLOSE CHANNEL (41): the channel is the destination device (21..27).
struct CloseChannel {
    static constexpr CommandType type = CommandType::CloseChannel;
    CommandHeader header = command_header(device::first_channel);
    std::optional<Bytes> alpha_identifier;
    std::optional<Bytes> icon_identifier;

    friend bool operator==(const CloseChannel&, const CloseChannel&) = default;
};

/// RECEIVE DATA (42): channel data length 37 = bytes requested (FF: as many as fit).
struct ReceiveData {
    static constexpr CommandType type = CommandType::ReceiveData;
    CommandHeader header = command_header(device::first_channel);
    std::optional<Bytes> alpha_identifier;
    std::optional<Bytes> icon_identifier;
    std::uint8_t requested_length = 0;

    friend bool operator==(const ReceiveData&, const ReceiveData&) = default;
};

/// SEND DATA (43): channel data 36. Qualifier b1 (qualifier::send_immediately): 0 = store in the Tx buffer.
struct SendData {
    static constexpr CommandType type = CommandType::SendData;
    CommandHeader header = command_header(device::first_channel);
    std::optional<Bytes> alpha_identifier;
    std::optional<Bytes> icon_identifier;
    Bytes data;

    bool send_immediately() const noexcept { return (header.qualifier & qualifier::send_immediately) != 0; }

    friend bool operator==(const SendData&, const SendData&) = default;
};

/// GET CHANNEL STATUS (44).
struct GetChannelStatus {
    static constexpr CommandType type = CommandType::GetChannelStatus;
    CommandHeader header = command_header(device::terminal);

    friend bool operator==(const GetChannelStatus&, const GetChannelStatus&) = default;
};

/// The channel (1..7) a CLOSE CHANNEL / RECEIVE DATA / SEND DATA addresses; nullopt when the destination
/// device is not a channel (the terminal answers 3A 03 "channel identifier not valid").
std::optional<std::uint8_t> target_channel(const CommandHeader& header) noexcept;

/// D0 BER-TLV of each command (the virtual card issues them). OPEN CHANNEL throws std::invalid_argument for a
/// password without a login or a destination address without a transport level (the order rule could not
/// carry them).
Bytes encode(const OpenChannel& command);
Bytes encode(const CloseChannel& command);
Bytes encode(const ReceiveData& command);
Bytes encode(const SendData& command);
Bytes encode(const GetChannelStatus& command);

} // namespace euicc::cat
