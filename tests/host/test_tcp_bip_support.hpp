// SPDX-License-Identifier: Apache-2.0
// BIP relay test support: a TCP peer on 127.0.0.1 (remote end of a TS 102 223 §6.4.27 TCP client channel) and
// builders for the channel commands.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_proactive_bip.hpp>
#include <euicc/host/tcp_bip_handler.hpp>

namespace euicc::host::test {

/// Safety net for every wait on the peer or the relay; a passing test never gets near it.
inline constexpr std::chrono::seconds peer_timeout{10};

/// Listens on 127.0.0.1 (ephemeral port) and serves every connection from one thread: records what it
/// receives, echoes it back when `echo`, and sends or closes on the test's request. Connections are numbered
/// in accept order from 0.
class TcpTestPeer {
public:
    explicit TcpTestPeer(bool echo = true) : m_echo(echo) {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
            ::listen(m_listener, 8) != 0 ||
            ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &size) != 0 ||
            ::pipe(m_wake) != 0) {
            throw std::runtime_error("test peer: cannot listen on 127.0.0.1");
        }
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
    }

    ~TcpTestPeer() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        wake();
        m_thread.join();
        for (auto& c : m_connections) {
            if (c.fd >= 0) {
                ::close(c.fd);
            }
        }
        ::close(m_listener);
        ::close(m_wake[0]);
        ::close(m_wake[1]);
    }

    TcpTestPeer(const TcpTestPeer&) = delete;
    TcpTestPeer& operator=(const TcpTestPeer&) = delete;

    std::uint16_t port() const noexcept { return m_port; }

    /// Queues `data` for connection `index` (sent by the peer thread, in order).
    void send(std::size_t index, Bytes data) {
        {
            std::lock_guard lock(m_mutex);
            m_actions.push_back({index, std::move(data), false});
        }
        wake();
    }
    /// Closes connection `index` after everything queued before.
    void close(std::size_t index) {
        {
            std::lock_guard lock(m_mutex);
            m_actions.push_back({index, {}, true});
        }
        wake();
    }
    /// Waits until everything queued was done.
    bool wait_idle() {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, peer_timeout, [this] { return m_actions.empty(); });
    }
    /// Waits until at least `count` connections were accepted.
    bool wait_connections(std::size_t count) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, peer_timeout, [&] { return m_connections.size() >= count; });
    }
    /// Waits until connection `index` received at least `count` bytes.
    bool wait_received(std::size_t index, std::size_t count) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, peer_timeout, [&] {
            return index < m_connections.size() && m_connections[index].received.size() >= count;
        });
    }
    /// Waits until the relay closed connection `index`.
    bool wait_closed_by_relay(std::size_t index) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, peer_timeout, [&] {
            return index < m_connections.size() && m_connections[index].closed_by_relay;
        });
    }
    std::size_t connections() const {
        std::lock_guard lock(m_mutex);
        return m_connections.size();
    }
    Bytes received(std::size_t index) const {
        std::lock_guard lock(m_mutex);
        return index < m_connections.size() ? m_connections[index].received : Bytes{};
    }

private:
    struct Connection {
        int fd = -1;
        Bytes received;
        bool closed_by_relay = false;
    };
    struct Action {
        std::size_t index;
        Bytes data;
        bool close;
    };

    void wake() {
        const std::uint8_t byte = 0;
        (void)::write(m_wake[1], &byte, 1);
    }

    static void send_all(int fd, ByteView data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) {
                return;
            }
            sent += static_cast<std::size_t>(n);
        }
    }

    void serve() {
        for (;;) {
            std::vector<pollfd> fds{{m_wake[0], POLLIN, 0}, {m_listener, POLLIN, 0}};
            {
                std::lock_guard lock(m_mutex);
                if (m_stopping) {
                    return;
                }
                for (const auto& c : m_connections) {
                    fds.push_back({c.fd, static_cast<short>(c.fd >= 0 ? POLLIN : 0), 0});
                }
            }
            if (::poll(fds.data(), static_cast<nfds_t>(fds.size()), -1) < 0) {
                continue;
            }
            if ((fds[0].revents & POLLIN) != 0) {
                std::uint8_t drain[64];
                (void)::read(m_wake[0], drain, sizeof drain);
            }
            std::lock_guard lock(m_mutex);
            if ((fds[1].revents & POLLIN) != 0) {
                const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0) {
                    m_connections.push_back({fd, {}, false});
                }
            }
            for (std::size_t i = 2; i < fds.size(); ++i) {
                auto& c = m_connections[i - 2];
                if (c.fd < 0 || fds[i].revents == 0) {
                    continue;
                }
                std::uint8_t buffer[4096];
                const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
                if (n <= 0) {
                    c.closed_by_relay = true;
                    ::close(c.fd);
                    c.fd = -1;
                    continue;
                }
                c.received.insert(c.received.end(), buffer, buffer + n);
                if (m_echo) {
                    send_all(c.fd, ByteView(buffer, static_cast<std::size_t>(n)));
                }
            }
            // Actions for connections not accepted yet wait for them.
            while (!m_actions.empty() && m_actions.front().index < m_connections.size()) {
                auto& c = m_connections[m_actions.front().index];
                if (c.fd >= 0) {
                    if (m_actions.front().close) {
                        ::close(c.fd);
                        c.fd = -1;
                    } else {
                        send_all(c.fd, m_actions.front().data);
                    }
                }
                m_actions.erase(m_actions.begin());
            }
            m_changed.notify_all();
        }
    }

    bool m_echo;
    int m_listener = -1;
    int m_wake[2] = {-1, -1};
    std::uint16_t m_port = 0;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Connection> m_connections;
    std::vector<Action> m_actions;
    bool m_stopping = false;
    std::thread m_thread;
};

