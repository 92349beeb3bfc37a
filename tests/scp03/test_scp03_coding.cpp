// SPDX-License-Identifier: Apache-2.0
// SCP03 codings: "i" (Amd D Table 5-1), security levels (Table 7-3), INITIALIZE UPDATE forms, KDF arguments.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include <euicc/apdu/scp03.hpp>
#include <euicc/error.hpp>

#include "scp03_vectors.hpp"

using namespace scp03_test;
using euicc::CodecError;
using euicc::apdu::CommandApdu;
using scp03::IParameter;
using scp03::ResponseSupport;
using scp03::SecurityLevel;

TEST_CASE("i parameter decodes per Amd D Table 5-1", "[scp03][coding]") {
    const IParameter sgp02 = IParameter::decode(0x70);
    CHECK(sgp02.pseudo_random_challenge);
    CHECK(sgp02.response == ResponseSupport::RMacREnc);
    CHECK_FALSE(sgp02.s16);

    const IParameter random_rmac = IParameter::decode(0x20);
    CHECK_FALSE(random_rmac.pseudo_random_challenge);
    CHECK(random_rmac.response == ResponseSupport::RMac);
    CHECK(IParameter::decode(0x00).response == ResponseSupport::None);
    CHECK(IParameter::decode(0x78).s16);

    for (const int i : {0x00, 0x10, 0x20, 0x30, 0x60, 0x70, 0x78}) {
        CAPTURE(i);
        CHECK(IParameter::decode(static_cast<std::uint8_t>(i)).encode() == i);
    }
    // b8 reserved, b3..b1 RFU, R-ENC without R-MAC (b7..b6 = 10).
    for (const int i : {0x80, 0xF0, 0x71, 0x72, 0x74, 0x40, 0x50}) {
        CAPTURE(i);
        CHECK_THROWS_AS(IParameter::decode(static_cast<std::uint8_t>(i)), CodecError);
    }
}

TEST_CASE("Security levels of Amd D Table 7-3", "[scp03][coding]") {
    CHECK(scp03::security_level_from_p1(0x33) == SecurityLevel::CMacCDecRMacREnc);
    CHECK(scp03::security_level_from_p1(0x00) == SecurityLevel::Authenticated);
    for (const int p1 : {0x02, 0x10, 0x12, 0x21, 0x23, 0x31, 0x30, 0x20, 0x34, 0x83}) {
        CAPTURE(p1);
        CHECK_THROWS_AS(scp03::security_level_from_p1(static_cast<std::uint8_t>(p1)), CodecError);
    }
    CHECK(scp03::has_c_mac(SecurityLevel::CMac));
    CHECK_FALSE(scp03::has_c_decryption(SecurityLevel::CMacRMac));
    CHECK(scp03::has_r_mac(SecurityLevel::CMacCDecRMac));
    CHECK_FALSE(scp03::has_r_encryption(SecurityLevel::CMacCDecRMac));
    CHECK(scp03::has_r_encryption(SecurityLevel::CMacCDecRMacREnc));
    CHECK_FALSE(scp03::has_c_mac(SecurityLevel::Authenticated));

    CHECK(scp03::supports(IParameter::decode(0x70), SecurityLevel::CMacCDecRMacREnc));
    CHECK(scp03::supports(IParameter::decode(0x30), SecurityLevel::CMacCDecRMac));
    CHECK_FALSE(scp03::supports(IParameter::decode(0x30), SecurityLevel::CMacCDecRMacREnc));
    CHECK_FALSE(scp03::supports(IParameter::decode(0x10), SecurityLevel::CMacRMac));
    CHECK(scp03::supports(IParameter::decode(0x10), SecurityLevel::CMacCDec));

    CHECK(scp03::max_short_data(SecurityLevel::Authenticated) == 255);
    CHECK(scp03::max_short_data(SecurityLevel::CMac) == 247);
    CHECK(scp03::max_short_data(SecurityLevel::CMacRMac) == 247);
    CHECK(scp03::max_short_data(SecurityLevel::CMacCDec) == 239);
    CHECK(scp03::max_short_data(SecurityLevel::CMacCDecRMacREnc) == 239);
}

TEST_CASE("INITIALIZE UPDATE command parse rejects malformed commands", "[scp03][coding]") {
    const scp03::Challenge challenge{1, 2, 3, 4, 5, 6, 7, 8};
    const CommandApdu good = scp03::initialize_update(0x30, challenge);
    CHECK(good.encode() == "8050300008010203040506070800"_hex);
    CHECK(scp03::parse_initialize_update(good) == scp03::InitializeUpdateCommand{0x30, 0, challenge});
    CHECK_THROWS_AS(scp03::parse_initialize_update(CommandApdu::parse("8051300008010203040506070800"_hex)),
                    CodecError);
    CHECK_THROWS_AS(scp03::parse_initialize_update(CommandApdu::parse("8050300108010203040506070800"_hex)),
                    CodecError);
    // S16 (16-byte challenge) and short challenges.
    CHECK_THROWS_AS(scp03::parse_initialize_update(CommandApdu::parse(
                        "805030001001020304050607080102030405060708 00"_hex)),
                    CodecError);
    CHECK_THROWS_AS(scp03::parse_initialize_update(CommandApdu::parse("80503000070102030405060700"_hex)),
                    CodecError);
}

