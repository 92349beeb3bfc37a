// SPDX-License-Identifier: Apache-2.0
// POSIX TCP helpers for the vpcd link (spec/vpcd.md): poll with a wake pipe, TCP_NODELAY/TCP_QUICKACK.
#include "socket_io.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <string>

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <euicc/error.hpp>

namespace euicc::transport::detail {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        reset(other.release());
    }
    return *this;
}

int UniqueFd::release() noexcept {
    const int fd = m_fd;
    m_fd = -1;
    return fd;
}

void UniqueFd::reset(int fd) noexcept {
    if (m_fd >= 0) {
        // close() failing (EIO on a socket) leaves nothing to retry: POSIX says the fd is gone either way.
        ::close(m_fd);
    }
    m_fd = fd;
}

namespace {

void set_tcp_option(int fd, int option) noexcept {
    const int one = 1;
    // Both options only tune latency (spec/vpcd.md "Measured"); without them the link still works, slower.
    (void)::setsockopt(fd, IPPROTO_TCP, option, &one, sizeof one);
}

} // namespace

WaitResult wait_for(int fd, short events, int wake_fd, std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{wake_fd, POLLIN, 0}, {fd, events, 0}};
    const nfds_t count = fd >= 0 ? 2 : 1;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int wait_ms = -1;
        if (timeout.count() >= 0) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            // poll() takes an int: longer waits are cut into pieces by the loop.
            wait_ms = static_cast<int>(
                std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, std::numeric_limits<int>::max()));
        }
        const int rc = ::poll(fds, count, wait_ms);
        if (rc < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int error = errno;
            throw TransportError(std::string("poll failed: ") + std::strerror(error), error);
        }
        if (rc == 0) {
            if (timeout.count() >= 0 && std::chrono::steady_clock::now() >= deadline) {
                return WaitResult::TimedOut;
            }
            continue;
        }
        if (fds[0].revents != 0) {
            return WaitResult::Woken;
        }
        // POLLERR/POLLHUP also count as ready: the following recv/send/getsockopt reports what happened.
        return WaitResult::Ready;
    }
}

UniqueFd connect_tcp(const addrinfo* addresses, int wake_fd) {
    for (const addrinfo* ai = addresses; ai != nullptr; ai = ai->ai_next) {
        UniqueFd fd(::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
        if (!fd.valid()) {
            const int error = errno;
            throw TransportError(std::string("vpcd: socket() failed: ") + std::strerror(error), error);
        }
        int error = 0;
        if (::connect(fd.get(), ai->ai_addr, ai->ai_addrlen) != 0) {
            error = errno;
            if (error == EINPROGRESS || error == EINTR) {
                // Non-blocking connect so that stop() is not held up by a slow peer (e.g. a SYN timeout).
                if (wait_for(fd.get(), POLLOUT, wake_fd, std::chrono::milliseconds(-1)) ==
                    WaitResult::Woken) {
                    return {};
                }
                socklen_t size = sizeof error;
                if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) {
                    error = errno;
                }
            }
        }
        if (error == 0) {
            // vpcd expects one segment per reply; never hold a reply back waiting for an ACK (Nagle).
            set_tcp_option(fd.get(), TCP_NODELAY);
            return fd;
        }
        // ECONNREFUSED (pcscd not running yet) and friends: try the next address, then the caller retries.
    }
    return {};
}

IoResult send_all(int fd, ByteView data, int wake_fd) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        // MSG_NOSIGNAL: a peer that went away must end the connection, not the process (SIGPIPE).
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n >= 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            return IoResult::Closed;
        }
        if (wait_for(fd, POLLOUT, wake_fd, std::chrono::milliseconds(-1)) == WaitResult::Woken) {
            return IoResult::Woken;
        }
    }
    return IoResult::Done;
}

IoResult receive_some(int fd, std::uint8_t* buffer, std::size_t capacity, std::size_t& received,
                      int wake_fd) {
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, capacity, 0);
        if (n > 0) {
            // spec/vpcd.md "Measured": vpcd sends length and payload separately and without TCP_NODELAY;
            // the kernel drops TCP_QUICKACK after use, so it is re-armed after every recv() or each APDU
            // waits ~44 ms for the delayed-ACK timer.
            set_tcp_option(fd, TCP_QUICKACK);
            received = static_cast<std::size_t>(n);
            return IoResult::Done;
        }
        if (n == 0) {
            return IoResult::Closed;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            return IoResult::Closed; // ECONNRESET and the like: the peer is gone, as with an orderly close
        }
        if (wait_for(fd, POLLIN, wake_fd, std::chrono::milliseconds(-1)) == WaitResult::Woken) {
            return IoResult::Woken;
        }
    }
}

} // namespace euicc::transport::detail