/// A port on 127.0.0.1 with nobody listening (bound, then released): connecting there is refused.
inline std::uint16_t closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

/// A listener on 127.0.0.1 whose accept queue is full: the kernel drops further SYNs, so a connect there
/// neither succeeds nor is refused until it times out.
class SilentListener {
public:
    SilentListener() {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        m_filler = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        // Backlog 0 holds one connection; the filler takes it and is never accepted.
        if (m_listener < 0 || m_filler < 0 ||
            ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
            ::listen(m_listener, 0) != 0 ||
            ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &size) != 0 ||
            ::connect(m_filler, reinterpret_cast<sockaddr*>(&address), size) != 0) {
            throw std::runtime_error("test: cannot set up a silent listener");
        }
        m_port = ntohs(address.sin_port);
    }
    ~SilentListener() {
        ::close(m_filler);
        ::close(m_listener);
    }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;

    std::uint16_t port() const noexcept { return m_port; }

private:
    int m_listener = -1;
    int m_filler = -1;
    std::uint16_t m_port = 0;
};

/// OPEN CHANNEL, default bearer, TCP client remote to `ip`:`port` (command number 1).
inline cat::OpenChannel open_command(std::uint16_t port, std::uint16_t buffer_size = 1500,
                                     std::uint8_t qualifier = cat::qualifier::immediate_link,
                                     const std::string& ip = "127.0.0.1") {
    cat::OpenChannel command;
    command.header.qualifier = qualifier;
    command.bearer = cat::BearerDescription{cat::BearerType::Default, {}};
    command.buffer_size = buffer_size;
    command.transport_level = cat::TransportLevel{cat::TransportProtocol::TcpClientRemote, port};
    command.destination_address = cat::other_address_from_ip(ip);
    return command;
}

inline cat::SendData send_command(std::uint8_t channel, Bytes data, bool immediately) {
    cat::SendData command;
    command.header = cat::command_header(cat::channel_device(channel));
    command.header.number = 2;
    command.header.qualifier = immediately ? cat::qualifier::send_immediately : std::uint8_t{0};
    command.data = std::move(data);
    return command;
}

inline cat::ReceiveData receive_command(std::uint8_t channel, std::uint8_t length) {
    cat::ReceiveData command;
    command.header = cat::command_header(cat::channel_device(channel));
    command.header.number = 3;
    command.requested_length = length;
    return command;
}

inline cat::CloseChannel close_command(std::uint8_t channel) {
    cat::CloseChannel command;
    command.header = cat::command_header(cat::channel_device(channel));
    command.header.number = 4;
    return command;
}

/// The events registered by a card that wants both BIP events.
inline const std::vector<cat::Event> both_events{cat::Event::DataAvailable, cat::Event::ChannelStatus};

/// poll_events until `done(events so far)` holds (or the safety net passes); returns every event seen.
inline std::vector<Bytes> poll_until(TcpBipHandler& bip, std::span<const cat::Event> registered,
                                     const std::function<bool(const std::vector<Bytes>&)>& done) {
    std::vector<Bytes> events;
    const auto give_up = std::chrono::steady_clock::now() + peer_timeout;
    while (!done(events) && std::chrono::steady_clock::now() < give_up) {
        for (auto& event : bip.poll_events(std::chrono::milliseconds(50), registered)) {
            events.push_back(std::move(event));
        }
    }
    return events;
}

/// poll_until `count` events were seen.
inline std::vector<Bytes> poll_for_events(TcpBipHandler& bip, std::span<const cat::Event> registered,
                                          std::size_t count) {
    return poll_until(bip, registered,
                      [count](const std::vector<Bytes>& events) { return events.size() >= count; });
}

} // namespace euicc::host::test
