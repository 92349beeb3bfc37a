// SPDX-License-Identifier: Apache-2.0
// GsmtapPcapTracer: byte-exact pcap/IPv4/UDP/GSMTAP v2 output against spec/gsmtap.md vectors.
#include <catch2/catch.hpp>

#include <euicc/error.hpp>
#include <euicc/transport/apdu_tracer.hpp>

#include "transport/transport_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using euicc::transport::GsmtapPcapTracer;
using euicc::transport::test::cat;
using euicc::transport::test::global_header_size;
using euicc::transport::test::payload_of;
using euicc::transport::test::read_file;
using euicc::transport::test::record_header_size;
using euicc::transport::test::records_of;
using euicc::transport::test::TempPath;

namespace {

// spec/gsmtap.md "Complete minimal pcap": linktype 101, UDP 4729 -> 4729, one SELECT MF packet.
const Bytes minimal_pcap =
    "d4c3b2a1020004000000000000000000ffff00006500000000f15365000000003500000035000000450000350000000040117cb6"
    "7f00"
    "00017f00000112791279002100000204040000000000000000000000000000a40004023f00612f"_hex;

// spec/gsmtap.md test vectors (pySim trace, GSMTAP payloads).
const Bytes fcp_mf =
    "622d8202782183023f00a509800171830400018b908a01058c04261a0000c60f90017083010183018183010a83010b"_hex;
const Bytes terminal_profile = "801000001effffffff7f9d00dfbf00001fe2000000c36b000700004000500000000008"_hex;

} // namespace

TEST_CASE("GSMTAP payload: T=0 header with P3, command data, response data, SW", "[transport][gsmtap]") {
    const auto [command, response, payload] = GENERATE(table<Bytes, Bytes, Bytes>({
        // spec/gsmtap.md vectors: SELECT MF (case 3), GET RESPONSE (case 2), TERMINAL PROFILE (case 3)
        {"00a40004023f00"_hex, "612f"_hex, "00a40004023f00612f"_hex},
        {"00c000002f"_hex, cat(fcp_mf, "9000"_hex), cat(cat("00c000002f"_hex, fcp_mf), "9000"_hex)},
        {terminal_profile, "9000"_hex, cat(terminal_profile, "9000"_hex)},
        // case 4: Le dropped, P3 = Lc (T=0 sends case 4 as case 3)
        {"00a40004023f0000"_hex, "612f"_hex, "00a40004023f00612f"_hex},
        // case 1: P3 = 00
        {"80aa0000"_hex, "9000"_hex, "80aa0000009000"_hex},
        // case 2 with Le = 256: P3 = 00
        {"00b0000000"_hex, "6b00"_hex, "00b00000006b00"_hex},
        // extended: the length field as sent (4E: 00 Lc1 Lc2, Le dropped; 2E: 00 Le1 Le2)
        {"00cb3fff0000050102030405 0000"_hex, "9000"_hex, "00cb3fff0000050102030405 9000"_hex},
        {"00b00000000000"_hex, "9000"_hex, "00b000000000009000"_hex},
        // malformed: as it went over the wire
        {"00a4040005a000"_hex, "6700"_hex, "00a4040005a0006700"_hex},
    }));
    CAPTURE(command);
    CHECK(GsmtapPcapTracer::gsmtap_apdu_payload(command, response) == payload);
}

TEST_CASE("pcap bytes equal the spec's minimal pcap (linktype 228, source port 60888)",
          "[transport][gsmtap]") {
    TempPath path("minimal.pcap");
    {
        GsmtapPcapTracer tracer(path.str());
        tracer.on_exchange("00a40004023f00"_hex, "612f"_hex);
        CHECK(tracer.packets() == 1);
        CHECK(tracer.last_error().empty());
    }
    const Bytes file = read_file(path.str());
    // The spec's file uses linktype 101 and UDP 4729 -> 4729; ours 228 and 60888 -> 4729. The IPv4 header
    // (checksum 7cb6 included) does not cover ports, so it stays byte-identical.
    Bytes expected = minimal_pcap;
    expected[20] = 228;
    expected[global_header_size + record_header_size + 20] = 0xED;
    expected[global_header_size + record_header_size + 21] = 0xD8;
    REQUIRE(file.size() == expected.size());
    CHECK(Bytes(file.begin(), file.begin() + global_header_size) ==
          Bytes(expected.begin(), expected.begin() + global_header_size));
    const auto records = records_of(file);
    REQUIRE(records.size() == 1);
    const auto expected_records = records_of(expected);
    CHECK(records[0].frame == expected_records[0].frame);
    CHECK(records[0].ts_usec < 1000000);
    CHECK(records[0].ts_sec > 1700000000u); // taken from the system clock, not left at zero
}

