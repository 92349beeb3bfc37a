// SPDX-License-Identifier: Apache-2.0
// TcpBipHandler commands against a real TCP peer: OPEN/CLOSE CHANNEL, SEND/RECEIVE DATA, GET CHANNEL STATUS
// (ETSI TS 102 223 §6.4.27-6.4.31, results §8.12.11), routing overrides.
#include <catch2/catch.hpp>
#include <stdexcept>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_proactive.hpp>
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
using host::TcpEndpoint;
using host::test::TcpTestPeer;

namespace {

template <typename Command>
Command parse_as(ByteView fetched) {
    return std::get<Command>(cat::parse_proactive_command(fetched));
}

cat::ChannelStatus channel_up(std::uint8_t id) {
    return cat::ChannelStatus{id, true, cat::channel_info::none, 0};
}

} // namespace

TEST_CASE("the spec/cat.md BIP session, relayed to a real peer", "[host][bip]") {
    TcpTestPeer peer;
    TcpBipOptions options;
    // The vector's OPEN CHANNEL names 192.168.0.1:443; the lab's peer is elsewhere.
    options.overrides[{"192.168.0.1", 443}] = {"127.0.0.1", peer.port()};
    TcpBipHandler bip(options);

    const auto open = parse_as<cat::OpenChannel>(
        "D027 810301400182028182 350103 390205DC 470908696E7465726E6574 3C030201BB 3E0521C0A80001"_hex);
    CHECK(cat::encode(bip.open_channel(open)) == "810301400182028281830100 38028100 350103 390205DC"_hex);
    CHECK(bip.peer(1) == TcpEndpoint{"127.0.0.1", peer.port()});
    REQUIRE(peer.wait_connections(1));

    const auto send = parse_as<cat::SendData>("D010 810302430182028121 B605160303004C"_hex);
    CHECK(cat::encode(bip.send_data(send)) == "810302430182028281830100B701FF"_hex);
    REQUIRE(peer.wait_received(0, 5));
    CHECK(peer.received(0) == "160303004C"_hex);

    // The peer echoes; the five bytes land in the empty Rx buffer: data available (§7.5.10).
    const auto events = host::test::poll_for_events(bip, host::test::both_events, 1);
    REQUIRE(events.size() == 1);
    CHECK(events[0] == "D60E 990109 82028281 B8028100 B70105"_hex);

    const auto status = parse_as<cat::GetChannelStatus>("D009810305440082028182"_hex);
    CHECK(cat::encode(bip.get_channel_status(status)) == "810305440082028281830100B8028100"_hex);

    const auto receive = parse_as<cat::ReceiveData>("D00C 810303420082028121 B70105"_hex);
    CHECK(cat::encode(bip.receive_data(receive)) == "810303420082028281830100 B605160303004C B70100"_hex);

    const auto close = parse_as<cat::CloseChannel>("D009810304410082028121"_hex);
    CHECK(cat::encode(bip.close_channel(close)) == "810304410082028281830100"_hex);
    CHECK(peer.wait_closed_by_relay(0));
    CHECK(bip.channel_statuses().empty());
    CHECK_FALSE(bip.peer(1));
}

TEST_CASE("OPEN CHANNEL grants at most the configured buffer size, with result 07", "[host][bip]") {
    TcpTestPeer peer;
    TcpBipOptions options;
    options.max_buffer_size = 1000;
    TcpBipHandler bip(options);

    SECTION("reduced") {
        const auto response = bip.open_channel(host::test::open_command(peer.port(), 1500));
        CHECK(cat::encode(response) == "810301400182028281830107 38028100 350103 390203E8"_hex);
    }
    SECTION("granted as asked") {
        const auto response = bip.open_channel(host::test::open_command(peer.port(), 1000));
        CHECK(response.result == Result::ok());
        CHECK(response.buffer_size == 1000);
    }
    SECTION("a request of 0 gets the maximum") {
        const auto response = bip.open_channel(host::test::open_command(peer.port(), 0));
        CHECK(response.result == Result::of(GeneralResult::PerformedWithModification));
        CHECK(response.buffer_size == 1000);
    }
}

