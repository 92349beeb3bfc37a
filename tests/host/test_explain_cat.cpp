// SPDX-License-Identifier: Apache-2.0
// `euicc decode` on every toolkit vector of spec/cat.md (TS 102 223 TERMINAL PROFILE, ENVELOPE, FETCH, TR).
#include "explain_test_util.hpp"

using namespace euicc;
using explain_test::check_vector;
using explain_test::explain_hex;
using explain_test::Vector;

TEST_CASE("explain: spec/cat.md toolkit vectors in words", "[host][explain]") {
    const Vector v = GENERATE(values<Vector>({
        {"80 10 00 00 11 2301e842010c00030000001f2220000003", "C-APDU", "TERMINAL PROFILE",
         {"SMS-PP data download", "timer expiration", "MORE TIME", "SET UP EVENT LIST", "event: data available",
          "TIMER MANAGEMENT (start, stop)", "OPEN CHANNEL; CLOSE CHANNEL; RECEIVE DATA; SEND DATA; GET CHANNEL STATUS",
          "1 channel", "TCP, UICC in client mode, remote connection"}},
        {"80 10 00 00 1E ffffffff7f9d00dfbf00001fe2000000c36b000700004000500000000008", "C-APDU", "TERMINAL PROFILE",
         {"30 bytes of toolkit capabilities", "7 channels", "bearer: E-UTRAN", "byte 30: other bit b4"}},
        {"80c2000044 d142 8202 8381 8604 91214365 8b36 "
         "400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f",
         "C-APDU", "ENVELOPE",
         {"SMS-PP data download (D1)", "device identities: network -> UICC", "address: +123456 (international",
          "SMS-DELIVER", "TP-PID: 7F: (U)SIM data download", "command packet identifier", "KIc: key version 3, 3DES-CBC",
          "TAR: toolkit application reference", "give keys to decipher"}},
        {"d027 810301400182028182 350103 390205dc 470908696e7465726e6574 3c030201bb 3e0521c0a80001",
         "proactive command", "OPEN CHANNEL (40)",
         {"qualifier 01: immediate link establishment", "UICC -> terminal", "bearer description: default bearer",
          "buffer size: 1500 bytes", "network access name: \"internet\"",
          "transport level: TCP, UICC in client mode, remote connection, port 443",
          "data destination address: IPv4 192.168.0.1"}},
        {"80140000 17 810301400182028281830100 38028100 350103 390205dc", "C-APDU", "TERMINAL RESPONSE",
         {"TERMINAL RESPONSE: to OPEN CHANNEL: command performed successfully", "terminal -> UICC",
          "channel status: channel 1, link established"}},
        {"d010 810302430182028121 b605160303004c", "proactive command", "SEND DATA (43)",
         {"send immediately", "UICC -> channel 1", "channel data: 5 bytes"}},
        {"810302430182028281830100b701ff", "TERMINAL RESPONSE", "to SEND DATA: command performed successfully",
         {"more than 255 bytes free in the Tx buffer"}},
        {"d60e 990109 82028281 b8028100 b7012a", "ENVELOPE", "event download: data available (D6)",
         {"42 bytes waiting in the Rx buffer", "event list: data available (09)"}},
        {"d00c 810303420082028121 b7012a", "proactive command", "RECEIVE DATA (42)", {"42 bytes requested"}},
        {"810303420082028281830100b6051703030025b70100", "TERMINAL RESPONSE", "to RECEIVE DATA",
         {"channel data: 5 bytes", "0 bytes left in the Rx buffer"}},
        {"d009 810304410082028121", "proactive command", "CLOSE CHANNEL (41)", {"UICC -> channel 1"}},
        {"d60b 99010a 82028281 b8020105", "ENVELOPE", "event download: channel status (D6)",
         {"channel 1, link not established, link dropped"}},
        {"d009 810305440082028182", "proactive command", "GET CHANNEL STATUS (44)", {"UICC -> terminal"}},
        {"810305440082028281830100b8028100", "TERMINAL RESPONSE", "to GET CHANNEL STATUS",
         {"channel 1, link established, no further information"}},
        {"d009 810301020082028182", "proactive command", "MORE TIME (02)", {"command 1, MORE TIME (02)"}},
        {"d00d 810301030082028182 8402011e", "proactive command", "POLL INTERVAL (03)", {"duration: 30 x second"}},
        {"d011 810301270082028182 a40101 a503000130", "proactive command", "TIMER MANAGEMENT (27)",
         {"qualifier 00: start", "timer identifier: timer 1", "timer value: 00:10:03 (603 s)"}},
        {"d02a 810301130082028183 8b1f 41000a9121436587097ff613027100000e0ab0001100000000000000016132",
         "proactive command", "SEND SHORT MESSAGE (13)",
         {"UICC -> network", "SMS-SUBMIT", "destination address +1234567890", "response packet identifier",
          "status: 00: PoR OK", "1 command executed, last SW 6132"}},
        {"80140000148103014009820282818302200435010339020578", "C-APDU", "TERMINAL RESPONSE",
         {"immediate link establishment, DNS server address requested",
          "20: terminal currently unable to process command; additional information 04: no service",
          "buffer size: 1400 bytes"}},
    }));
    check_vector(v);
}

