// SPDX-License-Identifier: Apache-2.0
// TS 102 225 §5.1.1-§5.1.3 SPI/KIc/KID coding, §5.2 status codes and the TS 102 226 MSL comparison.
#include <catch2/catch.hpp>
#include <stdexcept>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>

#include "scp80_vectors.hpp"

using namespace euicc::scp80;

TEST_CASE("SPI 16 39 and 06 19 decode to the fields of TS 102 225 §5.1.1", "[scp80][spi]") {
    const Spi s = Spi::decode(0x16, 0x39);
    CHECK(s.counter == CounterMode::Higher);
    CHECK(s.ciphering);
    CHECK(s.integrity == Integrity::Cc);
    CHECK(s.por == PorRequest::Required);
    CHECK(s.por_integrity == Integrity::Cc);
    CHECK(s.por_ciphered);
    CHECK(s.por_via_sms_submit);

    const Spi t = Spi::decode(0x06, 0x19);
    CHECK(t.counter == CounterMode::NoCounter);
    CHECK_FALSE(t.por_via_sms_submit);
    CHECK(Spi::decode(0x1B, 0x02).counter == CounterMode::OneHigher);
    CHECK(Spi::decode(0x08, 0x06).integrity == Integrity::None);
    CHECK(Spi::decode(0x08, 0x06).por == PorRequest::OnError);
    CHECK(Spi::decode(0x08, 0x06).por_integrity == Integrity::Rc);
    CHECK(Spi::decode(0x03, 0x00).integrity == Integrity::Ds);
}

TEST_CASE("Every valid SPI round-trips; reserved codings are CodecErrors", "[scp80][spi]") {
    int valid = 0;
    for (unsigned first = 0; first < 256; ++first) {
        for (unsigned second = 0; second < 256; ++second) {
            const auto b1 = static_cast<std::uint8_t>(first);
            const auto b2 = static_cast<std::uint8_t>(second);
            const bool reserved = (b1 & 0xE0) != 0 || (b2 & 0xC0) != 0 || (b2 & 0x03) == 0x03;
            if (reserved) {
                CHECK_THROWS_AS(Spi::decode(b1, b2), euicc::CodecError);
            } else {
                const auto encoded = Spi::decode(b1, b2).encode();
                CHECK((encoded[0] == b1 && encoded[1] == b2));
                ++valid;
            }
        }
    }
    CHECK(valid == 32 * 48);
}

TEST_CASE("KIc coding (TS 102 225 §5.1.2)", "[scp80][kic]") {
    CHECK(Kic::decode(0x35) == Kic{3, KeyAlgorithm::TripleDes2Key});
    CHECK(Kic::decode(0x22) == Kic{2, KeyAlgorithm::Aes});
    CHECK(Kic::decode(0x11) == Kic{1, KeyAlgorithm::DesCbc});
    CHECK(Kic::decode(0x19) == Kic{1, KeyAlgorithm::TripleDes3Key});
    CHECK(Kic::decode(0x1D) == Kic{1, KeyAlgorithm::DesEcb});
    CHECK(Kic::decode(0x10) == Kic{1, KeyAlgorithm::Implicit});
    CHECK(Kic::decode(0xF7) == Kic{15, KeyAlgorithm::Proprietary});
    CHECK_THROWS_AS(Kic::decode(0x26), euicc::CodecError);
    CHECK_THROWS_AS(Kic::decode(0x2A), euicc::CodecError);

    CHECK(Kic{3, KeyAlgorithm::TripleDes2Key}.encode() == 0x35);
    CHECK(Kic{2, KeyAlgorithm::Aes}.encode() == 0x22);
    CHECK(Kic{1, KeyAlgorithm::DesEcb}.encode() == 0x1D);
    CHECK_THROWS_AS((Kic{16, KeyAlgorithm::Aes}.encode()), std::invalid_argument);
    CHECK_THROWS_AS((Kic{1, KeyAlgorithm::Crc32}.encode()), std::invalid_argument);

    // Every decodable byte of a defined algorithm encodes back to itself.
    for (unsigned b = 0; b < 256; ++b) {
        const auto byte = static_cast<std::uint8_t>(b);
        if ((byte & 0x03) == 0 || (byte & 0x03) == 3 || ((byte & 0x03) == 2 && (byte & 0x0C) != 0)) {
            continue;
        }
        CHECK(Kic::decode(byte).encode() == byte);
    }
}

