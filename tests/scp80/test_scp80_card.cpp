// SPDX-License-Identifier: Apache-2.0
// Receiving-entity checks of TS 102 225 §5.1 in their order: TAR, ciphering, RC/CC, counter, MSL; truncation.
#include <catch2/catch.hpp>
#include <set>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

#include "scp80_vectors.hpp"

using namespace euicc::scp80;
using namespace scp80_test;
using euicc::ByteView;

namespace {

const Bytes script = "80E29100 03 BF2D00"_hex;

Bytes with_cpl_fixed(Bytes packet) {
    const std::size_t cpl = packet.size() - 2;
    packet[0] = static_cast<std::uint8_t>(cpl >> 8);
    packet[1] = static_cast<std::uint8_t>(cpl);
    return packet;
}

} // namespace

TEST_CASE("Unknown TAR gives 09 with the TAR and SPI kept for the PoR", "[scp80][card]") {
    const Keyset keys = keys_a_aes();
    const Bytes packet = wrap_command(header(0x16, 0x39, 0x22, 0x22, tar_b00011, 1), keys, script);
    const auto result = unwrap_command(packet, single_entity(tar_b00010, keys));
    REQUIRE_FALSE(result.accepted());
    CHECK(result.status() == ResponseStatus::TarUnknown);
    REQUIRE(result.rejection().tar);
    CHECK(*result.rejection().tar == tar_b00011);
    REQUIRE(result.rejection().spi);
    CHECK(result.rejection().spi->por_via_sms_submit);
    CHECK_THROWS_AS(result.command(), euicc::SecurityError);
    CHECK(euicc::to_hex(wrap_error_response(result.rejection())) == "027100000B0AB0001100000000000009");
}

TEST_CASE("A flipped bit anywhere in the secured part fails the CC (01)", "[scp80][card]") {
    const Keyset keys = GENERATE(keys_a_aes(), keys_a_3des());
    const std::uint8_t key_id = keys.kvn == 2 ? 0x22 : 0x35;
    const std::uint8_t spi1 = GENERATE(std::uint8_t{0x12}, std::uint8_t{0x16}); // CC, CC + ciphering
    CAPTURE(keys.kvn, spi1);
    const Bytes packet = wrap_command(header(spi1, 0x39, key_id, key_id, tar_b00011, 7), keys, script);
    for (std::size_t at = 10; at < packet.size(); ++at) {
        for (int bit = 0; bit < 8; bit += 7) {
            Bytes corrupted = packet;
            corrupted[at] ^= static_cast<std::uint8_t>(1U << bit);
            CAPTURE(at, bit);
            const auto result = unwrap_command(corrupted, single_entity(tar_b00011, keys, 6));
            CHECK(result.status() == ResponseStatus::RcCcDsFailed);
        }
    }
    CHECK(unwrap_command(packet, single_entity(tar_b00011, keys, 6)).accepted());
}

TEST_CASE("RC: a corrupted CRC32 or CRC16 gives 01", "[scp80][card]") {
    const std::uint8_t kid = GENERATE(std::uint8_t{0x05}, std::uint8_t{0x01});
    const Keyset keys = keys_d();
    const Bytes packet = wrap_command(header(0x01, 0x00, 0x00, kid, tar_b00000), keys, script);
    CHECK(packet[2] == (kid == 0x05 ? 0x11 : 0x0F)); // CHL = 13 + 4 / 13 + 2
    CHECK(unwrap_command(packet, single_entity(tar_b00000, keys)).accepted());
    Bytes corrupted = packet;
    corrupted.back() ^= 0x01;
    CHECK(unwrap_command(corrupted, single_entity(tar_b00000, keys)).status() ==
          ResponseStatus::RcCcDsFailed);
}

