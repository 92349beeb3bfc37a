// SPDX-License-Identifier: Apache-2.0
// Tests for SMS-DELIVER, SMS-SUBMIT, SMS-DELIVER-REPORT per 3GPP TS 23.040 §9.2.2 (spec/sms.md vectors + negatives).
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/error.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::sms;
using namespace euicc::literals;

namespace {

// The corrected pySim OTA SMS-DELIVER (spec/sms.md: case 3DES-SJA5-CIPHERED-CC with TP-UDL 0x25).
const Bytes ota_deliver = "400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbf"
                          "e12e4dc402f262c41cf67f2f"_hex;
const Bytes ota_command_packet = "00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f"_hex;

// PoR SMS-SUBMIT (spec/sms.md §5, decoded by tshark): UD = 02 71 00 + the plain pySim PoR.
const Bytes por_submit = "41000a9121436587097ff613027100000e0ab0001100000000000000016132"_hex;
const Bytes por_response_packet = "000e0ab0001100000000000000016132"_hex;

// pySim test_sms.py Test_SUBMIT: relative VP, UDH with 16-bit ports and a concatenation IE, 140-octet UD.
const Bytes vcard_submit =
    "550d0b911614261771f000f5a78c0b050423f423f40003010201424547494e3a56434152440d0a56455253494f4e3a322e310d0a4e3a4d"
    "650d0a54454c3b505245463b43454c4c3b564f4943453a2b36313431363237313137300d0a54454c3b484f4d453b564f4943453a2b3631"
    "3339353337303437310d0a54454c3b574f524b3b564f4943453a2b36313339363734373031350d0a454e443a"_hex;

Bytes with(Bytes raw, std::size_t index, std::uint8_t value) {
    raw.at(index) = value;
    return raw;
}

Bytes concat(Bytes a, const Bytes& b) {
    append(a, b);
    return a;
}

} // namespace

TEST_CASE("SMS-DELIVER: pySim vector with alphanumeric OA 'ekit'", "[sms][deliver]") {
    const Bytes raw = "0408D0E5759A0E7FF6907090307513000824010101BB400101"_hex;
    const Deliver d = Deliver::decode(raw);
    CHECK_FALSE(d.reply_path);
    CHECK_FALSE(d.status_report_indication);
    CHECK_FALSE(d.loop_prevention);
    CHECK_FALSE(d.more_messages_waiting); // TP-MMS = 1: no more messages
    CHECK(d.originator == Address::alphanumeric("ekit"));
    CHECK(d.pid == pid::usim_data_download);
    CHECK(d.dcs == dcs::class2_8bit);
    CHECK(d.service_centre_time == Timestamp{9, 7, 9, 3, 57, 31, 0});
    CHECK_FALSE(d.user_data.header);
    CHECK(d.user_data.body == "24010101BB400101"_hex);
    CHECK(d.encode() == raw);
}

TEST_CASE("SMS-DELIVER: the corrected pySim OTA vector (UDL 0x25) carries a command packet", "[sms][deliver]") {
    const Deliver d = Deliver::decode(ota_deliver);
    CHECK(d.more_messages_waiting); // first octet 40: TP-MMS = 0
    CHECK(d.originator == (Address{Ton::Unknown, Npi::IsdnTelephone, "12345678"}));
    CHECK(d.pid == 0x7F);
    CHECK(d.dcs == 0xF6);
    CHECK(d.service_centre_time == Timestamp{22, 7, 25, 0, 0, 0, 0});
    REQUIRE(d.user_data.header);
    CHECK(d.user_data.header->command_packet());
    CHECK(d.user_data.header->elements.size() == 1);
    CHECK(d.user_data.body == ota_command_packet);
    CHECK(d.encode() == ota_deliver);

    // Built from parts: make_sms_pp_deliver + the 02 70 00 header.
    Deliver built = make_sms_pp_deliver(d.originator, d.service_centre_time,
                                        UserData{Udh{{{iei::command_packet, {}}}}, ota_command_packet});
    built.more_messages_waiting = true;
    CHECK(built == d);
    CHECK(built.encode() == ota_deliver);
}

