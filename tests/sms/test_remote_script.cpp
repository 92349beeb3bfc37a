// SPDX-License-Identifier: Apache-2.0
// Tests for TS 102 226 remote command scripts (spec/etsi102226.md §1-§2, scp80.md §8): vectors both ways, negatives.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/remote_script.hpp>
#include <euicc/error.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::remote;
using namespace euicc::literals;
using euicc::apdu::CommandApdu;
using euicc::apdu::StatusWord;

namespace {

Bytes concat(Bytes a, const Bytes& b) {
    append(a, b);
    return a;
}

Bytes filled(std::size_t n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; ++i) {
        b[i] = static_cast<std::uint8_t>(i);
    }
    return b;
}

// Asserts a BadFormatError with the table 5.12 code as well as the CodecError context and offset.
void check_bad_format(const Bytes& raw, std::size_t offset, BadFormat kind) {
    CAPTURE(to_hex(raw));
    CHECK_CODEC_ERROR(ExpandedCommandScript::decode(raw), "expanded script", offset);
    try {
        ExpandedCommandScript::decode(raw);
    } catch (const BadFormatError& e) {
        CHECK(e.kind() == kind);
    }
    const ExpandedCommandPrefix prefix = decode_expanded_command_prefix(raw);
    CHECK(prefix.bad_format == kind);
    CHECK(prefix.bad_offset == offset);
    CHECK_FALSE(prefix.reason.empty());
}

P3Meaning everything_le(std::uint8_t, std::uint8_t, std::uint8_t, std::uint8_t) { return P3Meaning::ExpectedLength; }

} // namespace

TEST_CASE("Compact script: pySim SJA2 RFM example SELECT DF.GSM + GET RESPONSE (scp80.md C)", "[remote][compact]") {
    const Bytes raw = "a0a40000027f20a0c0000016"_hex;
    const auto commands = parse_compact_script(raw);
    REQUIRE(commands.size() == 2);
    CHECK(commands[0] == CommandApdu(0xA0, 0xA4, 0x00, 0x00, "7f20"_hex));
    CHECK(commands[1] == CommandApdu(0xA0, 0xC0, 0x00, 0x00, {}, 0x16));
    CHECK(encode_compact_script(commands) == raw);
}

TEST_CASE("Compact script: single commands from the OTA vectors and the PUSH fixture", "[remote][compact]") {
    auto [raw, count] = GENERATE(table<Bytes, std::size_t>({
        {"00a40004023f00"_hex, 1},                                                                // scp80.md A
        {"00a40000023f00"_hex, 1},                                                                // scp80.md B
        {"80E2900000"_hex, 1},                                                                    // etsi102226 §2
        {"80EC010100"_hex, 1},                                 // PUSH BIP defaults: case 1 with P3 = 00
        {"80EC010103350103"_hex, 1},                           // PUSH BIP, default bearer
        {"80EC01040436020102"_hex, 1},                         // identification packet
        {"80EC0102053C03001F90"_hex, 1},                       // CAT_TP link to port 8080
        {"80EC01020D3C03001F90390202003602ABCD"_hex, 1},       // CAT_TP with SDU size and identification
        {"80E29000088506840402028182"_hex, 1},                 // STORE DATA of the trigger parameters
        {"80EC0103193501033C030200503E05210A0000014708696E7465726E6574"_hex, 1}, // TCP 10.0.0.1:80
        {"80EC0101093C03011F9039020200 80EC0102093C03001F903602ABCD"_hex, 2}, // SGP.02 CAT_TP pair
    }));
    CAPTURE(to_hex(raw));
    const auto commands = parse_compact_script(raw);
    CHECK(commands.size() == count);
    CHECK(encode_compact_script(commands) == raw);
}