TEST_CASE("Counter rules of TS 102 225 §5.1.1", "[scp80][card][counter]") {
    const Keyset keys = keys_a_aes();
    const auto status = [&](std::uint8_t spi1, std::uint64_t sent, std::uint64_t stored) {
        const Bytes packet = wrap_command(header(spi1, 0x39, 0x22, 0x22, tar_b00011, sent), keys, script);
        return unwrap_command(packet, single_entity(tar_b00011, keys, stored)).status();
    };
    SECTION("Higher: replayed or lower counters give 02") {
        CHECK(status(0x16, 6, 5) == ResponseStatus::PorOk);
        CHECK(status(0x16, 1000, 5) == ResponseStatus::PorOk);
        CHECK(status(0x16, 5, 5) == ResponseStatus::CounterLow);
        CHECK(status(0x16, 4, 5) == ResponseStatus::CounterLow);
        CHECK(status(0x16, 0, 0) == ResponseStatus::CounterLow);
    }
    SECTION("OneHigher: exactly one more, else 02 (lower or equal) or 03 (higher)") {
        CHECK(status(0x1E, 6, 5) == ResponseStatus::PorOk);
        CHECK(status(0x1E, 5, 5) == ResponseStatus::CounterLow);
        CHECK(status(0x1E, 4, 5) == ResponseStatus::CounterLow);
        CHECK(status(0x1E, 7, 5) == ResponseStatus::CounterHigh);
        CHECK(status(0x1E, max_counter, 5) == ResponseStatus::CounterHigh);
    }
    SECTION("A stored counter at its maximum is blocked (04)") {
        CHECK(status(0x16, max_counter, max_counter) == ResponseStatus::CounterBlocked);
        CHECK(status(0x1E, 0, max_counter) == ResponseStatus::CounterBlocked);
    }
    SECTION("No counter / no check: any value") {
        CHECK(status(0x06, 0, 5) == ResponseStatus::PorOk);
        CHECK(status(0x0E, 3, 5) == ResponseStatus::PorOk);
    }
    SECTION("The accepted counter is reported for the caller to store") {
        const Bytes packet = wrap_command(header(0x16, 0x39, 0x22, 0x22, tar_b00011, 42), keys, script);
        CHECK(unwrap_command(packet, single_entity(tar_b00011, keys, 41)).command().header.counter == 42);
    }
    SECTION("The published live packet with CNTR 100, replayed, is refused") {
        const auto vectors = command_vectors();
        const Keyset c = keys_c();
        // The sysmoISIM-SJA2 answered 06 (scp80.md §5); TS 102 225 names this case 02, which is what we
        // answer.
        CHECK(unwrap_command(vectors[8].packet, single_entity(tar_b00010, c, 100)).status() ==
              ResponseStatus::CounterLow);
    }
}

TEST_CASE("SPI weaker than the MSL gives 0A after all other checks", "[scp80][card][msl]") {
    const Keyset keys = keys_a_aes();
    const auto status = [&](std::uint8_t spi1, std::uint8_t msl) {
        const Bytes packet = wrap_command(header(spi1, 0x39, 0x22, 0x22, tar_b00011, 9), keys, script);
        return unwrap_command(packet, single_entity(tar_b00011, keys, 8, msl)).status();
    };
    CHECK(status(0x02, 0x06) == ResponseStatus::InsufficientSecurityLevel); // CC only, MSL asks for ciphering
    CHECK(status(0x00, 0x02) == ResponseStatus::InsufficientSecurityLevel); // nothing, MSL asks for a CC
    CHECK(status(0x06, 0x16) == ResponseStatus::InsufficientSecurityLevel); // no counter, MSL asks "higher"
    CHECK(status(0x16, 0x16) == ResponseStatus::PorOk);
    CHECK(status(0x06, 0x06) == ResponseStatus::PorOk);
    // The counter check comes first: a replay below the MSL still reports 02.
    const Bytes replay = wrap_command(header(0x12, 0x39, 0x22, 0x22, tar_b00011, 8), keys, script);
    CHECK(unwrap_command(replay, single_entity(tar_b00011, keys, 8, 0x16)).status() ==
          ResponseStatus::CounterLow);
}