TEST_CASE("SMS-DELIVER: the public vector with TP-UDL 03 is rejected (its UD is 37 octets)", "[sms][deliver]") {
    // pySim test_ota.py builds this TPDU with tp_udl=3 by hand (spec/sms.md "BUG in that public vector").
    const Bytes buggy = with(ota_deliver, 16, 0x03);
    // UDL 3 covers 02 70 00; the command packet that follows is trailing data, first byte at offset 20.
    CHECK_CODEC_ERROR(Deliver::decode(buggy), "SMS-DELIVER", 20);
}

TEST_CASE("SMS-DELIVER: GSM 7-bit text, with and without a UDH", "[sms][deliver][gsm7]") {
    SECTION("'hellohello' (tshark: subscriber/national OA, GMT+2)") {
        const Bytes raw = "040BC87238880900F10000993092516195800AE8329BFD4697D9EC37"_hex;
        const Deliver d = Deliver::decode(raw);
        CHECK(d.originator == (Address{Ton::Subscriber, Npi::National, "27838890001"}));
        CHECK(d.service_centre_time.utc_offset_quarters == 8);
        CHECK(d.user_data.body.size() == 10); // septets
        CHECK(d.user_data.text(d.dcs) == "hellohello");
        CHECK(d.encode() == raw);
    }
    SECTION("'hi' after a concatenation UDH: one fill bit (tshark: UDHL 5, fill bits 0, text 'hi')") {
        const Bytes raw = "440A91214365870900002270520000000009050003CC0201D069"_hex;
        const Deliver d = Deliver::decode(raw);
        REQUIRE(d.user_data.header);
        CHECK(*d.user_data.header->concatenation() == Concatenation{0xCC, false, 2, 1});
        CHECK(d.user_data.text(d.dcs) == "hi");
        CHECK(d.encode() == raw);
        Deliver built;
        built.originator = Address::international("1234567890");
        built.service_centre_time = Timestamp{22, 7, 25, 0, 0, 0, 0};
        built.user_data = UserData::gsm7_text("hi");
        built.user_data.header = Udh{{Concatenation{0xCC, false, 2, 1}.to_element()}};
        CHECK(built.encode() == raw);
    }
    SECTION("UCS2 text") {
        Deliver d;
        d.dcs = 0x08;
        d.user_data.body = "00480069D83DDE00"_hex;
        CHECK(Deliver::decode(d.encode()).user_data.text(0x08) == "Hi\xF0\x9F\x98\x80");
        CHECK_THROWS_AS(d.user_data.text(dcs::class2_8bit), std::invalid_argument);
    }
}

TEST_CASE("SMS-DELIVER: every first-octet flag round-trips", "[sms][deliver]") {
    Deliver d;
    d.originator = Address::international("4912345");
    d.user_data.body = "CAFE"_hex;
    d.dcs = dcs::class2_8bit_general;
    auto [rp, sri, lp, mms, first] = GENERATE(table<bool, bool, bool, bool, std::uint8_t>({
        {false, false, false, false, 0x04},
        {true, false, false, false, 0x84},
        {false, true, false, false, 0x24},
        {false, false, true, false, 0x0C},
        {false, false, false, true, 0x00},
        {true, true, true, true, 0xA8},
    }));
    d.reply_path = rp;
    d.status_report_indication = sri;
    d.loop_prevention = lp;
    d.more_messages_waiting = mms;
    const Bytes raw = d.encode();
    CHECK(raw[0] == first);
    CHECK(Deliver::decode(raw) == d);
}