TEST_CASE("Compact script: P3 meaning and its rule", "[remote][compact]") {
    CHECK(default_p3_rule(0x80, 0xF2, 0x00, 0x0C) == P3Meaning::ExpectedLength); // UICC STATUS
    CHECK(default_p3_rule(0x80, 0xF2, 0x40, 0x02) == P3Meaning::CommandLength);  // GP GET STATUS
    CHECK(default_p3_rule(0x00, 0xB0, 0x00, 0x00) == P3Meaning::ExpectedLength);
    CHECK(default_p3_rule(0x80, 0xE6, 0x0C, 0x00) == P3Meaning::CommandLength);

    const auto gp = parse_compact_script("80F24002024F00 80F2000C00"_hex);
    REQUIRE(gp.size() == 2);
    CHECK(gp[0].data() == "4F00"_hex);
    CHECK(gp[1].ne() == 256u);

    // A proprietary case-2 INS needs a rule that knows it.
    CHECK_CODEC_ERROR(parse_compact_script("8001000010"_hex), "compact script", 4);
    const auto custom = parse_compact_script("8001000010"_hex, everything_le);
    REQUIRE(custom.size() == 1);
    CHECK(custom[0].ne() == 16u);
    CHECK(encode_compact_script(custom, everything_le) == "8001000010"_hex);
}

TEST_CASE("Compact script: encoding follows T=0 (case 4 loses Le)", "[remote][compact]") {
    const std::vector<CommandApdu> commands{
        CommandApdu(0x00, 0xA4, 0x04, 0x00, "A0000005591010FFFFFFFF8900000100"_hex, 256), // SELECT ISD-R, case 4
        CommandApdu(0x80, 0xE2, 0x91, 0x00, {}, 256),                                 // Le 256 -> P3 00
        CommandApdu(0x80, 0xCA, 0x00, 0x66),                                           // case 1 -> P3 00
    };
    const Bytes raw = encode_compact_script(commands);
    CHECK(raw == "00A4040010A0000005591010FFFFFFFF8900000100 80E2910000 80CA006600"_hex);
    const auto back = parse_compact_script(raw);
    CHECK(back[0] == commands[0].with_ne(std::nullopt));
    CHECK(back[1] == CommandApdu(0x80, 0xE2, 0x91, 0x00));
    CHECK(back[2] == CommandApdu(0x80, 0xCA, 0x00, 0x66, {}, 256));

    CHECK_THROWS_AS(encode_compact_script({}), std::invalid_argument);
    const std::vector<CommandApdu> le_on_lc{CommandApdu(0x80, 0xE2, 0x91, 0x00, {}, 0x10)};
    CHECK_THROWS_AS(encode_compact_script(le_on_lc), std::invalid_argument);
    const std::vector<CommandApdu> data_on_le{CommandApdu(0x00, 0xB0, 0x00, 0x00, "00"_hex)};
    CHECK_THROWS_AS(encode_compact_script(data_on_le), std::invalid_argument);
    const std::vector<CommandApdu> extended{CommandApdu(0x80, 0xE2, 0x91, 0x00, Bytes(256, 0))};
    CHECK_THROWS_AS(encode_compact_script(extended), std::invalid_argument);
}

TEST_CASE("Compact script: malformed scripts", "[remote][compact][negative]") {
    CHECK_CODEC_ERROR(parse_compact_script(Bytes{}), "compact script", 0);
    CHECK_CODEC_ERROR(parse_compact_script("80E29000"_hex), "compact script", 0);
    CHECK_CODEC_ERROR(parse_compact_script("80E2900005AABB"_hex), "compact script", 4);
    CHECK_CODEC_ERROR(parse_compact_script("A0C0000016A0A4"_hex), "compact script", 5);
}

TEST_CASE("Compact response: PoR data vectors (scp80.md §8 and test vectors)", "[remote][compact]") {
    auto [raw, executed, sw, data] = GENERATE(table<Bytes, std::uint8_t, std::uint16_t, Bytes>({
        {"016132"_hex, 1, 0x6132, {}},
        {"01612f"_hex, 1, 0x612F, {}},
        {"029000 0000ffff7f2002000000000009b106350400838a838a"_hex, 2, 0x9000,
         "0000ffff7f2002000000000009b106350400838a838a"_hex},
    }));
    const CompactResponse r = CompactResponse::decode(raw);
    CHECK(r.executed == executed);
    CHECK(r.last_sw == StatusWord(sw));
    CHECK(r.last_data == data);
    CHECK(r.encode() == raw);
    CHECK_CODEC_ERROR(CompactResponse::decode("0161"_hex), "compact response", 1);
    CHECK_CODEC_ERROR(CompactResponse::decode(Bytes{}), "compact response", 0);
}

