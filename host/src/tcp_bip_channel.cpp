// SPDX-License-Identifier: Apache-2.0
// One BIP channel relayed to TCP: buffers, link state and event triggers (ETSI TS 102 223 §6.4.29-6.4.30,
// §7.5.10-7.5.11, channel status §8.56).
#include "tcp_bip_channel.hpp"

#include <algorithm>
#include <array>

#include <sys/socket.h>

namespace euicc::host::detail {

using std::chrono::milliseconds;

TcpBipChannel::TcpBipChannel(std::uint8_t id, std::uint16_t buffer_size, TcpEndpoint peer)
    : m_id(id), m_buffer_size(buffer_size), m_peer(std::move(peer)) {}

cat::ChannelStatus TcpBipChannel::status() const noexcept {
    return cat::ChannelStatus{
        m_id, m_link == LinkState::Established,
        m_link == LinkState::Dropped ? cat::channel_info::link_dropped : cat::channel_info::none, 0};
}

std::string TcpBipChannel::establish(milliseconds timeout) {
    auto result = connect_tcp(m_peer, timeout);
    if (!result.socket.valid()) {
        return result.error;
    }
    m_socket = std::move(result.socket);
    m_link = LinkState::Established;
    return {};
}

void TcpBipChannel::drop(std::string reason, bool reported) {
    m_socket.reset();
    m_tx.clear();
    m_unsent = 0;
    m_link = LinkState::Dropped;
    m_drop_reason = std::move(reason);
    m_drop_reported = reported;
}

void TcpBipChannel::store(ByteView data) {
    append(m_tx, data);
}

Bytes TcpBipChannel::take(std::size_t count) {
    const auto n = static_cast<std::ptrdiff_t>(std::min(count, m_rx.size()));
    Bytes out(m_rx.begin(), m_rx.begin() + n);
    m_rx.erase(m_rx.begin(), m_rx.begin() + n);
    m_data_event_armed = m_rx.empty();
    return out;
}

pollfd TcpBipChannel::poll_entry() const noexcept {
    if (m_link != LinkState::Established) {
        return pollfd{-1, 0, 0};
    }
    short events = 0;
    if (m_rx.size() < m_buffer_size) {
        events = static_cast<short>(events | POLLIN);
    }
    if (m_unsent != 0) {
        events = static_cast<short>(events | POLLOUT);
    }
    // No interest (Rx buffer full, nothing to send): left out, or a peer's FIN (POLLHUP) would make every
    // poll(2) return at once. What happened meanwhile is seen once the card has made room.
    return pollfd{events != 0 ? m_socket.get() : -1, events, 0};
}

void TcpBipChannel::read_available() {
    std::array<std::uint8_t, 4096> chunk{};
    while (m_link == LinkState::Established && m_rx.size() < m_buffer_size) {
        const std::size_t room = std::min<std::size_t>(chunk.size(), m_buffer_size - m_rx.size());
        const auto got = read_some(m_socket.get(), std::span(chunk.data(), room));
        m_rx.insert(m_rx.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(got.bytes));
        if (got.state == IoState::PeerClosed) {
            // The peer's FIN ends a TCP client link: BIP has no half-closed channel (§8.56 link dropped).
            drop("closed by the peer");
        } else if (got.state == IoState::Failed) {
            drop(error_text(got.error));
        } else if (got.bytes == 0) {
            return;
        }
    }
}

void TcpBipChannel::flush() {
    while (m_link == LinkState::Established && m_unsent != 0) {
        const auto sent = write_some(m_socket.get(), ByteView(m_tx).first(m_unsent));
        m_tx.erase(m_tx.begin(), m_tx.begin() + static_cast<std::ptrdiff_t>(sent.bytes));
        m_unsent -= sent.bytes;
        if (sent.state == IoState::Failed) {
            drop(error_text(sent.error));
        } else if (sent.bytes == 0) {
            return;
        }
    }
}

bool TcpBipChannel::flush_within(milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    flush();
    while (m_link == LinkState::Established && m_unsent != 0) {
        const auto left = std::chrono::ceil<milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left <= milliseconds::zero()) {
            break;
        }
        pollfd p{m_socket.get(), POLLOUT, 0};
        if (poll_sockets(std::span(&p, 1), left) > 0) {
            on_ready(p.revents);
        }
    }
    return m_link == LinkState::Established && m_unsent == 0;
}

void TcpBipChannel::on_ready(short revents) {
    if ((revents & POLLOUT) != 0) {
        flush();
    }
    if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        read_available();
        if ((revents & POLLERR) != 0 && m_link == LinkState::Established) {
            // An error with nothing to read (e.g. a reset while the Rx buffer was full): SO_ERROR tells why.
            int error = 0;
            socklen_t size = sizeof error;
            (void)::getsockopt(m_socket.get(), SOL_SOCKET, SO_ERROR, &error, &size);
            drop(error != 0 ? error_text(error) : "socket error");
        }
    }
}

} // namespace euicc::host::detail
