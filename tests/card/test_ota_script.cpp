// SPDX-License-Identifier: Apache-2.0
// Remote command scripts (ETSI TS 102 226 §5) sent to the virtual eUICC's ISD-R over SMS-PP (TS 31.111 §7.1.1) in
// SCP80 packets (TS 102 225), and the PoR coming back in the ENVELOPE response or by SEND SHORT MESSAGE.
#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include <euicc/apdu/remote_script.hpp>

#include "card_test_util.hpp"
#include "ota_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::default_eid;
using card::test::isd_r_header;
using card::test::por_of;
using card::test::send;
using card::test::send_secured;

namespace {

const std::string select_ecasd = std::string("00A4040C10") + card::test::ecasd_aid; // case 3, no FCI
const std::string select_isd_r_fci = std::string("00A4040010") + card::test::isd_r_aid + "00";
const std::string get_eid = "80CA005A00"; // proprietary class: the whole TLV comes back
const std::string eid_tlv = std::string("5A10") + default_eid;

Bytes hex(const std::string& text) {
    return from_hex(text);
}

} // namespace

TEST_CASE("a compact script runs on the ISD-R and its compact response comes back in the PoR",
          "[card][ota]") {
    card::VirtualEuicc card({});
    const auto header = isd_r_header(1);

    SECTION("every command succeeds: two executed, the last one's SW and data") {
        const auto answer = send_secured(card, header, hex(select_ecasd + get_eid));
        const scp80::ResponsePacket por = por_of(answer, header);
        CHECK(por.status == scp80::ResponseStatus::PorOk);
        CHECK(por.secured);
        CHECK(por.counter == 1);
        CHECK(to_hex(por.data) == "029000" + eid_tlv);
    }
    SECTION("the script starts on the ISD-R, which holds no EID: 6A88 stops it") {
        const auto answer = send_secured(card, header, hex(get_eid + select_ecasd + get_eid));
        CHECK(to_hex(por_of(answer, header).data) == "016A88");
    }
    SECTION("an instruction the card does not know gives 6D00 and stops the script") {
        const auto answer = send_secured(card, header, hex(select_ecasd + "80AA000000" + get_eid));
        CHECK(to_hex(por_of(answer, header).data) == "026D00");
    }
    SECTION("a script whose lengths do not add up runs nothing and reports 6700") {
        const auto answer = send_secured(card, header, hex(select_ecasd.substr(0, 20)));
        CHECK(to_hex(por_of(answer, header).data) == "006700");
    }
    SECTION("a script cannot reach the toolkit commands") {
        const auto answer = send_secured(card, header, hex(select_ecasd + "8012000000"));
        CHECK(to_hex(por_of(answer, header).data) == "026D00");
    }
    SECTION("the script's selection does not touch the terminal's channels") {
        send_secured(card, header, hex(select_ecasd));
        CHECK(card::test::transmit(card, hex(get_eid)) == "6A88"); // channel 0 still has the MF selected
    }
}

TEST_CASE("the worked example of applet_spec/ota.md §6", "[card][ota]") {
    // Test keys, counter 1, SPI 16 19, SELECT ECASD + GET DATA 5A; SMS from +8821234567 at 2024-06-01 12:00:00.
    card::VirtualEuicc card({});
    const Bytes envelope = "80C2000057 D155 82028381 8B4F 44 0A918812325476 7F F6 42601021000000 3D 027000"
                           "00381516191212000000B033A59EB1EC0C9B3F68F08CCB77B3359FDBF663E5A86229405F3305"
                           "D0323CDE687B1E2D65A9ED95BBD33CA874CE87F8"_hex;
    CHECK(card::test::sms_pp_envelopes(
              scp80::wrap_command(isd_r_header(1), card::test::test_keys(), hex(select_ecasd + get_eid)))
              .at(0) == envelope);
    CHECK(card::test::transmit(card, envelope) == "027100003412000000558078D5EACF49E53683FF7CBA4F66FAA144BD61"
                                                  "C87FBFABD6215F4268CA0B11ED28870723A472E49334C5"
                                                  "8ADE5DCCF09000");
}

