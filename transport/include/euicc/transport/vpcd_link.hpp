// SPDX-License-Identifier: Apache-2.0
// Serves a CardEndpoint to pcscd's vsmartcard vpcd driver over TCP (spec/vpcd.md), card side.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <euicc/transport/card_endpoint.hpp>

namespace euicc::transport {

/// Connects to vpcd (normal mode: vpcd listens on 35963 + slot) and answers its frames:
/// 2-byte big-endian length + payload; 1-byte payloads are controls (00 off, 01 on, 02 reset, 04 ATR),
/// longer ones are C-APDUs answered with one R-APDU frame. TCP_QUICKACK is re-armed after every recv()
/// and every reply goes out in one send() (vpcd's Nagle/delayed-ACK trap, spec/vpcd.md "Measured").
/// When the connection drops (pcscd restarted) it reconnects until stop() is called.
class VpcdLink {
public:
    struct Options {
        std::string host = "127.0.0.1";
        std::uint16_t port = 35963;
        std::chrono::milliseconds reconnect_delay{200};
        bool reconnect = true;  ///< false: run() returns when the first connection ends
    };
    enum class Event { Connected, Disconnected, PowerOn, PowerOff, Reset };

    VpcdLink(CardEndpoint& card, Options options);
    ~VpcdLink();
    VpcdLink(const VpcdLink&) = delete;
    VpcdLink& operator=(const VpcdLink&) = delete;

    /// Blocks serving frames until stop(). Throws TransportError only for unrecoverable setup errors
    /// (e.g. unresolvable host); connection failures are retried.
    void run();
    /// Thread-safe; makes run() return soon (closes the socket, wakes the reconnect wait).
    void stop() noexcept;

    /// Optional observer for connection/power events (called on run()'s thread).
    void on_event(std::function<void(Event)> callback) { m_on_event = std::move(callback); }
    std::uint64_t apdus_served() const noexcept { return m_apdus.load(); }

private:
    bool serve_connection(int fd);
    void emit(Event e);

    CardEndpoint& m_card;
    Options m_options;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_fd{-1};
    int m_wake[2] = {-1, -1};
    std::atomic<std::uint64_t> m_apdus{0};
    std::function<void(Event)> m_on_event;
};

} // namespace euicc::transport
