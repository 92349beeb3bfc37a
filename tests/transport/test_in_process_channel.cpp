// SPDX-License-Identifier: Apache-2.0
// InProcessChannel: pass-through and the ISO 7816-3 §12.2 / TS 102 221 §7.3.1.1.4 T=0 emulation (61xx, GET
// RESPONSE).
#include <catch2/catch.hpp>

#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "transport/transport_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using euicc::apdu::CommandApdu;
using euicc::transport::InProcessChannel;
using euicc::transport::RecordingTracer;
using euicc::transport::ScriptedCard;
using euicc::transport::test::cat;

namespace {

const Bytes fcp_mf =
    "622d8202782183023f00a509800171830400018b908a01058c04261a0000c60f90017083010183018183010a83010b"_hex;
const InProcessChannel::Options t0{true};

void check_script(const ScriptedCard& card) {
    INFO(Catch::Detail::stringify(card.failures()));
    CHECK(card.failures().empty());
    CHECK(card.finished());
}

} // namespace

TEST_CASE("without t0_procedure the card's answer passes unchanged", "[transport][inprocess]") {
    ScriptedCard card({{"00A40004023F0000"_hex, cat(fcp_mf, "9000"_hex)}});
    InProcessChannel channel(card);
    CHECK(channel.transmit_raw("00A40004023F0000"_hex) == cat(fcp_mf, "9000"_hex));
    check_script(card);
}

TEST_CASE("t0: case 4 data is held back, announced 61xx and fetched by GET RESPONSE",
          "[transport][inprocess]") {
    ScriptedCard card({{"00A40004023F0000"_hex, cat(fcp_mf, "9000"_hex)}});
    InProcessChannel channel(card, t0);
    SECTION("raw exchanges") {
        CHECK(channel.transmit_raw("00A40004023F0000"_hex) == "612F"_hex);
        CHECK(channel.transmit_raw("00C000002F"_hex) == cat(fcp_mf, "9000"_hex));
    }
    SECTION("a shorter Le leaves the rest announced") {
        CHECK(channel.transmit_raw("00A40004023F0000"_hex) == "612F"_hex);
        CHECK(channel.transmit_raw("00C0000010"_hex) ==
              cat(Bytes(fcp_mf.begin(), fcp_mf.begin() + 16), "611F"_hex));
        CHECK(channel.transmit_raw("00C000001F"_hex) ==
              cat(Bytes(fcp_mf.begin() + 16, fcp_mf.end()), "9000"_hex));
    }
    SECTION("CardChannel::transmit hides the procedure") {
        auto tracer = std::make_shared<RecordingTracer>();
        channel.add_tracer(tracer);
        const auto response = channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, "3F00"_hex, 256));
        CHECK(response.data() == fcp_mf);
        CHECK(response.sw() == apdu::sw::ok);
        REQUIRE(tracer->exchanges().size() == 2);
        CHECK(tracer->exchanges()[1].command == "00C000002F"_hex);
    }
    // The card itself saw the case-4 command only once; GET RESPONSE never reached it.
    check_script(card);
}

TEST_CASE("t0: more than 256 bytes are announced 6100 and fetched in parts", "[transport][inprocess]") {
    Bytes data(300);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(i);
    }
    ScriptedCard card({{"80E2910003BF2D0000"_hex, cat(data, "9000"_hex)}});
    InProcessChannel channel(card, t0);
    auto tracer = std::make_shared<RecordingTracer>();
    channel.add_tracer(tracer);
    const auto response = channel.transmit(CommandApdu(0x80, 0xE2, 0x91, 0x00, "BF2D00"_hex, 256));
    CHECK(response.data() == data);
    const auto exchanges = tracer->exchanges();
    REQUIRE(exchanges.size() == 3);
    CHECK(exchanges[0].response == "6100"_hex);
    CHECK(exchanges[1].command == "80C0000000"_hex);
    CHECK(exchanges[1].response.size() == 256 + 2);
    CHECK(ByteView(exchanges[1].response).last(2)[0] == 0x61);
    CHECK(ByteView(exchanges[1].response).last(2)[1] == 0x2C);
    CHECK(exchanges[2].command == "80C000002C"_hex);
    check_script(card);
}

TEST_CASE("t0: the final status word after GET RESPONSE is the card's own (91xx)", "[transport][inprocess]") {
    ScriptedCard card({{"80C2000003D1010200"_hex, "ABCD9113"_hex}});
    InProcessChannel channel(card, t0);
    CHECK(channel.transmit_raw("80C2000003D1010200"_hex) == "6102"_hex);
    CHECK(channel.transmit_raw("80C0000002"_hex) == "ABCD9113"_hex);
    check_script(card);
}

TEST_CASE("t0: answers that a T=0 card would not hold back pass unchanged", "[transport][inprocess]") {
    const auto [command, answer] = GENERATE(table<Bytes, Bytes>({
        {"00B000000A"_hex, "988812010000405600F89000"_hex}, // case 2: data comes with the answer
        {"00A40004026F1600"_hex, "6A82"_hex},               // case 4, error without data
        {"00A40004023F0000"_hex, "9000"_hex},               // case 4, no data
        {"00A40004023F0000"_hex, "01026282"_hex},           // case 4, warning with data
        {"00A4040005A000"_hex, "6700"_hex},                 // malformed (Lc 5, 2 bytes): the card decides
    }));
    CAPTURE(command, answer);
    ScriptedCard card({{command, answer}});
    InProcessChannel channel(card, t0);
    CHECK(channel.transmit_raw(command) == answer);
    check_script(card);
}

TEST_CASE("t0: held data is dropped by any other command and only served on its channel",
          "[transport][inprocess]") {
    SECTION("another command discards it") {
        ScriptedCard card({{"00A40004023F0000"_hex, cat(fcp_mf, "9000"_hex)},
                           {"00F2000000"_hex, "9000"_hex},
                           {"00C000002F"_hex, "6985"_hex}});
        InProcessChannel channel(card, t0);
        CHECK(channel.transmit_raw("00A40004023F0000"_hex) == "612F"_hex);
        CHECK(channel.transmit_raw("00F2000000"_hex) == "9000"_hex);
        CHECK(channel.transmit_raw("00C000002F"_hex) == "6985"_hex);
        check_script(card);
    }
    SECTION("GET RESPONSE on another logical channel goes to the card") {
        ScriptedCard card(
            {{"01A40004023F0000"_hex, cat(fcp_mf, "9000"_hex)}, {"00C000002F"_hex, "6985"_hex}});
        InProcessChannel channel(card, t0);
        CHECK(channel.transmit_raw("01A40004023F0000"_hex) == "612F"_hex);
        CHECK(channel.transmit_raw("00C000002F"_hex) == "6985"_hex);
        check_script(card);
    }
    SECTION("a reset discards it") {
        ScriptedCard card(
            {{"00A40004023F0000"_hex, cat(fcp_mf, "9000"_hex)}, {"00C000002F"_hex, "6985"_hex}});
        InProcessChannel channel(card, t0);
        CHECK(channel.transmit_raw("00A40004023F0000"_hex) == "612F"_hex);
        channel.reset();
        CHECK(channel.transmit_raw("00C000002F"_hex) == "6985"_hex);
        check_script(card);
    }
}
