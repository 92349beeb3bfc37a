// SPDX-License-Identifier: Apache-2.0
// Tests for the proactive command codec (ETSI TS 102 223 §6.5-6.6, §6.10): build/parse round trips of every command
// with its optional objects, the OPEN CHANNEL order rule, unknown commands and objects, and malformed input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <variant>

#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::literals;

namespace {

/// encode -> parse gives the same command; returns the bytes.
Bytes round_trip(const cat::ProactiveCommand& command) {
    const Bytes raw = cat::encode(command);
    REQUIRE(!raw.empty());
    CHECK(raw[0] == 0xD0);
    const cat::ProactiveCommand parsed = cat::parse_proactive_command(raw);
    CHECK(parsed.index() == command.index());
    CHECK(parsed == command);
    CHECK_FALSE(cat::comprehension_result(parsed).has_value());
    return raw;
}

} // namespace

TEST_CASE("OPEN CHANNEL with every object survives encode + parse", "[cat][proactive]") {
    cat::OpenChannel c;
    c.header.number = 7;
    c.header.qualifier = cat::qualifier::immediate_link | cat::qualifier::dns_server_request;
    c.alpha_identifier = Bytes{'O', 'p', 'e', 'n'};
    c.icon_identifier = "0001"_hex;
    c.bearer = cat::BearerDescription{cat::BearerType::Gprs, "030403041f02"_hex};
    c.buffer_size = 1400;
    c.network_access_name = "m2m.operator.example";
    c.local_address = cat::OtherAddress{cat::AddressType::Ipv4, {}}; // "allocate one for me"
    c.login = cat::text_from_utf8("UserLog", cat::dcs::gsm8);
    c.password = cat::text_from_utf8("UserPwd", cat::dcs::gsm8);
    c.transport_level = cat::TransportLevel{cat::TransportProtocol::UdpClientRemote, 44444};
    c.destination_address = cat::other_address_from_ip("2001:db8::1");
    CHECK(c.dns_server_request());
    const Bytes raw = round_trip(c);
    // TS 102 223 §6.6.27 order: 05 1E 35 39 47 3E(local) 0D 0D 3C 3E(destination).
    const Bytes expected_tail = "3c0301ad9c 3e1157 20010db8000000000000000000000001"_hex;
    CHECK(Bytes(raw.end() - static_cast<std::ptrdiff_t>(expected_tail.size()), raw.end()) == expected_tail);
    CHECK(cat::ip_string(*c.destination_address) == "2001:db8::1");

    SECTION("the builder refuses what the order rule could not carry") {
        cat::OpenChannel bad = c;
        bad.login.reset();
        CHECK_THROWS_AS(cat::encode(bad), std::invalid_argument);
        bad = c;
        bad.transport_level.reset();
        CHECK_THROWS_AS(cat::encode(bad), std::invalid_argument);
    }
    SECTION("UICC server mode: no bearer, no destination") {
        cat::OpenChannel server;
        server.buffer_size = 255;
        server.transport_level = cat::TransportLevel{cat::TransportProtocol::TcpServer, 3516};
        round_trip(server);
    }
}

TEST_CASE("OPEN CHANNEL order rule: 3E before 3C is local, after it the destination", "[cat][proactive]") {
    SECTION("local and destination") {
        const Bytes raw = "d020 810301400182028182 390205dc 3e0521c0a80002 3c030201bb 3e0521c0a80001"_hex;
        const auto c = std::get<cat::OpenChannel>(cat::parse_proactive_command(raw));
        CHECK(cat::ip_string(*c.local_address) == "192.168.0.2");
        CHECK(cat::ip_string(*c.destination_address) == "192.168.0.1");
        CHECK_FALSE(c.bearer);
    }
    SECTION("without a transport level the other address is local") {
        const auto c = std::get<cat::OpenChannel>(
            cat::parse_proactive_command("d014 810301400182028182 390205dc 3e0521c0a80002"_hex));
        REQUIRE(c.local_address);
        CHECK_FALSE(c.destination_address);
    }
    SECTION("a third other address is an unknown object, kept after the known ones") {
        const Bytes raw = "d020 810301400182028182 390205dc 3c030201bb 3e0521c0a80001 3e0521c0a80009"_hex;
        const auto c = std::get<cat::OpenChannel>(cat::parse_proactive_command(raw));
        CHECK_FALSE(c.local_address);
        CHECK(cat::ip_string(*c.destination_address) == "192.168.0.1");
        REQUIRE(c.header.unknown_objects.size() == 1);
        CHECK(c.header.unknown_objects[0].value == "21c0a80009"_hex);
        CHECK_FALSE(c.header.has_unknown_required_objects());
        round_trip(c);
    }
    SECTION("two addresses before the transport level are an error at the second") {
        const Bytes raw = "d020 810301400182028182 390205dc 3e0521c0a80002 3e0521c0a80003 3c030201bb"_hex;
        CHECK_CODEC_ERROR(cat::parse_proactive_command(raw), "proactive command", 22);
    }
}

