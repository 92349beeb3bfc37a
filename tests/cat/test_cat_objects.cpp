// SPDX-License-Identifier: Apache-2.0
// Tests for the CAT simple objects (ETSI TS 102 223 §8): timer value, duration, addresses, network access name,
// device identities, text strings (TS 23.038) and result names.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/cat_result.hpp>
#include <euicc/apdu/cat_text.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;

TEST_CASE("Timer value: swapped BCD hh mm ss (§8.38)", "[cat][objects]") {
    auto [raw, value] = GENERATE(table<Bytes, std::chrono::seconds>({
        {"000130"_hex, 10min + 3s}, // spec/cat.md: 00 01 30 = 0 h 10 min 3 s
        {"001003"_hex, 1min + 30s}, // 1 min 30 s = 00 10 03
        {"000000"_hex, 0s},
        {"999595"_hex, 99h + 59min + 59s},
        {"100000"_hex, 1h},
        {"210000"_hex, 12h},
    }));
    CAPTURE(to_hex(raw));
    CHECK(cat::decode_timer_value(raw) == value);
    CHECK(cat::encode_timer_value(value) == raw);
}

TEST_CASE("Timer value limits and malformed bytes", "[cat][objects]") {
    CHECK_THROWS_AS(cat::encode_timer_value(100h), std::invalid_argument);
    CHECK_THROWS_AS(cat::encode_timer_value(-1s), std::invalid_argument);
    CHECK_CODEC_ERROR(cat::decode_timer_value("0001"_hex), "timer value", 2);
    CHECK_CODEC_ERROR(cat::decode_timer_value("00013000"_hex), "timer value", 3);
    CHECK_CODEC_ERROR(cat::decode_timer_value("0a0000"_hex), "timer value", 0); // nibble A
    CHECK_CODEC_ERROR(cat::decode_timer_value("000600"_hex), "timer value", 1); // 60 minutes
}

TEST_CASE("Duration <-> chrono (§8.8)", "[cat][objects]") {
    CHECK(cat::duration_from_chrono(30s) == cat::Duration{cat::TimeUnit::Seconds, 30});
    CHECK(cat::duration_from_chrono(255s) == cat::Duration{cat::TimeUnit::Seconds, 255});
    CHECK(cat::duration_from_chrono(10min) == cat::Duration{cat::TimeUnit::Minutes, 10});
    CHECK(cat::duration_from_chrono(1500ms) == cat::Duration{cat::TimeUnit::Tenths, 15});
    CHECK(cat::duration_from_chrono(255min) == cat::Duration{cat::TimeUnit::Minutes, 255});
    CHECK_THROWS_AS(cat::duration_from_chrono(0ms), std::invalid_argument);
    CHECK_THROWS_AS(cat::duration_from_chrono(50ms), std::invalid_argument);
    CHECK_THROWS_AS(cat::duration_from_chrono(256min), std::invalid_argument);
    CHECK_THROWS_AS(cat::duration_from_chrono(301s), std::invalid_argument); // 5 min 1 s: no exact unit
    CHECK(cat::duration_to_chrono({cat::TimeUnit::Minutes, 2}) == 120s);
    CHECK(cat::duration_to_chrono({cat::TimeUnit::Tenths, 3}) == 300ms);
}

TEST_CASE("Other address <-> IP text (§8.58)", "[cat][objects]") {
    const cat::OtherAddress v4 = cat::other_address_from_ip("10.0.0.254");
    CHECK(v4.type == cat::AddressType::Ipv4);
    CHECK(v4.address == "0a0000fe"_hex);
    CHECK(cat::ip_string(v4) == "10.0.0.254");
    const cat::OtherAddress v6 = cat::other_address_from_ip("fe80::1:2");
    CHECK(v6.type == cat::AddressType::Ipv6);
    CHECK(v6.address == "fe800000000000000000000000010002"_hex);
    CHECK(cat::ip_string(v6) == "fe80::1:2");
    CHECK_THROWS_AS(cat::other_address_from_ip("smsr.example.com"), std::invalid_argument);
    CHECK_THROWS_AS(cat::other_address_from_ip("300.1.1.1"), std::invalid_argument);
    CHECK_FALSE(cat::ip_string(cat::OtherAddress{cat::AddressType::Ipv4, {}}));
    CHECK_FALSE(cat::ip_string(cat::OtherAddress{cat::AddressType::Ipv6, "0a000001"_hex}));
}

