// SPDX-License-Identifier: Apache-2.0
// Sending-entity side: wrap_command argument checks, PoR verification (CC, TAR, CNTR, unsecured error PoRs).
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string_view>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

#include "scp80_vectors.hpp"

using namespace euicc::scp80;
using namespace scp80_test;
using euicc::ByteView;

namespace {
const Bytes script = "80E29100 03 BF2D00"_hex;
} // namespace

TEST_CASE("wrap_command refuses headers it cannot honour", "[scp80][host]") {
    const Keyset aes = keys_a_aes();
    CHECK_THROWS_AS(wrap_command(header(0x16, 0x39, 0x22, 0x22, tar_b00011, max_counter + 1), aes, script),
                    std::invalid_argument);
    CHECK_NOTHROW(wrap_command(header(0x16, 0x39, 0x22, 0x22, tar_b00011, max_counter), aes, script));
    // DS is proprietary.
    CHECK_THROWS_AS(wrap_command(header(0x03, 0x00, 0x22, 0x22, tar_b00011), aes, script),
                    std::invalid_argument);
    // KVN of KIc/KID differs from the key set's.
    CHECK_THROWS_AS(wrap_command(header(0x06, 0x00, 0x32, 0x22, tar_b00011), aes, script),
                    std::invalid_argument);
    CHECK_THROWS_AS(wrap_command(header(0x06, 0x00, 0x22, 0x32, tar_b00011), aes, script),
                    std::invalid_argument);
    // The PoR is checked too: KID 0x22 (AES) has no meaning as an RC.
    CHECK_THROWS_AS(wrap_command(header(0x06, 0x05, 0x22, 0x22, tar_b00011), aes, script),
                    std::invalid_argument);
    // Implicit / proprietary algorithms cannot be processed.
    CHECK_THROWS_AS(wrap_command(header(0x04, 0x00, 0x20, 0x22, tar_b00011), aes, script),
                    std::invalid_argument);
    CHECK_THROWS_AS(wrap_command(header(0x02, 0x00, 0x22, 0x23, tar_b00011), aes, script),
                    std::invalid_argument);
    // RFU codings.
    CHECK_THROWS_AS(wrap_command(header(0x04, 0x00, 0x26, 0x22, tar_b00011), aes, script),
                    std::invalid_argument);
    // Key lengths: 3DES 3-key needs 24 bytes; AES-128 keys for a DES KIc do not fit.
    const Keyset k16 = keyset(1, Bytes(16, 0x11), Bytes(16, 0x22));
    CHECK_THROWS_AS(wrap_command(header(0x04, 0x00, 0x19, 0x15, tar_b00011), k16, script),
                    std::invalid_argument);
    CHECK_THROWS_AS(wrap_command(header(0x04, 0x00, 0x11, 0x15, tar_b00011), k16, script),
                    std::invalid_argument);
    // CPL is 2 bytes.
    CHECK_THROWS_AS(wrap_command(header(0x00, 0x00, 0x00, 0x00, tar_b00011), aes, Bytes(0xFFFF, 0)),
                    std::invalid_argument);
    CHECK_NOTHROW(wrap_command(header(0x00, 0x00, 0x00, 0x00, tar_b00011), aes, Bytes(0xFFFF - 14, 0)));
    // Unused KIc/KID bytes are not interpreted.
    CHECK_NOTHROW(wrap_command(header(0x00, 0x00, 0xFF, 0xFF, tar_b00011), keys_d(), script));
}

TEST_CASE("Argument errors never quote key bytes", "[scp80][host]") {
    const Keyset k16 =
        keyset(1, "DEADBEEFDEADBEEFDEADBEEFDEADBEEF"_hex, "CAFEBABECAFEBABECAFEBABECAFEBABE"_hex);
    try {
        wrap_command(header(0x06, 0x00, 0x19, 0x19, tar_b00011), k16, script);
        FAIL("no exception");
    } catch (const std::invalid_argument& e) {
        const std::string_view text = e.what();
        CHECK(text.find("KIc") != std::string_view::npos);
        CHECK(text.find("DEADBEEF") == std::string_view::npos);
        CHECK(text.find("deadbeef") == std::string_view::npos);
    }
}

TEST_CASE("A PoR with any bit flipped is refused", "[scp80][host]") {
    for (const auto& v : por_vectors()) {
        if (!v.secured) {
            continue;
        }
        CAPTURE(v.name);
        for (std::size_t at = 0; at < v.user_data.size(); ++at) {
            Bytes corrupted = v.user_data;
            corrupted[at] ^= 0x01;
            CAPTURE(at);
            CHECK_THROWS_AS(unwrap_response(corrupted, v.sent, v.keys), euicc::Error);
        }
    }
}

