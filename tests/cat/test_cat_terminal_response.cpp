// SPDX-License-Identifier: Apache-2.0
// Tests for TERMINAL RESPONSE (ETSI TS 102 223 §6.8, §8.12): building answers to fetched commands, BIP errors,
// round trips of every response object, and malformed responses.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/cat_terminal_response.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::literals;

TEST_CASE("TERMINAL RESPONSE echoes the command details and swaps to terminal -> UICC", "[cat][terminal_response]") {
    const auto send = cat::parse_proactive_command("d010 810302430182028121 b605160303004c"_hex);
    const cat::TerminalResponse tr = cat::response_to(send, cat::Result::bip_error(cat::BipError::ChannelClosed));
    CHECK(tr.details == cat::CommandDetails{2, cat::CommandType::SendData, 0x01});
    CHECK(tr.devices == cat::DeviceIdentities{cat::device::terminal, cat::device::uicc});
    const auto apdu = cat::terminal_response_apdu(tr);
    CHECK(apdu.encode() == "801400000d 810302430182028281 83023a02"_hex);
    CHECK(apdu.apdu_case() == 3);
}

TEST_CASE("TERMINAL RESPONSE: OPEN CHANNEL with a modified buffer and an allocated local address",
          "[cat][terminal_response]") {
    cat::TerminalResponse tr;
    tr.details = cat::CommandDetails{1, cat::CommandType::OpenChannel, 0x03};
    tr.result = cat::Result::of(cat::GeneralResult::PerformedWithModification);
    tr.channel_statuses = {cat::ChannelStatus{2, true, 0, 0}};
    tr.bearer = cat::BearerDescription{cat::BearerType::Gprs, "030403041f02"_hex};
    tr.buffer_size = 1000;
    tr.local_address = cat::other_address_from_ip("10.1.2.3");
    const Bytes raw = "810301400382028281830107 38028200 3507 02030403041f02 390203e8 3e05210a010203"_hex;
    CHECK(cat::encode(tr) == raw);
    CHECK(cat::parse_terminal_response(raw) == tr);
}

TEST_CASE("TERMINAL RESPONSE: every object and unknown ones survive encode + parse", "[cat][terminal_response]") {
    cat::TerminalResponse tr;
    tr.details = cat::CommandDetails{9, cat::CommandType::GetChannelStatus, 0};
    tr.result = cat::Result{cat::GeneralResult::MissingInformation, "01"_hex};
    tr.channel_data = Bytes(130, 0x11); // 36 81 82
    tr.channel_data_length = 0;
    tr.channel_statuses = {cat::ChannelStatus{1, true, 0, 0}, cat::ChannelStatus{2, false, 5, 0},
                           cat::ChannelStatus{3, false, 0, 0x40}};
    tr.bearer = cat::BearerDescription{cat::BearerType::Eutran, "0900"_hex};
    tr.buffer_size = 65535;
    tr.local_address = cat::other_address_from_ip("::1");
    tr.duration = cat::Duration{cat::TimeUnit::Tenths, 1};
    tr.timer_id = 8;
    tr.timer_value = std::chrono::hours(99);
    tr.unknown_objects = {ctlv::Tlv{0x7E, true, "00"_hex, false}, ctlv::Tlv{0x0123, false, {}, true}};
    const Bytes raw = cat::encode(tr);
    CHECK(cat::parse_terminal_response(raw) == tr);
    CHECK(cat::parse_terminal_response(cat::terminal_response_apdu(tr).data()) == tr);
    tr.timer_id = 0;
    CHECK_THROWS_AS(cat::encode(tr), std::invalid_argument);
}

TEST_CASE("TERMINAL RESPONSE: malformed data names the offset", "[cat][terminal_response]") {
    auto [raw, offset] = GENERATE(table<Bytes, std::size_t>({
        {""_hex, 0},                                     // nothing at all: no command details
        {"82028281830100"_hex, 7},                       // no command details
        {"810301400183 0100"_hex, 8},                    // no device identities
        {"810301400182028281"_hex, 9},                   // no result
        {"8103014001820282818300"_hex, 11},              // empty result
        {"810301400182028281830100 3801 81"_hex, 15},    // channel status of 1 byte
        {"810301400182028281830100 390105"_hex, 14},     // buffer size of 1 byte
        {"810301270282028281830100 a40109"_hex, 14},     // timer id 9
        {"810301270282028281830100 a5030000a0"_hex, 16}, // seconds byte A0: units nibble A
        {"810301400182028281830100 3e0221ff"_hex, 15},   // IPv4 address of 1 byte
        {"810301400182028281830100 8000"_hex, 12},       // tag byte 80
    }));
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(cat::parse_terminal_response(raw), "TERMINAL RESPONSE", offset);
}