TEST_CASE("Address: TON/NPI + swapped BCD (§8.1)", "[cat][objects]") {
    auto [raw, ton_npi, digits] = GENERATE(table<Bytes, std::uint8_t, std::string>({
        {"91214365"_hex, 0x91, "123456"},
        {"912143f5"_hex, 0x91, "12345"},
        {"81"_hex, 0x81, ""},
        {"81ba"_hex, 0x81, "*#"},
        {"91dc0e"_hex, 0x91, "cde0"},
    }));
    CAPTURE(to_hex(raw));
    const cat::Address a = cat::decode_address(raw);
    CHECK(a.ton_npi == ton_npi);
    CHECK(a.digits == digits);
    CHECK(cat::encode_address(a) == raw);
    CHECK_THROWS_AS(cat::encode_address(cat::Address{0x91, "12x"}), std::invalid_argument);
    CHECK_CODEC_ERROR(cat::decode_address({}), "address", 0);
    CHECK_CODEC_ERROR(cat::decode_address("91f121"_hex), "address", 1); // filler inside
    CHECK_CODEC_ERROR(cat::decode_address("911f"_hex), "address", 1);   // filler in the low nibble
}

TEST_CASE("Network access name: DNS labels (§8.61, TS 23.003 §9.1)", "[cat][objects]") {
    CHECK(cat::encode_network_access_name("internet") == "08696e7465726e6574"_hex);
    CHECK(cat::decode_network_access_name("08696e7465726e6574"_hex) == "internet");
    CHECK(cat::encode_network_access_name("a.bc") == "0161026263"_hex);
    CHECK(cat::decode_network_access_name("0161026263"_hex) == "a.bc");
    CHECK_THROWS_AS(cat::encode_network_access_name(""), std::invalid_argument);
    CHECK_THROWS_AS(cat::encode_network_access_name("a..b"), std::invalid_argument);
    CHECK_THROWS_AS(cat::encode_network_access_name(std::string(64, 'x')), std::invalid_argument);
    CHECK_CODEC_ERROR(cat::decode_network_access_name({}), "network access name", 0);
    CHECK_CODEC_ERROR(cat::decode_network_access_name("0161 00"_hex), "network access name", 2);
    CHECK_CODEC_ERROR(cat::decode_network_access_name("03612e62"_hex), "network access name", 0);
    CHECK_CODEC_ERROR(cat::decode_network_access_name("0561"_hex), "network access name", 1);
}

TEST_CASE("Channel device identities 21..27 (§8.7)", "[cat][objects]") {
    CHECK(cat::channel_device(1) == 0x21);
    CHECK(cat::channel_device(7) == 0x27);
    CHECK_THROWS_AS(cat::channel_device(0), std::invalid_argument);
    CHECK_THROWS_AS(cat::channel_device(8), std::invalid_argument);
    CHECK(cat::channel_of_device(0x23) == 3);
    CHECK_FALSE(cat::channel_of_device(0x20));
    CHECK_FALSE(cat::channel_of_device(0x28));
    CHECK_FALSE(cat::channel_of_device(cat::device::terminal));
}