TEST_CASE("SMS-SUBMIT: PoR by SEND SHORT MESSAGE (spec/sms.md §5)", "[sms][submit]") {
    const Submit s = Submit::decode(por_submit);
    CHECK_FALSE(s.reject_duplicates);
    CHECK_FALSE(s.status_report_request);
    CHECK_FALSE(s.reply_path);
    CHECK(s.message_reference == 0);
    CHECK(s.destination == Address::international("1234567890"));
    CHECK(s.pid == pid::usim_data_download);
    CHECK(s.dcs == dcs::class2_8bit);
    CHECK(std::holds_alternative<std::monostate>(s.validity));
    REQUIRE(s.user_data.header);
    CHECK(s.user_data.header->response_packet());
    CHECK(s.user_data.body == por_response_packet);
    CHECK(s.encode() == por_submit);
}

TEST_CASE("SMS-SUBMIT: pySim vector with relative VP and a concatenation IE", "[sms][submit]") {
    REQUIRE(vcard_submit.size() == 154);
    const Submit s = Submit::decode(vcard_submit);
    CHECK(s.reject_duplicates);
    CHECK_FALSE(s.reply_path);
    CHECK_FALSE(s.status_report_request);
    CHECK(s.message_reference == 0x0D);
    CHECK(s.destination == Address::international("61416271170"));
    CHECK(s.pid == 0x00);
    CHECK(s.dcs == 0xF5);
    REQUIRE(std::holds_alternative<RelativeValidity>(s.validity));
    CHECK(std::get<RelativeValidity>(s.validity).value == 0xA7);
    REQUIRE(s.user_data.header);
    CHECK(s.user_data.header->find(iei::port_16bit)->data == "23f423f4"_hex);
    CHECK(*s.user_data.header->concatenation() == Concatenation{1, false, 2, 1});
    CHECK(s.user_data.body.size() == 140 - 12);
    CHECK(std::string(s.user_data.body.begin(), s.user_data.body.begin() + 11) == "BEGIN:VCARD");
    CHECK(s.encode() == vcard_submit);
}

TEST_CASE("SMS-SUBMIT: absolute and enhanced validity periods, SRR and RP", "[sms][submit]") {
    SECTION("absolute VP (tshark: 2022-07-25 01:23:45 GMT+2, text 'hello')") {
        const Bytes raw = "19050A91214365870900002270521032548005E8329BFD06"_hex;
        const Submit s = Submit::decode(raw);
        REQUIRE(std::holds_alternative<Timestamp>(s.validity));
        CHECK(std::get<Timestamp>(s.validity) == Timestamp{22, 7, 25, 1, 23, 45, 8});
        CHECK(s.user_data.text(s.dcs) == "hello");
        CHECK(s.encode() == raw);
    }
    SECTION("enhanced VP: seven octets kept as sent (TS 23.040 §9.2.3.12.3)") {
        const Bytes raw = "09050A912143658709000001A7000000000005E8329BFD06"_hex;
        const Submit s = Submit::decode(raw);
        REQUIRE(std::holds_alternative<EnhancedValidity>(s.validity));
        CHECK(std::get<EnhancedValidity>(s.validity).octets == std::array<std::uint8_t, 7>{1, 0xA7, 0, 0, 0, 0, 0});
        CHECK(s.encode() == raw);
    }
    SECTION("flags") {
        Submit s;
        s.reply_path = true;
        s.status_report_request = true;
        s.reject_duplicates = true;
        s.destination = Address::international("1");
        s.validity = RelativeValidity{0x0B};
        const Bytes raw = s.encode();
        CHECK(raw[0] == 0xB5);
        CHECK(Submit::decode(raw) == s);
    }
}

