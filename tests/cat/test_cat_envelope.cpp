// SPDX-License-Identifier: Apache-2.0
// Tests for ENVELOPE (ETSI TS 102 223 §7.4-7.5, TS 31.111 §7.1.1; spec/cat.md §5-6): SMS-PP data download with the
// pySim packet, long BER lengths, timer expiration, other envelopes, and malformed input.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <variant>

#include <euicc/apdu/cat_envelope.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::literals;

namespace {

const Bytes pysim_tpdu = "400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f"
                         "262c41cf67f2f"_hex;

} // namespace

TEST_CASE("ENVELOPE SMS-PP download with the pySim 3DES packet", "[cat][envelope]") {
    const Bytes apdu = "80c2000044 d142 8202 8381 8604 91214365 8b36"
                       "400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f"
                       "262c41cf67f2f"_hex;
    cat::SmsPpDownload e;
    e.address = cat::Address{0x91, "123456"};
    e.tpdu = pysim_tpdu;
    REQUIRE(pysim_tpdu.size() == 0x36);
    CHECK(cat::envelope_apdu(cat::encode(e)).encode() == apdu);

    const auto command = apdu::CommandApdu::parse(apdu);
    CHECK(command.apdu_case() == 3); // ENVELOPE without Le, as the vector
    const cat::Envelope parsed = cat::parse_envelope(command.data());
    REQUIRE(std::holds_alternative<cat::SmsPpDownload>(parsed));
    const auto& sms = std::get<cat::SmsPpDownload>(parsed);
    CHECK(sms.devices == cat::DeviceIdentities{cat::device::network, cat::device::uicc});
    REQUIRE(sms.address);
    CHECK(sms.address->ton_npi == 0x91);
    CHECK(sms.address->digits == "123456");
    CHECK(sms.tpdu == pysim_tpdu);
    CHECK(sms == e);
}

TEST_CASE("ENVELOPE SMS-PP download without address, and with a 160-byte TPDU (81 xx lengths)", "[cat][envelope]") {
    SECTION("pySim envelope_sms: no address") {
        cat::SmsPpDownload e;
        e.tpdu = "0001"_hex;
        CHECK(cat::encode(e) == "d108 82028381 8b020001"_hex);
        CHECK(std::get<cat::SmsPpDownload>(cat::parse_envelope(cat::encode(e))) == e);
    }
    SECTION("long TPDU") {
        cat::SmsPpDownload e;
        e.tpdu = Bytes(160, 0x5A);
        const Bytes raw = cat::encode(e);
        // D1 81 A7 { 82 02 83 81, 8B 81 A0 <160 bytes> }
        REQUIRE(raw.size() == 3 + 4 + 3 + 160);
        CHECK(Bytes(raw.begin(), raw.begin() + 10) == "d181a7 82028381 8b81a0"_hex);
        CHECK(std::get<cat::SmsPpDownload>(cat::parse_envelope(raw)) == e);
        CHECK(cat::envelope_apdu(raw).encode().size() == 5 + raw.size());
    }
    SECTION("case 4 when the caller asks for response data") {
        CHECK(cat::envelope_apdu("d100"_hex, 256).encode() == "80c2000002d10000"_hex);
    }
    SECTION("C-APDU limits") {
        CHECK_THROWS_AS(cat::envelope_apdu({}), std::invalid_argument);
        CHECK_THROWS_AS(cat::envelope_apdu(Bytes(256, 0)), std::invalid_argument);
    }
}

TEST_CASE("ENVELOPE timer expiration", "[cat][envelope]") {
    cat::TimerExpiration e;
    e.timer_id = 1;
    e.value = std::chrono::minutes(10) + std::chrono::seconds(3);
    const Bytes raw = "d70c 82028281 a40101 a503000130"_hex;
    CHECK(cat::encode(e) == raw);
    const cat::Envelope parsed = cat::parse_envelope(raw);
    REQUIRE(std::holds_alternative<cat::TimerExpiration>(parsed));
    CHECK(std::get<cat::TimerExpiration>(parsed) == e);
    e.timer_id = 9;
    CHECK_THROWS_AS(cat::encode(e), std::invalid_argument);
}

