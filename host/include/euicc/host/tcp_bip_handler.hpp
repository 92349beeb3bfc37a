// SPDX-License-Identifier: Apache-2.0
// The terminal's BIP relay to TCP (ETSI TS 102 223 §6.4.27-6.4.31 channel commands, §7.5.10-7.5.11 events).
#pragma once

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_objects.hpp>
#include <euicc/host/bip_handler.hpp>

namespace euicc::host {

namespace detail {
class TcpBipChannel;
} // namespace detail

/// A TCP peer: host name or IP address text, and port.
struct TcpEndpoint {
    std::string host;
    std::uint16_t port = 0;

    friend auto operator<=>(const TcpEndpoint&, const TcpEndpoint&) = default;
};

/// "192.0.2.1:443", "[2001:db8::1]:443", "smsr.lab:8443".
std::string to_string(const TcpEndpoint& endpoint);

struct TcpBipOptions {
    /// Where to connect instead of the destination an OPEN CHANNEL names (3E IP address + 3C port), for labs
    /// whose SM-SR runs elsewhere. Keys: the card's destination as IP address text (IPv6 in any valid
    /// spelling) and port. Values: the host to connect to (name or IP address) and its port, 0 = the card's.
    std::map<TcpEndpoint, TcpEndpoint> overrides;
    /// Where every destination not in `overrides` goes (port 0 = the card's); nullopt: where the card asks.
    std::optional<TcpEndpoint> catch_all;
    /// Link establishment (name resolution excluded) for immediate links and on-demand links alike.
    std::chrono::milliseconds connect_timeout{5000};
    /// How long a SEND DATA "send immediately" waits for the socket to take the whole Tx buffer; what is left
    /// is sent later by pump() and counts against the free space reported.
    std::chrono::milliseconds send_timeout{5000};
    /// The largest buffer size granted (§8.55). A card asking for more gets this one with result 07.
    std::uint16_t max_buffer_size = 0xFFFF;
    /// Channels open at once, 1..7 (TERMINAL PROFILE byte 13 should announce the same number).
    std::uint8_t max_channels = 7;
    /// Most channel data bytes in one RECEIVE DATA response, 1..237: the TERMINAL RESPONSE (81, 82, 83, 36,
    /// 37 = 18 bytes of overhead) must fit a 255-byte C-APDU.
    std::uint8_t max_receive_length = 237;
    /// One line per link event (connect, refusal, drop) for live logs. Must not throw.
    std::function<void(const std::string&)> on_log;
};

/// The endpoint the relay connects to for the card's `requested` one: its override, else the catch-all
/// (port 0 = the requested port), else `requested`. `requested.host` must be an IP address as
/// cat::ip_string writes it. Throws std::invalid_argument for an override key that is not an IP address.
TcpEndpoint route_destination(const TcpBipOptions& options, const TcpEndpoint& requested);

/// BIP channels relayed to TCP over non-blocking POSIX sockets; single-threaded, one per terminal.
///
/// OPEN CHANNEL (§6.4.27): TCP client, UICC remote (3C 02) only, any packet or default bearer; channels
/// 1..max_channels, the lowest free one first. Qualifier b1 (immediate) and b3 (background) connect before
/// the TERMINAL RESPONSE; without them the link is established by the first SEND DATA "send immediately".
/// Automatic reconnection and DNS server requests are not provided (the bits are ignored). Results:
/// 00 / 07 (buffer size reduced) with channel status, bearer and granted buffer size; 3A 06 for another
/// transport level, 30 for a bearer that is not a packet bearer, 36 without a destination address, 32 for a
/// malformed one, 3A 01 when every channel is in use, 3A 07 when the link cannot be established (name not
/// resolved, connection refused, timeout, unreachable).
///
/// SEND DATA (§6.4.30): data goes to the Tx buffer (buffer size bytes); "send immediately" sends the whole
/// buffer. The response gives the free Tx space (37, FF = 255 or more); 3A 04 when the data does not fit,
/// 3A 02 on a dropped link. RECEIVE DATA (§6.4.29): up to min(requested, max_receive_length) bytes from the
/// Rx buffer, the count left in 37; 02 "missing information" when fewer bytes than requested were there,
/// 07 when the request exceeded max_receive_length; a dropped link keeps its buffered data until read, then
/// answers 3A 02. CLOSE CHANNEL (§6.4.28) frees the channel; GET CHANNEL STATUS (§6.4.31) lists every channel
/// (38 per channel, or channel 0 when none). A command naming no open channel gets 3A 03.
///
/// Events (§7.5.10, §7.5.11) come from socket activity, which pump() performs: "data available" once each
/// time the Rx buffer goes from empty to holding data, "channel status" once when a link drops (peer closed,
/// reset, send failure).
class TcpBipHandler : public BipHandler {
public:
    /// Throws std::invalid_argument for max_channels outside 1..7, max_receive_length outside 1..237,
    /// max_buffer_size 0 or an override key that is not an IP address.
    explicit TcpBipHandler(TcpBipOptions options = {});
    ~TcpBipHandler() override;
    TcpBipHandler(const TcpBipHandler&) = delete;
    TcpBipHandler& operator=(const TcpBipHandler&) = delete;

    cat::TerminalResponse open_channel(const cat::OpenChannel& command) override;
    cat::TerminalResponse close_channel(const cat::CloseChannel& command) override;
    cat::TerminalResponse receive_data(const cat::ReceiveData& command) override;
    cat::TerminalResponse send_data(const cat::SendData& command) override;
    cat::TerminalResponse get_channel_status(const cat::GetChannelStatus& command) override;

    /// Moves bytes between the sockets and the Rx/Tx buffers, waiting up to `wait` (poll(2)) until a socket
    /// is readable, writable with data pending, closed or failed; returns at once when an event is already
    /// pending. Without open links it just sleeps for `wait`. Throws TransportError when poll(2) fails.
    void pump(std::chrono::milliseconds wait);

    /// The next event ENVELOPE (D6 BER-TLV) due from the channels' state, in channel order, data available
    /// before channel status. Events of types not in `registered` (SET UP EVENT LIST, §6.4.16) are dropped,
    /// not kept for later. Each event is computed when asked, so one made stale by an earlier event's
    /// proactive session (channel closed meanwhile) is never produced.
    std::optional<Bytes> next_event(std::span<const cat::Event> registered);

    /// pump(wait), then every next_event(registered).
    std::vector<Bytes> poll_events(std::chrono::milliseconds wait, std::span<const cat::Event> registered);

    /// The status of each channel in use, by channel id (empty: none).
    std::vector<cat::ChannelStatus> channel_statuses() const;
    /// Where channel `channel_id` connects (after routing); nullopt when the channel is not in use.
    std::optional<TcpEndpoint> peer(std::uint8_t channel_id) const;
    const TcpBipOptions& options() const noexcept { return m_options; }

private:
    detail::TcpBipChannel* find(std::optional<std::uint8_t> channel_id) const noexcept;
    bool event_pending() const noexcept;
    void log(const std::string& line) const;

    TcpBipOptions m_options;
    std::array<std::unique_ptr<detail::TcpBipChannel>, 7> m_channels;
};

} // namespace euicc::host
