// SPDX-License-Identifier: Apache-2.0
// Tests for StatusWord (ISO/IEC 7816-4 §5.6, TS 102 221 §10.2; spec/iso7816.md §3), ResponseApdu and expect().
#include <catch2/catch.hpp>

#include <string>

#include <euicc/apdu/response_apdu.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

#include "codec_error_check.hpp"

using namespace euicc;
using namespace euicc::apdu;
using namespace euicc::literals;

TEST_CASE("StatusWord accessors and to_string", "[sw]") {
    constexpr StatusWord sw(0x6A, 0x82);
    STATIC_REQUIRE(sw.value() == 0x6A82);
    STATIC_REQUIRE(sw.sw1() == 0x6A);
    STATIC_REQUIRE(sw.sw2() == 0x82);
    STATIC_REQUIRE(sw == sw::not_found);
    CHECK(sw.to_string() == "6A82");
    CHECK(StatusWord(0x0000).to_string() == "0000");
    CHECK(StatusWord(0x612F).matches(0x6100, 0xFF00));
    CHECK_FALSE(StatusWord(0x6C2F).matches(0x6100, 0xFF00));
}

TEST_CASE("StatusWord classes: success and warning", "[sw]") {
    auto [value, success, warning] = GENERATE(table<std::uint16_t, bool, bool>({
        {0x9000, true, false},
        {0x612F, true, false},
        {0x911A, true, false},
        {0x9200, true, false},
        {0x6282, false, true},
        {0x63C3, false, true},
        {0x6A82, false, false},
        {0x9300, false, false},
        {0x9F22, false, false},
    }));
    CAPTURE(value);
    CHECK(StatusWord(value).is_success() == success);
    CHECK(StatusWord(value).is_warning() == warning);
}

TEST_CASE("StatusWord::describe covers the spec table", "[sw]") {
    auto [value, text] = GENERATE(table<std::uint16_t, std::string>({
        {0x9000, "normal ending"},
        {0x612F, "response bytes available, SW2 = count (GET RESPONSE)"},
        {0x6100, "response bytes available, SW2 = count (GET RESPONSE)"},
        {0x6C10, "wrong Le, SW2 = exact length"},
        {0x911A, "normal ending, proactive command pending, SW2 = its length"},
        {0x9201, "normal ending, data transfer session information"},
        {0x9300, "SIM Application Toolkit busy"},
        {0x9F22, "response data available (GSM SIM), SW2 = count"},
        {0x9E05, "SIM data download error, SW2 = error data count"},
        {0x6200, "warning: no information given, NV memory unchanged"},
        {0x6281, "warning: part of returned data may be corrupted"},
        {0x6282, "warning: end of file reached before reading Le bytes or unsuccessful search"},
        {0x6283, "warning: selected file invalidated"},
        {0x6284, "warning: selected file in termination state"},
        {0x62F1, "warning: more data available"},
        {0x62F2, "warning: more data available and proactive command pending"},
        {0x62F3, "warning: response data available"},
        {0x6299, "warning: NV memory unchanged"},
        {0x63C3, "verification failed, SW2 low nibble = retries left"},
        {0x63CA, "verification failed, SW2 low nibble = retries left"},
        {0x63F1, "warning: more data expected"},
        {0x63F2, "warning: more data expected and proactive command pending"},
        {0x6300, "warning: NV memory changed"},
        {0x6400, "execution error, NV memory unchanged"},
        {0x6500, "execution error, NV memory changed"},
        {0x6581, "execution error: memory problem"},
        {0x6700, "wrong length"},
        {0x6800, "function in CLA not supported"},
        {0x6881, "logical channel not supported"},
        {0x6882, "secure messaging not supported"},
        {0x6900, "command not allowed"},
        {0x6981, "command incompatible with file structure"},
        {0x6982, "security status not satisfied"},
        {0x6983, "authentication/PIN method blocked"},
        {0x6984, "referenced data invalidated"},
        {0x6985, "conditions of use not satisfied"},
        {0x6986, "command not allowed (no EF selected)"},
        {0x6989, "secure channel security status not satisfied"},
        {0x6A80, "incorrect parameters in the data field"},
        {0x6A81, "function not supported"},
        {0x6A82, "file or application not found"},
        {0x6A83, "record not found"},
        {0x6A84, "not enough memory space"},
        {0x6A86, "incorrect parameters P1-P2"},
        {0x6A87, "Lc inconsistent with P1-P2"},
        {0x6A88, "referenced data not found"},
        {0x6B00, "wrong parameters P1-P2"},
        {0x6D00, "instruction code not supported or invalid"},
        {0x6E00, "class not supported"},
        {0x6F00, "technical problem, no precise diagnosis"},
        {0x6FC2, "technical problem, no precise diagnosis"},
        {0x9850, "INCREASE cannot be performed, maximum value reached"},
        {0x9862, "authentication error, application specific"},
        {0x9863, "security session or association expired"},
        {0x9864, "minimum UICC suspension time is too long"},
        {0x9810, "application error"},
        {0x1234, "unknown status word"},
        {0x0000, "unknown status word"},
    }));
    CAPTURE(StatusWord(value).to_string());
    CHECK(StatusWord(value).describe() == text);
}

