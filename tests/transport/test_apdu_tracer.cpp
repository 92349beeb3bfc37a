// SPDX-License-Identifier: Apache-2.0
// StreamTracer and RecordingTracer: ISO 7816-4 §5.1 field layout per line, GP PUT KEY redaction.
#include <catch2/catch.hpp>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <thread>

#include <euicc/transport/apdu_tracer.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "transport/transport_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using euicc::transport::RecordingTracer;
using euicc::transport::StreamTracer;

namespace {

std::string trace(ByteView command, ByteView response, std::string prefix = {}) {
    std::ostringstream out;
    StreamTracer tracer(out, std::move(prefix));
    tracer.on_exchange(command, response);
    return out.str();
}

} // namespace

TEST_CASE("StreamTracer splits the command into header, Lc, data, Le as sent", "[transport][tracer]") {
    const auto [command, line] = GENERATE(table<Bytes, std::string>({
        // case 4S: SELECT ISD-R by AID (SGP.02), Le 00
        {"00A4040010A0000005591010FFFFFFFF890000010000"_hex,
         "-> 00A40400 10 A0000005591010FFFFFFFF8900000100 00\n"},
        {"00A40004023F00"_hex, "-> 00A40004 02 3F00\n"},                               // case 3S
        {"00C000002F"_hex, "-> 00C00000 2F\n"},                                        // case 2S
        {"0070800200"_hex, "-> 00708002 00\n"},                                        // case 2S, Le 256
        {"80AA0000"_hex, "-> 80AA0000\n"},                                             // case 1
        {"00CB3FFF0000050102030405 0000"_hex, "-> 00CB3FFF 000005 0102030405 0000\n"}, // case 4E
        {"00B00000000000"_hex, "-> 00B00000 000000\n"},                                // case 2E
        {"00A4040005A000"_hex, "-> 00A4040005A000\n"}, // malformed: shown whole
    }));
    const std::string text = trace(command, "9000"_hex);
    CHECK(text.substr(0, text.find('\n') + 1) == line);
}

TEST_CASE("StreamTracer prints response data, SW and its meaning", "[transport][tracer]") {
    CHECK(trace("00A40004023F00"_hex, "612F"_hex) ==
          "-> 00A40004 02 3F00\n<- 612F (" + std::string(apdu::StatusWord(0x612F).describe()) + ")\n");
    CHECK(trace("00B000000A"_hex, "988812010000405600F89000"_hex) ==
          "-> 00B00000 0A\n<- 988812010000405600F8 9000 (" + std::string(apdu::sw::ok.describe()) + ")\n");
    CHECK(trace("00B000000A"_hex, "90"_hex).find("<- 90 (no status word)\n") != std::string::npos);
}

TEST_CASE("StreamTracer puts the prefix first on every line", "[transport][tracer]") {
    const std::string text = trace("80AA0000"_hex, "6A82"_hex, "[slot0] ");
    CHECK(text ==
          "[slot0] -> 80AA0000\n[slot0] <- 6A82 (" + std::string(apdu::sw::not_found.describe()) + ")\n");
}

TEST_CASE("StreamTracer redacts the data of GP PUT KEY", "[transport][tracer]") {
    // GP PUT KEY (INS D8): key version 01, three AES-128 keys, all bytes "secret" (11..).
    const Bytes key_data = "0188100011223344556677889900AABBCCDDEEFF03A1B2C3"_hex;
    Bytes command = "84D80181"_hex;
    command.push_back(static_cast<std::uint8_t>(key_data.size()));
    append(command, key_data);
    command.push_back(0x00);
    const std::string text = trace(command, "01A1B2C39000"_hex);
    CHECK(text.substr(0, text.find('\n')) == "-> 84D80181 18 <redacted 24 bytes> 00");
    CHECK(text.find("00112233") == std::string::npos);

    SECTION("also when the APDU is malformed") {
        Bytes broken = command;
        broken.pop_back();
        broken.pop_back(); // Lc now claims one byte more than present
        const std::string line = trace(broken, "6700"_hex);
        CHECK(line.substr(0, line.find('\n')) == "-> 84D80181 <redacted 24 bytes>");
        CHECK(line.find("00112233") == std::string::npos);
    }
}

TEST_CASE("carries_secret matches GP PUT KEY on any class byte", "[transport][tracer]") {
    CHECK(transport::carries_secret("80D8000105AABBCCDDEE"_hex));
    CHECK(transport::carries_secret("84D80181"_hex));
    CHECK(transport::carries_secret("C5D8000105AABBCCDDEE"_hex));
    CHECK_FALSE(transport::carries_secret("80E2910003BF2D00"_hex)); // STORE DATA: not redacted (for now)
    CHECK_FALSE(transport::carries_secret("00A4040010A0000005591010FFFFFFFF8900000100"_hex));
    CHECK_FALSE(transport::carries_secret("80D8"_hex)); // too short to be an APDU
    CHECK_FALSE(transport::carries_secret({}));
}

TEST_CASE("StreamTracer prints the ATR on reset", "[transport][tracer]") {
    std::ostringstream out;
    StreamTracer tracer(out, "> ");
    tracer.on_reset("3B9F96801F878031E073FE211B674A4C753034054BA9"_hex);
    tracer.on_reset({});
    CHECK(out.str() == "> ATR 3B9F96801F878031E073FE211B674A4C753034054BA9\n> ATR (unknown)\n");
}

namespace {

/// A stream buffer whose every write fails, like a file on a full disk with exceptions enabled.
struct FailingBuffer : std::streambuf {
    int_type overflow(int_type) override { throw std::runtime_error("disk full"); }
    std::streamsize xsputn(const char*, std::streamsize) override { throw std::runtime_error("disk full"); }
};

} // namespace

TEST_CASE("StreamTracer never throws: a failing stream ends up with badbit", "[transport][tracer]") {
    FailingBuffer buffer;
    std::ostream out(&buffer);
    out.exceptions(std::ios::badbit);
    StreamTracer tracer(out);
    // on_exchange is noexcept: an escaping exception would terminate the test run.
    tracer.on_exchange("80AA0000"_hex, "9000"_hex);
    tracer.on_reset("3B00"_hex);
    CHECK(out.bad());
}

TEST_CASE("RecordingTracer keeps every wire exchange in order", "[transport][tracer]") {
    transport::ScriptedCard card({{"00A40004023F0000"_hex, "612F"_hex}, {"00C000002F"_hex, "01029000"_hex}});
    transport::InProcessChannel channel(card);
    auto recorder = std::make_shared<RecordingTracer>();
    channel.add_tracer(recorder);
    channel.transmit(apdu::CommandApdu(0x00, 0xA4, 0x00, 0x04, "3F00"_hex, 256));
    const std::vector<RecordingTracer::Exchange> expected{{"00A40004023F0000"_hex, "612F"_hex},
                                                          {"00C000002F"_hex, "01029000"_hex}};
    CHECK(recorder->exchanges() == expected);
    recorder->clear();
    CHECK(recorder->exchanges().empty());
}

TEST_CASE("RecordingTracer accepts exchanges from several threads", "[transport][tracer]") {
    RecordingTracer recorder;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&recorder] {
            for (int i = 0; i < 250; ++i) {
                recorder.on_exchange("80AA0000"_hex, "9000"_hex);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(recorder.exchanges().size() == 1000);
}
