// SPDX-License-Identifier: Apache-2.0
// VpcdLink: the vicc side of vsmartcard's vpcd protocol (spec/vpcd.md §2 framing, §3 control codes).
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <unistd.h>

#include <euicc/error.hpp>
#include <euicc/transport/vpcd_link.hpp>

#include "socket_io.hpp"

namespace euicc::transport {

namespace {

// spec/vpcd.md §2: 2-byte big-endian length; a 1-byte payload is a control code.
constexpr std::size_t frame_header_size = 2;
constexpr std::size_t max_frame_payload = 0xFFFF;
constexpr std::uint8_t control_power_off = 0x00;
constexpr std::uint8_t control_power_on = 0x01;
constexpr std::uint8_t control_reset = 0x02;
constexpr std::uint8_t control_get_atr = 0x04;

/// One frame in one buffer, so it leaves in one send() (spec/vpcd.md "Measured": a split reply stalls
/// on the peer's delayed ACK).
Bytes frame(ByteView payload) {
    Bytes out;
    out.reserve(frame_header_size + payload.size());
    out.push_back(static_cast<std::uint8_t>(payload.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(payload.size()));
    append(out, payload);
    return out;
}

struct AddrinfoDeleter {
    void operator()(addrinfo* list) const noexcept { ::freeaddrinfo(list); }
};
using AddrinfoList = std::unique_ptr<addrinfo, AddrinfoDeleter>;

AddrinfoList resolve(const std::string& host, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* list = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
    if (rc != 0) {
        throw TransportError("vpcd: cannot resolve " + host + ": " + ::gai_strerror(rc), rc);
    }
    return AddrinfoList(list);
}

/// The reply to one vpcd frame, or nullopt when the frame needs none (spec/vpcd.md §2). Power events
/// are reported through `emit`.
template <typename Emit>
std::optional<Bytes> answer(CardEndpoint& card, ByteView payload, const Emit& emit) {
    if (payload.size() >= 2) {
        Bytes reply = card.process(payload);
        // The frame length is 16 bits, and an empty answer would make vpcd eject the card: a reply that
        // cannot be framed becomes 6F00 (technical problem).
        if (reply.size() > max_frame_payload || reply.size() < 2) {
            reply = {0x6F, 0x00};
        }
        return reply;
    }
    if (payload.empty()) {
        return std::nullopt; // never sent by vpcd; nothing to act on
    }
    // A 1-byte payload is a control; only "get ATR" is answered, unknown codes are ignored as the
    // reference vicc does.
    switch (payload[0]) {
    case control_power_off:
        card.power_off();
        emit(VpcdLink::Event::PowerOff);
        return std::nullopt;
    case control_power_on:
        card.power_on();
        emit(VpcdLink::Event::PowerOn);
        return std::nullopt;
    case control_reset:
        card.reset();
        emit(VpcdLink::Event::Reset);
        return std::nullopt;
    case control_get_atr: {
        Bytes atr = card.atr();
        // ISO 7816-3 caps an ATR at 33 bytes, so one too long for a frame is broken: answer the empty
        // frame, which vpcd reads as "no card".
        if (atr.size() > max_frame_payload) {
            atr.clear();
        }
        return atr;
    }
    default:
        return std::nullopt;
    }
}

} // namespace

VpcdLink::VpcdLink(CardEndpoint& card, Options options) : m_card(card), m_options(std::move(options)) {
    if (m_options.host.empty()) {
        throw std::invalid_argument("VpcdLink: empty host");
    }
    if (m_options.reconnect_delay.count() < 0) {
        throw std::invalid_argument("VpcdLink: negative reconnect_delay");
    }
    // Self-pipe: stop() writes one byte, every poll() in run() also watches the read end. Nothing ever
    // drains it, so once stopped every later wait returns at once.
    if (::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        const int error = errno;
        throw TransportError(std::string("VpcdLink: pipe2 failed: ") + std::strerror(error), error);
    }
}

VpcdLink::~VpcdLink() {
    ::close(m_wake[0]);
    ::close(m_wake[1]);
}

void VpcdLink::stop() noexcept {
    m_stop = true;
    const std::uint8_t byte = 1;
    // EAGAIN means the pipe is full, i.e. already readable: the wake-up is delivered either way.
    (void)!::write(m_wake[1], &byte, 1);
}

void VpcdLink::emit(Event e) {
    if (m_on_event) {
        m_on_event(e);
    }
}

void VpcdLink::run() {
    const AddrinfoList addresses = resolve(m_options.host, m_options.port);
    while (!m_stop) {
        detail::UniqueFd fd = detail::connect_tcp(addresses.get(), m_wake[0]);
        if (fd.valid()) {
            emit(Event::Connected);
            const bool peer_ended = serve_connection(fd.get());
            fd.reset();
            emit(Event::Disconnected);
            // vpcd reports the card as removed when the link drops; a removed card has no power.
            m_card.power_off();
            if (!peer_ended || !m_options.reconnect) {
                return;
            }
        }
        // Connection refused (pcscd not running yet) or dropped (pcscd restarted): retry after the delay,
        // silently, unless stop() arrives first.
        if (detail::wait_for(-1, 0, m_wake[0], m_options.reconnect_delay) == detail::WaitResult::Woken) {
            return;
        }
    }
}

bool VpcdLink::serve_connection(int fd) {
    // Complete frames are consumed before reading again, so a partial frame is never larger than one
    // maximal frame and always fits.
    Bytes buffer(frame_header_size + max_frame_payload);
    std::size_t have = 0;
    for (;;) {
        while (have >= frame_header_size) {
            const std::size_t length = static_cast<std::size_t>(buffer[0]) << 8 | buffer[1];
            if (have < frame_header_size + length) {
                break;
            }
            const ByteView payload(buffer.data() + frame_header_size, length);
            if (payload.size() >= 2) {
                ++m_apdus;
            }
            const auto reply = answer(m_card, payload, [this](Event e) { emit(e); });
            if (reply) {
                const detail::IoResult sent = detail::send_all(fd, frame(*reply), m_wake[0]);
                if (sent != detail::IoResult::Done) {
                    return sent == detail::IoResult::Closed;
                }
            }
            const std::size_t consumed = frame_header_size + length;
            std::memmove(buffer.data(), buffer.data() + consumed, have - consumed);
            have -= consumed;
        }
        std::size_t received = 0;
        const detail::IoResult result =
            detail::receive_some(fd, buffer.data() + have, buffer.size() - have, received, m_wake[0]);
        if (result != detail::IoResult::Done) {
            return result == detail::IoResult::Closed;
        }
        have += received;
    }
}

} // namespace euicc::transport