TEST_CASE("StatusWordError message names command, SW and meaning", "[sw][error]") {
    const StatusWordError e("SELECT ISD-R", sw::not_found);
    CHECK(std::string(e.what()) == "SELECT ISD-R: card answered 6A82 (file or application not found)");
    CHECK(e.command() == "SELECT ISD-R");
    CHECK(e.sw() == sw::not_found);
}

TEST_CASE("ResponseApdu parses the trace responses", "[rapdu]") {
    // osmocom/pysim pySim-trace_test_gsmtap.pcapng (spec/iso7816.md, test vectors).
    auto [raw, data, sw] = GENERATE(table<Bytes, Bytes, std::uint16_t>({
        {"612f"_hex, {}, 0x612F},
        {"622d8202782183023f00a509800171830400018b908a01058c04261a0000c60f90017083010183018183010a83010b9000"_hex,
         "622d8202782183023f00a509800171830400018b908a01058c04261a0000c60f90017083010183018183010a83010b"_hex,
         0x9000},
        {"988812010000405600f89000"_hex, "988812010000405600f8"_hex, 0x9000},
        {"6a82"_hex, {}, 0x6A82},
        {"63c3"_hex, {}, 0x63C3},
        {"63ca"_hex, {}, 0x63CA},
        {"019000"_hex, "01"_hex, 0x9000},
        {"9000"_hex, {}, 0x9000},
        {"8410a0000000871002ffffffff89070900009000"_hex, "8410a0000000871002ffffffff8907090000"_hex, 0x9000},
        {"6a83"_hex, {}, 0x6A83},
    }));
    CAPTURE(to_hex(raw));
    const ResponseApdu r = ResponseApdu::parse(raw);
    CHECK(r.data() == data);
    CHECK(r.sw() == StatusWord(sw));
    CHECK(r.encode() == raw);
    CHECK(r == ResponseApdu(data, StatusWord(sw)));
}

TEST_CASE("ResponseApdu::parse needs SW1 SW2", "[rapdu]") {
    auto raw = GENERATE(Bytes{}, Bytes{0x90});
    CHECK_CODEC_ERROR(ResponseApdu::parse(raw), "R-APDU", 0);
}

TEST_CASE("expect() passes 9000 and allowed SWs, throws StatusWordError otherwise", "[rapdu][error]") {
    const ResponseApdu ok({0x01}, sw::ok);
    CHECK(&expect(ok, "MANAGE CHANNEL") == &ok);
    CHECK(&expect(ok, "MANAGE CHANNEL", {sw::not_found}) == &ok);

    const ResponseApdu missing({}, sw::not_found);
    CHECK(&expect(missing, "SELECT", {sw::not_found}) == &missing);
    try {
        expect(missing, "SELECT ISD-P");
        FAIL("expect() accepted 6A82");
    } catch (const StatusWordError& e) {
        CHECK(e.command() == "SELECT ISD-P");
        CHECK(e.sw() == sw::not_found);
    }
    // Warnings and 61xx are not 9000: the caller must list them.
    CHECK_THROWS_AS(expect(ResponseApdu({}, StatusWord(0x63C3)), "VERIFY"), StatusWordError);
    CHECK_NOTHROW(expect(ResponseApdu({}, StatusWord(0x63C3)), "VERIFY", {StatusWord(0x63C3)}));
}