TEST_CASE("Text strings in the three CAT codings (§8.15, TS 23.038)", "[cat][text]") {
    SECTION("8-bit default alphabet") {
        CHECK(cat::text_to_utf8({cat::dcs::gsm8, "546f6f6c6b6974"_hex}) == "Toolkit");
        // @ £ $ and the escape to € (1B 65), Ä at 5B.
        CHECK(cat::text_to_utf8({cat::dcs::gsm8, "0001021b655b"_hex}) == "@£$€Ä");
        CHECK(cat::text_from_utf8("@£$€Ä", cat::dcs::gsm8).data == "0001021b655b"_hex);
        CHECK_FALSE(cat::text_to_utf8({cat::dcs::gsm8, "80"_hex}));   // not a septet
        CHECK_FALSE(cat::text_to_utf8({cat::dcs::gsm8, "411b"_hex})); // escape at the end
        CHECK(cat::text_to_utf8({cat::dcs::gsm8, "1b41"_hex}) == "A"); // unknown extension -> default table
    }
    SECTION("7-bit packed") {
        CHECK(cat::text_from_utf8("Test", cat::dcs::gsm7_packed).data == "d4f29c0e"_hex);
        CHECK(cat::text_to_utf8({cat::dcs::gsm7_packed, "d4f29c0e"_hex}) == "Test");
        // 7 characters leave 7 spare bits: filled with CR (0D << 1 = 1A), which the decoder drops.
        const cat::TextString seven = cat::text_from_utf8("1234567", cat::dcs::gsm7_packed);
        REQUIRE(seven.data.size() == 7);
        CHECK(seven.data.back() >> 1 == 0x0D);
        CHECK(cat::text_to_utf8(seven) == "1234567");
        const cat::TextString eight = cat::text_from_utf8("12345678", cat::dcs::gsm7_packed);
        CHECK(eight.data.size() == 7);
        CHECK(cat::text_to_utf8(eight) == "12345678");
    }
    SECTION("UCS2") {
        // TS 31.124 DISPLAY TEXT: "ЗДРАВСТВУЙТЕ".
        const Bytes russian = "041704140420041004120421042204120423041904220415"_hex;
        CHECK(cat::text_to_utf8({cat::dcs::ucs2, russian}) == "ЗДРАВСТВУЙТЕ");
        CHECK(cat::text_from_utf8("ЗДРАВСТВУЙТЕ", cat::dcs::ucs2).data == russian);
        CHECK(cat::text_from_utf8("\xF0\x9F\x93\xB6", cat::dcs::ucs2).data == "d83ddcf6"_hex); // U+1F4F6 pair
        CHECK(cat::text_to_utf8({cat::dcs::ucs2, "d83ddcf6"_hex}) == "\xF0\x9F\x93\xB6");
        CHECK_FALSE(cat::text_to_utf8({cat::dcs::ucs2, "0041 00"_hex}));  // odd length
        CHECK_FALSE(cat::text_to_utf8({cat::dcs::ucs2, "d83d0041"_hex})); // lone high surrogate
        CHECK_FALSE(cat::text_to_utf8({cat::dcs::ucs2, "dcf6"_hex}));     // lone low surrogate
    }
    SECTION("what cannot be converted") {
        CHECK_FALSE(cat::text_to_utf8({0xF4, "41"_hex})); // class 0 8-bit data: not a text coding here
        CHECK_THROWS_AS(cat::text_from_utf8("\xE4\xB8\xAD", cat::dcs::gsm8), std::invalid_argument); // 中
        CHECK_THROWS_AS(cat::text_from_utf8("\xC3", cat::dcs::ucs2), std::invalid_argument);         // truncated
        CHECK_THROWS_AS(cat::text_from_utf8("\xC0\x80", cat::dcs::ucs2), std::invalid_argument);     // overlong
        CHECK_THROWS_AS(cat::text_from_utf8("x", 0x04 | 0xF0), std::invalid_argument);
    }
}

TEST_CASE("Result codes: classes, factories and names (§8.12)", "[cat][result]") {
    CHECK(cat::is_performed(cat::GeneralResult::PerformedWithModification));
    CHECK(cat::is_performed(cat::GeneralResult::NoResponseFromUser));
    CHECK(cat::is_temporary_problem(cat::GeneralResult::TerminalUnableToProcess));
    CHECK(cat::is_permanent_problem(cat::GeneralResult::BearerIndependentProtocolError));
    CHECK_FALSE(cat::is_permanent_problem(cat::GeneralResult::ContradictionWithTimerState));
    const cat::Result bip = cat::Result::bip_error(cat::BipError::RemoteDeviceNotReachable);
    CHECK(bip.general == cat::GeneralResult::BearerIndependentProtocolError);
    CHECK(bip.additional_info == "07"_hex);
    CHECK(cat::general_result_name(cat::GeneralResult::BeyondTerminalCapabilities) ==
          "command beyond terminal's capabilities");
    CHECK(cat::bip_error_name(cat::BipError::ChannelClosed) == "channel closed");
    CHECK(cat::terminal_problem_name(cat::TerminalProblem::NoService) == "no service");
    CHECK(cat::general_result_name(static_cast<cat::GeneralResult>(0x3F)) == "unknown");
    CHECK(cat::event_name(cat::Event::DataAvailable) == "data available");
    CHECK(cat::bearer_type_name(cat::BearerType::Default) == "default bearer");
    CHECK(cat::transport_protocol_name(cat::TransportProtocol::TcpClientRemote) ==
          "TCP, UICC in client mode, remote connection");
}