TEST_CASE("Every other command survives encode + parse", "[cat][proactive]") {
    SECTION("CLOSE CHANNEL, RECEIVE DATA, SEND DATA with alpha and icon") {
        cat::CloseChannel close;
        close.header = cat::command_header(cat::channel_device(3));
        close.alpha_identifier = Bytes{'B', 'y', 'e'};
        close.icon_identifier = "0102"_hex;
        round_trip(close);
        CHECK(cat::target_channel(close.header) == 3);
        cat::ReceiveData receive;
        receive.requested_length = 0xFF;
        receive.alpha_identifier = Bytes{};
        round_trip(receive);
        cat::SendData send;
        send.header.qualifier = 0; // store in the Tx buffer
        send.data = Bytes(200, 0xAB); // 36 81 C8
        CHECK_FALSE(send.send_immediately());
        const Bytes raw = round_trip(send);
        CHECK(raw[1] == 0x81); // D0 length above 127
        round_trip(cat::GetChannelStatus{});
    }
    SECTION("REFRESH with file list and AID") {
        cat::Refresh r;
        r.header.qualifier = static_cast<std::uint8_t>(cat::RefreshMode::FileChange);
        r.files = std::vector<Bytes>{"3f007fff6f07"_hex, "3f002fe2"_hex};
        r.aid = "a0000000871002ff33ffff8901010100"_hex;
        const Bytes raw = round_trip(r);
        CHECK(r.mode() == cat::RefreshMode::FileChange);
        // 92 0B 02 3F007FFF6F07 3F002FE2 (§8.18: number of files, then the paths).
        const Bytes file_list = "920b023f007fff6f073f002fe2"_hex;
        CHECK(std::search(raw.begin(), raw.end(), file_list.begin(), file_list.end()) != raw.end());
        cat::Refresh reset;
        reset.header.qualifier = static_cast<std::uint8_t>(cat::RefreshMode::UiccReset);
        CHECK(round_trip(reset) == "d009 810301010482028182"_hex);
        cat::Refresh bad;
        bad.files = std::vector<Bytes>{"7fff6f07"_hex};
        CHECK_THROWS_AS(cat::encode(bad), std::invalid_argument);
    }
    SECTION("POLLING OFF, SET UP EVENT LIST") {
        round_trip(cat::PollingOff{});
        cat::SetUpEventList events;
        events.events = {cat::Event::DataAvailable, cat::Event::ChannelStatus};
        CHECK(round_trip(events) == "d00d 810301050082028182 9902090a"_hex);
        events.events.clear(); // "remove the existing list"
        CHECK(round_trip(events) == "d00b 810301050082028182 9900"_hex);
    }
    SECTION("TIMER MANAGEMENT deactivate without value") {
        cat::TimerManagement t;
        t.header.qualifier = static_cast<std::uint8_t>(cat::TimerOperation::Deactivate);
        t.timer_id = 8;
        CHECK(round_trip(t) == "d00c 810301270182028182 a40108"_hex);
        CHECK(t.operation() == cat::TimerOperation::Deactivate);
        t.timer_id = 0;
        CHECK_THROWS_AS(cat::encode(t), std::invalid_argument);
    }
    SECTION("DISPLAY TEXT, 31.124-style: 8D 0F 04 'Toolkit Test 1'") {
        const Bytes raw = "d01a 8103012180 82028102 8d0f04546f6f6c6b69742054657374 2031"_hex;
        const auto d = std::get<cat::DisplayText>(cat::parse_proactive_command(raw));
        CHECK(d.header.qualifier == cat::qualifier::wait_for_user);
        CHECK(cat::text_to_utf8(d.text) == "Toolkit Test 1");
        CHECK(cat::encode(d) == raw);
        cat::DisplayText full = d;
        full.icon_identifier = "0001"_hex;
        full.immediate_response = true;
        full.duration = cat::Duration{cat::TimeUnit::Tenths, 5};
        round_trip(full);
    }
    SECTION("SEND SHORT MESSAGE with alpha, address and icon") {
        cat::SendShortMessage s;
        s.alpha_identifier = Bytes{'S', 'e', 'n', 'd', ' ', 'S', 'M'};
        s.address = cat::Address{0x91, "112233445566778"};
        s.tpdu = "0101"_hex;
        s.icon_identifier = "0001"_hex;
        const Bytes raw = round_trip(s);
        const Bytes address = "8609 91112233445566 77f8"_hex;
        CHECK(std::search(raw.begin(), raw.end(), address.begin(), address.end()) != raw.end());
    }
}

