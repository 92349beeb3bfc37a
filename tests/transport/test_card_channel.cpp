// SPDX-License-Identifier: Apache-2.0
// CardChannel: ISO 7816-4 §5.1.3 / TS 102 221 §7.3.1.1.4 61xx/6Cxx handling, logical channels, MANAGE
// CHANNEL.
#include <catch2/catch.hpp>
#include <stdexcept>

#include <euicc/error.hpp>
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

// spec/iso7816.md test vectors (pySim GSMTAP trace): FCP of the MF, 47 bytes.
const Bytes fcp_mf =
    "622d8202782183023f00a509800171830400018b908a01058c04261a0000c60f90017083010183018183010a83010b"_hex;

/// Runs `body` on a channel over `card` and checks the card saw exactly its script.
template <typename Body>
void run_script(ScriptedCard& card, Body body) {
    InProcessChannel channel(card);
    body(channel);
    INFO(Catch::Detail::stringify(card.failures()));
    CHECK(card.failures().empty());
    CHECK(card.finished());
}

} // namespace

TEST_CASE("61xx: case 4 SELECT answered 612F is completed by GET RESPONSE 00C000002F",
          "[transport][channel]") {
    ScriptedCard card({{"00A40004023F0000"_hex, "612F"_hex}, {"00C000002F"_hex, cat(fcp_mf, "9000"_hex)}});
    run_script(card, [&](InProcessChannel& channel) {
        auto tracer = std::make_shared<RecordingTracer>();
        channel.add_tracer(tracer);
        const auto response = channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, "3F00"_hex, 256));
        CHECK(response.data() == fcp_mf);
        CHECK(response.sw() == apdu::sw::ok);
        // Every wire exchange is traced on its own (GET RESPONSE included).
        REQUIRE(tracer->exchanges().size() == 2);
        CHECK(tracer->exchanges()[0].response == "612F"_hex);
        CHECK(tracer->exchanges()[1].command == "00C000002F"_hex);
    });
}

TEST_CASE("61xx chained twice: data of every GET RESPONSE is concatenated", "[transport][channel]") {
    ScriptedCard card({{"80CA00FE00"_hex, "6110"_hex},
                       {"80C0000010"_hex, "000102030405060708090A0B0C0D0E0F6105"_hex},
                       {"80C0000005"_hex, "10111213149000"_hex}});
    run_script(card, [&](InProcessChannel& channel) {
        const auto response = channel.transmit(CommandApdu(0x80, 0xCA, 0x00, 0xFE, {}, 256));
        CHECK(response.data() == "000102030405060708090A0B0C0D0E0F1011121314"_hex);
        CHECK(response.sw() == apdu::sw::ok);
    });
}

TEST_CASE("6100 announces 256 bytes: GET RESPONSE with P3 = 00", "[transport][channel]") {
    const Bytes block(256, 0xAB);
    ScriptedCard card({{"00B0000000"_hex, "6100"_hex}, {"00C0000000"_hex, cat(block, "9000"_hex)}});
    run_script(card, [&](InProcessChannel& channel) {
        CHECK(channel.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256)).data() == block);
    });
}

TEST_CASE("61xx on logical channel 5 keeps CLA 0x41 for GET RESPONSE", "[transport][channel]") {
    ScriptedCard card({{"41CA005A00"_hex, "6102"_hex}, {"41C0000002"_hex, "5A009000"_hex}});
    run_script(card, [&](InProcessChannel& channel) {
        const auto response = channel.transmit(CommandApdu(0x00, 0xCA, 0x00, 0x5A, {}, 256), 5);
        CHECK(response.data() == "5A00"_hex);
    });
}

TEST_CASE("transmit on channels 0..3 and 4..19 re-encodes the CLA", "[transport][channel]") {
    const auto row = GENERATE(table<unsigned, Bytes>({
        {0, "00A40004023F00"_hex},
        {3, "03A40004023F00"_hex},
        {4, "40A40004023F00"_hex},
        {19, "4FA40004023F00"_hex},
    }));
    const unsigned channel_number = std::get<0>(row);
    const Bytes& command = std::get<1>(row);
    CAPTURE(channel_number);
    ScriptedCard card({{command, "9000"_hex}});
    run_script(card, [&](InProcessChannel& channel) {
        CHECK(channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, "3F00"_hex), channel_number).sw() ==
              apdu::sw::ok);
    });
}

