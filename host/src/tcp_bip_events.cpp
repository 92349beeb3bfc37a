// SPDX-License-Identifier: Apache-2.0
// Socket activity of the BIP relay and the event downloads it causes (ETSI TS 102 223 §7.5.10 data available,
// §7.5.11 channel status, §4.7 Rx/Tx buffers).
#include <algorithm>
#include <array>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/host/tcp_bip_handler.hpp>

#include "tcp_bip_channel.hpp"

namespace euicc::host {

using detail::LinkState;

namespace {

bool registered_event(std::span<const cat::Event> registered, cat::Event event) {
    return std::find(registered.begin(), registered.end(), event) != registered.end();
}

} // namespace

bool TcpBipHandler::event_pending() const noexcept {
    return std::any_of(m_channels.begin(), m_channels.end(), [](const auto& channel) {
        return channel && (channel->data_event_due() || channel->drop_event_due());
    });
}

void TcpBipHandler::pump(std::chrono::milliseconds wait) {
    std::array<pollfd, 7> fds{};
    for (std::size_t i = 0; i < m_channels.size(); ++i) {
        fds[i] = m_channels[i] ? m_channels[i]->poll_entry() : pollfd{-1, 0, 0};
    }
    if (event_pending()) {
        // The caller has events to send now; only take what the sockets already have.
        wait = std::chrono::milliseconds::zero();
    }
    // Without any socket to watch this is a plain sleep, which the terminal loop relies on between timers.
    if (detail::poll_sockets(fds, wait) == 0) {
        return;
    }
    for (std::size_t i = 0; i < m_channels.size(); ++i) {
        auto& channel = m_channels[i];
        if (!channel || fds[i].fd < 0 || fds[i].revents == 0) {
            continue;
        }
        channel->on_ready(fds[i].revents);
        if (channel->link() == LinkState::Dropped) {
            log("BIP: channel " + std::to_string(channel->id()) + " link dropped: " + channel->drop_reason());
        }
    }
}

std::optional<Bytes> TcpBipHandler::next_event(std::span<const cat::Event> registered) {
    for (const auto& channel : m_channels) {
        if (!channel) {
            continue;
        }
        // §7.5.10: once per "Rx buffer became non-empty"; an unregistered event is not sent later either.
        if (channel->data_event_due()) {
            channel->data_event_done();
            if (registered_event(registered, cat::Event::DataAvailable)) {
                cat::DataAvailableEvent event;
                event.status = channel->status();
                event.available_length = cat::channel_data_length_byte(channel->rx_size());
                return cat::encode(event);
            }
        }
        // §7.5.11: the link dropped (peer closed, reset, failed transfer); status byte 2 = 05.
        if (channel->drop_event_due()) {
            channel->drop_event_done();
            if (registered_event(registered, cat::Event::ChannelStatus)) {
                cat::ChannelStatusEvent event;
                event.status = channel->status();
                return cat::encode(event);
            }
        }
    }
    return std::nullopt;
}

std::vector<Bytes> TcpBipHandler::poll_events(std::chrono::milliseconds wait,
                                              std::span<const cat::Event> registered) {
    pump(wait);
    std::vector<Bytes> events;
    while (auto event = next_event(registered)) {
        events.push_back(std::move(*event));
    }
    return events;
}

std::vector<cat::ChannelStatus> TcpBipHandler::channel_statuses() const {
    std::vector<cat::ChannelStatus> statuses;
    for (const auto& channel : m_channels) {
        if (channel) {
            statuses.push_back(channel->status());
        }
    }
    return statuses;
}

std::optional<TcpEndpoint> TcpBipHandler::peer(std::uint8_t channel_id) const {
    if (const auto* channel = find(channel_id)) {
        return channel->peer();
    }
    return std::nullopt;
}

} // namespace euicc::host
