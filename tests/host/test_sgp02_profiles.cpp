// SPDX-License-Identifier: Apache-2.0
// IsdR profile functions against a scripted SCP03 card: the plain APDUs of spec/sgp02.md §4 (WHTY/njiwa vectors
// where published), typed results and typed refusals (6A84, 6985, 69E1).
#include <catch2/catch.hpp>

#include <euicc/error.hpp>
#include <euicc/host/isd_r.hpp>
#include <euicc/host/sgp02_errors.hpp>
#include <euicc/transport/in_process_channel.hpp>

#include "host/sgp02_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;
using apdu::StatusWord;

namespace {

/// The WHTY CreateISDP vector (spec/sgp02.md test vectors): ISD-P ...8900001300, no memory quota.
const Bytes whty_create_isdp = "80E60C003F10A0000005591010FFFFFFFF8900000D0010A0000005591010FFFFFFFF8900000E00"
                               "10A0000005591010FFFFFFFF89000013000380C00006C90481020370 00"_hex;
const Bytes isdp_1300_hex = "A0000005591010FFFFFFFF8900001300"_hex;

/// A card with the ISD-R session open; the test appends its steps.
struct Bench {
    Scp03TestCard card;
    transport::InProcessChannel channel{card};
    FixedRng rng{11};

    Bench() { card.open(isd_r_keys(), isd_r_aid()); }
    host::IsdR isd_r() { return host::IsdR(channel, isd_r_keys(), rng); }
};

/// An `E3` registry entry: 4F AID, 9F70 life cycle, then `extra` TLVs.
Bytes registry_entry(ByteView aid, std::uint8_t life_cycle, ByteView extra = {}) {
    Bytes body = join(join("4F10"_hex, aid), Bytes{0x9F, 0x70, 0x01, life_cycle});
    body = join(body, extra);
    Bytes out{0xE3, static_cast<std::uint8_t>(body.size())};
    return join(out, body);
}

template <typename Call>
void check_policy(Call&& call, const char* command, StatusWord sw, host::PolicyRule rule) {
    try {
        call();
        FAIL("no exception");
    } catch (const host::PolicyError& e) {
        CHECK(e.command() == command);
        CHECK(e.sw() == sw);
        CHECK(e.rule() == rule);
    }
}

} // namespace

TEST_CASE("create_isdp sends WHTY's CreateISDP and returns the AID", "[host][sgp02]") {
    Bench bench;
    bench.card.secure(whty_create_isdp, "00 9000"_hex);
    auto isd_r = bench.isd_r();
    host::CreateIsdpRequest request;
    request.isdp_aid = isdp_1300();
    request.iccid = "89000123456789012341";
    const host::CreatedIsdp created = isd_r.create_isdp(request);
    CHECK(created.isdp_aid == isdp_1300_hex);
    CHECK(created.iccid == std::optional<std::string>("89000123456789012341"));
    CHECK_FALSE(created.non_volatile_quota);
    require_card_done(bench.card);
}

TEST_CASE("create_isdp with a memory quota puts EF { C8 } into the install parameters", "[host][sgp02]") {
    // GPCS Table 11-49: C8 02 <quota> for up to 32767 bytes, C8 04 above (sgp02.md §4.1 on the tag question).
    Bench bench;
    bench.card.secure("80E60C004510A0000005591010FFFFFFFF8900000D0010A0000005591010FFFFFFFF8900000E00"
                      "10A0000005591010FFFFFFFF89000013000380C0000CC90481020370EF04C8025000 00"_hex,
                      "00 9000"_hex);
    auto isd_r = bench.isd_r();
    host::CreateIsdpRequest request;
    request.isdp_aid = isdp_1300();
    request.non_volatile_quota = 0x5000;
    CHECK(isd_r.create_isdp(request).non_volatile_quota == std::optional<std::uint32_t>(0x5000));
    require_card_done(bench.card);
}

