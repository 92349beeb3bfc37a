// SPDX-License-Identifier: Apache-2.0
// Non-blocking TCP connect with a deadline, single recv/send steps and poll(2) for the BIP relay (TS 102 223
// §6.4.27-6.4.30).
#include "tcp_bip_socket.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <euicc/error.hpp>

namespace euicc::host::detail {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

SocketFd& SocketFd::operator=(SocketFd&& other) noexcept {
    if (this != &other) {
        reset();
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

void SocketFd::reset() noexcept {
    if (m_fd >= 0) {
        // POSIX: the descriptor is released even when close() reports an error; nothing to retry.
        ::close(m_fd);
        m_fd = -1;
    }
}

std::string error_text(int error) {
    return std::strerror(error);
}

namespace {

struct AddrinfoDeleter {
    void operator()(addrinfo* list) const noexcept { ::freeaddrinfo(list); }
};
using AddrinfoList = std::unique_ptr<addrinfo, AddrinfoDeleter>;

int poll_ms(milliseconds timeout) {
    return static_cast<int>(
        std::clamp<milliseconds::rep>(timeout.count(), 0, std::numeric_limits<int>::max()));
}

/// Connects one address before `deadline`; returns the errno that ended the attempt (0 = connected).
int connect_one(const addrinfo& address, Clock::time_point deadline, SocketFd& out) {
    SocketFd fd(
        ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address.ai_protocol));
    if (!fd.valid()) {
        return errno;
    }
    if (::connect(fd.get(), address.ai_addr, address.ai_addrlen) != 0) {
        if (errno != EINPROGRESS && errno != EINTR) {
            return errno;
        }
        for (;;) {
            const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now());
            if (left <= milliseconds::zero()) {
                return ETIMEDOUT;
            }
            pollfd p{fd.get(), POLLOUT, 0};
            if (poll_sockets(std::span(&p, 1), left) > 0) {
                break;
            }
        }
        int error = 0;
        socklen_t size = sizeof error;
        if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) {
            return errno;
        }
        if (error != 0) {
            return error;
        }
    }
    const int one = 1;
    // Latency only: the link works without it.
    (void)::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    out = std::move(fd);
    return 0;
}

} // namespace

ConnectResult connect_tcp(const TcpEndpoint& endpoint, milliseconds timeout) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(endpoint.port);
    if (const int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
        return {SocketFd{}, std::string("cannot resolve ") + endpoint.host + ": " + ::gai_strerror(rc)};
    }
    const AddrinfoList list(found);
    const auto deadline = Clock::now() + timeout;
    int error = ETIMEDOUT;
    for (const addrinfo* a = list.get(); a != nullptr; a = a->ai_next) {
        SocketFd fd;
        error = connect_one(*a, deadline, fd);
        if (error == 0) {
            return {std::move(fd), {}};
        }
        if (error == ETIMEDOUT) {
            break; // the whole budget is spent; the next address would get none
        }
    }
    return {SocketFd{}, "connect to " + to_string(endpoint) + ": " + error_text(error)};
}

IoOutcome read_some(int fd, std::span<std::uint8_t> buffer) noexcept {
    for (;;) {
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n > 0) {
            return {static_cast<std::size_t>(n), IoState::Open, 0};
        }
        if (n == 0) {
            return {0, IoState::PeerClosed, 0};
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return {};
        }
        return {0, IoState::Failed, errno};
    }
}

IoOutcome write_some(int fd, ByteView data) noexcept {
    for (;;) {
        // MSG_NOSIGNAL: a peer that went away drops the link, it must not end the process (SIGPIPE).
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n >= 0) {
            return {static_cast<std::size_t>(n), IoState::Open, 0};
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return {};
        }
        return {0, IoState::Failed, errno};
    }
}

int poll_sockets(std::span<pollfd> fds, milliseconds timeout) {
    const int rc = ::poll(fds.data(), static_cast<nfds_t>(fds.size()), poll_ms(timeout));
    if (rc >= 0) {
        return rc;
    }
    if (errno == EINTR) {
        // A signal cut the wait short; the caller's loop decides whether to wait again.
        for (auto& p : fds) {
            p.revents = 0;
        }
        return 0;
    }
    const int error = errno;
    throw TransportError("BIP relay: poll failed: " + error_text(error), error);
}

} // namespace euicc::host::detail
