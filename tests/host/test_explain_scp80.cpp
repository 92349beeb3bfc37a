// SPDX-License-Identifier: Apache-2.0
// `euicc decode` on the SCP80 vectors of spec/scp80.md (TS 102 225 / TS 31.115), without and with keys.
#include <euicc/apdu/scp80.hpp>

#include "explain_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using explain_test::explain_hex;

namespace {

scp80::Keyset keyset(std::uint8_t kvn, std::string_view kic_key, std::string_view kid_key) {
    return scp80::Keyset{kvn, SecretBytes(from_hex(kic_key)), SecretBytes(from_hex(kid_key))};
}

// scp80.md A: pySim sysmoISIM-SJA5 sample keys.
scp80::Keyset sja5_3des() {
    return keyset(3, "300102030405060708090a0b0c0d0e0f", "301102030405060708090a0b0c0d0e0f");
}
scp80::Keyset sja5_aes() {
    return keyset(2, "200102030405060708090a0b0c0d0e0f", "201102030405060708090a0b0c0d0e0f");
}
// scp80.md B: card 8988211000000467285, key set 3.
scp80::Keyset card_b() {
    return keyset(3, "C21DD66ACAC13CB3BC8B331B24AFB57B", "12110C78E678C25408233076AA033615");
}
// scp80.md C: live sysmoISIM-SJA2, KVN 1.
scp80::Keyset sja2() {
    return keyset(1, "F09C43EE1A0391665CC9F05AF4E0BD10", "01981F4A20999F62AF99988107BAF6CA");
}

host::SentCommand sent(std::uint8_t spi1, std::uint8_t spi2, std::uint8_t kic, std::uint8_t kid, std::uint32_t tar,
                       std::uint64_t counter, bool counter_known = true) {
    const scp80::Tar t{{static_cast<std::uint8_t>(tar >> 16), static_cast<std::uint8_t>(tar >> 8),
                        static_cast<std::uint8_t>(tar)}};
    return host::SentCommand{scp80::CommandHeader{scp80::Spi::decode(spi1, spi2), kic, kid, t, counter}, counter_known};
}

host::ExplainOptions with(scp80::Keyset keys, std::optional<host::SentCommand> command = std::nullopt) {
    host::ExplainOptions options;
    options.keys = std::move(keys);
    options.command = command;
    return options;
}

std::string value_of(const host::Explanation& e, std::string_view label) {
    const host::Explanation* node = e.find(label);
    return node != nullptr ? node->value : "<no " + std::string(label) + ">";
}

std::string hex_of(const host::Explanation& e, std::string_view label) {
    const host::Explanation* node = e.find(label);
    return node != nullptr ? node->hex : "<no " + std::string(label) + ">";
}

} // namespace

TEST_CASE("explain: 3DES command packet (scp80.md A) without keys shows the clear header only", "[host][explain]") {
    const host::Explanation e = explain_hex("00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f");
    CHECK(e.label == "command packet");
    CHECK(value_of(e, "CPL") == "32 bytes follow");
    CHECK(value_of(e, "CHL") == "13 + 8 bytes of RC/CC/DS");
    CHECK(value_of(e, "SPI") == "no counter, ciphered, cryptographic checksum (CC); PoR required, ciphered, "
                                "cryptographic checksum (CC), in the SMS-DELIVER-REPORT");
    CHECK(value_of(e, "KIc") == "key version 3, 3DES-CBC with 2 keys");
    CHECK(value_of(e, "KID") == "key version 3, 3DES CBC-MAC with 2 keys");
    CHECK(hex_of(e, "TAR") == "B00011");
    CHECK(value_of(e, "ciphered part") ==
          "CNTR .. end, 24 bytes ciphered with the KIc key: give keys to decipher");
    CHECK(e.find("CNTR") == nullptr);
    CHECK_FALSE(e.malformed());
}