TEST_CASE("create_isdp without an AID takes the lowest free ISD-P number after an audit", "[host][sgp02]") {
    Bench bench;
    // GET STATUS P1 40 of the platform prefix; page 1 ends with 6310, page 2 (P2 03) with 9000 (GPCS §11.4).
    const Bytes page1 = join(registry_entry(isd_r_aid(), 0x0F), registry_entry(sgp02::isdp_aid(0x0010), 0x3F));
    const Bytes page2 = registry_entry(sgp02::isdp_aid(0x0011), 0x1F);
    bench.card.secure("80F240020E4F0CA0000005591010FFFFFFFF8900"_hex, join(page1, "6310"_hex))
        .secure("80F240030E4F0CA0000005591010FFFFFFFF8900"_hex, join(page2, "9000"_hex))
        .secure("80E60C003F10A0000005591010FFFFFFFF8900000D0010A0000005591010FFFFFFFF8900000E00"
                "10A0000005591010FFFFFFFF89000012000380C00006C90481020370 00"_hex,
                "00 9000"_hex);
    auto isd_r = bench.isd_r();
    CHECK(isd_r.create_isdp().isdp_aid == sgp02::isdp_aid(0x0012));
    require_card_done(bench.card);
}

TEST_CASE("create_isdp: 6A84 is NotEnoughMemoryError, other SWs StatusWordError", "[host][sgp02]") {
    Bench bench;
    bench.card.secure(whty_create_isdp, "6A84"_hex).secure(whty_create_isdp, "6A80"_hex);
    auto isd_r = bench.isd_r();
    host::CreateIsdpRequest request;
    request.isdp_aid = isdp_1300();
    try {
        isd_r.create_isdp(request);
        FAIL("no exception");
    } catch (const host::NotEnoughMemoryError& e) {
        CHECK(e.command() == "CREATE ISD-P");
        CHECK(e.sw() == apdu::sw::not_enough_memory);
    }
    try {
        isd_r.create_isdp(request);
        FAIL("no exception");
    } catch (const host::NotEnoughMemoryError&) {
        FAIL("6A80 is not a memory shortage");
    } catch (const StatusWordError& e) {
        CHECK(e.sw() == apdu::sw::wrong_data);
    }
    require_card_done(bench.card);
}

TEST_CASE("create_isdp checks the AID before sending", "[host][sgp02]") {
    Bench bench;
    auto isd_r = bench.isd_r();
    host::CreateIsdpRequest request;
    request.isdp_aid = "A000"_hex;
    CHECK_THROWS_AS(isd_r.create_isdp(request), std::invalid_argument);
    require_card_done(bench.card);
}

TEST_CASE("enable_profile / disable_profile send STORE DATA 3A03 / 3A04", "[host][sgp02]") {
    Bench bench;
    bench.card.secure(join("80E28800153A03124F10"_hex, isdp_1300_hex), "9000"_hex)
        .secure(join("80E28800153A04124F10"_hex, isdp_1300_hex), "9110"_hex);
    auto isd_r = bench.isd_r();
    const host::ProfileSwitch enabled = isd_r.enable_profile(isdp_1300());
    CHECK(enabled.isdp_aid == isdp_1300_hex);
    CHECK(enabled.sw == apdu::sw::ok);
    CHECK_FALSE(enabled.proactive_command_pending());
    // 91xx: accepted, and a proactive command (the REFRESH of SGP.02 §4.1.1.2) waits for the terminal.
    const host::ProfileSwitch disabled = isd_r.disable_profile(isdp_1300());
    CHECK(disabled.sw == StatusWord(0x9110));
    CHECK(disabled.proactive_command_pending());
    require_card_done(bench.card);
}