TEST_CASE("Wrong or missing keys: 05 for ciphering, 01 for the CC", "[scp80][card][keys]") {
    const Keyset keys = keys_a_aes();
    const Bytes ciphered_cc = wrap_command(header(0x06, 0x39, 0x22, 0x22, tar_b00011), keys, script);

    SECTION("Wrong KIc key: deciphering yields garbage, which the CC check catches (01)") {
        const Keyset wrong =
            keyset(2, "ff0102030405060708090a0b0c0d0e0f"_hex, "201102030405060708090a0b0c0d0e0f"_hex);
        CHECK(unwrap_command(ciphered_cc, single_entity(tar_b00011, wrong)).status() ==
              ResponseStatus::RcCcDsFailed);
    }
    SECTION("Wrong KID key gives 01") {
        const Keyset wrong =
            keyset(2, "200102030405060708090a0b0c0d0e0f"_hex, "ff1102030405060708090a0b0c0d0e0f"_hex);
        CHECK(unwrap_command(ciphered_cc, single_entity(tar_b00011, wrong)).status() ==
              ResponseStatus::RcCcDsFailed);
    }
    SECTION("No keys for the key version: 05 when ciphered, 01 when only a CC is needed") {
        const KeyLookup no_keys = [](const Tar&, std::uint8_t, std::uint8_t) {
            return std::optional<ReceivingEntity>(ReceivingEntity{nullptr, 0, 0});
        };
        CHECK(unwrap_command(ciphered_cc, no_keys).status() == ResponseStatus::CipheringError);
        const Bytes cc_only = wrap_command(header(0x02, 0x09, 0x22, 0x22, tar_b00011), keys, script);
        CHECK(unwrap_command(cc_only, no_keys).status() == ResponseStatus::RcCcDsFailed);
        const Bytes plain = wrap_command(header(0x00, 0x01, 0x22, 0x22, tar_b00011), keys, script);
        CHECK(unwrap_command(plain, no_keys).accepted());
    }
    SECTION("A key length that does not fit the KIc algorithm gives 05") {
        // KIc 0x29 says 3DES 3-key, but the key set holds a 16-byte key.
        Bytes packet = ciphered_cc;
        packet[5] = 0x29;
        CHECK(unwrap_command(packet, single_entity(tar_b00011, keys)).status() ==
              ResponseStatus::CipheringError);
    }
    SECTION("A ciphered part that is no whole number of blocks gives 05") {
        Bytes packet = ciphered_cc;
        packet.push_back(0x00);
        CHECK(unwrap_command(with_cpl_fixed(packet), single_entity(tar_b00011, keys)).status() ==
              ResponseStatus::CipheringError);
    }
    SECTION("Cipher only, wrong key: a PCNTR beyond the data shows the ciphering error (05)") {
        const Bytes packet = wrap_command(header(0x04, 0x01, 0x22, 0x22, tar_b00011), keys, script);
        // Several wrong keys: each either gives 05 or (PCNTR happening to fit) garbage that is not the
        // script.
        int ciphering_errors = 0;
        for (std::uint8_t k = 1; k < 9; ++k) {
            Bytes kic = "200102030405060708090a0b0c0d0e0f"_hex;
            kic[0] = k;
            const Keyset wrong = keyset(2, kic, "201102030405060708090a0b0c0d0e0f"_hex);
            const auto result = unwrap_command(packet, single_entity(tar_b00011, wrong));
            if (result.status() == ResponseStatus::CipheringError) {
                ++ciphering_errors;
            } else if (result.accepted()) {
                CHECK(result.command().secured_data != script);
            }
        }
        CHECK(ciphering_errors > 0);
    }
}

