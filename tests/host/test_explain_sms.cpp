// SPDX-License-Identifier: Apache-2.0
// `euicc decode` on the TPDU vectors of spec/sms.md (TS 23.040 SMS-DELIVER, SMS-SUBMIT, UDH, DELIVER-REPORT).
#include <euicc/apdu/sms_tpdu.hpp>

#include "explain_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using explain_test::check_vector;
using explain_test::explain_hex;
using explain_test::Vector;

TEST_CASE("explain: spec/sms.md TPDU vectors in words", "[host][explain]") {
    const Vector v = GENERATE(values<Vector>({
        {"0408D0E5759A0E7FF6907090307513000824010101BB400101", "SMS-DELIVER", "service centre to MS",
         {"originating address \"ekit\" (alphanumeric)", "more messages waiting: no", "TP-PID: 7F: (U)SIM data download",
          "TP-DCS: F6: 8-bit data, class 2 ((U)SIM specific)", "2009-07-09 03:57:31 UTC+0:00", "TP-UDL: 8 octets",
          "TP-UD: 8 octets  [24010101BB400101]"}},
        // The corrected pySim vector (UDL 25): a 3DES command packet behind 02 70 00.
        {"400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f",
         "SMS-DELIVER", "service centre to MS",
         {"originating address 12345678 (unknown type of number, ISDN/E.164)", "more messages waiting: yes",
          "2022-07-25 00:00:00", "TP-UDL: 37 octets", "IEI 70: command packet identifier", "CPL: 32 bytes follow",
          "SPI: no counter, ciphered, cryptographic checksum (CC); PoR required, ciphered"}},
        {"41000a9121436587097ff613027100000e0ab0001100000000000000016132", "SMS-SUBMIT", "MS to service centre",
         {"destination address +1234567890 (international, ISDN/E.164)", "no validity period",
          "IEI 71: response packet identifier", "RHL: 10: no RC/CC/DS", "status: 00: PoR OK",
          "1 command executed, last SW 6132"}},
        {"03710110", "TP-UD", "user data with a header", {"IEI 71: response packet identifier"}},
    }));
    check_vector(v);
}

TEST_CASE("explain: the public pySim TPDU with the wrong TP-UDL is explained anyway", "[host][explain]") {
    const host::Explanation e =
        explain_hex("400881214365877ff6227052000000000302700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f");
    const auto* bad = e.find("malformed");
    REQUIRE(bad != nullptr);
    CHECK(bad->value == "TP-UDL at offset 16: announces 3 octets but 37 octets follow (the octets present are explained)");
    REQUIRE(e.find("command packet") != nullptr);
    CHECK(e.find("TAR")->hex == "B00011");
}

TEST_CASE("explain: SMS-SUBMIT with validity period, concatenation and ports", "[host][explain]") {
    // sms.md: the pySim SMS-SUBMIT (its UDL 140 announces more than the first 25 UD octets given here).
    const host::Explanation e =
        explain_hex("550d0b911614261771f000f5a78c0b050423f423f40003010201424547494e3a56434152440d0a");
    const std::string text = host::to_text(e);
    CHECK_THAT(text, Catch::Matchers::Contains("TP-VP: relative: 1 day"));
    CHECK_THAT(text, Catch::Matchers::Contains("reject duplicates: yes"));
    CHECK_THAT(text, Catch::Matchers::Contains("application port, destination 9204, originator 9204"));
    CHECK_THAT(text, Catch::Matchers::Contains("concatenated short message, 8-bit reference 1: part 1 of 2"));
    CHECK_THAT(e.find("malformed")->value, Catch::Matchers::Contains("announces 140 octets but 25 octets follow"));
}

TEST_CASE("explain: GSM 7-bit text of an SMS-DELIVER", "[host][explain]") {
    sms::Deliver d;
    d.originator = sms::Address::international("491721234567");
    d.user_data = sms::UserData::gsm7_text("hello lab");
    const host::Explanation e = host::explain(d.encode());
    CHECK(e.label == "SMS-DELIVER");
    CHECK(e.find("text")->value == "\"hello lab\"");
    CHECK(e.find("TP-UDL")->value == "9 septets (8 octets)");
    CHECK_FALSE(e.malformed());
}

TEST_CASE("explain: SMS-DELIVER-REPORT carrying a PoR, RP-ACK and RP-ERROR forms", "[host][explain]") {
    host::ExplainOptions as_report;
    as_report.kind = host::Kind::SmsDeliverReport;
    sms::DeliverReport ack;
    ack.pid = sms::pid::usim_data_download;
    ack.dcs = sms::dcs::class2_8bit;
    ack.user_data = sms::UserData{sms::Udh{{{sms::iei::response_packet, {}}}}, "000e0ab0001100000000000000016132"_hex};
    const host::Explanation positive = host::explain(ack.encode(), as_report);
    CHECK(positive.value == "positive report, in RP-ACK (TS 23.040 §9.2.2.1a)");
    CHECK(positive.find("status")->value == "00: PoR OK");
    CHECK_FALSE(positive.malformed());

    sms::DeliverReport error = ack;
    error.failure_cause = sms::fcs::usim_data_download_error;
    const host::Explanation negative = host::explain(error.encode(), as_report);
    CHECK(negative.value == "negative report, in RP-ERROR (TS 23.040 §9.2.2.1a)");
    CHECK(negative.find("TP-FCS")->value == "D5: (U)SIM data download error");
    CHECK_FALSE(negative.malformed());
}

TEST_CASE("explain: concatenated command packet parts", "[host][explain]") {
    SECTION("part 1 explains the clear header") {
        // 07 70 00 00 03 ref n 01 + the first bytes of a long command packet (CPL 0x0100).
        const host::Explanation e = explain_hex("0770000003070201 0100 15 1629 12 12 000000 0102030405");
        CHECK(e.label == "TP-UD");
        CHECK(e.find("note")->value == "first part of a concatenated packet: CNTR .. end continue in the other parts");
        CHECK(e.find("TAR")->value == "issuer security domain (TS 101 220 Annex D; on an eUICC the ISD-R)");
        // TS 102 225 §5.1.1 SPI byte 2: b6 (20) is the PoR transport, b5 (10) its ciphering: 29 = SMS-SUBMIT, clear.
        CHECK(e.find("SPI")->value == "counter must be higher, ciphered, cryptographic checksum (CC); PoR required, "
                                      "not ciphered, cryptographic checksum (CC), by SMS-SUBMIT");
        CHECK_FALSE(e.malformed());
    }
    SECTION("a later part is only named") {
        const host::Explanation e = explain_hex("050003070202 a1a2a3");
        CHECK(e.find("body")->value == "part 2 of 2 of a concatenated message: join the parts to explain the packet");
    }
}

TEST_CASE("explain: the pySim user data header vectors of spec/sms.md", "[host][explain]") {
    const host::Explanation bare = explain_hex("027100");
    CHECK(bare.find("IEI 71") != nullptr);
    CHECK_FALSE(bare.malformed());
    const host::Explanation two = explain_hex("0571007001ffabcd");
    CHECK(two.find("user data header")->value == "2 information elements");
    CHECK(two.find("IEI 70")->hex == "7001FF");
    // "abcdef" after 02 71 00 is no Response Packet: its RPL is named as the fault.
    const host::Explanation payload = explain_hex("027100abcdef");
    CHECK_THAT(payload.find("malformed")->value, Catch::Matchers::StartsWith("PoR at offset 3: RPL 43981"));
}