TEST_CASE("SMS-DELIVER-REPORT: RP-ACK with a PoR and RP-ERROR with TP-FCS (tshark-checked)", "[sms][report]") {
    SECTION("RP-ACK carrying the PoR: UDHI, PI 07, PID 7F, DCS F6") {
        const Bytes raw = "40077FF613027100000E0AB0001100000000000000016132"_hex;
        const DeliverReport r = DeliverReport::decode(raw, DeliverReport::Kind::Ack);
        CHECK(r.kind() == DeliverReport::Kind::Ack);
        CHECK_FALSE(r.failure_cause);
        CHECK(r.pid == pid::usim_data_download);
        CHECK(r.dcs == dcs::class2_8bit);
        REQUIRE(r.user_data);
        CHECK(r.user_data->header->response_packet());
        CHECK(r.user_data->body == por_response_packet);
        CHECK(r.encode() == raw);
    }
    SECTION("RP-ERROR: (U)SIM data download error, nothing else") {
        const Bytes raw = "00D500"_hex;
        const DeliverReport r = DeliverReport::decode(raw, DeliverReport::Kind::Error);
        CHECK(r.kind() == DeliverReport::Kind::Error);
        CHECK(r.failure_cause == fcs::usim_data_download_error);
        CHECK_FALSE(r.pid);
        CHECK_FALSE(r.dcs);
        CHECK_FALSE(r.user_data);
        CHECK(r.encode() == raw);
    }
    SECTION("RP-ERROR with a PoR and only the UDL present (UD read with DCS 00 = septets)") {
        DeliverReport r;
        r.failure_cause = fcs::usat_busy;
        r.user_data = UserData::gsm7_text("busy");
        const Bytes raw = r.encode();
        CHECK(raw == "00D40404E2FA3C0F"_hex);
        CHECK(DeliverReport::decode(raw, DeliverReport::Kind::Error) == r);
    }
    SECTION("the same bytes read as the other RP message type differ") {
        CHECK(DeliverReport::decode("00D500"_hex, DeliverReport::Kind::Error).failure_cause == 0xD5);
        // As RP-ACK, D5 is the TP-PI: reserved and extension bits set.
        CHECK_CODEC_ERROR(DeliverReport::decode("00D500"_hex, DeliverReport::Kind::Ack), "SMS-DELIVER-REPORT", 1);
    }
}

TEST_CASE("SMS-DELIVER: strict decoding errors carry the offset", "[sms][deliver][negative]") {
    SECTION("TP-MTI of an SMS-SUBMIT") {
        CHECK_CODEC_ERROR(Deliver::decode(por_submit), "SMS-DELIVER", 0);
    }
    SECTION("unused bit 5 set") {
        CHECK_CODEC_ERROR(Deliver::decode(with(ota_deliver, 0, 0x50)), "SMS-DELIVER", 0);
    }
    SECTION("UDL larger than the data") {
        CHECK_CODEC_ERROR(Deliver::decode(with(ota_deliver, 16, 0x26)), "SMS-DELIVER", 16);
    }
    SECTION("UDL above 140 octets") {
        Bytes raw(ota_deliver.begin(), ota_deliver.begin() + 17);
        raw[16] = 141;
        append(raw, Bytes(141, 0x00));
        CHECK_CODEC_ERROR(Deliver::decode(raw), "SMS-DELIVER", 16);
    }
    SECTION("UDHL past the UD") {
        const Bytes raw = concat(Bytes(ota_deliver.begin(), ota_deliver.begin() + 16), "020370"_hex);
        CHECK_CODEC_ERROR(Deliver::decode(raw), "SMS-DELIVER", 17);
    }
    SECTION("IEDL past the UDHL inside the TPDU") {
        const Bytes raw = concat(Bytes(ota_deliver.begin(), ota_deliver.begin() + 16), "0402700100AA"_hex);
        CHECK_CODEC_ERROR(Deliver::decode(raw), "SMS-DELIVER", 19);
    }
    SECTION("UDHI set with an empty UD") {
        const Bytes raw = concat(Bytes(ota_deliver.begin(), ota_deliver.begin() + 16), "00"_hex);
        CHECK_CODEC_ERROR(Deliver::decode(raw), "SMS-DELIVER", 16);
    }
    SECTION("7-bit: UDL above 160 septets, and shorter than its header") {
        Bytes raw = "04009100002270520000000000"_hex; // empty international OA, DCS 00, UDL at 12
        raw.back() = 161;
        append(raw, Bytes(141, 0x00));
        CHECK_CODEC_ERROR(Deliver::decode(raw), "SMS-DELIVER", 12);
        // 6 septets span the 6 header octets, but the header takes 7 septets with its fill bit.
        const Bytes short_udl = "44009100002270520000000006050003CC0201"_hex;
        CHECK_CODEC_ERROR(Deliver::decode(short_udl), "SMS-DELIVER", 12);
    }
    SECTION("truncations and bad fields") {
        CHECK_CODEC_ERROR(Deliver::decode(Bytes{}), "SMS-DELIVER", 0);
        CHECK_CODEC_ERROR(Deliver::decode("0408D0E575"_hex), "SMS-DELIVER", 3);
        CHECK_CODEC_ERROR(Deliver::decode(with(ota_deliver, 10, 0x1A)), "SMS-DELIVER", 10); // SCTS not BCD
        CHECK_CODEC_ERROR(Deliver::decode(with(ota_deliver, 2, 0x01)), "SMS-DELIVER", 2);   // TOA bit 8
        CHECK_CODEC_ERROR(Deliver::decode(Bytes(ota_deliver.begin(), ota_deliver.end() - 1)), "SMS-DELIVER", 16);
    }
}