TEST_CASE("KID coding depends on the integrity mechanism (TS 102 225 §5.1.3)", "[scp80][kid]") {
    CHECK(Kid::decode(0x05, Integrity::Rc) == Kid{0, KeyAlgorithm::Crc32});
    CHECK(Kid::decode(0x01, Integrity::Rc) == Kid{0, KeyAlgorithm::Crc16});
    CHECK(Kid::decode(0x0D, Integrity::Rc) == Kid{0, KeyAlgorithm::Proprietary});
    CHECK_THROWS_AS(Kid::decode(0x09, Integrity::Rc), euicc::CodecError);
    CHECK_THROWS_AS(Kid::decode(0x02, Integrity::Rc), euicc::CodecError);

    CHECK(Kid::decode(0x05, Integrity::Cc) == Kid{0, KeyAlgorithm::TripleDes2Key});
    CHECK(Kid::decode(0x12, Integrity::Cc) == Kid{1, KeyAlgorithm::Aes});
    CHECK(Kid::decode(0x39, Integrity::Cc) == Kid{3, KeyAlgorithm::TripleDes3Key});
    CHECK_THROWS_AS(Kid::decode(0x1D, Integrity::Cc), euicc::CodecError);
    CHECK_THROWS_AS(Kid::decode(0x16, Integrity::Cc), euicc::CodecError);

    CHECK(Kid::decode(0x1D, Integrity::None) == Kid{1, KeyAlgorithm::Implicit});
    CHECK(Kid::decode(0x12, Integrity::Ds) == Kid{1, KeyAlgorithm::Proprietary});

    CHECK(Kid{0, KeyAlgorithm::Crc32}.encode() == 0x05);
    CHECK(Kid{0, KeyAlgorithm::Crc16}.encode() == 0x01);
    CHECK(Kid{2, KeyAlgorithm::Aes}.encode() == 0x22);
    CHECK_THROWS_AS((Kid{1, KeyAlgorithm::DesEcb}.encode()), std::invalid_argument);
}

TEST_CASE("Response status codes keep unknown values and describe them", "[scp80][status]") {
    CHECK(describe(ResponseStatus::CounterLow) == "CNTR low");
    CHECK(describe(ResponseStatus::TarUnknown) == "TAR unknown");
    CHECK(describe(ResponseStatus::ResponseViaSmsSubmit) ==
          "actual response data to be sent using SMS-SUBMIT");
    CHECK(describe(static_cast<ResponseStatus>(0x42)) == "reserved");
    CHECK(describe(static_cast<ResponseStatus>(0xC3)) == "proprietary");
    CHECK(static_cast<std::uint8_t>(static_cast<ResponseStatus>(0xC3)) == 0xC3);

    for (unsigned code = 0; code < 256; ++code) {
        const auto status = static_cast<ResponseStatus>(code);
        const bool expected = (code >= 0x01 && code <= 0x06) || code == 0x09 || code == 0x0A;
        CHECK(is_security_failure(status) == expected);
    }
}

TEST_CASE("PoR wanted per SPI byte 2 b2..b1", "[scp80][status]") {
    CHECK(por_wanted(Spi::decode(0, 0x01), ResponseStatus::PorOk));
    CHECK(por_wanted(Spi::decode(0, 0x01), ResponseStatus::CounterLow));
    CHECK_FALSE(por_wanted(Spi::decode(0, 0x02), ResponseStatus::PorOk));
    CHECK(por_wanted(Spi::decode(0, 0x02), ResponseStatus::CounterLow));
    CHECK_FALSE(por_wanted(Spi::decode(0, 0x00), ResponseStatus::CounterLow));
}

TEST_CASE("Minimum security level compares each SPI field", "[scp80][msl]") {
    // MSL 06: cipher + CC (sysmocom lab cards).
    CHECK(meets_minimum_security_level(Spi::decode(0x06, 0), 0x06));
    CHECK(meets_minimum_security_level(Spi::decode(0x16, 0), 0x06));
    CHECK_FALSE(meets_minimum_security_level(Spi::decode(0x02, 0), 0x06)); // no ciphering
    CHECK_FALSE(meets_minimum_security_level(Spi::decode(0x05, 0), 0x06)); // RC below CC
    CHECK(meets_minimum_security_level(Spi::decode(0x07, 0), 0x06));       // DS above CC
    // Counter: NoCounter < NoCheck < Higher < OneHigher.
    CHECK_FALSE(meets_minimum_security_level(Spi::decode(0x0E, 0), 0x16));
    CHECK(meets_minimum_security_level(Spi::decode(0x1E, 0), 0x16));
    CHECK_FALSE(meets_minimum_security_level(Spi::decode(0x16, 0), 0x1E));
    CHECK(meets_minimum_security_level(Spi::decode(0x00, 0), 0x00));
    CHECK_THROWS_AS(meets_minimum_security_level(Spi::decode(0x00, 0), 0x20), std::invalid_argument);
}

TEST_CASE("A rejected command never yields its data", "[scp80][result]") {
    CommandRejection rejection;
    rejection.status = ResponseStatus::CounterLow;
    const CommandUnwrapResult rejected(rejection);
    CHECK_FALSE(rejected.accepted());
    CHECK(rejected.status() == ResponseStatus::CounterLow);
    CHECK_THROWS_AS(rejected.command(), euicc::SecurityError);
    CHECK_THROWS_WITH(rejected.command(), Catch::Contains("CNTR low"));

    const CommandUnwrapResult accepted(VerifiedCommand{});
    CHECK(accepted.accepted());
    CHECK(accepted.status() == ResponseStatus::PorOk);
    CHECK_THROWS_AS(accepted.rejection(), std::logic_error);
}