TEST_CASE("expanded scripts get AB / AF responses", "[card][ota]") {
    card::VirtualEuicc card({});
    const auto header = isd_r_header(1);

    SECTION("definite length") {
        const std::string script = "AA1E"
                                   "2215" +
                                   select_ecasd + "2205" + get_eid;
        const auto answer = send_secured(card, header, hex(script));
        const Bytes data = por_of(answer, header).data;
        CHECK(to_hex(data) == "AB1D"
                              "800102"
                              "23029000"
                              "2314" +
                                  eid_tlv + "9000");
        const auto response = remote::ExpandedResponse::decode(data);
        CHECK(response.executed_count() == 2);
    }
    SECTION("indefinite length") {
        const std::string script = "AE80"
                                   "2215" +
                                   select_ecasd + "2205" + get_eid + "0000";
        const auto answer = send_secured(card, header, hex(script));
        CHECK(to_hex(por_of(answer, header).data) == "AF80"
                                                     "23029000"
                                                     "2314" +
                                                         eid_tlv +
                                                         "9000"
                                                         "0000");
    }
    SECTION("an error stops the script after its R-APDU") {
        const std::string script = "AA0E"
                                   "2205" +
                                   get_eid + "2205" + get_eid;
        const auto answer = send_secured(card, header, hex(script));
        CHECK(to_hex(por_of(answer, header).data) == "AB07"
                                                     "800101"
                                                     "23026A88");
    }
    SECTION("a TLV the card cannot read ends the script with a bad format TLV") {
        const std::string script = "AA1B"
                                   "2215" +
                                   select_ecasd + "77020000"; // 77: no tag of table 5.2
        const auto answer = send_secured(card, header, hex(script));
        CHECK(to_hex(por_of(answer, header).data) == "AB0A"
                                                     "800101"
                                                     "23029000"
                                                     "900101");
    }
}

TEST_CASE("SPI byte 2 decides whether a PoR is sent", "[card][ota]") {
    card::VirtualEuicc card({});
    SECTION("PoR on error only: a successful script is answered 9000 without data") {
        const auto answer = send_secured(card, isd_r_header(1, 0x16, 0x1A), hex(select_ecasd));
        CHECK(answer.sw() == apdu::sw::ok);
        CHECK(answer.data().empty());
    }
    SECTION("no PoR") {
        const auto answer = send_secured(card, isd_r_header(1, 0x16, 0x18), hex(select_ecasd));
        CHECK(answer.sw() == apdu::sw::ok);
        CHECK(answer.data().empty());
    }
}

TEST_CASE("a PoR by SMS-SUBMIT travels in SEND SHORT MESSAGE to the command's originator", "[card][ota]") {
    card::VirtualEuicc card({});
    const auto header = isd_r_header(1, 0x16, 0x39); // PoR required, CC, ciphered, via SMS-SUBMIT
    const Bytes packet = scp80::wrap_command(header, card::test::test_keys(), hex(select_ecasd + get_eid));
    const cat::Address smsc{0x91, "8821000000"};
    const auto answer =
        send(card, card::test::envelope_apdu_for(card::test::deliver_tpdus(packet).at(0), smsc));
    CHECK(answer.data().empty());
    REQUIRE(answer.sw().sw1() == 0x91);

    SECTION("FETCH with a short Le is told the length, the command stays announced") {
        CHECK(card::test::transmit(card, "8012000005"_hex) == "6C" + to_hex(Bytes{answer.sw().sw2()}));
    }

    const cat::ProactiveCommand command = card::test::fetch(card, answer.sw());
    const auto* sms = std::get_if<cat::SendShortMessage>(&command);
    REQUIRE(sms != nullptr);
    CHECK(sms->header.devices.destination == cat::device::network);
    CHECK(sms->address == std::optional<cat::Address>(smsc));
    const sms::Submit submit = sms::Submit::decode(sms->tpdu);
    CHECK(submit.destination == card::test::smsr_address());
    CHECK(submit.pid == 0x7F);
    CHECK(submit.dcs == 0xF6);
    REQUIRE(submit.user_data.header.has_value());
    CHECK(submit.user_data.header->response_packet());
    Bytes user_data = submit.user_data.header->encode();
    append(user_data, submit.user_data.body);
    const scp80::ResponsePacket por = scp80::unwrap_response(user_data, header, card::test::test_keys());
    CHECK(por.status == scp80::ResponseStatus::PorOk);
    CHECK(to_hex(por.data) == "029000" + eid_tlv);

    SECTION("a TERMINAL RESPONSE for another command number is wrong data; the right one closes it") {
        cat::TerminalResponse wrong = cat::response_to(command, cat::Result::ok());
        wrong.details.number = static_cast<std::uint8_t>(wrong.details.number + 1);
        CHECK(card::test::respond(card, wrong).sw() == apdu::sw::wrong_data);
        CHECK(card::test::respond_ok(card, command).sw() == apdu::sw::ok);
        CHECK(card::test::transmit(card, "8012000000"_hex) == "6985");
    }
    SECTION("FETCH may repeat the outstanding command until its TERMINAL RESPONSE") {
        const auto again = send(card, Bytes{0x80, 0x12, 0x00, 0x00, answer.sw().sw2()});
        CHECK(again.sw() == apdu::sw::ok);
        CHECK(cat::parse_proactive_command(again.data()) == command);
        CHECK(card::test::respond_ok(card, command).sw() == apdu::sw::ok);
    }
}