TEST_CASE("IPv4 length and checksum follow the payload size", "[transport][gsmtap]") {
    TempPath path("sizes.pcap");
    {
        GsmtapPcapTracer tracer(path.str());
        tracer.on_exchange("00c000002f"_hex, cat(fcp_mf, "9000"_hex));
        tracer.on_exchange(terminal_profile, "9000"_hex);
    }
    const auto records = records_of(read_file(path.str()));
    REQUIRE(records.size() == 2);
    for (const auto& record : records) {
        const Bytes& frame = record.frame;
        CHECK(static_cast<std::size_t>(frame[2] << 8 | frame[3]) == frame.size());        // IPv4 total length
        CHECK(static_cast<std::size_t>(frame[24] << 8 | frame[25]) == frame.size() - 20); // UDP length
        std::uint32_t sum = 0;
        for (std::size_t i = 0; i < 20; i += 2) {
            sum += static_cast<std::uint32_t>(frame[i] << 8 | frame[i + 1]);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        CHECK(sum == 0xFFFF); // RFC 791: a valid header sums to all ones
        CHECK(Bytes(frame.begin() + 28, frame.begin() + 44) == "02040400000000000000000000000000"_hex);
    }
    CHECK(payload_of(records[1].frame) == cat(terminal_profile, "9000"_hex));
}

TEST_CASE("ATR packets (sub_type 01) only with emit_atr", "[transport][gsmtap]") {
    const Bytes atr = "3b9f96801f878031e073fe211b674a4c753034054ba9"_hex;
    TempPath path("atr.pcap");
    SECTION("default: none") {
        {
            GsmtapPcapTracer tracer(path.str());
            tracer.on_reset(atr);
            tracer.on_exchange("80aa0000"_hex, "9000"_hex);
            CHECK(tracer.packets() == 1);
        }
        CHECK(records_of(read_file(path.str())).size() == 1);
    }
    SECTION("emit_atr") {
        {
            GsmtapPcapTracer tracer(path.str(), {true, true});
            tracer.on_reset(atr);
            tracer.on_reset({}); // unknown ATR: nothing to write
            CHECK(tracer.packets() == 1);
        }
        const auto records = records_of(read_file(path.str()));
        REQUIRE(records.size() == 1);
        CHECK(records[0].frame[40] == 0x01); // GSMTAP sub_type
        CHECK(payload_of(records[0].frame) == atr);
    }
}

TEST_CASE("PUT KEY data is written as zeros unless redact_keys is off", "[transport][gsmtap]") {
    // GP PUT KEY: KVN 01, AES key (88) of 16 bytes, KCV of 3 bytes; Lc 17, Le 00.
    const Bytes put_key = "80D8018117018810 00112233445566778899AABBCCDDEEFF 03A1B2C3 00"_hex;
    TempPath path("keys.pcap");
    SECTION("redacted") {
        {
            GsmtapPcapTracer tracer(path.str());
            tracer.on_exchange(put_key, "019000"_hex);
        }
        const auto records = records_of(read_file(path.str()));
        REQUIRE(records.size() == 1);
        CHECK(payload_of(records[0].frame) == cat(cat("80D8018117"_hex, Bytes(0x17, 0x00)), "019000"_hex));
    }
    SECTION("kept") {
        {
            GsmtapPcapTracer tracer(path.str(), {false, false});
            tracer.on_exchange(put_key, "019000"_hex);
        }
        const auto records = records_of(read_file(path.str()));
        REQUIRE(records.size() == 1);
        CHECK(payload_of(records[0].frame) == GsmtapPcapTracer::gsmtap_apdu_payload(put_key, "019000"_hex));
    }
}

TEST_CASE("GsmtapPcapTracer errors: create throws, later write errors go to last_error",
          "[transport][gsmtap]") {
    CHECK_THROWS_AS(GsmtapPcapTracer("/nonexistent-dir/trace.pcap"), TransportError);

    SECTION("disk full") {
        GsmtapPcapTracer tracer("/dev/full");
        tracer.on_exchange("80aa0000"_hex, "9000"_hex); // must not throw
        tracer.flush();
        CHECK_FALSE(tracer.last_error().empty());
    }
    SECTION("an exchange too large for one IPv4 packet is skipped and reported") {
        TempPath path("large.pcap");
        GsmtapPcapTracer tracer(path.str());
        Bytes command = "80E29100000000"_hex;
        command[5] = 0xFF;
        command[6] = 0xFF;
        command.resize(7 + 0xFFFF, 0x42);
        tracer.on_exchange(command, "9000"_hex);
        CHECK(tracer.packets() == 0);
        CHECK(tracer.last_error().find("IPv4") != std::string::npos);
    }
}