TEST_CASE("Unknown command types are kept and answered 'beyond terminal's capabilities'", "[cat][proactive]") {
    // PROVIDE LOCAL INFORMATION (26), IMEI: not modelled.
    const Bytes raw = "d00b 8103012601 82028182 7e00"_hex;
    const cat::ProactiveCommand parsed = cat::parse_proactive_command(raw);
    REQUIRE(std::holds_alternative<cat::UnknownCommand>(parsed));
    const auto& unknown = std::get<cat::UnknownCommand>(parsed);
    CHECK(unknown.type == cat::CommandType::ProvideLocalInformation);
    CHECK(unknown.header.qualifier == 0x01);
    REQUIRE(unknown.header.unknown_objects.size() == 1);
    CHECK(cat::comprehension_result(parsed) == cat::GeneralResult::BeyondTerminalCapabilities);
    CHECK(cat::encode(parsed) == raw);
    CHECK(cat::details_of(parsed) == cat::CommandDetails{1, cat::CommandType::ProvideLocalInformation, 0x01});
    const cat::TerminalResponse tr =
        cat::response_to(parsed, cat::Result::of(*cat::comprehension_result(parsed)));
    CHECK(cat::encode(tr) == "810301260182028281830130"_hex);
    // A type outside §9.4 as well.
    const auto odd = cat::parse_proactive_command("d009 8103029900 82028182"_hex);
    CHECK(std::get<cat::UnknownCommand>(odd).type == static_cast<cat::CommandType>(0x99));
    CHECK(cat::command_type_name(static_cast<cat::CommandType>(0x99)) == "unknown");
    CHECK(cat::command_type_name(cat::CommandType::OpenChannel) == "OPEN CHANNEL");
}

TEST_CASE("Objects with CR that the parser does not understand demand result 32", "[cat][proactive]") {
    SECTION("an unknown tag with CR") {
        const Bytes raw = "d00c 810301020082028182 fe0101"_hex;
        const cat::ProactiveCommand parsed = cat::parse_proactive_command(raw);
        REQUIRE(std::holds_alternative<cat::MoreTime>(parsed));
        CHECK(cat::header_of(parsed).has_unknown_required_objects());
        CHECK(cat::comprehension_result(parsed) == cat::GeneralResult::CommandDataNotUnderstood);
        CHECK(cat::encode(parsed) == raw);
    }
    SECTION("the same tag without CR is skipped") {
        const cat::ProactiveCommand parsed = cat::parse_proactive_command("d00c 810301020082028182 7e0101"_hex);
        CHECK_FALSE(cat::header_of(parsed).has_unknown_required_objects());
        CHECK(cat::header_of(parsed).unknown_objects.size() == 1);
        CHECK_FALSE(cat::comprehension_result(parsed).has_value());
    }
    SECTION("a 3-byte tag with CR") {
        const cat::ProactiveCommand parsed = cat::parse_proactive_command("d00d 810301020082028182 7f812300"_hex);
        CHECK(cat::comprehension_result(parsed) == cat::GeneralResult::CommandDataNotUnderstood);
        CHECK(cat::encode(parsed) == "d00d 810301020082028182 7f812300"_hex);
    }
    SECTION("CR is ignored when matching known tags: 35/B5, 39/B9 ...") {
        const Bytes raw = "d015 810301400182028182 b50103 b90205dc bc030201bb"_hex;
        const auto c = std::get<cat::OpenChannel>(cat::parse_proactive_command(raw));
        CHECK(c.bearer->type == cat::BearerType::Default);
        CHECK(c.buffer_size == 1500);
        CHECK(c.transport_level->port == 443);
        CHECK(c.header.unknown_objects.empty());
    }
}