TEST_CASE("explain: JSON of a proactive command has the exact node fields", "[host][explain]") {
    const host::Explanation e = explain_hex("d011 810301270082028182 a40101 a503000130");
    const std::string json = host::to_json(e, -1);
    CHECK(json.rfind(R"({"children":[{"children":[],"hex":"8103012700","label":"command details",)", 0) == 0);
    CHECK_THAT(json, Catch::Matchers::Contains(
                         R"j({"children":[],"hex":"A503000130","label":"timer value","value":"00:10:03 (603 s)"})j"));
    CHECK_THAT(json, Catch::Matchers::EndsWith(
                         R"j("hex":"D011810301270082028182A40101A503000130","label":"proactive command","value":"TIMER MANAGEMENT (27)"})j"));
}

TEST_CASE("explain: unknown proactive command is named by type and gets 'beyond capabilities'", "[host][explain]") {
    // PLAY TONE (20) is not modelled: parse_proactive_command keeps it as UnknownCommand.
    const host::Explanation e = explain_hex("d00c 810301200082028103 0d0100");
    CHECK(e.value == "PLAY TONE (20)");
    const auto* answer = e.find("terminal's answer");
    REQUIRE(answer != nullptr);
    CHECK(answer->value == "30: command beyond terminal's capabilities");
    CHECK_FALSE(e.malformed());
}

TEST_CASE("explain: an object with CR set that is not understood is flagged", "[host][explain]") {
    // MORE TIME with an extra object 7E (CR set): the terminal must answer 32.
    const host::Explanation e = explain_hex("d00c 810301020082028182 fe0100");
    const std::string text = host::to_text(e);
    CHECK_THAT(text, Catch::Matchers::Contains("not known here, comprehension required"));
    const auto* answer = e.find("terminal's answer");
    REQUIRE(answer != nullptr);
    CHECK_THAT(answer->value, Catch::Matchers::StartsWith("32:"));
}

TEST_CASE("explain: a timer expiration envelope", "[host][explain]") {
    // Built as the terminal sends it (shared decisions: D7 {82 02 82 81, A4 01 id, A5 03 value}).
    const host::Explanation e = explain_hex("d70c 82028281 a40101 a503000130");
    CHECK(e.label == "ENVELOPE");
    CHECK(e.value == "timer expiration (D7)");
    CHECK(e.find("timer value")->value == "00:10:03 (603 s)");
    CHECK_FALSE(e.malformed());
}

TEST_CASE("explain: FETCH and the R-APDU that carries the proactive command", "[host][explain]") {
    const host::Explanation fetch = explain_hex("8012000011");
    CHECK(fetch.value == "FETCH");
    CHECK_THAT(fetch.find("Le")->value, Catch::Matchers::Contains("17 bytes expected (the proactive command's length"));
    const host::Explanation answer = explain_hex("d011810301270082028182a40101a503000130 9000");
    CHECK(answer.label == "R-APDU");
    CHECK(answer.value == "SW 9000: normal ending");
    REQUIRE(answer.find("proactive command") != nullptr);
    CHECK(answer.find("proactive command")->value == "TIMER MANAGEMENT (27)");
    const host::Explanation pending = explain_hex("910f");
    CHECK_THAT(pending.find("SW")->value, Catch::Matchers::EndsWith("FETCH 15 bytes"));
}

TEST_CASE("explain: malformed toolkit structures say what and where", "[host][explain]") {
    SECTION("missing mandatory object: reported by the typed parser at the end of the data") {
        const host::Explanation e = explain_hex("d005 8103012700");
        REQUIRE(e.malformed());
        CHECK_THAT(e.find("malformed")->value, Catch::Matchers::StartsWith("proactive command at offset"));
        CHECK(e.find("command details") != nullptr);
    }
    SECTION("an ENVELOPE APDU whose Lc overstates the data still explains the envelope present") {
        const host::Explanation e = explain_hex("80c2000020 d60b99010a82028281b8020105");
        CHECK_THAT(e.find("malformed")->value, Catch::Matchers::Contains("C-APDU at offset"));
        REQUIRE(e.find("ENVELOPE") != nullptr);
        CHECK(e.find("ENVELOPE")->value == "event download: channel status (D6)");
    }
    SECTION("a TERMINAL RESPONSE APDU without data") {
        const host::Explanation e = explain_hex("80140000");
        CHECK_THAT(e.find("malformed")->value, Catch::Matchers::Contains("no data field"));
    }
    SECTION("a bad timer value names the timer value codec") {
        const host::Explanation e = explain_hex("d011 810301270082028182 a40101 a5030a0130");
        CHECK_THAT(e.find("malformed")->value, Catch::Matchers::Contains("timer value at offset 16"));
    }
}