TEST_CASE("The published corrupted PoR fails its CC", "[scp80][host]") {
    const Bytes corrupted = "027100001612b000110000000000000055f47118381175fb02612f"_hex;
    CHECK_THROWS_AS(unwrap_response(corrupted, header(0x02, 0x09, 0x35, 0x35, tar_b00011), keys_b()),
                    euicc::SecurityError);
}

TEST_CASE("PoR TAR and CNTR must echo the command", "[scp80][host]") {
    const auto vectors = por_vectors();
    const auto& v = vectors[0];
    CommandHeader other_tar = v.sent;
    other_tar.tar = tar_b00010;
    CHECK_THROWS_AS(unwrap_response(v.user_data, other_tar, v.keys), euicc::SecurityError);
    CommandHeader other_counter = v.sent;
    other_counter.counter = 1;
    CHECK_THROWS_AS(unwrap_response(v.user_data, other_counter, v.keys), euicc::SecurityError);
    // Also for a PoR without security: "PoR OK" must echo the counter.
    const auto& plain = vectors[2];
    CommandHeader plain_other = plain.sent;
    plain_other.counter = 1;
    CHECK_THROWS_AS(unwrap_response(plain.user_data, plain_other, plain.keys), euicc::SecurityError);
}

TEST_CASE("Unsecured PoRs: accepted for errors, refused for PoR OK where security was asked for",
          "[scp80][host]") {
    const Keyset keys = keys_a_3des();
    const CommandHeader sent = header(0x16, 0x39, 0x35, 0x35, tar_b00011, 77);
    SECTION("An error PoR in the unsecured form, with a zero CNTR") {
        const Bytes error_por = wrap_response(sent, keys, ResponseStatus::CounterLow, {});
        CHECK(euicc::to_hex(error_por) == "027100000B0AB0001100000000000002");
        const ResponsePacket por = unwrap_response(error_por, sent, keys);
        CHECK(por.status == ResponseStatus::CounterLow);
        CHECK_FALSE(por.secured);
        CHECK(por.data.empty());
    }
    SECTION("Status 00 without the CC is a downgrade") {
        const Bytes plain_ok = "027100000e0ab00011 000000004d 00 00 016132"_hex; // CNTR 77 echoed, no CC
        CHECK_THROWS_AS(unwrap_response(plain_ok, sent, keys), euicc::SecurityError);
    }
    SECTION("Non-security statuses are secured as SPI byte 2 asks") {
        const Bytes more_time = wrap_response(sent, keys, ResponseStatus::MoreTimeNeeded, {});
        const ResponsePacket por = unwrap_response(more_time, sent, keys);
        CHECK(por.status == ResponseStatus::MoreTimeNeeded);
        CHECK(por.secured);
        CHECK(por.counter == 77);
    }
    SECTION("Unknown status values are kept") {
        const Bytes vendor = wrap_response(sent, keys, static_cast<ResponseStatus>(0xC7), "AA"_hex);
        CHECK(static_cast<int>(unwrap_response(vendor, sent, keys).status) == 0xC7);
    }
}

TEST_CASE("Cipher-only PoRs: ciphered form and unsecured error form", "[scp80][host]") {
    const Keyset keys = keys_a_aes();
    // SPI byte 2 0x11: PoR required, ciphered, no RC/CC.
    const CommandHeader sent = header(0x16, 0x11, 0x22, 0x22, tar_b00011, 3);
    const Bytes ok = wrap_response(sent, keys, ResponseStatus::PorOk, "019000"_hex);
    CHECK((ok.size() - 3 - 6) % 16 == 0);
    const ResponsePacket por = unwrap_response(ok, sent, keys);
    CHECK(por.secured);
    CHECK(por.data == "019000"_hex);
    const ResponsePacket error = unwrap_response("027100000b0ab0001100000000000009"_hex, sent, keys);
    CHECK(error.status == ResponseStatus::TarUnknown);
    CHECK_FALSE(error.secured);
}

TEST_CASE("Malformed PoRs are CodecErrors with context PoR", "[scp80][host]") {
    const auto vectors = por_vectors();
    for (const auto& v : vectors) {
        CAPTURE(v.name);
        for (std::size_t length = 0; length < v.user_data.size(); ++length) {
            CAPTURE(length);
            const Bytes prefix(v.user_data.begin(),
                               v.user_data.begin() + static_cast<std::ptrdiff_t>(length));
            try {
                static_cast<void>(unwrap_response(prefix, v.sent, v.keys));
                FAIL_CHECK("accepted a truncated PoR");
            } catch (const euicc::CodecError& e) {
                CHECK(e.context() == "PoR");
            }
        }
    }
    const auto& cc = vectors[1];
    Bytes wrong_rhl = cc.user_data;
    wrong_rhl[5] = 0x0E; // RC length where a CC was asked for
    CHECK_THROWS_AS(unwrap_response(wrong_rhl, cc.sent, cc.keys), euicc::CodecError);
    Bytes big_pcntr = "027100000e0ab0001100000000000400016132"_hex; // PCNTR 4 > 3 data bytes
    CHECK_THROWS_AS(unwrap_response(big_pcntr, vectors[2].sent, vectors[2].keys), euicc::CodecError);
}