TEST_CASE("explain: command packets deciphered and verified with keys (scp80.md A, B)", "[host][explain]") {
    SECTION("3DES, SPI 06 19") {
        const host::Explanation e =
            explain_hex("00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f", with(sja5_3des()));
        CHECK(value_of(e, "CNTR") == "0");
        CHECK(value_of(e, "PCNTR") == "3 padding bytes");
        CHECK(hex_of(e, "CC") == "04CEAED74C102A01");
        CHECK(hex_of(e, "secured data") == "00A40004023F00");
        CHECK(value_of(e, "command 1") == "SELECT");
        CHECK(value_of(e, "verification") == "CC verified, deciphered with the given keys");
        CHECK_FALSE(e.malformed());
    }
    SECTION("AES-128, SPI 06 19") {
        const host::Explanation e = explain_hex(
            "00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058", with(sja5_aes()));
        CHECK(value_of(e, "KIc") == "key version 2, AES-CBC");
        CHECK(value_of(e, "KID") == "key version 2, AES-CMAC");
        CHECK(value_of(e, "PCNTR") == "11 padding bytes");
        CHECK(hex_of(e, "CC") == "ECBAB1F8F55502C5");
        CHECK(value_of(e, "verification") == "CC verified, deciphered with the given keys");
    }
    SECTION("SPI 04 19: ciphered, no CC") {
        const host::Explanation e =
            explain_hex("00180d04193535b00000e3ec80a849b554421276af3883927c20", with(card_b()));
        CHECK(hex_of(e, "secured data") == "00A40000023F00");
        CHECK(value_of(e, "verification") == "deciphered with the given keys; no RC/CC/DS to verify");
    }
    SECTION("SPI 02 19: CC only, readable without keys, verified with them") {
        const char* packet = "001d1502193535b00000000000000000072ea17bdb72060e00a40000023f00";
        const host::Explanation plain = explain_hex(packet);
        CHECK(hex_of(plain, "CC") == "072EA17BDB72060E");
        CHECK(value_of(plain, "verification") == "not done: give keys to verify the CC");
        CHECK(value_of(explain_hex(packet, with(card_b())), "verification") == "CC verified");
    }
    SECTION("SPI 00 19: no security at all") {
        const host::Explanation e = explain_hex("00150d00193535b0000000000000000000a40000023f00");
        CHECK(value_of(e, "SPI") == "no counter, not ciphered, no RC, CC or DS; PoR required, ciphered, "
                                    "cryptographic checksum (CC), in the SMS-DELIVER-REPORT");
        CHECK(value_of(e, "KIc") == "key version 3, 3DES-CBC with 2 keys");
        CHECK(hex_of(e, "secured data") == "00A40000023F00");
        CHECK(e.find("verification") == nullptr);
    }
    SECTION("CRC32 (scp80.md D) is checked without keys") {
        const host::Explanation e = explain_hex("00191101000005b0000000000000000044f96fc000a40000023f00");
        CHECK(value_of(e, "KID") == "key version 0, CRC-32");
        CHECK(hex_of(e, "RC") == "44F96FC0");
        CHECK(value_of(e, "verification") == "RC verified");
    }
}

TEST_CASE("explain: wrong keys are reported, never printed", "[host][explain]") {
    const char* packet = "00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f";
    SECTION("wrong KID key") {
        const scp80::Keyset wrong = keyset(3, "300102030405060708090a0b0c0d0e0f", "401102030405060708090a0b0c0d0e0f");
        const host::Explanation e = explain_hex(packet, with(wrong));
        CHECK(value_of(e, "verification") == "failed: RC/CC/DS mismatch (wrong KID key, or the packet was altered)");
        const std::string text = host::to_text(e) + host::to_json(e);
        CHECK_THAT(text, !Catch::Matchers::Contains("4011020304050607"));
        CHECK_THAT(text, !Catch::Matchers::Contains("3001020304050607"));
    }
    SECTION("a key of the wrong length cannot decipher") {
        const scp80::Keyset short_keys = keyset(3, "0001020304050607", "0001020304050607");
        const host::Explanation e = explain_hex(packet, with(short_keys));
        CHECK_THAT(value_of(e, "ciphered part"),
                   Catch::Matchers::EndsWith("cannot decipher: the KIc key's length does not fit 3DES-CBC with 2 keys"));
    }
}

