// SPDX-License-Identifier: Apache-2.0
// Non-blocking POSIX TCP client sockets for the BIP relay (ETSI TS 102 223 §6.4.27 TCP client, UICC remote).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include <poll.h>

#include <euicc/apdu/bytes.hpp>
#include <euicc/host/tcp_bip_handler.hpp>

namespace euicc::host::detail {

/// An owned socket descriptor, closed on destruction. Move-only.
class SocketFd {
public:
    SocketFd() = default;
    explicit SocketFd(int fd) noexcept : m_fd(fd) {}
    ~SocketFd() { reset(); }
    SocketFd(SocketFd&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    SocketFd& operator=(SocketFd&& other) noexcept;
    SocketFd(const SocketFd&) = delete;
    SocketFd& operator=(const SocketFd&) = delete;

    int get() const noexcept { return m_fd; }
    bool valid() const noexcept { return m_fd >= 0; }
    void reset() noexcept;

private:
    int m_fd = -1;
};

/// A connected socket, or why there is none (for the log; never shown to the card).
struct ConnectResult {
    SocketFd socket;
    std::string error;
};

/// Resolves `endpoint` (getaddrinfo, numeric port) and connects to each address in turn, non-blocking, until
/// one accepts or `timeout` has passed in all. The socket stays non-blocking, with TCP_NODELAY (the card
/// hands over whole records; holding one back for Nagle only adds latency).
ConnectResult connect_tcp(const TcpEndpoint& endpoint, std::chrono::milliseconds timeout);

/// How a non-blocking transfer ended.
enum class IoState { Open, PeerClosed, Failed };

struct IoOutcome {
    std::size_t bytes = 0; ///< moved; 0 with Open means "would block"
    IoState state = IoState::Open;
    int error = 0; ///< errno for Failed
};

/// One recv() into `buffer`.
IoOutcome read_some(int fd, std::span<std::uint8_t> buffer) noexcept;
/// One send() of `data`, without SIGPIPE.
IoOutcome write_some(int fd, ByteView data) noexcept;

/// poll(2) over `fds` for at most `timeout` (clamped to 0..INT_MAX ms); an interrupted wait returns 0.
/// Throws TransportError when poll fails otherwise.
int poll_sockets(std::span<pollfd> fds, std::chrono::milliseconds timeout);

/// strerror text for logs.
std::string error_text(int error);

} // namespace euicc::host::detail
