// SPDX-License-Identifier: Apache-2.0
// Tests for GP GET STATUS (GPCS v2.3.1 §11.4): pySim command vectors, the E3 response format, the 6310
// continuation and malformed pages (spec/globalplatform.md §9).
#include <catch2/catch.hpp>

#include <array>
#include <stdexcept>

#include <euicc/apdu/gp.hpp>
#include <euicc/error.hpp>

#include "apdu/codec_error_check.hpp"
#include "gp_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using apdu::ResponseApdu;
using apdu::StatusWord;

namespace {

Bytes entry(const Bytes& aid, std::uint8_t lcs, const Bytes& extra = {}) {
    Bytes value = ber::encode(0x4F, aid);
    append(value, ber::encode(0x9F70, Bytes{lcs}));
    append(value, extra);
    return ber::encode(0xE3, value);
}

} // namespace

TEST_CASE("GP GET STATUS commands: pySim test_globalplatform vectors", "[gp]") {
    // 80f28002024f0000: ISD, wildcard AID.
    CHECK(gp_test::hex(gp::get_status(gp::StatusScope::IssuerSecurityDomain)) == "80F28002024F0000");
    // ELFs, AID 1234, tag list 4F 9F70 C5. pySim's 80F220020a4f0212345c054f9f70c5 is an SCP02 MAC test input whose
    // 5C says 05 over 4 tag bytes; a correct encoder writes 5C 04 (same Lc), plus the Le = 00 of GPCS §11.4.2.
    const std::array<ber::Tag, 3> tags{0x4F, 0x9F70, 0xC5};
    const apdu::CommandApdu elf = gp::get_status(gp::StatusScope::LoadFiles, "1234"_hex, false, tags);
    CHECK(gp_test::hex(elf) == "80F220020A4F0212345C044F9F70C500");
    // Next occurrence: P2 03.
    CHECK(gp_test::hex(gp::get_status(gp::StatusScope::Applications, gp_test::isdp_aid, true)) ==
          "80F24003124F10A0000005591010FFFFFFFF890000130000");
    CHECK(gp::get_status(gp::StatusScope::LoadFilesAndModules).p1() == 0x10);
    CHECK_THROWS_AS(gp::get_status(gp::StatusScope::Applications, Bytes(17, 0)), std::invalid_argument);
}

TEST_CASE("GP GET STATUS response: E3 entries with every decoded tag", "[gp]") {
    Bytes page = entry("A0000005591010FFFFFFFF8900000100"_hex, 0x0F, "C5038EFE80"_hex);
    append(page, entry("A0000005591010FFFFFFFF8900001300"_hex, 0x3F,
                       "C50380C000 CC10A0000005591010FFFFFFFF8900000100 530101 8F021000 91020800"_hex));
    append(page, entry("A0000005591010FFFFFFFF8900000D00"_hex, 0x01,
                       "CE020100 8410A0000005591010FFFFFFFF8900000E00 C40101"_hex));
    const auto entries = gp::parse_get_status(page);
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].aid == "A0000005591010FFFFFFFF8900000100"_hex);
    CHECK(entries[0].life_cycle == 0x0F);
    REQUIRE(entries[0].privileges);
    CHECK(entries[0].privileges->bits() == 0x8EFE80);
    CHECK(entries[1].associated_sd_aid == "A0000005591010FFFFFFFF8900000100"_hex);
    REQUIRE(entries[1].other.size() == 3);
    CHECK(entries[1].other[0].tag == 0x53);
    CHECK(entries[1].other[2].value == "0800"_hex);
    CHECK(entries[2].version == "0100"_hex);
    REQUIRE(entries[2].module_aids.size() == 1);
    CHECK(entries[2].module_aids[0] == "A0000005591010FFFFFFFF8900000E00"_hex);
    CHECK(entries[2].load_file_aid == "01"_hex);
    CHECK_FALSE(entries[2].privileges);
    CHECK(gp::parse_get_status(Bytes{}).empty());
}