TEST_CASE("Compact response inside a plain PoR packet (scp80.md A, SPI 06 01)", "[remote][compact]") {
    // 02 71 00 | RPL 000e RHL 0a TAR b00011 CNTR 0000000000 PCNTR 00 STS 00 | data.
    const Bytes por_ud = "027100000e0ab0001100000000000000016132"_hex;
    const CompactResponse r = CompactResponse::decode(ByteView(por_ud).subspan(3 + 13));
    CHECK(r == CompactResponse{1, StatusWord(0x6132), {}});
}

TEST_CASE("Status word rules: when a script stops", "[remote][rules]") {
    for (int sw : {0x9000, 0x6110, 0x9143, 0x9210, 0x9F16, 0x6282, 0x62F1, 0x63C2}) {
        CAPTURE(sw);
        CHECK_FALSE(compact_script_stops_at(StatusWord(static_cast<std::uint16_t>(sw))));
    }
    for (int sw : {0x6400, 0x6581, 0x6700, 0x6982, 0x6A82, 0x6C10, 0x6D00, 0x6E00, 0x6F00, 0x9804}) {
        CAPTURE(sw);
        CHECK(compact_script_stops_at(StatusWord(static_cast<std::uint16_t>(sw))));
        CHECK(expanded_script_stops_at(StatusWord(static_cast<std::uint16_t>(sw))));
    }
    CHECK(expanded_script_stops_at(sw_response_truncated));
    CHECK_FALSE(expanded_script_stops_at(StatusWord(0x6282)));
    CHECK_FALSE(expanded_script_stops_at(StatusWord(0x9000)));
}

TEST_CASE("Expanded command script: the fixture's definite and indefinite forms", "[remote][expanded]") {
    auto [raw, indefinite] = GENERATE(table<Bytes, bool>({
        {"AA07220580E2900000"_hex, false},
        {"AE80220580E29000000000"_hex, true},
    }));
    CAPTURE(to_hex(raw));
    const ExpandedCommandScript s = ExpandedCommandScript::decode(raw);
    CHECK(s.indefinite == indefinite);
    REQUIRE(s.items.size() == 1);
    CHECK(std::get<CommandApduTlv>(s.items[0]).apdu == "80E2900000"_hex);
    CHECK(s.commands() == std::vector<CommandApdu>{CommandApdu(0x80, 0xE2, 0x90, 0x00, {}, 256)});
    CHECK(s.encode() == raw);
    CHECK(ExpandedCommandScript::from_commands(s.commands(), indefinite).encode() == raw);
    const ExpandedCommandPrefix prefix = decode_expanded_command_prefix(raw);
    CHECK_FALSE(prefix.bad_format);
    CHECK(prefix.script == s);
}

TEST_CASE("Expanded command script: pySim vectors (long lengths, several APDUs)", "[remote][expanded]") {
    SECTION("200-byte C-APDU: aa 81 cb | 22 81 c8") {
        const Bytes capdu = concat("80E29100C3"_hex, filled(195));
        const Bytes raw = concat("aa81cb2281c8"_hex, capdu);
        const ExpandedCommandScript s = ExpandedCommandScript::decode(raw);
        CHECK(std::get<CommandApduTlv>(s.items.at(0)).apdu == capdu);
        CHECK(s.encode() == raw);
    }
    SECTION("round trips of pySim test_roundtrip") {
        const std::vector<CommandApdu> commands{CommandApdu::parse("00a40004023f00"_hex),
                                                CommandApdu::parse("80f24002024f0000"_hex)};
        for (bool indefinite : {false, true}) {
            const Bytes raw = ExpandedCommandScript::from_commands(commands, indefinite).encode();
            CHECK(raw == (indefinite ? "AE802207 00a40004023f00 2208 80f24002024f0000 0000"_hex
                                     : "AA13 2207 00a40004023f00 2208 80f24002024f0000"_hex));
            CHECK(ExpandedCommandScript::decode(raw).commands() == commands);
        }
    }
}

