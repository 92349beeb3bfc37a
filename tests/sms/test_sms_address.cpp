// SPDX-License-Identifier: Apache-2.0
// Tests for SMS addresses per 3GPP TS 23.040 §9.1.2.5 (spec/sms.md §2): pySim vectors, alphanumeric, RP form, negatives.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/sms_address.hpp>
#include <euicc/error.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::sms;
using namespace euicc::literals;

TEST_CASE("TP address: pySim vectors decode, the trailing byte is not part of the address", "[sms][address]") {
    // pySim test_sms.py Test_AddressField: "0480214399" -> 1234, "038021f399" -> 123 (odd, F filler).
    auto [raw, digits, consumed] = GENERATE(table<Bytes, std::string, std::size_t>({
        {"0480214399"_hex, "1234", 4},
        {"038021f399"_hex, "123", 4},
    }));
    ByteReader r(raw, "test");
    const Address a = Address::read_tp(r);
    CHECK(r.offset() == consumed);
    CHECK(a.ton == Ton::Unknown);
    CHECK(a.npi == Npi::Unknown);
    CHECK(a.type_of_address() == 0x80);
    CHECK(a.digits == digits);
    CHECK(a.encode_tp() == Bytes(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(consumed)));
}

TEST_CASE("TP address: encode known numbers (spec/sms.md §2)", "[sms][address]") {
    CHECK(Address::international("12345").encode_tp() == "05912143f5"_hex); // pySim test_to_bytes_odd
    CHECK((Address{Ton::Unknown, Npi::IsdnTelephone, "12345678"}.encode_tp()) == "0881214365 87"_hex);
    CHECK(Address::international("").encode_tp() == "0091"_hex);
    // §9.1.2.3: * # a b c are semi-octets A..E; encoding accepts upper case, decoding gives lower case.
    const Address special{Ton::Unknown, Npi::Unknown, "*#ABc"};
    CHECK(special.encode_tp() == "0580BADCFE"_hex);
    CHECK(Address::decode_tp("0580BADCFE"_hex).digits == "*#abc");
}

TEST_CASE("TP address: alphanumeric 'ekit' (D0, GSM 7-bit packed)", "[sms][address]") {
    const Bytes raw = "08D0E5759A0E"_hex; // pySim SMS-DELIVER vector, decoded by tshark as "ekit"
    const Address a = Address::decode_tp(raw);
    CHECK(a.ton == Ton::Alphanumeric);
    CHECK(a.npi == Npi::Unknown);
    CHECK(a.digits == "ekit");
    CHECK(a.encode_tp() == raw);
    CHECK(Address::alphanumeric("ekit") == a);
    // A sender that counts only the useful semi-octets (7 for 28 bits) decodes to the same text.
    CHECK(Address::decode_tp("07D0E5759A0E"_hex).digits == "ekit");
}

TEST_CASE("TP address: alphanumeric lengths never announce a septet too many", "[sms][address]") {
    // 7 characters fill 49 of 56 bits: 14 semi-octets would read back as 8 septets, so the length is 13.
    const Address seven = Address::alphanumeric("Operato");
    const Bytes encoded = seven.encode_tp();
    CHECK(encoded[0] == 0x0D);
    CHECK(encoded.size() == 2 + 7);
    CHECK(Address::decode_tp(encoded) == seven);
    for (std::string text : {"A", "AB", "ABC", "ABCDEF", "ABCDEFGH", "Hello World"}) {
        CAPTURE(text);
        const Address a = Address::alphanumeric(text);
        CHECK(Address::decode_tp(a.encode_tp()) == a);
    }
    // Extension-table characters take two septets each (TS 23.038 §6.2.1.1).
    const Address euro = Address::alphanumeric("\xE2\x82\xAC{}");
    CHECK(Address::decode_tp(euro.encode_tp()) == euro);
}

TEST_CASE("RP address: TOA and BCD without the digit count", "[sms][address]") {
    CHECK(Address::international("1234567890").encode_rp() == "912143658709"_hex);
    CHECK(Address::international("12345").encode_rp() == "912143F5"_hex);
    CHECK(Address::decode_rp("912143F5"_hex) == Address::international("12345"));
    CHECK(Address::decode_rp("912143658709"_hex) == Address::international("1234567890"));
    CHECK(Address::decode_rp("81"_hex) == (Address{Ton::Unknown, Npi::IsdnTelephone, ""}));
}

TEST_CASE("TP address: malformed input is a CodecError at the faulty octet", "[sms][address]") {
    SECTION("more than 20 semi-octets") {
        CHECK_CODEC_ERROR(Address::decode_tp("1591"_hex), "SMS address", 0);
    }
    SECTION("type-of-address bit 8 clear") {
        CHECK_CODEC_ERROR(Address::decode_tp("04112143"_hex), "SMS address", 1);
    }
    SECTION("filler other than F") {
        CHECK_CODEC_ERROR(Address::decode_tp("03802103"_hex), "SMS address", 3);
    }
    SECTION("F inside the digits") {
        CHECK_CODEC_ERROR(Address::decode_tp("0480F143"_hex), "SMS address", 2);
    }
    SECTION("value cut off") {
        CHECK_CODEC_ERROR(Address::decode_tp("05802143"_hex), "SMS address", 2);
    }
    SECTION("trailing byte") {
        CHECK_CODEC_ERROR(Address::decode_tp("0480214399"_hex), "SMS address", 4);
    }
    SECTION("RP form: F inside, alphanumeric, too long") {
        CHECK_CODEC_ERROR(Address::decode_rp("911F"_hex), "SMS RP address", 1);
        CHECK_CODEC_ERROR(Address::decode_rp("D0E5"_hex), "SMS RP address", 0);
        CHECK_CODEC_ERROR(Address::decode_rp("911122334455667788990011"_hex), "SMS RP address", 1);
        CHECK_CODEC_ERROR(Address::decode_rp(Bytes{}), "SMS RP address", 0);
    }
}

TEST_CASE("Address encoding rejects what it cannot represent", "[sms][address]") {
    CHECK_THROWS_AS(Address::international("12-3").encode_tp(), std::invalid_argument);
    CHECK_THROWS_AS(Address::international(std::string(21, '1')).encode_tp(), std::invalid_argument);
    CHECK_THROWS_AS(Address::alphanumeric("ABCDEFGHIJKL").encode_tp(), std::invalid_argument); // 12 septets
    CHECK_THROWS_AS(Address::alphanumeric("\xE4\xB8\xAD").encode_tp(), std::invalid_argument);  // not GSM 7-bit
    CHECK_THROWS_AS(Address::alphanumeric("ekit").encode_rp(), std::invalid_argument);
    CHECK_NOTHROW(Address::international(std::string(20, '9')).encode_tp());
}
