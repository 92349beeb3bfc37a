// SPDX-License-Identifier: Apache-2.0
// POSIX TCP helpers for the vpcd link (spec/vpcd.md): owned fds, interruptible waits, whole-buffer sends.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include <euicc/apdu/bytes.hpp>

struct addrinfo;

namespace euicc::transport::detail {

/// An owned file descriptor, closed on destruction. Move-only.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept : m_fd(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : m_fd(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const noexcept { return m_fd; }
    bool valid() const noexcept { return m_fd >= 0; }
    int release() noexcept;
    void reset(int fd = -1) noexcept;

private:
    int m_fd = -1;
};

/// What ended a wait.
enum class WaitResult { Ready, Woken, TimedOut };

/// Waits until `fd` has `events` (POLLIN/POLLOUT) or `wake_fd` is readable (wake wins), or `timeout` passes
/// (negative: no limit). `fd` may be -1 to wait on the wake fd alone. Throws TransportError if poll fails.
WaitResult wait_for(int fd, short events, int wake_fd, std::chrono::milliseconds timeout);

/// Non-blocking TCP connect to the first address in `addresses` that accepts, with TCP_NODELAY set.
/// Returns an invalid fd when every address refused/failed or when `wake_fd` became readable.
/// Throws TransportError only when no socket can be created at all.
UniqueFd connect_tcp(const addrinfo* addresses, int wake_fd);

/// Outcome of a socket transfer.
enum class IoResult { Done, Closed, Woken };

/// Sends all of `data` (looping only on partial sends) on a non-blocking socket.
IoResult send_all(int fd, ByteView data, int wake_fd);

/// Reads what is available into `buffer` (at most `capacity` bytes) on a non-blocking socket, waiting when
/// nothing is; `received` gets the count. Re-arms TCP_QUICKACK after the read (spec/vpcd.md "Measured").
IoResult receive_some(int fd, std::uint8_t* buffer, std::size_t capacity, std::size_t& received, int wake_fd);

} // namespace euicc::transport::detail
