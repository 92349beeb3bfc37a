// SPDX-License-Identifier: Apache-2.0
// TcpBipHandler events and link drops against a real TCP peer: data available (ETSI TS 102 223 §7.5.10),
// channel status "link dropped" (§7.5.11, §8.56), RECEIVE DATA counts (§6.4.29).
#include <algorithm>
#include <catch2/catch.hpp>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/host/tcp_bip_handler.hpp>

#include "host/test_tcp_bip_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using cat::BipError;
using cat::GeneralResult;
using cat::Result;
using host::TcpBipHandler;
using host::TcpBipOptions;
using host::test::both_events;
using host::test::TcpTestPeer;

namespace {

const Bytes link_dropped_event = "D60B 99010A 82028281 B8020105"_hex;

bool is_data_available(const Bytes& envelope) {
    return std::holds_alternative<cat::DataAvailableEvent>(cat::parse_envelope(envelope));
}

bool saw(const std::vector<Bytes>& events, const Bytes& wanted) {
    return std::find(events.begin(), events.end(), wanted) != events.end();
}

Bytes counting_bytes(std::size_t count) {
    Bytes out(count);
    for (std::size_t i = 0; i < count; ++i) {
        out[i] = static_cast<std::uint8_t>(i);
    }
    return out;
}

} // namespace

TEST_CASE("data available once each time the Rx buffer becomes non-empty", "[host][bip]") {
    TcpTestPeer peer(false);
    TcpBipHandler bip;
    REQUIRE(bip.open_channel(host::test::open_command(peer.port())).result == Result::ok());
    REQUIRE(peer.wait_connections(1));

    peer.send(0, Bytes{'a', 'b', 'c'});
    auto events = host::test::poll_for_events(bip, both_events, 1);
    REQUIRE(events.size() == 1);
    CHECK(events[0] == "D60E 990109 82028281 B8028100 B70103"_hex);

    // More data while the card has not emptied the buffer: no second event.
    peer.send(0, Bytes{'d', 'e', 'f'});
    REQUIRE(peer.wait_idle());
    CHECK(bip.poll_events(50ms, both_events).empty());

    // The card reads until the count left is 0 (the second piece may arrive while it reads).
    Bytes received;
    while (received.size() < 6) {
        const auto response = bip.receive_data(host::test::receive_command(1, 2));
        REQUIRE(response.channel_data);
        append(received, *response.channel_data);
        if (response.channel_data_length == 0 && received.size() < 6) {
            bip.pump(50ms);
        }
    }
    CHECK(received == Bytes{'a', 'b', 'c', 'd', 'e', 'f'});

    // Emptied by the card: the next arrival is announced again.
    peer.send(0, Bytes{'g'});
    events = host::test::poll_for_events(bip, both_events, 1);
    REQUIRE(events.size() == 1);
    CHECK(events[0] == "D60E 990109 82028281 B8028100 B70101"_hex);
}

TEST_CASE("peer close: channel status event, buffered data still readable, then channel closed",
          "[host][bip]") {
    TcpTestPeer peer(false);
    std::vector<std::string> log;
    TcpBipOptions options;
    options.on_log = [&log](const std::string& line) { log.push_back(line); };
    TcpBipHandler bip(options);
    REQUIRE(bip.open_channel(host::test::open_command(peer.port())).result == Result::ok());
    REQUIRE(peer.wait_connections(1));

    // Only channel status registered: the data arrival is not announced, the drop is.
    const std::vector<cat::Event> status_only{cat::Event::ChannelStatus};
    peer.send(0, Bytes{'x', 'y', 'z'});
    peer.close(0);
    const auto events = host::test::poll_for_events(bip, status_only, 1);
    REQUIRE(events.size() == 1);
    CHECK(events[0] == link_dropped_event);
    CHECK(log.back() == "BIP: channel 1 link dropped: closed by the peer");
    CHECK(bip.poll_events(0ms, both_events).empty());

    CHECK(cat::encode(bip.get_channel_status(cat::GetChannelStatus{})) ==
          "810301440082028281830100B8020105"_hex);
    CHECK(bip.send_data(host::test::send_command(1, Bytes{1}, true)).result ==
          Result::bip_error(BipError::ChannelClosed));

    const auto response = bip.receive_data(host::test::receive_command(1, 10));
    CHECK(response.result == Result::of(GeneralResult::MissingInformation));
    CHECK(response.channel_data == Bytes{'x', 'y', 'z'});
    CHECK(response.channel_data_length == 0);
    CHECK(cat::encode(bip.receive_data(host::test::receive_command(1, 10))) ==
          "810303420082028281 83023A02"_hex);

    CHECK(bip.close_channel(host::test::close_command(1)).result == Result::ok());
    CHECK(bip.channel_statuses().empty());
}