TEST_CASE("Expanded command script: immediate action, error action, script chaining", "[remote][expanded]") {
    const Bytes raw = "AA13 830101 810101 82020102 2207 00a40004023f00"_hex;
    const ExpandedCommandScript s = ExpandedCommandScript::decode(raw);
    REQUIRE(s.items.size() == 4);
    CHECK(std::get<ScriptChaining>(s.items[0]).value == chaining::first_script);
    CHECK(std::get<ImmediateAction>(s.items[1]).value == "01"_hex);
    CHECK(std::get<ErrorAction>(s.items[2]).value == "0102"_hex);
    CHECK(std::holds_alternative<CommandApduTlv>(s.items[3]));
    CHECK(s.commands().size() == 1);
    CHECK(s.encode() == raw);

    ExpandedCommandScript built;
    built.indefinite = true;
    built.items = {ScriptChaining{chaining::last_script}, CommandApduTlv{"80EC010100"_hex}, ErrorAction{}};
    CHECK(built.encode() == "AE80 830103 220580EC010100 8200 0000"_hex);
    CHECK(ExpandedCommandScript::decode(built.encode()) == built);
}

TEST_CASE("Expanded command script: bad format per TS 102 226 table 5.12", "[remote][expanded][negative]") {
    check_bad_format(Bytes{}, 0, BadFormat::UnknownTag);
    check_bad_format("AB07220580E2900000"_hex, 0, BadFormat::UnknownTag);      // a response template
    check_bad_format("AA03240100"_hex, 2, BadFormat::UnknownTag);              // unknown tag 24
    check_bad_format("AA03230100"_hex, 2, BadFormat::UnknownTag);              // R-APDU tag in a command script
    check_bad_format("AA05220580E2"_hex, 1, BadFormat::WrongLength);           // template length past the end
    check_bad_format("AA07220880E2900000"_hex, 3, BadFormat::WrongLength);     // item length past the template
    check_bad_format("AA0483020102"_hex, 3, BadFormat::WrongLength);           // chaining value of 2 octets
    check_bad_format("AA07220580E290000000"_hex, 9, BadFormat::WrongLength);   // trailing byte
    check_bad_format("AA80220580E29000000000"_hex, 1, BadFormat::WrongLength); // AA is the definite form
    check_bad_format("AE07220580E2900000"_hex, 1, BadFormat::WrongLength);     // AE is the indefinite form
    check_bad_format("AA0122"_hex, 3, BadFormat::LengthNotFound);              // tag without length
    check_bad_format("AA"_hex, 1, BadFormat::LengthNotFound);
    check_bad_format("AA03 2282 01"_hex, 3, BadFormat::LengthNotFound);        // long form cut off
    check_bad_format("AE80220580E2900000"_hex, 9, BadFormat::LengthNotFound);  // no end-of-contents
    check_bad_format("AE80220580E290000000"_hex, 9, BadFormat::LengthNotFound);
    check_bad_format("AA0622850000000001"_hex, 3, BadFormat::WrongLength);     // 5 length octets
}

TEST_CASE("Expanded command prefix: what precedes the fault can still run", "[remote][expanded]") {
    const Bytes raw = "AA0C 220580E2900000 2403010203"_hex;
    const ExpandedCommandPrefix prefix = decode_expanded_command_prefix(raw);
    REQUIRE(prefix.bad_format);
    CHECK(*prefix.bad_format == BadFormat::UnknownTag);
    CHECK(prefix.bad_offset == 9);
    REQUIRE(prefix.script.items.size() == 1);
    CHECK(std::get<CommandApduTlv>(prefix.script.items[0]).apdu == "80E2900000"_hex);
    // A C-APDU the card cannot parse is still an item; it fails when executed.
    const ExpandedCommandScript odd = ExpandedCommandScript::decode("AA04 22020102"_hex);
    CHECK_CODEC_ERROR(odd.commands(), "C-APDU", 0);
}

