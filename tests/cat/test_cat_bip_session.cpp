// SPDX-License-Identifier: Apache-2.0
// The BIP session of spec/cat.md §6 line by line (ETSI TS 102 223 §6.6.27-6.6.31, §7.5.10-7.5.11): every FETCH is
// parsed to what it means and re-encodes byte-exactly, every TERMINAL RESPONSE and ENVELOPE is built byte-exactly.
#include <catch2/catch.hpp>

#include <variant>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>

using namespace euicc;
using namespace euicc::literals;

namespace {

/// Parses a FETCH response, checks its type and that it re-encodes to the same bytes.
template <class Command>
Command fetched(const Bytes& raw) {
    const cat::ProactiveCommand parsed = cat::parse_proactive_command(raw);
    REQUIRE(std::holds_alternative<Command>(parsed));
    CHECK(cat::encode(parsed) == raw);
    CHECK_FALSE(cat::comprehension_result(parsed).has_value());
    return std::get<Command>(parsed);
}

} // namespace

TEST_CASE("BIP: FETCH OPEN CHANNEL to 192.168.0.1:443, APN internet, buffer 1500", "[cat][bip]") {
    const Bytes raw = "d027 810301400182028182 350103 390205dc 470908696e7465726e6574 3c030201bb 3e0521c0a80001"_hex;
    const auto open = fetched<cat::OpenChannel>(raw);
    CHECK(open.header.number == 1);
    CHECK(open.header.qualifier == 0x01);
    CHECK(open.immediate_link());
    CHECK_FALSE(open.automatic_reconnection());
    CHECK_FALSE(open.background_mode());
    CHECK_FALSE(open.dns_server_request());
    CHECK(open.header.devices == cat::DeviceIdentities{cat::device::uicc, cat::device::terminal});
    REQUIRE(open.bearer);
    CHECK(open.bearer->type == cat::BearerType::Default);
    CHECK(open.bearer->parameters.empty());
    CHECK(open.buffer_size == 1500);
    CHECK(open.network_access_name == "internet");
    CHECK_FALSE(open.local_address);
    CHECK_FALSE(open.login);
    CHECK_FALSE(open.password);
    REQUIRE(open.transport_level);
    CHECK(open.transport_level->protocol == cat::TransportProtocol::TcpClientRemote);
    CHECK(open.transport_level->port == 443);
    REQUIRE(open.destination_address);
    CHECK(open.destination_address->type == cat::AddressType::Ipv4);
    CHECK(open.destination_address->address == "c0a80001"_hex);
    CHECK(cat::ip_string(*open.destination_address) == "192.168.0.1");
    CHECK(open.header.unknown_objects.empty());

    // The virtual card builds the same bytes from the struct.
    cat::OpenChannel built;
    built.header.qualifier = cat::qualifier::immediate_link;
    built.bearer = cat::BearerDescription{cat::BearerType::Default, {}};
    built.buffer_size = 1500;
    built.network_access_name = "internet";
    built.transport_level = cat::TransportLevel{cat::TransportProtocol::TcpClientRemote, 443};
    built.destination_address = cat::other_address_from_ip("192.168.0.1");
    CHECK(built == open);
    CHECK(cat::encode(built) == raw);
}

TEST_CASE("BIP: TERMINAL RESPONSE OPEN CHANNEL, channel 1 up, buffer 1500", "[cat][bip]") {
    const auto open = cat::parse_proactive_command("d027 810301400182028182 350103 390205dc 470908696e7465726e6574 "
                                                   "3c030201bb 3e0521c0a80001"_hex);
    cat::TerminalResponse tr = cat::response_to(open, cat::Result::ok());
    tr.channel_statuses = {cat::ChannelStatus{1, true, cat::channel_info::none, 0}};
    tr.bearer = cat::BearerDescription{cat::BearerType::Default, {}};
    tr.buffer_size = 1500;
    const Bytes apdu = "80140000 17 810301400182028281830100 38028100 350103 390205dc"_hex;
    CHECK(cat::terminal_response_apdu(tr).encode() == apdu);
    CHECK(cat::parse_terminal_response(cat::terminal_response_apdu(tr).data()) == tr);
}