TEST_CASE("Uninterpretable headers give 06", "[scp80][card]") {
    const Keyset keys = keys_a_aes();
    const Bytes packet = wrap_command(header(0x16, 0x39, 0x22, 0x22, tar_b00011, 1), keys, script);
    const auto status = [&](const Bytes& p) {
        return unwrap_command(p, single_entity(tar_b00011, keys)).status();
    };

    Bytes reserved_spi = packet;
    reserved_spi[3] |= 0x80;
    CHECK(status(reserved_spi) == ResponseStatus::UnidentifiedSecurityError);
    CHECK_FALSE(unwrap_command(reserved_spi, single_entity(tar_b00011, keys)).rejection().spi);

    Bytes reserved_por = packet;
    reserved_por[4] |= 0x03;
    CHECK(status(reserved_por) == ResponseStatus::UnidentifiedSecurityError);

    Bytes rfu_kic = packet;
    rfu_kic[5] = 0x26; // AES with b4..b3 = 01
    CHECK(status(rfu_kic) == ResponseStatus::UnidentifiedSecurityError);

    Bytes rfu_kid = packet;
    rfu_kid[6] = 0x1D; // DES-ECB is no CC
    CHECK(status(rfu_kid) == ResponseStatus::UnidentifiedSecurityError);

    Bytes wrong_chl = packet;
    wrong_chl[2] = 0x11; // a CC is 8 bytes, CHL must be 0x15
    CHECK(status(wrong_chl) == ResponseStatus::UnidentifiedSecurityError);

    Bytes short_chl = packet;
    short_chl[2] = 0x0C;
    CHECK(status(short_chl) == ResponseStatus::UnidentifiedSecurityError);

    Bytes wrong_cpl = packet;
    wrong_cpl[1] ^= 0x01;
    CHECK(status(wrong_cpl) == ResponseStatus::UnidentifiedSecurityError);

    Bytes trailing = packet;
    trailing.push_back(0);
    CHECK(status(trailing) == ResponseStatus::UnidentifiedSecurityError);
}

TEST_CASE("Digital signatures are not supported: 01", "[scp80][card]") {
    // SPI 03 (DS) with CHL 0x15: a proprietary 8-byte DS cannot be verified.
    const Bytes packet = "00 18 15 0300 22 22 b00011 0000000000 00 0102030405060708 AABB"_hex;
    const Keyset keys = keys_a_aes();
    CHECK(unwrap_command(packet, single_entity(tar_b00011, keys)).status() == ResponseStatus::RcCcDsFailed);
}

TEST_CASE("Truncated packets at every length give a typed error, never data", "[scp80][card][truncation]") {
    for (const auto& v : command_vectors()) {
        CAPTURE(v.name);
        for (std::size_t length = 0; length < v.packet.size(); ++length) {
            CAPTURE(length);
            const Bytes prefix(v.packet.begin(), v.packet.begin() + static_cast<std::ptrdiff_t>(length));
            const auto raw = unwrap_command(prefix, single_entity(v.header.tar, v.keys));
            CHECK(raw.status() == ResponseStatus::UnidentifiedSecurityError);
            CHECK_THROWS_AS(raw.command(), euicc::SecurityError);
            CHECK(raw.rejection().tar.has_value() == (length >= 10));
            const bool tamper_evident = v.header.spi.integrity != Integrity::None;
            if (length >= 2 && tamper_evident) {
                // Truncated but with a CPL that agrees: still refused, by whichever check trips first.
                const auto consistent =
                    unwrap_command(with_cpl_fixed(prefix), single_entity(v.header.tar, v.keys));
                CHECK_FALSE(consistent.accepted());
                const std::set<ResponseStatus> expected{ResponseStatus::UnidentifiedSecurityError,
                                                        ResponseStatus::CipheringError,
                                                        ResponseStatus::RcCcDsFailed};
                CHECK(expected.count(consistent.status()) == 1);
            }
        }
    }
}

TEST_CASE("Unsecured packets whose CPL agrees can be truncated into shorter valid packets",
          "[scp80][card][truncation]") {
    // Without RC/CC nothing protects the length: this documents that only secured packets are tamper-evident.
    const auto vectors = command_vectors();
    const auto& plain = vectors[6];
    REQUIRE(plain.name == "B SPI 0019 no security");
    Bytes shortened(plain.packet.begin(), plain.packet.end() - 2);
    const auto result = unwrap_command(with_cpl_fixed(shortened), single_entity(tar_b00000, plain.keys));
    REQUIRE(result.accepted());
    CHECK(result.command().secured_data.size() == plain.secured_data.size() - 2);
}
