// SPDX-License-Identifier: Apache-2.0
// One BIP channel relayed to TCP: link state, Rx/Tx buffers, pending events (ETSI TS 102 223 §6.4.27-6.4.31,
// §7.5.10-7.5.11).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/host/tcp_bip_handler.hpp>

#include "tcp_bip_socket.hpp"

namespace euicc::host::detail {

/// Where a channel's link stands.
enum class LinkState {
    OnDemand,    ///< opened without immediate establishment; the first "send immediately" connects
    Established, ///< connected
    Dropped,     ///< peer closed, reset, or a transfer failed; buffered Rx data stays readable
};

/// A channel's buffers and socket. The Rx buffer holds at most buffer_size() bytes: while full, the socket is
/// not read, so TCP flow control holds the peer back.
class TcpBipChannel {
public:
    TcpBipChannel(std::uint8_t id, std::uint16_t buffer_size, TcpEndpoint peer);

    std::uint8_t id() const noexcept { return m_id; }
    std::uint16_t buffer_size() const noexcept { return m_buffer_size; }
    const TcpEndpoint& peer() const noexcept { return m_peer; }
    LinkState link() const noexcept { return m_link; }
    /// §8.56: b8 = link established; byte 2 = 05 "link dropped" once dropped.
    cat::ChannelStatus status() const noexcept;

    /// Connects to peer() within `timeout`; on failure returns the reason and leaves the state unchanged.
    std::string establish(std::chrono::milliseconds timeout);
    /// Drops the link: closes the socket, discards unsent Tx data, keeps Rx data. `reported` = the card
    /// already learnt it from a TERMINAL RESPONSE, so no channel status event follows.
    void drop(std::string reason, bool reported = false);
    /// Why the link dropped (empty while it has not).
    const std::string& drop_reason() const noexcept { return m_drop_reason; }

    std::size_t tx_free() const noexcept { return m_buffer_size - m_tx.size(); }
    /// Appends to the Tx buffer (§6.4.30 store mode); the caller checked tx_free(). Stored data is not sent
    /// until commit().
    void store(ByteView data);
    /// §6.4.30 "send immediately": everything in the Tx buffer is to be sent.
    void commit() noexcept { m_unsent = m_tx.size(); }
    std::size_t rx_size() const noexcept { return m_rx.size(); }
    /// Takes up to `count` bytes from the Rx buffer. The card now knows what is left: an empty buffer re-arms
    /// the data available event, a non-empty one disarms it (§7.5.10).
    Bytes take(std::size_t count);

    /// poll(2) interest: POLLIN while the Rx buffer has room, POLLOUT while committed Tx data waits; fd -1
    /// (ignored by poll) without a link or without interest.
    pollfd poll_entry() const noexcept;
    /// Reads into the Rx buffer until it is full or the socket has nothing more; detects the peer closing.
    void read_available();
    /// Sends what the socket takes of the committed data now, without waiting.
    void flush();
    /// flush() until the committed data is sent or `timeout` passes; false when some is left (or the link
    /// dropped).
    bool flush_within(std::chrono::milliseconds timeout);
    /// read_available() / flush() as poll(2) reported in `revents`.
    void on_ready(short revents);

    /// §7.5.10: data arrived into an Rx buffer the card had emptied (or never read).
    bool data_event_due() const noexcept { return m_data_event_armed && !m_rx.empty(); }
    void data_event_done() noexcept { m_data_event_armed = false; }
    /// §7.5.11: the link dropped and the card has not been told.
    bool drop_event_due() const noexcept { return m_link == LinkState::Dropped && !m_drop_reported; }
    void drop_event_done() noexcept { m_drop_reported = true; }

private:
    std::uint8_t m_id;
    std::uint16_t m_buffer_size;
    TcpEndpoint m_peer;
    LinkState m_link = LinkState::OnDemand;
    SocketFd m_socket;
    std::deque<std::uint8_t> m_rx;
    Bytes m_tx;
    std::size_t m_unsent = 0; ///< the first m_unsent bytes of m_tx are committed to be sent
    bool m_data_event_armed = true;
    bool m_drop_reported = false;
    std::string m_drop_reason;
};

} // namespace euicc::host::detail