TEST_CASE("BIP: SEND DATA, data available, RECEIVE DATA", "[cat][bip]") {
    SECTION("FETCH SEND DATA, send immediately on channel 1") {
        const auto send = fetched<cat::SendData>("d010 810302430182028121 b605160303004c"_hex);
        CHECK(send.header.number == 2);
        CHECK(send.send_immediately());
        CHECK(cat::target_channel(send.header) == 1);
        CHECK(send.data == "160303004c"_hex);
        CHECK_FALSE(send.alpha_identifier);
    }
    SECTION("TERMINAL RESPONSE SEND DATA: more than 255 bytes free") {
        const auto send = cat::parse_proactive_command("d010 810302430182028121 b605160303004c"_hex);
        cat::TerminalResponse tr = cat::response_to(send, cat::Result::ok());
        tr.channel_data_length = cat::channel_data_length_byte(4096);
        CHECK(cat::encode(tr) == "810302430182028281830100b701ff"_hex);
    }
    SECTION("ENVELOPE event data available: 42 bytes waiting") {
        cat::DataAvailableEvent e;
        e.status = cat::ChannelStatus{1, true, cat::channel_info::none, 0};
        e.available_length = cat::channel_data_length_byte(42);
        const Bytes raw = "d60e 990109 82028281 b8028100 b7012a"_hex;
        CHECK(cat::encode(e) == raw);
        CHECK(cat::envelope_apdu(raw).encode() == "80c2000010 d60e 990109 82028281 b8028100 b7012a"_hex);
        const cat::Envelope parsed = cat::parse_envelope(raw);
        REQUIRE(std::holds_alternative<cat::DataAvailableEvent>(parsed));
        CHECK(std::get<cat::DataAvailableEvent>(parsed) == e);
    }
    SECTION("FETCH RECEIVE DATA: 42 bytes") {
        const auto receive = fetched<cat::ReceiveData>("d00c 810303420082028121 b7012a"_hex);
        CHECK(receive.header.number == 3);
        CHECK(receive.requested_length == 42);
        CHECK(cat::target_channel(receive.header) == 1);
    }
    SECTION("TERMINAL RESPONSE RECEIVE DATA: 5 bytes, none left") {
        const auto receive = cat::parse_proactive_command("d00c 810303420082028121 b7012a"_hex);
        cat::TerminalResponse tr = cat::response_to(receive, cat::Result::ok());
        tr.channel_data = "1703030025"_hex;
        tr.channel_data_length = 0;
        const Bytes raw = "810303420082028281830100b6051703030025b70100"_hex;
        CHECK(cat::encode(tr) == raw);
        CHECK(cat::parse_terminal_response(raw) == tr);
    }
}

TEST_CASE("BIP: CLOSE CHANNEL, channel status event, GET CHANNEL STATUS", "[cat][bip]") {
    SECTION("FETCH CLOSE CHANNEL") {
        const auto close = fetched<cat::CloseChannel>("d009 810304410082028121"_hex);
        CHECK(close.header.number == 4);
        CHECK(cat::target_channel(close.header) == 1);
        CHECK(cat::encode(cat::CloseChannel{cat::command_header(cat::channel_device(1)), {}, {}}) ==
              "d009 810301410082028121"_hex);
    }
    SECTION("ENVELOPE event channel status: channel 1 link dropped") {
        const Bytes raw = "d60b 99010a 82028281 b8020105"_hex;
        cat::ChannelStatusEvent e;
        e.status = cat::ChannelStatus{1, false, cat::channel_info::link_dropped, 0};
        CHECK(cat::encode(e) == raw);
        const cat::Envelope parsed = cat::parse_envelope(raw);
        REQUIRE(std::holds_alternative<cat::ChannelStatusEvent>(parsed));
        CHECK(std::get<cat::ChannelStatusEvent>(parsed) == e);
    }
    SECTION("FETCH and TERMINAL RESPONSE GET CHANNEL STATUS: channel 1 up") {
        const auto get = fetched<cat::GetChannelStatus>("d009 810305440082028182"_hex);
        CHECK(get.header.number == 5);
        cat::TerminalResponse tr = cat::response_to(get, cat::Result::ok());
        tr.channel_statuses.push_back(cat::ChannelStatus{1, true, 0, 0});
        const Bytes raw = "810305440082028281830100b8028100"_hex;
        CHECK(cat::encode(tr) == raw);
        CHECK(cat::parse_terminal_response(raw) == tr);
    }
}