TEST_CASE("events the card did not register are dropped, not deferred", "[host][bip]") {
    TcpTestPeer peer(false);
    TcpBipHandler bip;
    REQUIRE(bip.open_channel(host::test::open_command(peer.port())).result == Result::ok());
    REQUIRE(peer.wait_connections(1));
    peer.send(0, Bytes{'x'});
    peer.close(0);

    std::vector<Bytes> events;
    const auto give_up = std::chrono::steady_clock::now() + host::test::peer_timeout;
    while (bip.channel_statuses().at(0).further_info != cat::channel_info::link_dropped &&
           std::chrono::steady_clock::now() < give_up) {
        for (auto& e : bip.poll_events(50ms, std::vector<cat::Event>{})) {
            events.push_back(std::move(e));
        }
    }
    CHECK(bip.channel_statuses().at(0).further_info == cat::channel_info::link_dropped);
    CHECK(events.empty());
    // Registering afterwards does not bring them back (§6.4.16: events are reported as they occur).
    CHECK(bip.poll_events(0ms, both_events).empty());
    CHECK(bip.receive_data(host::test::receive_command(1, 1)).channel_data == Bytes{'x'});
}

TEST_CASE("RECEIVE DATA: at most 237 bytes, the count left in 37 (FF above 254)", "[host][bip]") {
    TcpTestPeer peer(false);
    TcpBipHandler bip;
    REQUIRE(bip.open_channel(host::test::open_command(peer.port())).result == Result::ok());
    REQUIRE(peer.wait_connections(1));
    const Bytes sent = counting_bytes(600);
    peer.send(0, sent);
    peer.close(0);
    // The drop comes after the data: once it is seen, all 600 bytes are in the Rx buffer.
    const auto events = host::test::poll_until(
        bip, both_events, [](const auto& seen) { return saw(seen, link_dropped_event); });
    REQUIRE(events.size() == 2);
    CHECK(is_data_available(events[0]));
    CHECK(events[1] == link_dropped_event);

    Bytes received;
    auto response = bip.receive_data(host::test::receive_command(1, 0xFF));
    // More than fits a TERMINAL RESPONSE was asked: 237 given, "performed with modification".
    CHECK(response.result == Result::of(GeneralResult::PerformedWithModification));
    REQUIRE(response.channel_data);
    CHECK(response.channel_data->size() == 237);
    CHECK(response.channel_data_length == 0xFF); // 363 left
    append(received, *response.channel_data);

    response = bip.receive_data(host::test::receive_command(1, 237));
    CHECK(response.result == Result::ok());
    CHECK(response.channel_data_length == 126);
    append(received, *response.channel_data);
    // The TERMINAL RESPONSE with 237 bytes of data is exactly 255 bytes (the short Lc limit).
    CHECK(cat::encode(response).size() == 255);

    response = bip.receive_data(host::test::receive_command(1, 200));
    CHECK(response.result == Result::of(GeneralResult::MissingInformation));
    CHECK(response.channel_data_length == 0);
    append(received, *response.channel_data);
    CHECK(received == sent);

    CHECK(bip.receive_data(host::test::receive_command(1, 1)).result ==
          Result::bip_error(BipError::ChannelClosed));
}

TEST_CASE("the Rx buffer never holds more than the granted buffer size", "[host][bip]") {
    TcpTestPeer peer(false);
    TcpBipHandler bip;
    REQUIRE(bip.open_channel(host::test::open_command(peer.port(), 100)).result == Result::ok());
    REQUIRE(peer.wait_connections(1));
    const Bytes sent = counting_bytes(250);
    peer.send(0, sent);
    peer.close(0);

    // The card reads everything on each data available event, until the link dropped event.
    Bytes received;
    std::size_t announcements = 0;
    bool dropped = false;
    const auto give_up = std::chrono::steady_clock::now() + host::test::peer_timeout;
    while (!dropped && std::chrono::steady_clock::now() < give_up) {
        for (const auto& event : bip.poll_events(50ms, both_events)) {
            if (event == link_dropped_event) {
                dropped = true;
                continue;
            }
            ++announcements;
            const auto response = bip.receive_data(host::test::receive_command(1, 237));
            REQUIRE(response.channel_data);
            CHECK(response.channel_data->size() <= 100);
            CHECK(response.channel_data_length == 0);
            append(received, *response.channel_data);
        }
    }
    CHECK(dropped);
    CHECK(received == sent);
    // Each fill of the 100-byte buffer follows a read that emptied it, so each is announced.
    CHECK(announcements >= 3);
    CHECK(bip.receive_data(host::test::receive_command(1, 1)).result ==
          Result::bip_error(BipError::ChannelClosed));
}