TEST_CASE("several channels at once, lowest free id first, 3A 01 when all are in use", "[host][bip]") {
    TcpTestPeer peer;
    TcpBipOptions options;
    options.max_channels = 3;
    TcpBipHandler bip(options);

    for (std::uint8_t id = 1; id <= 3; ++id) {
        const auto response = bip.open_channel(host::test::open_command(peer.port()));
        REQUIRE(response.result == Result::ok());
        CHECK(response.channel_statuses == std::vector{channel_up(id)});
    }
    REQUIRE(peer.wait_connections(3));
    const auto full = bip.open_channel(host::test::open_command(peer.port()));
    CHECK(cat::encode(full) == "810301400182028281 83023A01 350103 390205DC"_hex);

    CHECK(cat::encode(bip.get_channel_status(cat::GetChannelStatus{})) ==
          "810301440082028281830100 B8028100 B8028200 B8028300"_hex);

    // Each channel has its own connection (accepted in opening order).
    CHECK(bip.send_data(host::test::send_command(1, Bytes{'o', 'n', 'e'}, true)).result == Result::ok());
    CHECK(bip.send_data(host::test::send_command(3, Bytes{'t', 'h', 'r', 'e', 'e'}, true)).result ==
          Result::ok());
    REQUIRE(peer.wait_received(0, 3));
    REQUIRE(peer.wait_received(2, 5));
    CHECK(peer.received(0) == Bytes{'o', 'n', 'e'});
    CHECK(peer.received(1).empty());
    CHECK(peer.received(2) == Bytes{'t', 'h', 'r', 'e', 'e'});

    CHECK(bip.close_channel(host::test::close_command(2)).result == Result::ok());
    CHECK(peer.wait_closed_by_relay(1));
    const auto reopened = bip.open_channel(host::test::open_command(peer.port()));
    CHECK(reopened.channel_statuses == std::vector{channel_up(2)});
}

TEST_CASE("commands naming no open channel get 3A 03", "[host][bip]") {
    TcpTestPeer peer;
    TcpBipOptions options;
    options.max_channels = 2;
    TcpBipHandler bip(options);
    const auto invalid = Result::bip_error(BipError::ChannelIdentifierNotValid);

    CHECK(cat::encode(bip.send_data(host::test::send_command(1, Bytes{1}, true))) ==
          "810302430182028281 83023A03"_hex);
    REQUIRE(bip.open_channel(host::test::open_command(peer.port())).result == Result::ok());
    CHECK(bip.send_data(host::test::send_command(2, Bytes{1}, true)).result == invalid);
    CHECK(bip.receive_data(host::test::receive_command(2, 1)).result == invalid);
    CHECK(bip.close_channel(host::test::close_command(2)).result == invalid);
    // Channel 5 exists in the numbering (25) but not with max_channels = 2.
    CHECK(bip.close_channel(host::test::close_command(5)).result == invalid);
    // A destination that is not a channel at all (the terminal, 82).
    auto to_terminal = host::test::receive_command(1, 1);
    to_terminal.header.devices.destination = cat::device::terminal;
    CHECK(bip.receive_data(to_terminal).result == invalid);
    // Channel 1 is untouched by all this.
    CHECK(bip.channel_statuses() == std::vector{channel_up(1)});
}