TEST_CASE("transmit on channel 20 is a bad argument", "[transport][channel]") {
    ScriptedCard card({});
    InProcessChannel channel(card);
    CHECK_THROWS_AS(channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, "3F00"_hex), 20),
                    std::invalid_argument);
}

TEST_CASE("6Cxx: the same command is re-issued once with Le = xx", "[transport][channel]") {
    const Bytes content = "00112233445566778899AABBCCDDEEFF"_hex;
    SECTION("6C10 -> Le 10") {
        ScriptedCard card({{"00B0000000"_hex, "6C10"_hex}, {"00B0000010"_hex, cat(content, "9000"_hex)}});
        run_script(card, [&](InProcessChannel& channel) {
            const auto response = channel.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256));
            CHECK(response.data() == content);
            CHECK(response.sw() == apdu::sw::ok);
        });
    }
    SECTION("a second 6Cxx is returned as it is") {
        ScriptedCard card({{"00B0000000"_hex, "6C10"_hex}, {"00B0000010"_hex, "6C08"_hex}});
        run_script(card, [&](InProcessChannel& channel) {
            const auto response = channel.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256));
            CHECK(response.data().empty());
            CHECK(response.sw() == apdu::StatusWord(0x6C08));
        });
    }
    SECTION("6C00 means Le = 256") {
        const Bytes block(256, 0x5A);
        ScriptedCard card({{"00B0000001"_hex, "6C00"_hex}, {"00B0000000"_hex, cat(block, "9000"_hex)}});
        run_script(card, [&](InProcessChannel& channel) {
            CHECK(channel.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 1)).data() == block);
        });
    }
    SECTION("re-issued command answering 61xx continues with GET RESPONSE") {
        ScriptedCard card({{"80CA00FE00"_hex, "6C04"_hex},
                           {"80CA00FE04"_hex, "6104"_hex},
                           {"80C0000004"_hex, "010203049000"_hex}});
        run_script(card, [&](InProcessChannel& channel) {
            CHECK(channel.transmit(CommandApdu(0x80, 0xCA, 0x00, 0xFE, {}, 256)).data() == "01020304"_hex);
        });
    }
    SECTION("GET RESPONSE answered 6Cxx is re-issued with the exact length") {
        ScriptedCard card({{"00A40004023F0000"_hex, "6110"_hex},
                           {"00C0000010"_hex, "6C08"_hex},
                           {"00C0000008"_hex, "01020304050607089000"_hex}});
        run_script(card, [&](InProcessChannel& channel) {
            CHECK(channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, "3F00"_hex, 256)).data() ==
                  "0102030405060708"_hex);
        });
    }
}

TEST_CASE("other status words are values, not errors", "[transport][channel]") {
    ScriptedCard card({{"00A40004026F16"_hex, "6A82"_hex}, {"0020000100"_hex, "63C3"_hex}});
    run_script(card, [&](InProcessChannel& channel) {
        CHECK(channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, "6F16"_hex)).sw() == apdu::sw::not_found);
        CHECK(channel.transmit(CommandApdu(0x00, 0x20, 0x00, 0x01, {}, 256)).sw() ==
              apdu::StatusWord(0x63C3));
    });
}

TEST_CASE("a card announcing 61xx forever ends in TransportError", "[transport][channel]") {
    transport::test::FunctionCard card([](ByteView) { return "AA6101"_hex; });
    InProcessChannel channel(card);
    auto tracer = std::make_shared<RecordingTracer>();
    channel.add_tracer(tracer);
    CHECK_THROWS_AS(channel.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256)), TransportError);
    // The command and 256 GET RESPONSE rounds, no more.
    CHECK(tracer->exchanges().size() == 257);
}

TEST_CASE("GET RESPONSE data beyond 64 KiB ends in TransportError", "[transport][channel]") {
    transport::test::FunctionCard card([](ByteView) {
        Bytes answer(256, 0x11);
        append(answer, "6100"_hex);
        return answer;
    });
    InProcessChannel channel(card);
    CHECK_THROWS_AS(channel.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, {}, 256)), TransportError);
}

TEST_CASE("an answer without a status word is a TransportError", "[transport][channel]") {
    const Bytes answer = GENERATE(Bytes{}, Bytes{0x90});
    transport::test::FunctionCard card([&](ByteView) { return answer; });
    InProcessChannel channel(card);
    CHECK_THROWS_AS(channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, "3F00"_hex)), TransportError);
    CHECK_THROWS_AS(channel.transmit_raw("00A40004023F00"_hex), TransportError);
}