TEST_CASE("MORE TIME, POLL INTERVAL, TIMER MANAGEMENT, SEND SHORT MESSAGE from spec/cat.md", "[cat][proactive]") {
    SECTION("MORE TIME") {
        const auto more = fetched<cat::MoreTime>("d009 810301020082028182"_hex);
        CHECK(cat::encode(cat::MoreTime{}) == "d009 810301020082028182"_hex);
        const cat::TerminalResponse tr = cat::response_to(more, cat::Result::ok());
        CHECK(cat::encode(tr) == "810301020082028281830100"_hex);
    }
    SECTION("POLL INTERVAL 30 s, and the TERMINAL RESPONSE with the interval used") {
        const auto poll = fetched<cat::PollInterval>("d00d 810301030082028182 8402011e"_hex);
        CHECK(poll.interval == cat::Duration{cat::TimeUnit::Seconds, 30});
        CHECK(cat::duration_to_chrono(poll.interval) == std::chrono::seconds(30));
        cat::TerminalResponse tr = cat::response_to(poll, cat::Result::ok());
        tr.duration = cat::duration_from_chrono(std::chrono::minutes(1));
        const Bytes raw = "810301030082028281830100 8402013c"_hex;
        CHECK(cat::encode(tr) == raw);
        CHECK(cat::parse_terminal_response(raw) == tr);
    }
    SECTION("TIMER MANAGEMENT start timer 1 with 00 01 30 = 0 h 10 min 3 s") {
        const auto timer = fetched<cat::TimerManagement>("d011 810301270082028182 a40101 a503000130"_hex);
        CHECK(timer.operation() == cat::TimerOperation::Start);
        CHECK(timer.timer_id == 1);
        REQUIRE(timer.value);
        CHECK(*timer.value == std::chrono::minutes(10) + std::chrono::seconds(3));
        cat::TimerManagement built;
        built.timer_id = 1;
        built.value = std::chrono::seconds(603);
        CHECK(cat::encode(built) == "d011 810301270082028182 a40101 a503000130"_hex);
        // TERMINAL RESPONSE to "get current value": timer id and value (§6.6.21).
        cat::TimerManagement get;
        get.header.qualifier = static_cast<std::uint8_t>(cat::TimerOperation::GetValue);
        get.timer_id = 2;
        cat::TerminalResponse tr = cat::response_to(get, cat::Result::ok());
        tr.timer_id = 2;
        tr.timer_value = std::chrono::seconds(90);
        const Bytes raw = "810301270282028281830100 a40102 a503001003"_hex;
        CHECK(cat::encode(tr) == raw);
        CHECK(cat::parse_terminal_response(raw) == tr);
    }
    SECTION("SEND SHORT MESSAGE carrying the PoR SMS-SUBMIT") {
        const Bytes raw = "d02a 810301130082028183 8b1f "
                          "41000a9121436587097ff613027100000e0ab0001100000000000000016132"_hex;
        const auto sms = fetched<cat::SendShortMessage>(raw);
        CHECK(sms.header.devices == cat::DeviceIdentities{cat::device::uicc, cat::device::network});
        CHECK(sms.header.qualifier == 0);
        CHECK_FALSE(sms.address);
        CHECK(sms.tpdu == "41000a9121436587097ff613027100000e0ab0001100000000000000016132"_hex);
        cat::SendShortMessage built;
        built.tpdu = sms.tpdu;
        CHECK(cat::encode(built) == raw);
    }
}

TEST_CASE("The real failed OPEN CHANNEL TERMINAL RESPONSE parses", "[cat][terminal_response]") {
    // Qualifier 09 (immediate + DNS request), result 20 04 (terminal unable: no service), default bearer, 1400.
    const Bytes apdu = "80140000148103014009820282818302200435010339020578"_hex;
    const auto command = apdu::CommandApdu::parse(apdu);
    CHECK(command.cla() == 0x80);
    CHECK(command.ins() == 0x14);
    const cat::TerminalResponse tr = cat::parse_terminal_response(command.data());
    CHECK(tr.details == cat::CommandDetails{1, cat::CommandType::OpenChannel, 0x09});
    CHECK(tr.devices == cat::DeviceIdentities{cat::device::terminal, cat::device::uicc});
    CHECK(tr.result.general == cat::GeneralResult::TerminalUnableToProcess);
    CHECK(tr.result.additional_info == Bytes{static_cast<std::uint8_t>(cat::TerminalProblem::NoService)});
    CHECK(tr.result == cat::Result::terminal_unable(cat::TerminalProblem::NoService));
    CHECK(tr.channel_statuses.empty());
    REQUIRE(tr.bearer);
    CHECK(tr.bearer->type == cat::BearerType::Default);
    CHECK(tr.buffer_size == 1400);
    CHECK(tr.unknown_objects.empty());
    // OPEN CHANNEL response objects go without CR, so the capture rebuilds byte-exactly.
    CHECK(cat::terminal_response_apdu(tr).encode() == apdu);
}