TEST_CASE("OPEN CHANNEL failures: unreachable, unsupported, incomplete", "[host][bip]") {
    TcpBipOptions options;
    options.connect_timeout = 300ms;
    TcpBipHandler bip(options);

    SECTION("connection refused: 3A 07, no channel") {
        const auto response = bip.open_channel(host::test::open_command(host::test::closed_port()));
        CHECK(cat::encode(response) == "810301400182028281 83023A07 350103 390205DC"_hex);
        CHECK(bip.channel_statuses().empty());
        CHECK(cat::encode(bip.get_channel_status(cat::GetChannelStatus{})) ==
              "810301440082028281830100B8020000"_hex);
    }
    SECTION("no answer within the connect timeout: 3A 07") {
        host::test::SilentListener silent;
        std::vector<std::string> log;
        TcpBipOptions quick;
        quick.connect_timeout = 100ms;
        quick.on_log = [&log](const std::string& line) { log.push_back(line); };
        TcpBipHandler relay(quick);
        const auto response = relay.open_channel(host::test::open_command(silent.port()));
        CHECK(response.result == Result::bip_error(BipError::RemoteDeviceNotReachable));
        CHECK(relay.channel_statuses().empty());
        REQUIRE(log.size() == 1);
        CHECK_THAT(log[0], Catch::Matchers::EndsWith("timed out"));
    }
    SECTION("no route (or no answer): 3A 07") {
        // TEST-NET-1 (RFC 5737) is never routed to a listener.
        const auto response = bip.open_channel(host::test::open_command(443, 1500, 0x01, "192.0.2.1"));
        CHECK(response.result == Result::bip_error(BipError::RemoteDeviceNotReachable));
        CHECK(bip.channel_statuses().empty());
    }
    SECTION("a host name that does not resolve: 3A 07") {
        TcpBipOptions unresolved;
        unresolved.catch_all = TcpEndpoint{"no-such-host.invalid", 0};
        TcpBipHandler relay(unresolved);
        CHECK(relay.open_channel(host::test::open_command(443)).result ==
              Result::bip_error(BipError::RemoteDeviceNotReachable));
    }
    SECTION("UDP (CAT_TP) and UICC server mode: 3A 06") {
        auto udp = host::test::open_command(443);
        udp.transport_level->protocol = cat::TransportProtocol::UdpClientRemote;
        CHECK(bip.open_channel(udp).result == Result::bip_error(BipError::TransportLevelNotAvailable));
        cat::OpenChannel server;
        server.buffer_size = 1500;
        server.transport_level = cat::TransportLevel{cat::TransportProtocol::TcpServer, 3516};
        const auto response = bip.open_channel(server);
        CHECK(response.result == Result::bip_error(BipError::TransportLevelNotAvailable));
        CHECK_FALSE(response.bearer);
        CHECK(response.buffer_size == 1500);
    }
    SECTION("a bearer that is not a packet bearer: 30") {
        auto csd = host::test::open_command(443);
        csd.bearer = cat::BearerDescription{cat::BearerType::Csd, {0x07, 0x00, 0x01}};
        const auto response = bip.open_channel(csd);
        CHECK(response.result == Result::of(GeneralResult::BeyondTerminalCapabilities));
        CHECK(response.bearer == csd.bearer);
    }
    SECTION("a packet bearer with parameters is accepted like the default one") {
        TcpTestPeer peer;
        auto gprs = host::test::open_command(peer.port());
        gprs.bearer = cat::BearerDescription{cat::BearerType::Gprs, "03040303041F02"_hex};
        const auto response = bip.open_channel(gprs);
        CHECK(response.result == Result::ok());
        CHECK(response.bearer == gprs.bearer);
    }
    SECTION("no destination address: 36; a malformed one: 32") {
        auto missing = host::test::open_command(443);
        missing.destination_address.reset();
        CHECK(bip.open_channel(missing).result == Result::of(GeneralResult::RequiredValuesMissing));
        auto empty = host::test::open_command(443);
        empty.destination_address = cat::OtherAddress{cat::AddressType::Ipv4, {}};
        CHECK(bip.open_channel(empty).result == Result::of(GeneralResult::CommandDataNotUnderstood));
    }
}

TEST_CASE("route_destination: overrides, catch-all, port 0 keeps the card's port", "[host][bip]") {
    TcpBipOptions options;
    options.overrides[{"2001:DB8::1", 443}] = {"smsr.lab", 0};
    options.overrides[{"192.0.2.1", 443}] = {"127.0.0.1", 8443};
    CHECK(host::route_destination(options, {"2001:db8::1", 443}) == TcpEndpoint{"smsr.lab", 443});
    CHECK(host::route_destination(options, {"192.0.2.1", 443}) == TcpEndpoint{"127.0.0.1", 8443});
    // Same address, other port: no override and no catch-all.
    CHECK(host::route_destination(options, {"192.0.2.1", 80}) == TcpEndpoint{"192.0.2.1", 80});
    options.catch_all = TcpEndpoint{"10.1.2.3", 0};
    CHECK(host::route_destination(options, {"192.0.2.1", 80}) == TcpEndpoint{"10.1.2.3", 80});
    options.catch_all = TcpEndpoint{"10.1.2.3", 9000};
    CHECK(host::route_destination(options, {"198.51.100.7", 80}) == TcpEndpoint{"10.1.2.3", 9000});

    CHECK(host::to_string(TcpEndpoint{"2001:db8::1", 443}) == "[2001:db8::1]:443");
    CHECK(host::to_string(TcpEndpoint{"smsr.lab", 8443}) == "smsr.lab:8443");

    TcpBipOptions bad;
    bad.overrides[{"smsr.lab", 443}] = {"127.0.0.1", 443};
    CHECK_THROWS_AS(TcpBipHandler(bad), std::invalid_argument);
}

TEST_CASE("a catch-all sends every channel to the lab's peer", "[host][bip]") {
    TcpTestPeer peer;
    TcpBipOptions options;
    options.catch_all = TcpEndpoint{"127.0.0.1", 0};
    std::vector<std::string> log;
    options.on_log = [&log](const std::string& line) { log.push_back(line); };
    TcpBipHandler bip(options);
    const auto response = bip.open_channel(host::test::open_command(peer.port(), 1500, 0x01, "198.51.100.7"));
    CHECK(response.result == Result::ok());
    CHECK(peer.wait_connections(1));
    REQUIRE(log.size() == 1);
    CHECK(log[0] == "BIP: channel 1 connected to 127.0.0.1:" + std::to_string(peer.port()) +
                        " (for 198.51.100.7:" + std::to_string(peer.port()) + ")");
}