TEST_CASE("ENVELOPE: other events and other envelopes are kept", "[cat][envelope]") {
    SECTION("event download of location status keeps its objects") {
        const Bytes raw = "d610 990103 82028281 9b0100 930420f11000"_hex;
        const cat::Envelope parsed = cat::parse_envelope(raw);
        REQUIRE(std::holds_alternative<cat::OtherEvent>(parsed));
        const auto& event = std::get<cat::OtherEvent>(parsed);
        CHECK(event.event == cat::Event::LocationStatus);
        REQUIRE(event.unknown_objects.size() == 2);
        CHECK(event.unknown_objects[0].tag == 0x1B);
        CHECK(event.unknown_objects[0].cr);
        CHECK(cat::encode(parsed) == raw);
    }
    SECTION("menu selection is an UnknownEnvelope") {
        const Bytes raw = "d307 82020181 900101"_hex;
        const cat::Envelope parsed = cat::parse_envelope(raw);
        REQUIRE(std::holds_alternative<cat::UnknownEnvelope>(parsed));
        CHECK(std::get<cat::UnknownEnvelope>(parsed).tag == 0xD3);
        CHECK(std::get<cat::UnknownEnvelope>(parsed).value == "82020181900101"_hex);
        CHECK(cat::encode(parsed) == raw);
    }
    SECTION("unknown objects in a data available event are kept and re-encoded after the known ones") {
        const Bytes raw = "d611 990109 82028281 7e0101 b8028100 b7012a"_hex;
        const auto e = std::get<cat::DataAvailableEvent>(cat::parse_envelope(raw));
        REQUIRE(e.unknown_objects.size() == 1);
        CHECK_FALSE(e.unknown_objects[0].cr);
        CHECK(cat::encode(e) == "d611 990109 82028281 b8028100 b7012a 7e0101"_hex);
    }
}

TEST_CASE("ENVELOPE: malformed input names the offset", "[cat][envelope]") {
    auto [raw, offset] = GENERATE(table<Bytes, std::size_t>({
        {""_hex, 0},                                   // nothing
        {"d1"_hex, 1},                                 // no length
        {"d105 82028381"_hex, 1},                      // length past the end
        {"d104 82028381 00"_hex, 6},                   // trailing byte
        {"d104 82028381"_hex, 6},                      // SMS-PP without TPDU: end of data
        {"d104 8b020001"_hex, 6},                      // SMS-PP without device identities
        {"d105 820183 8b00"_hex, 5},                   // device identities of 1 byte: truncated at value end
        {"d10a 82028381 8602910f 8b00"_hex, 9},        // F filler in the low nibble
        {"d60a 99020909 82028281 b800"_hex, 5},        // two events in one event list: trailing byte
        {"d609 990109 82028281 b800"_hex, 11},         // empty channel status
        {"d60b 990109 82028281 b8028100"_hex, 13},     // data available without channel data length
        {"d709 82028281 a40109 a500"_hex, 8},          // timer id 9
        {"d70b 82028281 a40101 a5020001"_hex, 13},     // timer value of 2 bytes
        {"d70c 82028281 a40101 a503000a00"_hex, 12},   // timer value minutes byte 0A: not BCD
        {"d70c 82028281 a40101 a503000006"_hex, 13},   // 60 seconds
        {"d605 00 0182 0281"_hex, 2},                  // tag byte 00
        {"0000"_hex, 0},                               // BER padding, not an envelope
        {"ff00"_hex, 0},
        {"df00"_hex, 0},                               // DF would need a second tag byte
    }));
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(cat::parse_envelope(raw), "ENVELOPE", offset);
}

TEST_CASE("ENVELOPE: an address with only TON/NPI is valid", "[cat][envelope]") {
    const auto e = std::get<cat::SmsPpDownload>(cat::parse_envelope("d109 82028381 860181 8b00"_hex));
    REQUIRE(e.address);
    CHECK(e.address->ton_npi == 0x81);
    CHECK(e.address->digits.empty());
    CHECK(e.tpdu.empty());
}