TEST_CASE("SMS-SUBMIT and SMS-DELIVER-REPORT: strict decoding errors", "[sms][submit][report][negative]") {
    CHECK_CODEC_ERROR(Submit::decode(ota_deliver), "SMS-SUBMIT", 0);
    CHECK_CODEC_ERROR(Submit::decode(concat(por_submit, "00"_hex)), "SMS-SUBMIT", 31);
    CHECK_CODEC_ERROR(Submit::decode("19050A9121436587090000227052"_hex), "SMS-SUBMIT", 14); // absolute VP cut
    CHECK_CODEC_ERROR(Submit::decode("11050A9121436587090000"_hex), "SMS-SUBMIT", 11);       // relative VP missing
    CHECK_CODEC_ERROR(DeliverReport::decode("0100"_hex, DeliverReport::Kind::Ack), "SMS-DELIVER-REPORT", 0);
    CHECK_CODEC_ERROR(DeliverReport::decode("0800"_hex, DeliverReport::Kind::Ack), "SMS-DELIVER-REPORT", 0);
    CHECK_CODEC_ERROR(DeliverReport::decode("4003 7FF6"_hex, DeliverReport::Kind::Ack), "SMS-DELIVER-REPORT", 0);
    CHECK_CODEC_ERROR(DeliverReport::decode("00"_hex, DeliverReport::Kind::Error), "SMS-DELIVER-REPORT", 1);
    CHECK_CODEC_ERROR(DeliverReport::decode("0004F6"_hex, DeliverReport::Kind::Ack), "SMS-DELIVER-REPORT", 2);
    CHECK_CODEC_ERROR(DeliverReport::decode("00007F"_hex, DeliverReport::Kind::Ack), "SMS-DELIVER-REPORT", 2);
}

TEST_CASE("SMS encoding rejects user data over 140 octets / 160 septets", "[sms][negative]") {
    Deliver d;
    d.dcs = dcs::class2_8bit;
    d.user_data.body = Bytes(140, 0xAB);
    CHECK(Deliver::decode(d.encode()) == d);
    d.user_data.body.push_back(0xAB);
    CHECK_THROWS_AS(d.encode(), std::invalid_argument);
    d.user_data.body.resize(137);
    d.user_data.header = Udh{{{iei::command_packet, {}}}};
    CHECK(Deliver::decode(d.encode()) == d);
    d.user_data.body.push_back(0);
    CHECK_THROWS_AS(d.encode(), std::invalid_argument);

    Submit s;
    s.user_data.body = Bytes(160, 0x41);
    CHECK(Submit::decode(s.encode()) == s);
    s.user_data.body.push_back(0x41);
    CHECK_THROWS_AS(s.encode(), std::invalid_argument);
    s.user_data.body = {0x80};
    CHECK_THROWS_AS(s.encode(), std::invalid_argument);
}
