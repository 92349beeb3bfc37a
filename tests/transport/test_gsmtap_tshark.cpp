// SPDX-License-Identifier: Apache-2.0
// GSMTAP pcap traces decoded by tshark's GSM SIM dissector (spec/gsmtap.md), through a T=0-style channel.
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "transport/transport_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using euicc::apdu::CommandApdu;
using euicc::transport::test::cat;
using euicc::transport::test::read_file;
using euicc::transport::test::TempPath;

namespace {

struct CommandOutput {
    int status = -1;
    std::string out;
};

CommandOutput run(const std::string& command) {
    CommandOutput result;
    std::FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> chunk{};
    std::size_t n = 0;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0) {
        result.out.append(chunk.data(), n);
    }
    result.status = ::pclose(pipe);
    return result;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

} // namespace

TEST_CASE("tshark decodes the GSMTAP trace of a T=0 session as GSM SIM", "[transport][gsmtap][tshark]") {
    if (std::system("command -v tshark >/dev/null 2>&1") != 0) {
        FAIL("tshark is not installed: it is required to check GSMTAP traces (Debian package tshark; CI "
             "installs it)");
    }
    const Bytes fcp_mf =
        "622d8202782183023f00a509800171830400018b908a01058c04261a0000c60f90017083010183018183010a83010b"_hex;
    const Bytes terminal_profile_data = "ffffffff7f9d00dfbf00001fe2000000c36b000700004000500000000008"_hex;
    transport::ScriptedCard card({
        {"00A40004023F0000"_hex, cat(fcp_mf, "9000"_hex)},
        {"0070000001"_hex, "019000"_hex},
        {"0070800100"_hex, "9000"_hex},
        {cat("801000001E"_hex, terminal_profile_data), "9000"_hex},
    });
    TempPath pcap("tshark.pcap");
    {
        transport::InProcessChannel channel(card, {true});
        auto tracer = std::make_shared<transport::GsmtapPcapTracer>(pcap.str());
        channel.add_tracer(tracer);
        CHECK(channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, "3F00"_hex, 256)).data() == fcp_mf);
        CHECK(channel.open_logical_channel() == 1);
        channel.close_logical_channel(1);
        channel.transmit(CommandApdu(0x80, 0x10, 0x00, 0x00, terminal_profile_data));
        tracer->flush();
        CHECK(tracer->last_error().empty());
        CHECK(tracer->packets() == 5);
    }
    REQUIRE(card.failures().empty());
    // The T=0 path traces the SELECT as sent (case 3 form) with its 612F: the spec's pySim packet.
    const auto records = transport::test::records_of(read_file(pcap.str()));
    REQUIRE(records.size() == 5);
    CHECK(transport::test::payload_of(records[0].frame) == "00a40004023f00612f"_hex);

    TempPath errors("tshark.err");
    // tshark as root warns on stderr; keep stderr apart and show it only when something fails.
    const auto result = run("tshark -r '" + pcap.str() +
                            "' -Y gsm_sim -T fields -E separator=/t -e gsm_sim.apdu.ins -e gsm_sim.apdu.sw "
                            "-e _ws.col.Info 2>'" +
                            errors.str() + "'");
    const Bytes stderr_bytes = read_file(errors.str());
    INFO("tshark stderr: " << std::string(stderr_bytes.begin(), stderr_bytes.end()));
    INFO("tshark stdout: " << result.out);
    REQUIRE(result.status == 0);
    const auto lines = lines_of(result.out);
    REQUIRE(lines.size() == 5);
    CHECK_THAT(lines[0], Catch::StartsWith("0xa4\t0x612f\t") && Catch::Contains("SELECT File MF"));
    CHECK_THAT(lines[1], Catch::StartsWith("0xc0\t0x9000\t") && Catch::Contains("GET RESPONSE"));
    CHECK_THAT(lines[2], Catch::StartsWith("0x70\t0x9000\t") && Catch::Contains("MANAGE CHANNEL") &&
                             Catch::Contains("Open Channel"));
    CHECK_THAT(lines[3],
               Catch::StartsWith("0x70\t0x9000\t") && Catch::Contains("Close Channel (channel: 1)"));
    CHECK_THAT(lines[4], Catch::StartsWith("0x10\t0x9000\t") && Catch::Contains("TERMINAL PROFILE"));
}