TEST_CASE("profile operations: 6985 and 69E1 are PolicyErrors the caller can branch on", "[host][sgp02]") {
    Bench bench;
    const Bytes aid = isdp_1300();
    bench.card.secure(join("80E28800153A04124F10"_hex, aid), "6985"_hex)
        .secure(join("80E28800153A04124F10"_hex, aid), "69E1"_hex)
        .secure(join("80E28800153A03124F10"_hex, aid), "6985"_hex)
        .secure(join("80E4004012 4F10"_hex, join(aid, "00"_hex)), "6985"_hex)
        .secure(join("80E4004012 4F10"_hex, join(aid, "00"_hex)), "69E1"_hex)
        .secure(join("80E28800153A05124F10"_hex, aid), "6985"_hex)
        .secure(join("80E28800153A03124F10"_hex, aid), "6A88"_hex);
    auto isd_r = bench.isd_r();
    check_policy([&] { isd_r.disable_profile(aid); }, "DISABLE PROFILE", apdu::sw::conditions_not_satisfied,
                 host::PolicyRule::ProfileState);
    check_policy([&] { isd_r.disable_profile(aid); }, "DISABLE PROFILE", StatusWord(0x69E1), host::PolicyRule::Pol1);
    check_policy([&] { isd_r.enable_profile(aid); }, "ENABLE PROFILE", apdu::sw::conditions_not_satisfied,
                 host::PolicyRule::ProfileState);
    check_policy([&] { isd_r.delete_profile(aid); }, "DELETE PROFILE", apdu::sw::conditions_not_satisfied,
                 host::PolicyRule::ProfileState);
    check_policy([&] { isd_r.delete_profile(aid); }, "DELETE PROFILE", StatusWord(0x69E1), host::PolicyRule::Pol1);
    check_policy([&] { isd_r.set_fallback(aid); }, "SET FALLBACK ATTRIBUTE", apdu::sw::conditions_not_satisfied,
                 host::PolicyRule::ProfileState);
    // 6A88 (no such ISD-P) is no policy: a plain StatusWordError.
    try {
        isd_r.enable_profile(aid);
        FAIL("no exception");
    } catch (const host::PolicyError&) {
        FAIL("6A88 is not a policy refusal");
    } catch (const StatusWordError& e) {
        CHECK(e.command() == "ENABLE PROFILE");
        CHECK(e.sw() == apdu::sw::referenced_data_not_found);
    }
    require_card_done(bench.card);
}

TEST_CASE("delete_profile sends DELETE P2 40 and returns the confirmation", "[host][sgp02]") {
    Bench bench;
    // WHTY DeleteProfileApduHandler / njiwa: 80 E4 00 40 12 4F 10 <AID> 00, answer 00.
    bench.card.secure("80E40040124F10A0000005591010FFFFFFFF890000130000"_hex, "00 9000"_hex)
        .secure("80E40040124F10A0000005591010FFFFFFFF890000130000"_hex, "03 AABBCC 9000"_hex);
    auto isd_r = bench.isd_r();
    const host::DeletedProfile deleted = isd_r.delete_profile(isdp_1300());
    CHECK(deleted.isdp_aid == isdp_1300_hex);
    CHECK(deleted.confirmation.empty());
    CHECK(isd_r.delete_profile(isdp_1300()).confirmation == "AABBCC"_hex);
    require_card_done(bench.card);
}

TEST_CASE("set_fallback sends STORE DATA 3A05", "[host][sgp02]") {
    Bench bench;
    // WHTY SetFallBackAttrApduHandler without its trailing 00 (P1.b1 = 0 asks for no data).
    bench.card.secure("80E28800153A05124F10A0000005591010FFFFFFFF8900001300"_hex, "9000"_hex);
    auto isd_r = bench.isd_r();
    CHECK(isd_r.set_fallback(isdp_1300()).isdp_aid == isdp_1300_hex);
    require_card_done(bench.card);
}

TEST_CASE("update_smsr_addressing_parameters sends STORE DATA 3A07 { A3 { 81 } }", "[host][sgp02]") {
    Bench bench;
    // "8821234567" swapped BCD: 88 12 32 54 76; 81 = <5 digit bytes> <TON/NPI 85> <digits> (WHTY layout).
    bench.card.secure("80E288000E3A070BA309810705858812325476"_hex, "9000"_hex);
    auto isd_r = bench.isd_r();
    const host::SmsrAddressingUpdate update = isd_r.update_smsr_addressing_parameters("8821234567");
    CHECK(update.sms_address_digits == "8821234567");
    CHECK(update.ton_npi == 0x85);
    require_card_done(bench.card);
}