TEST_CASE("INITIALIZE UPDATE response parse/encode", "[scp03][coding]") {
    const Bytes pseudo = "000000000000000000003003703eb51047495b249f66c484c1d2ef1948000002"_hex;
    const auto parsed = scp03::InitializeUpdateResponse::parse(pseudo);
    CHECK(parsed.kvn == 0x30);
    CHECK(parsed.i == 0x70);
    CHECK(parsed.sequence_counter == 2u);
    CHECK(Bytes(parsed.card_challenge.begin(), parsed.card_challenge.end()) == "3eb51047495b249f"_hex);
    CHECK(Bytes(parsed.card_cryptogram.begin(), parsed.card_cryptogram.end()) == "66c484c1d2ef1948"_hex);

    // Random challenge (i = 60): 29 bytes, no counter.
    const Bytes random = "0102030405060708090a3003603eb51047495b249f66c484c1d2ef1948"_hex;
    const auto parsed_random = scp03::InitializeUpdateResponse::parse(random);
    CHECK_FALSE(parsed_random.sequence_counter);
    CHECK(parsed_random.diversification_data[9] == 0x0A);
    CHECK(parsed_random.encode() == random);

    SECTION("length, SCP identifier, i and counter presence are checked") {
        CHECK_THROWS_AS(scp03::InitializeUpdateResponse::parse(ByteView(pseudo).first(28)), CodecError);
        CHECK_THROWS_AS(scp03::InitializeUpdateResponse::parse(ByteView(pseudo).first(31)), CodecError);
        Bytes extra = pseudo;
        extra.push_back(0);
        CHECK_THROWS_AS(scp03::InitializeUpdateResponse::parse(extra), CodecError);
        Bytes scp02 = pseudo;
        scp02[11] = 0x02;
        CHECK_THROWS_AS(scp03::InitializeUpdateResponse::parse(scp02), CodecError);
        Bytes bad_i = pseudo;
        bad_i[12] = 0x71;
        CHECK_THROWS_AS(scp03::InitializeUpdateResponse::parse(bad_i), CodecError);
        Bytes s16 = pseudo;
        s16[12] = 0x78;
        CHECK_THROWS_AS(scp03::InitializeUpdateResponse::parse(s16), CodecError);
        // i = 60 (random) with a counter, i = 70 without one.
        Bytes random_with_counter = pseudo;
        random_with_counter[12] = 0x60;
        CHECK_THROWS_AS(scp03::InitializeUpdateResponse::parse(random_with_counter), CodecError);
        Bytes pseudo_without = random;
        pseudo_without[12] = 0x70;
        CHECK_THROWS_AS(scp03::InitializeUpdateResponse::parse(pseudo_without), CodecError);
    }
    SECTION("encode refuses inconsistent fields") {
        auto wrong = parsed;
        wrong.sequence_counter.reset();
        CHECK_THROWS_AS(wrong.encode(), std::invalid_argument);
        wrong.sequence_counter = 0x1000000;
        CHECK_THROWS_AS(wrong.encode(), std::invalid_argument);
    }
}

TEST_CASE("Keys and KDF arguments are checked", "[scp03][coding]") {
    CHECK_NOTHROW(keys_aes128().validate());
    CHECK_NOTHROW(keyset(0x30, Bytes(32, 1), Bytes(32, 2), {}).validate());
    CHECK_THROWS_AS(keyset(0x30, Bytes(16, 1), Bytes(24, 2), Bytes(16, 3)).validate(), std::invalid_argument);
    CHECK_THROWS_AS(keyset(0x30, Bytes(16, 1), Bytes(16, 2), Bytes(32, 3)).validate(), std::invalid_argument);
    CHECK_THROWS_AS(keyset(0x30, Bytes(8, 1), Bytes(8, 2), Bytes(8, 3)).validate(), std::invalid_argument);

    const Bytes key(16, 0x42);
    CHECK(scp03::kdf(key, 0x04, "00"_hex, 128).size() == 16);
    CHECK(scp03::kdf(key, 0x04, "00"_hex, 192).size() == 24);
    CHECK_THROWS_AS(scp03::kdf(key, 0x04, "00"_hex, 100), std::invalid_argument);
    CHECK_THROWS_AS(scp03::kdf(Bytes(15, 0), 0x04, "00"_hex, 128), std::invalid_argument);

    const Bytes aid(16, 0xA0);
    CHECK_THROWS_AS(scp03::pseudo_random_card_challenge(key, 0x1000000, aid), std::invalid_argument);
    CHECK_THROWS_AS(scp03::pseudo_random_card_challenge(key, 1, Bytes(4, 0xA0)), std::invalid_argument);
    CHECK_THROWS_AS(scp03::pseudo_random_card_challenge(key, 1, Bytes(17, 0xA0)), std::invalid_argument);
    CHECK_NOTHROW(scp03::pseudo_random_card_challenge(key, scp03::max_sequence_counter, Bytes(5, 0xA0)));
}

TEST_CASE("KDF output length L is part of the PRF input", "[scp03][coding]") {
    // Amd D §4.1.5: L is in every PRF block, so a 64-bit output is not a prefix of the 128-bit one.
    const Bytes key(16, 0x42);
    const auto short_out = scp03::kdf(key, 0x00, "0102"_hex, 64);
    const auto long_out = scp03::kdf(key, 0x00, "0102"_hex, 128);
    REQUIRE(short_out.size() == 8);
    CHECK_FALSE(std::equal(short_out.view().begin(), short_out.view().end(), long_out.view().begin()));
}