TEST_CASE("explain: PoRs of scp80.md A with keys and the command", "[host][explain]") {
    SECTION("ciphered + CC") {
        const host::Explanation e = explain_hex("027100001c12b000118bb989492c632529326a2f4681feb37c825bc9021c9f6d0b",
                                                with(sja5_3des(), sent(0x06, 0x19, 0x35, 0x35, 0xB00011, 0)));
        CHECK(value_of(e, "RHL") == "18: 8-byte CC");
        CHECK(value_of(e, "CNTR") == "0, the command's CNTR");
        CHECK(value_of(e, "PCNTR") == "6 padding bytes");
        CHECK(value_of(e, "status") == "00: PoR OK");
        CHECK(hex_of(e, "CC") == "987D32F89254D018");
        CHECK(hex_of(e, "response data") == "016132");
        CHECK(value_of(e, "compact response") ==
              "1 command executed, last SW 6132: response bytes available, SW2 = count (GET RESPONSE) (TS 102 226 §5.1.2)");
        CHECK(value_of(e, "verification") == "protected as SPI byte 2 asks; TAR matches the command, CNTR matches");
        CHECK_FALSE(e.malformed());
    }
    SECTION("CC only, verified") {
        const host::Explanation e = explain_hex("027100001612b0001100000000000000b5bcd6353a421fae016132",
                                                with(sja5_3des(), sent(0x06, 0x09, 0x35, 0x35, 0xB00011, 0)));
        CHECK(value_of(e, "verification") == "protected as SPI byte 2 asks; TAR matches the command, CNTR matches");
    }
    SECTION("plain PoR needs no keys") {
        const host::Explanation e = explain_hex("027100000e0ab0001100000000000000016132");
        CHECK(value_of(e, "note") == "read as unciphered: without the command, its SPI byte 2 is not known");
        CHECK(value_of(e, "status") == "00: PoR OK");
        CHECK(e.find("verification") == nullptr);
    }
    SECTION("AES ciphered + CC") {
        const host::Explanation e = explain_hex(
            "027100002412b00011ebc6b497e2cad7aedf36ace0e3a29b38853f0fe9ccde81913be5702b73abce1f",
            with(sja5_aes(), sent(0x06, 0x19, 0x22, 0x22, 0xB00011, 0)));
        CHECK(value_of(e, "PCNTR") == "14 padding bytes");
        CHECK(hex_of(e, "CC") == "34D237DB461C150B");
        CHECK_THAT(value_of(e, "verification"), Catch::Matchers::StartsWith("protected as SPI byte 2 asks"));
    }
}

TEST_CASE("explain: PoRs of scp80.md B, including a corrupted CC", "[host][explain]") {
    const host::SentCommand cc_only = sent(0x02, 0x09, 0x35, 0x35, 0xB00011, 0);
    SECTION("ciphered + CC") {
        const host::Explanation e = explain_hex("027100001c12b000119660ebdb81be189b5e4389e9e7ab2bc0954f963ad869ed7c",
                                                with(card_b(), sent(0x04, 0x19, 0x35, 0x35, 0xB00011, 0)));
        CHECK(hex_of(e, "response data") == "01612F");
        CHECK_THAT(value_of(e, "verification"), Catch::Matchers::StartsWith("protected"));
    }
    SECTION("CC only") {
        const host::Explanation e =
            explain_hex("027100001612b000110000000000000055f47118381175fb01612f", with(card_b(), cc_only));
        CHECK_THAT(value_of(e, "verification"), Catch::Matchers::StartsWith("protected"));
    }
    SECTION("corrupted data fails the CC") {
        const host::Explanation e =
            explain_hex("027100001612b000110000000000000055f47118381175fb02612f", with(card_b(), cc_only));
        CHECK(value_of(e, "verification") == "failed: SCP80 PoR: RC/CC mismatch");
        CHECK(hex_of(e, "response data") == "02612F");
    }
    SECTION("without keys a ciphered PoR stays ciphered") {
        const host::Explanation e = explain_hex("027100001c12b000119660ebdb81be189b5e4389e9e7ab2bc0954f963ad869ed7c");
        CHECK_THAT(value_of(e, "ciphered part"), Catch::Matchers::Contains("probably ciphered"));
        CHECK_FALSE(e.malformed());
    }
}