TEST_CASE("a PoR too long for the SMS-DELIVER-REPORT says 0B and follows by SMS-SUBMIT", "[card][ota]") {
    card::VirtualEuicc card({});
    // Five SELECTs returning the 26-byte FCI: an expanded response of 160 bytes, more than 140 octets of TP-UD.
    std::string items;
    for (int i = 0; i < 5; ++i) {
        items += "2216" + select_isd_r_fci;
    }
    const std::string script = "AA78" + items;
    const auto header = isd_r_header(1);
    const Bytes packet = scp80::wrap_command(header, card::test::test_keys(), hex(script));
    const auto envelopes = card::test::sms_pp_envelopes(packet);
    REQUIRE(envelopes.size() == 2);
    CHECK(send(card, envelopes[0]).sw() == apdu::sw::ok);
    const auto answer = send(card, envelopes[1]);
    REQUIRE(answer.sw().sw1() == 0x91);
    const scp80::ResponsePacket notice =
        scp80::unwrap_response(answer.data(), header, card::test::test_keys());
    CHECK(notice.status == scp80::ResponseStatus::ResponseViaSmsSubmit);
    CHECK(notice.data.empty());

    sms::Reassembler parts;
    std::optional<sms::ReassembledMessage> whole;
    apdu::StatusWord announced = answer.sw();
    while (announced.sw1() == 0x91) {
        const cat::ProactiveCommand command = card::test::fetch(card, announced);
        const sms::Submit submit = sms::Submit::decode(std::get<cat::SendShortMessage>(command).tpdu);
        whole = parts.add(submit.destination, submit.dcs, submit.user_data);
        announced = card::test::respond_ok(card, command).sw();
    }
    CHECK(announced == apdu::sw::ok);
    REQUIRE(whole.has_value());
    CHECK(whole->parts == 2);
    Bytes user_data = "027100"_hex;
    append(user_data, whole->body);
    const scp80::ResponsePacket por = scp80::unwrap_response(user_data, header, card::test::test_keys());
    CHECK(por.status == scp80::ResponseStatus::PorOk);
    const auto response = remote::ExpandedResponse::decode(por.data);
    CHECK(response.executed_count() == 5);
    REQUIRE(response.last_response() != nullptr);
    CHECK(to_hex(response.last_response()->data) ==
          std::string("6F188410") + card::test::isd_r_aid + "A5049F6501FF");
}

TEST_CASE("a packet in three concatenated SMS runs once the last part arrives, in any order", "[card][ota]") {
    card::VirtualEuicc card({});
    std::string script;
    for (int i = 0; i < 14; ++i) {
        script += std::string("00A4040C10") + card::test::isd_r_aid; // 21 bytes each
    }
    const auto header = isd_r_header(1);
    const Bytes packet = scp80::wrap_command(header, card::test::test_keys(), hex(script));
    auto envelopes = card::test::sms_pp_envelopes(packet);
    REQUIRE(envelopes.size() == 3);
    std::swap(envelopes[0], envelopes[2]); // parts 3, 2, 1
    std::swap(envelopes[1], envelopes[2]); // parts 3, 1, 2
    for (std::size_t i = 0; i < 2; ++i) {
        const auto part = send(card, envelopes[i]);
        CHECK(part.sw() == apdu::sw::ok);
        CHECK(part.data().empty());
    }
    CHECK(to_hex(por_of(send(card, envelopes[2]), header).data) == "0E9000");
}

TEST_CASE("SMS-PP downloads that carry no secured packet for the ISD-R get 6A80", "[card][ota]") {
    card::VirtualEuicc card({});
    const Bytes packet = scp80::wrap_command(isd_r_header(1), card::test::test_keys(), hex(select_ecasd));
    sms::UserData user_data =
        sms::split_command_packet(packet, sms::ConcatenationReference::eight_bit(0)).at(0);
    sms::Deliver deliver =
        sms::make_sms_pp_deliver(card::test::smsr_address(), card::test::some_time(), user_data);

    SECTION("a TPDU that is no SMS-DELIVER") {
        CHECK(card::test::transmit(card, card::test::envelope_apdu_for("0100"_hex)) == "6A80");
    }
    SECTION("PID other than 7F (TS 31.111 §7.1.1)") {
        deliver.pid = sms::pid::default_sme;
        CHECK(card::test::transmit(card, card::test::envelope_apdu_for(deliver.encode())) == "6A80");
    }
    SECTION("a DCS that is not class 2 8-bit data") {
        deliver.dcs = 0xF5; // class 1
        CHECK(card::test::transmit(card, card::test::envelope_apdu_for(deliver.encode())) == "6A80");
    }
    SECTION("no command packet identifier (70)") {
        deliver.user_data.header.reset();
        CHECK(card::test::transmit(card, card::test::envelope_apdu_for(deliver.encode())) == "6A80");
    }
    SECTION("with DCS 16 (general coding group, class 2) the same packet is taken") {
        deliver.dcs = sms::dcs::class2_8bit_general;
        const auto answer = send(card, card::test::envelope_apdu_for(deliver.encode()));
        CHECK(to_hex(por_of(answer, isd_r_header(1)).data) == "019000");
    }
}