TEST_CASE("transmit_raw does one exchange without the status-word procedure", "[transport][channel]") {
    ScriptedCard card({{"00A40004023F00"_hex, "612F"_hex}});
    run_script(card, [&](InProcessChannel& channel) {
        CHECK(channel.transmit_raw("00A40004023F00"_hex) == "612F"_hex);
    });
}

TEST_CASE("MANAGE CHANNEL open returns the channel the card assigns", "[transport][channel]") {
    ScriptedCard card({{"0070000001"_hex, "019000"_hex}, {"0070000001"_hex, "139000"_hex}});
    run_script(card, [&](InProcessChannel& channel) {
        CHECK(channel.open_logical_channel() == 1);
        CHECK(channel.open_logical_channel() == 19);
    });
}

TEST_CASE("MANAGE CHANNEL open failures", "[transport][channel]") {
    SECTION("non-9000 -> StatusWordError with the SW") {
        ScriptedCard card({{"0070000001"_hex, "6881"_hex}});
        InProcessChannel channel(card);
        try {
            channel.open_logical_channel();
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.sw() == apdu::sw::logical_channel_not_supported);
        }
    }
    SECTION("answer not one byte in 1..19 -> CodecError") {
        const Bytes answer = GENERATE("009000"_hex, "149000"_hex, "9000"_hex, "01029000"_hex);
        CAPTURE(answer);
        ScriptedCard card({{"0070000001"_hex, answer}});
        InProcessChannel channel(card);
        CHECK_THROWS_AS(channel.open_logical_channel(), CodecError);
    }
}

TEST_CASE("MANAGE CHANNEL close sends 00 70 80 nn 00", "[transport][channel]") {
    SECTION("channel 2") {
        ScriptedCard card({{"0070800200"_hex, "9000"_hex}});
        run_script(card, [&](InProcessChannel& channel) { channel.close_logical_channel(2); });
    }
    SECTION("card refuses") {
        ScriptedCard card({{"0070801300"_hex, "6A86"_hex}});
        InProcessChannel channel(card);
        CHECK_THROWS_AS(channel.close_logical_channel(19), StatusWordError);
    }
    SECTION("channel outside 1..19") {
        ScriptedCard card({});
        InProcessChannel channel(card);
        CHECK_THROWS_AS(channel.close_logical_channel(0), std::invalid_argument);
        CHECK_THROWS_AS(channel.close_logical_channel(20), std::invalid_argument);
        CHECK(card.failures().empty());
    }
}

namespace {

struct ResetTracer : transport::ApduTracer {
    void on_exchange(ByteView, ByteView) noexcept override { ++exchanges; }
    void on_reset(ByteView atr) noexcept override { atrs.emplace_back(atr.begin(), atr.end()); }
    int exchanges = 0;
    std::vector<Bytes> atrs;
};

} // namespace

TEST_CASE("reset: warm resets the card, cold power-cycles it, tracers see the ATR", "[transport][channel]") {
    transport::test::FunctionCard card([](ByteView) { return "9000"_hex; },
                                       "3B9F96801F878031E073FE211B674A4C753034054BA9"_hex);
    InProcessChannel channel(card);
    auto tracer = std::make_shared<ResetTracer>();
    channel.add_tracer(tracer);
    channel.reset();
    CHECK(card.resets == 1);
    CHECK(card.power_offs == 0);
    channel.reset(true);
    CHECK(card.resets == 1);
    CHECK(card.power_offs == 1);
    CHECK(card.power_ons == 1);
    REQUIRE(tracer->atrs.size() == 2);
    CHECK(tracer->atrs[1] == "3B9F96801F878031E073FE211B674A4C753034054BA9"_hex);
    CHECK(channel.atr() == tracer->atrs[1]);
}

TEST_CASE("tracers: null is rejected, removed tracers are no longer called", "[transport][channel]") {
    transport::test::FunctionCard card([](ByteView) { return "9000"_hex; });
    InProcessChannel channel(card);
    CHECK_THROWS_AS(channel.add_tracer(nullptr), std::invalid_argument);
    auto first = std::make_shared<ResetTracer>();
    auto second = std::make_shared<ResetTracer>();
    channel.add_tracer(first);
    channel.add_tracer(second);
    channel.transmit_raw("00A40004023F00"_hex);
    channel.remove_tracer(first);
    channel.transmit_raw("00A40004023F00"_hex);
    CHECK(first->exchanges == 1);
    CHECK(second->exchanges == 2);
}