TEST_CASE("explain: the live exchange of scp80.md C, PoR matched to its command", "[host][explain]") {
    const Bytes command = "027000 00281516191515b000103a4f599e94f2b5dcfbbda984761b7977df6514c57a580fb4844787c436d2eade"_hex;
    host::ExplainOptions options = with(sja2());
    const auto found = host::find_command(command, options);
    REQUIRE(found);
    CHECK(found->counter_known);
    CHECK(found->header.counter == 100);
    CHECK(found->header.tar == scp80::Tar{{0xB0, 0x00, 0x10}});
    CHECK(found->header.spi == scp80::Spi::decode(0x16, 0x19));

    const host::Explanation cmd = host::explain(command, options);
    CHECK(value_of(cmd, "CNTR") == "100");
    CHECK(value_of(cmd, "counter") == "process only if CNTR is higher than the counter stored in the card");
    CHECK(value_of(cmd, "command 1") == "SELECT");
    CHECK(value_of(cmd, "command 2") == "GET RESPONSE");
    CHECK(value_of(cmd, "verification") == "CC verified, deciphered with the given keys");

    options.command = found;
    const host::Explanation por = explain_hex(
        "027100002c12b0001049fb0315f6c6401b553867f412cefaf9355b38271178edb342a3bc9cc7e670cdc1f45eea6ffcbb39", options);
    CHECK(value_of(por, "CNTR") == "100, the command's CNTR");
    CHECK(value_of(por, "compact response") == "2 commands executed, last SW 9000: normal ending (TS 102 226 §5.1.2)");
    CHECK(hex_of(por, "last response data") == "0000FFFF7F2002000000000009B106350400838A838A");
    CHECK(value_of(por, "verification") == "protected as SPI byte 2 asks; TAR matches the command, CNTR matches");

    const host::Explanation error = explain_hex("027100000b0ab0001000000000000006", options);
    CHECK(value_of(error, "status") == "06: unidentified security error");
    CHECK(value_of(error, "CNTR") == "0 (an unsecured error PoR need not echo the command's CNTR)");
    CHECK(value_of(error, "verification") ==
          "not protected (SPI byte 2 asks for nothing, or an error PoR); TAR matches the command, CNTR not compared "
          "(error PoR)");

    SECTION("without keys the command's CNTR stays unknown") {
        const auto header_only = host::find_command(command);
        REQUIRE(header_only);
        CHECK_FALSE(header_only->counter_known);
        CHECK(header_only->header.kic == 0x15);
    }
}

TEST_CASE("explain: a PoR whose TAR differs from the command's fails verification", "[host][explain]") {
    const host::Explanation e = explain_hex("027100001612b0001100000000000000b5bcd6353a421fae016132",
                                            with(sja5_3des(), sent(0x06, 0x09, 0x35, 0x35, 0xB00012, 0)));
    CHECK(value_of(e, "verification") == "failed: SCP80 PoR: TAR differs from the command's TAR");
}

TEST_CASE("explain: malformed SCP80 header fields", "[host][explain]") {
    SECTION("reserved SPI bits") {
        const host::Explanation e = explain_hex("00150d80193535b0000000000000000000a40000023f00");
        CHECK_THAT(value_of(e, "malformed"), Catch::Matchers::StartsWith("SPI at offset 3:"));
    }
    SECTION("CPL that does not match") {
        host::ExplainOptions as_packet;
        as_packet.kind = host::Kind::CommandPacket;
        const host::Explanation e = explain_hex("00160d00193535b0000000000000000000a40000023f00", as_packet);
        CHECK(value_of(e, "malformed") == "command packet at offset 0: CPL 22 but 21 bytes follow");
    }
    SECTION("PCNTR beyond the data") {
        const host::Explanation e = explain_hex("00120d00193535b00000 0000000000 09 a4000002");
        CHECK_THAT(value_of(e, "malformed"), Catch::Matchers::Contains("PCNTR"));
    }
}