TEST_CASE("options are checked", "[host][bip]") {
    TcpBipOptions options;
    options.max_channels = 0;
    CHECK_THROWS_AS(TcpBipHandler(options), std::invalid_argument);
    options.max_channels = 8;
    CHECK_THROWS_AS(TcpBipHandler(options), std::invalid_argument);
    options = {};
    options.max_receive_length = 238;
    CHECK_THROWS_AS(TcpBipHandler(options), std::invalid_argument);
    options = {};
    options.max_buffer_size = 0;
    CHECK_THROWS_AS(TcpBipHandler(options), std::invalid_argument);
}

TEST_CASE("SEND DATA: store mode keeps data until send immediately; Tx overflow is 3A 04", "[host][bip]") {
    TcpTestPeer peer(false);
    TcpBipHandler bip;

    SECTION("store, then send") {
        REQUIRE(bip.open_channel(host::test::open_command(peer.port(), 200)).result == Result::ok());
        REQUIRE(peer.wait_connections(1));
        auto response = bip.send_data(host::test::send_command(1, Bytes{'h', 'e', 'l'}, false));
        // §6.4.30: the free space left in the Tx buffer, 200 - 3.
        CHECK(cat::encode(response) == "810302430082028281830100B701C5"_hex);
        bip.pump(20ms);
        CHECK(peer.received(0).empty());
        response = bip.send_data(host::test::send_command(1, Bytes{'l', 'o'}, true));
        CHECK(cat::encode(response) == "810302430182028281830100B701C8"_hex);
        REQUIRE(peer.wait_received(0, 5));
        CHECK(peer.received(0) == Bytes{'h', 'e', 'l', 'l', 'o'});
    }
    SECTION("overflow") {
        REQUIRE(bip.open_channel(host::test::open_command(peer.port(), 8)).result == Result::ok());
        CHECK(bip.send_data(host::test::send_command(1, "313233343536"_hex, false)).channel_data_length == 2);
        const auto response = bip.send_data(host::test::send_command(1, "616263"_hex, false));
        CHECK(cat::encode(response) == "810302430082028281 83023A04 B70102"_hex);
        // The refused data was not taken; the stored data still goes out.
        CHECK(bip.send_data(host::test::send_command(1, "6162"_hex, true)).channel_data_length == 8);
        REQUIRE(peer.wait_received(0, 8));
        CHECK(peer.received(0) == "3132333435366162"_hex);
    }
}

TEST_CASE("OPEN CHANNEL on demand connects at the first send immediately", "[host][bip]") {
    TcpTestPeer peer(false);
    TcpBipHandler bip;

    SECTION("link established by SEND DATA") {
        const auto response = bip.open_channel(host::test::open_command(peer.port(), 1500, 0x00));
        // §8.56: channel 1, link not (yet) established.
        CHECK(cat::encode(response) == "810301400082028281830100 38020100 350103 390205DC"_hex);
        bip.pump(20ms);
        CHECK(peer.connections() == 0);
        CHECK(bip.send_data(host::test::send_command(1, "6162"_hex, false)).result == Result::ok());
        CHECK(peer.connections() == 0);
        CHECK(bip.send_data(host::test::send_command(1, "6364"_hex, true)).result == Result::ok());
        CHECK(bip.channel_statuses() == std::vector{channel_up(1)});
        REQUIRE(peer.wait_received(0, 4));
        CHECK(peer.received(0) == "61626364"_hex);
    }
    SECTION("link refused at SEND DATA: 3A 07, channel dropped, no event on top") {
        REQUIRE(bip.open_channel(host::test::open_command(host::test::closed_port(), 1500, 0x00)).result ==
                Result::ok());
        CHECK(bip.send_data(host::test::send_command(1, "6162"_hex, true)).result ==
              Result::bip_error(BipError::RemoteDeviceNotReachable));
        CHECK(bip.channel_statuses() ==
              std::vector{cat::ChannelStatus{1, false, cat::channel_info::link_dropped, 0}});
        CHECK(bip.poll_events(0ms, host::test::both_events).empty());
        CHECK(bip.send_data(host::test::send_command(1, "6162"_hex, true)).result ==
              Result::bip_error(BipError::ChannelClosed));
    }
}