TEST_CASE("GP GET STATUS response: malformed pages", "[gp]") {
    // Top level not E3 (the second object, at offset 13).
    Bytes wrong_tag = entry("A000000151"_hex, 0x07);
    append(wrong_tag, "E203 4F0100"_hex);
    CHECK_CODEC_ERROR(gp::parse_get_status(wrong_tag), "GET STATUS", 13);
    CHECK_CODEC_ERROR(gp::parse_get_status("E3049F700107"_hex), "GET STATUS", 0);              // no 4F
    CHECK_CODEC_ERROR(gp::parse_get_status("E3024F00"_hex), "GET STATUS", 0);                    // no 9F70
    CHECK_CODEC_ERROR(gp::parse_get_status("E3074F009F70020707"_hex), "GET STATUS", 4);          // 9F70 of 2 bytes
    CHECK_CODEC_ERROR(gp::parse_get_status("E3084F009F700107C502"_hex), "BER-TLV", 9);           // truncated C5
    CHECK_CODEC_ERROR(gp::parse_get_status("E30A4F009F700107C5028000"_hex), "GET STATUS", 8);    // C5 of 2 bytes
}

TEST_CASE("GP GET STATUS pager: 6310 continuation accumulates pages", "[gp]") {
    gp::GetStatusPager pager(gp::StatusScope::Applications, "A0000005591010FFFFFFFF89"_hex);
    CHECK(gp_test::hex(pager.next_command()) == "80F240020E4F0CA0000005591010FFFFFFFF8900");

    Bytes page1 = entry("A0000005591010FFFFFFFF8900000100"_hex, 0x0F);
    append(page1, entry("A0000005591010FFFFFFFF8900000200"_hex, 0x07));
    CHECK(pager.add(ResponseApdu(page1, gp::sw::more_data)));
    CHECK_FALSE(pager.done());
    // After a 6310 the next command asks for the next occurrences: P2 03.
    CHECK(pager.next_command().p2() == 0x03);
    CHECK(pager.add(ResponseApdu(entry("A0000005591010FFFFFFFF8900001100"_hex, 0x1F), gp::sw::more_data)));
    CHECK_FALSE(pager.add(ResponseApdu(entry("A0000005591010FFFFFFFF8900001300"_hex, 0x3F), apdu::sw::ok)));
    CHECK(pager.done());
    CHECK(pager.pages() == 3);
    REQUIRE(pager.entries().size() == 4);
    CHECK(pager.entries()[3].life_cycle == 0x3F);
    CHECK_THROWS_AS(pager.next_command(), std::logic_error);
    CHECK_THROWS_AS(pager.add(ResponseApdu({}, apdu::sw::ok)), std::logic_error);
}

TEST_CASE("GP GET STATUS pager: 6A88 means no match, other SWs are errors", "[gp]") {
    gp::GetStatusPager none(gp::StatusScope::Applications, gp_test::isdp_aid);
    CHECK_FALSE(none.add(ResponseApdu({}, apdu::sw::referenced_data_not_found)));
    CHECK(none.done());
    CHECK(none.entries().empty());

    gp::GetStatusPager late(gp::StatusScope::Applications);
    CHECK(late.add(ResponseApdu(entry("A000000151"_hex, 0x07), gp::sw::more_data)));
    try {
        late.add(ResponseApdu({}, apdu::sw::referenced_data_not_found));
        FAIL("6A88 on a later page must throw");
    } catch (const StatusWordError& e) {
        CHECK(e.command() == "GET STATUS");
        CHECK(e.sw() == apdu::sw::referenced_data_not_found);
    }

    gp::GetStatusPager denied(gp::StatusScope::Applications);
    CHECK_THROWS_AS(denied.add(ResponseApdu({}, apdu::sw::security_status_not_satisfied)), StatusWordError);

    // A 6310 page without entries would loop for ever.
    gp::GetStatusPager stuck(gp::StatusScope::Applications);
    CHECK_CODEC_ERROR(stuck.add(ResponseApdu({}, gp::sw::more_data)), "GET STATUS", 0);
}