TEST_CASE("Malformed FETCH responses are CodecErrors with the offset", "[cat][proactive]") {
    auto [raw, offset] = GENERATE(table<Bytes, std::size_t>({
        {""_hex, 0},                                   // empty
        {"d0"_hex, 1},                                 // no length
        {"d00a 810301020082028182"_hex, 1},            // D0 length past the end
        {"d009 810301020082028182 00"_hex, 11},        // trailing byte after D0
        {"d109 810301020082028182"_hex, 0},            // not D0
        {"d004 82028182"_hex, 6},                      // no command details: end of data
        {"d005 8103010200"_hex, 7},                    // no device identities: end of data
        {"d008 81020102 82028182"_hex, 6},             // command details of 2 bytes
        {"d00a 8104010200ff 82028182"_hex, 7},         // command details of 4 bytes
        {"d008 8103010200 820181"_hex, 10},            // device identities of 1 byte
        {"d009 810301430182028121"_hex, 11},           // SEND DATA without channel data
        {"d009 810301420082028121"_hex, 11},           // RECEIVE DATA without channel data length
        {"d00b 810301420082028121 b700"_hex, 13},      // channel data length empty
        {"d009 810301400182028182"_hex, 11},           // OPEN CHANNEL without buffer size
        {"d00c 810301400182028182 390105"_hex, 13},    // buffer size of 1 byte
        {"d00f 810301400182028182 390205dc 4700"_hex, 17}, // empty network access name
        {"d011 810301400182028182 390205dc 47020361"_hex, 18}, // label longer than the rest
        {"d012 810301400182028182 390205dc 3e0321c0a8"_hex, 18}, // IPv4 address of 2 bytes
        {"d010 810301400182028182 390205dc 3c0102"_hex, 18},  // transport level without port
        {"d009 810301030082028182"_hex, 11},           // POLL INTERVAL without duration
        {"d00d 810301030082028182 8402031e"_hex, 13},  // reserved time unit
        {"d009 810301270082028182"_hex, 11},           // TIMER MANAGEMENT without timer id
        {"d00c 810301270082028182 a40100"_hex, 13},    // timer id 0
        {"d011 810301270082028182 a40101 a503000a00"_hex, 17}, // timer value not BCD
        {"d009 810301130082028183"_hex, 11},           // SEND SHORT MESSAGE without TPDU
        {"d00d 810301130082028183 8600 8b00"_hex, 13}, // address without TON/NPI
        {"d009 810301210082028102"_hex, 11},           // DISPLAY TEXT without text
        {"d00f 810301210082028102 8d0104 ab0100"_hex, 14}, // immediate response with a value
        {"d009 810301050082028182"_hex, 11},           // SET UP EVENT LIST without event list
        {"d00d 810301010182028182 9202013f"_hex, 14}, // file list: half a file id
        {"d010 810301010182028182 9205017fff6f07"_hex, 14}, // file list: path not starting at 3F00
        {"d010 810301010182028182 9205023f006f07"_hex, 13}, // file list announces 2 files, holds 1
        {"d00b 810301020082028182 ff00"_hex, 11},      // tag byte FF
        {"d00d 810301020082028182 7f0000 00"_hex, 11}, // 3-byte tag value 0
        {"d00b 810301020082028182 3580"_hex, 12},      // indefinite length
    }));
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(cat::parse_proactive_command(raw), "proactive command", offset);
}

TEST_CASE("parse_command_details reads just enough to answer a rejected command", "[cat][proactive]") {
    const Bytes raw = "d009 810301430182028121"_hex; // SEND DATA without channel data
    CHECK_THROWS_AS(cat::parse_proactive_command(raw), CodecError);
    const cat::CommandDetails details = cat::parse_command_details(raw);
    CHECK(details == cat::CommandDetails{1, cat::CommandType::SendData, 0x01});
    CHECK_CODEC_ERROR(cat::parse_command_details("d004 82028182"_hex), "proactive command", 6);
}
