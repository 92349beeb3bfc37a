// SPDX-License-Identifier: Apache-2.0
// VpcdLink against a fake vpcd written here (spec/vpcd.md §2 framing, §3 control codes, reconnects).
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <euicc/error.hpp>
#include <euicc/transport/vpcd_link.hpp>

#include "transport/transport_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using euicc::transport::VpcdLink;
using euicc::transport::test::FunctionCard;
using Event = VpcdLink::Event;

namespace {

// Guards against a hung test only; no assertion depends on timing.
constexpr int hang_guard_ms = 10000;

/// A socket fd owned by the test.
struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    void close_now() {
        ::close(fd);
        fd = -1;
    }
};

/// The vpcd side: a loopback TCP socket on an ephemeral port (vpcd normal mode listens, the card connects).
struct FakeVpcd {
    Fd listener{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    std::uint16_t port = 0;

    FakeVpcd() {
        REQUIRE(listener.fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(listener.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        socklen_t size = sizeof addr;
        REQUIRE(::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
        port = ntohs(addr.sin_port);
    }
    void listen() { REQUIRE(::listen(listener.fd, 4) == 0); }

    int accept() {
        pollfd p{listener.fd, POLLIN, 0};
        REQUIRE(::poll(&p, 1, hang_guard_ms) == 1);
        const int fd = ::accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC);
        REQUIRE(fd >= 0);
        const int one = 1;
        // Every send() below leaves as its own segment, so the link really sees partial frames.
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return fd;
    }
};

void send_bytes(int fd, ByteView data) {
    REQUIRE(::send(fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size()));
}

Bytes recv_exact(int fd, std::size_t n) {
    Bytes out(n);
    std::size_t have = 0;
    while (have < n) {
        pollfd p{fd, POLLIN, 0};
        REQUIRE(::poll(&p, 1, hang_guard_ms) == 1);
        const ssize_t got = ::recv(fd, out.data() + have, n - have, 0);
        REQUIRE(got > 0);
        have += static_cast<std::size_t>(got);
    }
    return out;
}

/// Reads one vpcd frame and returns its payload.
Bytes recv_frame(int fd) {
    const Bytes header = recv_exact(fd, 2);
    return recv_exact(fd, static_cast<std::size_t>(header[0] << 8 | header[1]));
}

/// Runs link.run() on a thread; join() rethrows what run() threw.
class LinkThread {
public:
    explicit LinkThread(VpcdLink& link)
        : m_thread([this, &link] {
              try {
                  link.run();
              } catch (...) {
                  m_error = std::current_exception();
              }
          }) {}
    ~LinkThread() {
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    void join() {
        m_thread.join();
        if (m_error) {
            std::rethrow_exception(m_error);
        }
    }

private:
    std::exception_ptr m_error;
    std::thread m_thread;
};

/// Events as the link reports them (on its own thread).
struct EventLog {
    std::mutex mutex;
    std::vector<Event> events;
    void add(Event e) {
        const std::lock_guard lock(mutex);
        events.push_back(e);
    }
    std::vector<Event> snapshot() {
        const std::lock_guard lock(mutex);
        return events;
    }
};

// spec/vpcd.md test vector: ATR of the reference vicc.
const Bytes vicc_atr = "3B9513810180 73FF01000B"_hex;

Bytes card_answer(ByteView command) {
    const Bytes apdu(command.begin(), command.end());
    if (apdu == "00A40004023F00"_hex) {
        return "612F"_hex; // spec/vpcd.md: T=1 reader, the application fetches the data itself
    }
    if (apdu == "00C000002F"_hex) {
        Bytes fcp(47, 0x62);
        append(fcp, "9000"_hex);
        return fcp;
    }
    if (command.size() >= 2 && command[1] == 0xB0) {
        return Bytes(70000, 0x00); // cannot be framed: the link must answer 6F00
    }
    if (command.size() >= 2 && command[1] == 0xB2) {
        return {}; // breaks the CardEndpoint contract; an empty frame would eject the card
    }
    return "6D00"_hex;
}

} // namespace

TEST_CASE("VpcdLink serves vpcd frames, survives partial frames and reconnects", "[transport][vpcd]") {
    FakeVpcd vpcd;
    vpcd.listen();
    FunctionCard card(card_answer, vicc_atr);
    VpcdLink link(card, {"127.0.0.1", vpcd.port, std::chrono::milliseconds(10), true});
    EventLog log;
    link.on_event([&log](Event e) { log.add(e); });
    LinkThread thread(link);

    Fd first(vpcd.accept());
    // spec/vpcd.md §3 IFDHPowerICC(POWER_UP): 00 01 01 then 00 01 04 -> ATR frame.
    send_bytes(first.fd, "000101"_hex);
    send_bytes(first.fd, "000104"_hex);
    CHECK(recv_frame(first.fd) == vicc_atr);
    CHECK(card.power_ons == 1);

    // spec/vpcd.md test vector: SELECT MF -> 612F, then GET RESPONSE sent one byte per segment.
    send_bytes(first.fd, "000700A40004023F00"_hex);
    CHECK(recv_exact(first.fd, 4) == "0002612F"_hex);
    for (const std::uint8_t byte : "000500C000002F"_hex) {
        send_bytes(first.fd, Bytes{byte});
    }
    const Bytes fcp_frame = recv_frame(first.fd);
    REQUIRE(fcp_frame.size() == 49);
    CHECK(ByteView(fcp_frame).last(2)[0] == 0x90);

    // Two frames in one segment, an unknown control (ignored, unanswered) and a reset.
    send_bytes(first.fd, "000107 000102 000104 000580CA005A00"_hex);
    CHECK(recv_frame(first.fd) == vicc_atr);
    CHECK(recv_frame(first.fd) == "6D00"_hex);
    CHECK(card.resets == 1);

    // A reply that does not fit the 16-bit frame length, or is not an R-APDU at all, becomes 6F00.
    send_bytes(first.fd, "000500B0000000"_hex);
    CHECK(recv_frame(first.fd) == "6F00"_hex);
    send_bytes(first.fd, "000500B2010400"_hex);
    CHECK(recv_frame(first.fd) == "6F00"_hex);
    CHECK(link.apdus_served() == 5);

    // vpcd powers the card down, then pcscd goes away: the link must come back on its own.
    send_bytes(first.fd, "000100"_hex);
    first.close_now();
    Fd second(vpcd.accept());
    send_bytes(second.fd, "000104"_hex);
    CHECK(recv_frame(second.fd) == vicc_atr);
    // Power off by vpcd, and again because the link dropped (card removed).
    CHECK(card.power_offs == 2);
    send_bytes(second.fd, "000700A40004023F00"_hex);
    CHECK(recv_frame(second.fd) == "612F"_hex);

    link.stop();
    thread.join();
    CHECK(card.power_offs == 3);
    CHECK(link.apdus_served() == 6);
    const std::vector<Event> expected{Event::Connected,   Event::PowerOn,      Event::Reset,
                                      Event::PowerOff,    Event::Disconnected, Event::Connected,
                                      Event::Disconnected};
    CHECK(log.snapshot() == expected);
}

TEST_CASE("VpcdLink retries a refused connection until vpcd listens", "[transport][vpcd]") {
    FakeVpcd vpcd; // bound but not listening: connecting is refused, as when pcscd is not running
    FunctionCard card(card_answer, vicc_atr);
    VpcdLink link(card, {"127.0.0.1", vpcd.port, std::chrono::milliseconds(5), true});
    LinkThread thread(link);
    // Give the link time to be refused at least once; the outcome does not depend on it.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    vpcd.listen();
    Fd connection(vpcd.accept());
    send_bytes(connection.fd, "000104"_hex);
    CHECK(recv_frame(connection.fd) == vicc_atr);
    link.stop();
    thread.join();
}

TEST_CASE("VpcdLink without reconnect returns when the connection ends", "[transport][vpcd]") {
    FakeVpcd vpcd;
    vpcd.listen();
    FunctionCard card(card_answer, vicc_atr);
    VpcdLink link(card, {"127.0.0.1", vpcd.port, std::chrono::milliseconds(5), false});
    LinkThread thread(link);
    {
        Fd connection(vpcd.accept());
        send_bytes(connection.fd, "000101"_hex);
        send_bytes(connection.fd, "000104"_hex);
        CHECK(recv_frame(connection.fd) == vicc_atr);
    }
    thread.join(); // no stop(): run() returns by itself
    CHECK(card.power_offs == 1);
}

TEST_CASE("VpcdLink stop() ends run() while waiting to reconnect or stopped before", "[transport][vpcd]") {
    FunctionCard card(card_answer, vicc_atr);
    SECTION("stopped while nobody listens") {
        FakeVpcd vpcd; // never listens
        VpcdLink link(card, {"127.0.0.1", vpcd.port, std::chrono::hours(1), true});
        LinkThread thread(link);
        link.stop();
        thread.join();
    }
    SECTION("stop() before run()") {
        FakeVpcd vpcd;
        vpcd.listen();
        VpcdLink link(card, {"127.0.0.1", vpcd.port, std::chrono::milliseconds(5), true});
        link.stop();
        link.run();
        CHECK(card.power_ons == 0);
    }
}

TEST_CASE("VpcdLink setup errors", "[transport][vpcd]") {
    FunctionCard card(card_answer, vicc_atr);
    CHECK_THROWS_AS(VpcdLink(card, {"", 35963, std::chrono::milliseconds(5), true}), std::invalid_argument);
    VpcdLink link(card, {"nonexistent.invalid", 35963, std::chrono::milliseconds(5), true});
    CHECK_THROWS_AS(link.run(), TransportError);
}