TEST_CASE("Expanded response: pySim golden vectors", "[remote][expanded]") {
    SECTION("status only: ab07 800101 23026132") {
        const Bytes raw = "ab0780010123026132"_hex;
        const ExpandedResponse r = ExpandedResponse::decode(raw);
        CHECK(r.executed == 1u);
        CHECK_FALSE(r.indefinite);
        REQUIRE(r.last_response());
        CHECK(r.last_response()->data.empty());
        CHECK(r.last_response()->sw == StatusWord(0x6132));
        CHECK_FALSE(r.truncated());
        CHECK(r.encode() == raw);
    }
    SECTION("GET STATUS registry: ab 81ce 800101 23 81c8 <198 bytes> 9000") {
        const Bytes raw = concat(concat("ab81ce8001012381c8"_hex, filled(198)), "9000"_hex);
        const ExpandedResponse r = ExpandedResponse::decode(raw);
        CHECK(r.executed_count() == 1);
        CHECK(r.last_response()->data == filled(198));
        CHECK(r.last_response()->sw == apdu::sw::ok);
        CHECK(r.encode() == raw);
    }
}

TEST_CASE("Expanded response: indefinite form, error TLVs, truncation", "[remote][expanded]") {
    SECTION("AF without executed count") {
        const Bytes raw = "AF80 23029000 2303AA6A82 0000"_hex;
        const ExpandedResponse r = ExpandedResponse::decode(raw);
        CHECK(r.indefinite);
        CHECK_FALSE(r.executed);
        CHECK(r.executed_count() == 2);
        CHECK(r.last_response()->data == "AA"_hex);
        CHECK(r.last_response()->sw == apdu::sw::not_found);
        CHECK(r.encode() == raw);
    }
    SECTION("bad format, immediate action and chaining responses") {
        const Bytes raw = "AB10 800102 23029000 900101 810101 830102"_hex;
        const ExpandedResponse r = ExpandedResponse::decode(raw);
        REQUIRE(r.items.size() == 4);
        CHECK(std::get<BadFormatTlv>(r.items[1]).kind == BadFormat::UnknownTag);
        CHECK(std::get<ImmediateActionResponse>(r.items[2]).value == response_code::suspension_error);
        CHECK(std::get<ScriptChainingResponse>(r.items[3]).value == response_code::chaining_not_supported);
        CHECK(r.encode() == raw);
    }
    SECTION("62F1: the card truncated a response and stopped") {
        const Bytes raw = "AB0B 800102 23029000 230262F1"_hex;
        CHECK(ExpandedResponse::decode(raw).truncated());
    }
    SECTION("a large executed count takes more octets") {
        ExpandedResponse r;
        r.executed = 300;
        CHECK(r.encode() == "AB04 8002012C"_hex);
        CHECK(ExpandedResponse::decode(r.encode()) == r);
    }
    SECTION("encode checks the form") {
        ExpandedResponse definite;
        CHECK_THROWS_AS(definite.encode(), std::invalid_argument);
        ExpandedResponse indefinite;
        indefinite.indefinite = true;
        indefinite.executed = 1;
        CHECK_THROWS_AS(indefinite.encode(), std::invalid_argument);
    }
}

TEST_CASE("Expanded response: malformed templates", "[remote][expanded][negative]") {
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AB0423029000"_hex), "expanded response", 2);      // no 80 first
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AB00"_hex), "expanded response", 1);              // empty AB
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AF808001010000"_hex), "expanded response", 2);    // 80 in AF
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AB06800101230190"_hex), "expanded response", 6);  // R-APDU < SW
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AB0780010190020101"_hex), "expanded response", 6); // 90 of 2
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AB078005000000 0001"_hex), "expanded response", 3); // count of 5
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AB0580010122 00"_hex), "expanded response", 5);   // C-APDU tag
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AA0780010123026132"_hex), "expanded response", 0);
    CHECK_CODEC_ERROR(ExpandedResponse::decode("AF8023029000"_hex), "expanded response", 6);      // no 00 00
}