TEST_CASE("Host and card agree for every algorithm, SPI and data length", "[scp80][roundtrip]") {
    struct Algorithm {
        const char* name;
        std::uint8_t kic;
        std::uint8_t kid;
        Bytes kic_key;
        Bytes kid_key;
    };
    const auto algorithm =
        GENERATE(Algorithm{"DES-CBC", 0x11, 0x11, Bytes(8, 0x01), Bytes(8, 0x02)},
                 Algorithm{"3DES-2K", 0x15, 0x15, "0102030405060708090A0B0C0D0E0F10"_hex,
                           "1112131415161718191A1B1C1D1E1F20"_hex},
                 Algorithm{"3DES-3K", 0x19, 0x19, Bytes(24, 0x05), Bytes(24, 0x06)},
                 Algorithm{"DES-ECB + 3DES-2K MAC", 0x1D, 0x15, Bytes(8, 0x07), Bytes(16, 0x08)},
                 Algorithm{"AES-128", 0x12, 0x12, Bytes(16, 0x09), Bytes(16, 0x0A)},
                 Algorithm{"AES-192", 0x12, 0x12, Bytes(24, 0x0B), Bytes(24, 0x0C)},
                 Algorithm{"AES-256", 0x12, 0x12, Bytes(32, 0x0D), Bytes(32, 0x0E)});
    // Command: no security, RC, CC, cipher, cipher+CC, counter modes; PoR: none, RC, CC, ciphered+CC, by
    // SUBMIT.
    const auto spi =
        GENERATE(std::array<std::uint8_t, 2>{0x00, 0x01}, std::array<std::uint8_t, 2>{0x02, 0x09},
                 std::array<std::uint8_t, 2>{0x04, 0x11}, std::array<std::uint8_t, 2>{0x06, 0x19},
                 std::array<std::uint8_t, 2>{0x16, 0x39}, std::array<std::uint8_t, 2>{0x1E, 0x29},
                 std::array<std::uint8_t, 2>{0x0E, 0x05}, std::array<std::uint8_t, 2>{0x0A, 0x02},
                 std::array<std::uint8_t, 2>{0x01, 0x05});
    CAPTURE(algorithm.name, spi[0], spi[1]);
    // An RC reads the KID as a CRC coding (x1 CRC16, x5 CRC32); AES and 3DES-3K codings have no RC meaning.
    const bool uses_rc = (spi[0] & 0x03) == 1 || ((spi[1] >> 2) & 0x03) == 1;
    if (uses_rc && algorithm.kid != 0x11 && algorithm.kid != 0x15) {
        CHECK_THROWS_AS(wrap_command(header(spi[0], spi[1], algorithm.kic, algorithm.kid, Tar{}, 1),
                                     keyset(1, algorithm.kic_key, algorithm.kid_key), Bytes{}),
                        std::invalid_argument);
        return;
    }
    const Keyset keys = keyset(1, algorithm.kic_key, algorithm.kid_key);
    const Tar tar{{0x00, 0x00, 0x01}};
    for (std::size_t length = 0; length <= 40; ++length) {
        CAPTURE(length);
        Bytes data(length);
        for (std::size_t i = 0; i < length; ++i) {
            data[i] = static_cast<std::uint8_t>(0xA0 + i);
        }
        const CommandHeader sent = header(spi[0], spi[1], algorithm.kic, algorithm.kid, tar, 10 + length);
        const Bytes packet = wrap_command(sent, keys, data);
        const auto received = unwrap_command(packet, single_entity(tar, keys, 9 + length));
        REQUIRE(received.accepted());
        CHECK(received.command().header == sent);
        CHECK(received.command().secured_data == data);

        const Bytes por_bytes = wrap_response(received.command().header, keys, ResponseStatus::PorOk, data);
        const ResponsePacket por = unwrap_response(por_bytes, sent, keys);
        CHECK(por.status == ResponseStatus::PorOk);
        CHECK(por.counter == sent.counter);
        CHECK(por.data == data);
        CHECK(por.secured == (sent.spi.por_ciphered || sent.spi.por_integrity != Integrity::None));
    }
}
