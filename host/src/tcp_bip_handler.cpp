// SPDX-License-Identifier: Apache-2.0
// BIP channel commands relayed to TCP (ETSI TS 102 223 §6.4.27-6.4.31; results §8.12, §8.12.11).
#include <algorithm>
#include <stdexcept>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/host/proactive_handler.hpp>
#include <euicc/host/tcp_bip_handler.hpp>

#include "tcp_bip_channel.hpp"

namespace euicc::host {

using cat::BipError;
using cat::GeneralResult;
using cat::Result;
using detail::LinkState;
using detail::TcpBipChannel;

namespace {

// A RECEIVE DATA response carries 81 03, 82 02, 83 01, 36 81 L, 37 01 around the data: 18 bytes, and the
// TERMINAL RESPONSE data field is at most 255 bytes (short Lc).
constexpr std::uint8_t largest_receive_length = 255 - 18;

/// Bearers that reach an IP network; the host's own network stands in for each (§8.52).
bool packet_bearer(cat::BearerType type) {
    switch (type) {
    case cat::BearerType::Gprs:
    case cat::BearerType::Default:
    case cat::BearerType::Cdma2000Packet:
    case cat::BearerType::UtranPacketExtended:
    case cat::BearerType::IWlan:
    case cat::BearerType::Eutran:
    case cat::BearerType::NgRan:
        return true;
    default:
        return false;
    }
}

/// An OPEN CHANNEL response: channel status only when a channel was opened; bearer and buffer size always
/// (§6.4.27: a refusal still states what the terminal would have used; spec/cat.md failure vector).
cat::TerminalResponse open_response(const cat::OpenChannel& command, Result result, std::uint16_t buffer_size,
                                    std::optional<cat::ChannelStatus> status = std::nullopt) {
    auto response = respond(command, std::move(result));
    if (status) {
        response.channel_statuses.push_back(*status);
    }
    response.bearer = command.bearer;
    response.buffer_size = buffer_size;
    return response;
}

cat::TerminalResponse with_free_space(cat::TerminalResponse response, const TcpBipChannel& channel) {
    response.channel_data_length = cat::channel_data_length_byte(channel.tx_free());
    return response;
}

} // namespace

TcpBipHandler::TcpBipHandler(TcpBipOptions options) : m_options(std::move(options)) {
    if (m_options.max_channels < 1 || m_options.max_channels > m_channels.size()) {
        throw std::invalid_argument("TcpBipHandler: max_channels must be 1..7");
    }
    if (m_options.max_receive_length < 1 || m_options.max_receive_length > largest_receive_length) {
        throw std::invalid_argument("TcpBipHandler: max_receive_length must be 1..237");
    }
    if (m_options.max_buffer_size == 0) {
        throw std::invalid_argument("TcpBipHandler: max_buffer_size must not be 0");
    }
    for (const auto& entry : m_options.overrides) {
        // Every key is checked now rather than at the first OPEN CHANNEL that happens to reach it.
        (void)cat::other_address_from_ip(entry.first.host);
    }
}

TcpBipHandler::~TcpBipHandler() = default;

void TcpBipHandler::log(const std::string& line) const {
    if (m_options.on_log) {
        m_options.on_log(line);
    }
}

TcpBipChannel* TcpBipHandler::find(std::optional<std::uint8_t> channel_id) const noexcept {
    if (!channel_id || *channel_id < 1 || *channel_id > m_options.max_channels) {
        return nullptr;
    }
    return m_channels[*channel_id - 1U].get();
}

cat::TerminalResponse TcpBipHandler::open_channel(const cat::OpenChannel& command) {
    const auto requested_size = command.buffer_size;
    // §6.4.27: the terminal may offer a smaller buffer (or the full one for a request of 0) and says so
    // with 07 "performed with modification"; the card learns the size from the response.
    const std::uint16_t granted =
        requested_size == 0 ? m_options.max_buffer_size : std::min(requested_size, m_options.max_buffer_size);
    const auto refuse = [&](Result result) { return open_response(command, std::move(result), granted); };

    if (!command.transport_level ||
        command.transport_level->protocol != cat::TransportProtocol::TcpClientRemote) {
        // UDP (CAT_TP), UICC server mode, terminal-local and direct channels are not relayed.
        return refuse(Result::bip_error(BipError::TransportLevelNotAvailable));
    }
    if (command.bearer && !packet_bearer(command.bearer->type)) {
        return refuse(Result::of(GeneralResult::BeyondTerminalCapabilities));
    }
    if (!command.destination_address) {
        return refuse(Result::of(GeneralResult::RequiredValuesMissing));
    }
    const auto ip = cat::ip_string(*command.destination_address);
    if (!ip) {
        return refuse(Result::of(GeneralResult::CommandDataNotUnderstood));
    }
    const auto slot = std::find(m_channels.begin(), m_channels.begin() + m_options.max_channels, nullptr);
    if (slot == m_channels.begin() + m_options.max_channels) {
        return refuse(Result::bip_error(BipError::NoChannelAvailable));
    }
    const auto id = static_cast<std::uint8_t>(slot - m_channels.begin() + 1);
    const TcpEndpoint requested{*ip, command.transport_level->port};
    auto channel = std::make_unique<TcpBipChannel>(id, granted, route_destination(m_options, requested));

    // Background mode (b3) is established before the response too: the card then gets the outcome in the
    // response instead of a later channel status event, which it must accept for immediate mode anyway.
    if (command.immediate_link() || command.background_mode()) {
        if (const auto error = channel->establish(m_options.connect_timeout); !error.empty()) {
            log("BIP: OPEN CHANNEL to " + to_string(requested) + " failed: " + error);
            return refuse(Result::bip_error(BipError::RemoteDeviceNotReachable));
        }
        log("BIP: channel " + std::to_string(id) + " connected to " + to_string(channel->peer()) +
            (channel->peer() == requested ? "" : " (for " + to_string(requested) + ")"));
    }
    const bool modified = granted != requested_size;
    const auto status = channel->status();
    *slot = std::move(channel);
    return open_response(command,
                         modified ? Result::of(GeneralResult::PerformedWithModification) : Result::ok(),
                         granted, status);
}

cat::TerminalResponse TcpBipHandler::close_channel(const cat::CloseChannel& command) {
    const auto id = cat::target_channel(command.header);
    if (find(id) == nullptr) {
        return respond(command, Result::bip_error(BipError::ChannelIdentifierNotValid));
    }
    m_channels[*id - 1U].reset();
    log("BIP: channel " + std::to_string(*id) + " closed by the card");
    return respond(command, Result::ok());
}

cat::TerminalResponse TcpBipHandler::send_data(const cat::SendData& command) {
    TcpBipChannel* channel = find(cat::target_channel(command.header));
    if (channel == nullptr) {
        return respond(command, Result::bip_error(BipError::ChannelIdentifierNotValid));
    }
    if (channel->link() == LinkState::Dropped) {
        return with_free_space(respond(command, Result::bip_error(BipError::ChannelClosed)), *channel);
    }
    if (command.data.size() > channel->tx_free()) {
        // §6.4.30: the Tx buffer is the buffer size granted at OPEN CHANNEL; the data is not taken.
        return with_free_space(respond(command, Result::bip_error(BipError::BufferSizeNotAvailable)),
                               *channel);
    }
    channel->store(command.data);
    if (!command.send_immediately()) {
        return with_free_space(respond(command, Result::ok()), *channel);
    }
    if (channel->link() == LinkState::OnDemand) {
        // §6.4.27 "on demand": the link is set up when the card first asks for data to be sent.
        if (const auto error = channel->establish(m_options.connect_timeout); !error.empty()) {
            log("BIP: channel " + std::to_string(channel->id()) + " link on demand failed: " + error);
            channel->drop(error, true);
            return respond(command, Result::bip_error(BipError::RemoteDeviceNotReachable));
        }
        log("BIP: channel " + std::to_string(channel->id()) + " connected to " + to_string(channel->peer()));
    }
    channel->commit();
    if (!channel->flush_within(m_options.send_timeout) && channel->link() == LinkState::Dropped) {
        log("BIP: channel " + std::to_string(channel->id()) + " dropped: " + channel->drop_reason());
        return with_free_space(respond(command, Result::bip_error(BipError::ChannelClosed)), *channel);
    }
    // Data the socket did not take within send_timeout stays in the Tx buffer; pump() sends it later.
    return with_free_space(respond(command, Result::ok()), *channel);
}

cat::TerminalResponse TcpBipHandler::receive_data(const cat::ReceiveData& command) {
    TcpBipChannel* channel = find(cat::target_channel(command.header));
    if (channel == nullptr) {
        return respond(command, Result::bip_error(BipError::ChannelIdentifierNotValid));
    }
    // Top up first, so the count left in the response covers what the peer sent meanwhile.
    const auto link_before = channel->link();
    channel->read_available();
    if (channel->link() != link_before) {
        log("BIP: channel " + std::to_string(channel->id()) + " link dropped: " + channel->drop_reason());
    }
    if (channel->rx_size() == 0 && channel->link() == LinkState::Dropped) {
        // §7.5.11 told the card the link dropped; buffered data was still delivered until now.
        return respond(command, Result::bip_error(BipError::ChannelClosed));
    }
    std::size_t length = command.requested_length;
    Result result = Result::ok();
    if (length > m_options.max_receive_length) {
        length = m_options.max_receive_length;
        result = Result::of(GeneralResult::PerformedWithModification);
    }
    if (length > channel->rx_size()) {
        // §6.4.29: fewer bytes than requested are returned with "missing information".
        length = channel->rx_size();
        result = Result::of(GeneralResult::MissingInformation);
    }
    auto response = respond(command, std::move(result));
    response.channel_data = channel->take(length);
    response.channel_data_length = cat::channel_data_length_byte(channel->rx_size());
    return response;
}

cat::TerminalResponse TcpBipHandler::get_channel_status(const cat::GetChannelStatus& command) {
    auto response = respond(command, Result::ok());
    response.channel_statuses = channel_statuses();
    if (response.channel_statuses.empty()) {
        // §8.56: channel identifier 0 means "no channel available".
        response.channel_statuses.push_back(cat::ChannelStatus{0, false, cat::channel_info::none, 0});
    }
    return response;
}

} // namespace euicc::host
