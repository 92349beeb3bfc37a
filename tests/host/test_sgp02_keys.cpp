// SPDX-License-Identifier: Apache-2.0
// IsdR keysets against a scripted SCP03 card: lab ISD-P key establishment (INSTALL [for personalization] + PUT
// KEY), PMC install and SM-SR change (PUT KEY, new session, FinaliseISDRhandover or DELETE key; spec/sgp02.md
// §4.10, §6, §9.5).
#include <catch2/catch.hpp>

#include <euicc/error.hpp>
#include <euicc/host/isd_r.hpp>
#include <euicc/transport/in_process_channel.hpp>

#include "host/sgp02_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;

namespace {

struct Bench {
    Scp03TestCard card;
    transport::InProcessChannel channel{card};
    FixedRng rng{31};

    Bench() { card.open(isd_r_keys(), isd_r_aid()); }
    host::IsdR isd_r() { return host::IsdR(channel, isd_r_keys(), rng); }
};

/// PUT KEY of `keys` as new keyset `kvn` (P1 = `replaced`) under the ISD-R DEK, and the card's confirmation.
std::pair<Bytes, Bytes> put_key_exchange(std::uint8_t kvn, const std::vector<ByteView>& keys,
                                         std::uint8_t replaced = 0) {
    gp::PutKeyOptions options;
    options.replaced_version = replaced;
    const Bytes command = gp::put_key_aes(kvn, keys, isd_r_keys().dek.view(), options).encode();
    Bytes answer{kvn};
    for (const ByteView key : keys) {
        const auto kcv = gp::aes_key_check_value(key);
        answer.insert(answer.end(), kcv.begin(), kcv.end());
    }
    return {command, join(answer, "9000"_hex)};
}

std::vector<ByteView> views(const scp03::StaticKeys& keys) { return {keys.enc.view(), keys.mac.view(), keys.dek.view()}; }

/// Key information `C0 04 <kid> <kvn> 88 10` for key ids 1..3 of each KVN.
Bytes key_information(std::initializer_list<std::uint8_t> kvns) {
    Bytes body;
    for (const std::uint8_t kvn : kvns) {
        for (std::uint8_t kid = 1; kid <= 3; ++kid) {
            body = join(body, Bytes{0xC0, 0x04, kid, kvn, 0x88, 0x10});
        }
    }
    return join(join(Bytes{0xE0, static_cast<std::uint8_t>(body.size())}, body), "9000"_hex);
}

host::Scp80Keyset scp80_keyset(std::uint8_t kvn) {
    return host::Scp80Keyset{kvn, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex),
                             SecretBytes("505152535455565758595A5B5C5D5E5F"_hex),
                             SecretBytes("606162636465666768696A6B6C6D6E6F"_hex)};
}

} // namespace

TEST_CASE("establish_isdp_keys: INSTALL [for personalization] then PUT KEY under the ISD-R", "[host][sgp02]") {
    Bench bench;
    const scp03::StaticKeys keys = isdp_keys();
    const auto [put_key, confirmation] = put_key_exchange(0x30, views(keys));
    // GPCS Table 11-47 / njiwa: 80 E6 20 00 16 00 00 10 <ISD-P AID> 00 00 00, Le 00.
    bench.card.secure("80E62000160000 10A0000005591010FFFFFFFF8900001300 000000 00"_hex, "00 9000"_hex)
        .secure(put_key, confirmation);
    auto isd_r = bench.isd_r();
    const host::IsdpKeyset established = isd_r.establish_isdp_keys(isdp_1300(), keys);
    CHECK(established.isdp_aid == isdp_1300());
    CHECK(established.key_version == 0x30);
    REQUIRE(established.check_values.size() == 3);
    CHECK(established.check_values[0] == gp::aes_key_check_value(keys.enc.view()));
    require_card_done(bench.card);
}

TEST_CASE("establish_isdp_keys failures", "[host][sgp02]") {
    Bench bench;
    const scp03::StaticKeys keys = isdp_keys();
    SECTION("unknown ISD-P") {
        bench.card.secure("80E62000160000 10A0000005591010FFFFFFFF8900001300 000000 00"_hex, "6A88"_hex);
        auto isd_r = bench.isd_r();
        try {
            isd_r.establish_isdp_keys(isdp_1300(), keys);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "INSTALL [for personalization]");
        }
    }
    SECTION("no memory for the keyset") {
        bench.card.secure("80E62000160000 10A0000005591010FFFFFFFF8900001300 000000 00"_hex, "00 9000"_hex)
            .secure(put_key_exchange(0x30, views(keys)).first, "6A84"_hex);
        auto isd_r = bench.isd_r();
        CHECK_THROWS_AS(isd_r.establish_isdp_keys(isdp_1300(), keys), host::NotEnoughMemoryError);
    }
    SECTION("a keyset without DEK is refused before sending") {
        scp03::StaticKeys no_dek = isdp_keys();
        no_dek.dek = SecretBytes();
        auto isd_r = bench.isd_r();
        CHECK_THROWS_AS(isd_r.establish_isdp_keys(isdp_1300(), no_dek), std::invalid_argument);
    }
    require_card_done(bench.card);
}

TEST_CASE("install_pmc puts the new SM-SR's SCP03 and SCP80 keysets", "[host][sgp02]") {
    Bench bench;
    const scp03::StaticKeys scp03_keys = new_smsr_keys();
    const host::Scp80Keyset scp80 = scp80_keyset(0x02);
    const auto [put03, ok03] = put_key_exchange(0x31, views(scp03_keys));
    const auto [put80, ok80] = put_key_exchange(0x02, {scp80.kic.view(), scp80.kid.view(), scp80.kik.view()});
    bench.card.secure(put03, ok03).secure(put80, ok80);
    auto isd_r = bench.isd_r();
    host::SmsrKeysets keys;
    keys.scp03 = scp03_keys;
    keys.scp80 = scp80;
    const host::PmcInstallation installed = isd_r.install_pmc(keys);
    CHECK(installed.installed_kvns == std::vector<std::uint8_t>{0x31, 0x02});
    CHECK(installed.answers.size() == 2);
    CHECK_THROWS_AS(isd_r.install_pmc({}), std::invalid_argument);
    host::SmsrKeysets bad;
    bad.scp80 = scp80_keyset(0x31); // not an SCP80 version
    CHECK_THROWS_AS(isd_r.install_pmc(bad), std::invalid_argument);
    require_card_done(bench.card);
}

TEST_CASE("change_smsr: PMC install, new session, FinaliseISDRhandover, old keys gone", "[host][sgp02]") {
    Bench bench;
    const scp03::StaticKeys scp03_keys = new_smsr_keys();
    const host::Scp80Keyset scp80 = scp80_keyset(0x02);
    const auto [put03, ok03] = put_key_exchange(0x31, views(scp03_keys));
    const auto [put80, ok80] = put_key_exchange(0x02, {scp80.kic.view(), scp80.kid.view(), scp80.kik.view()});
    const auto removal = GENERATE(host::KeyRemoval::FinaliseHandover, host::KeyRemoval::DeleteKey);
    bench.card.secure("80CA00E000"_hex, key_information({0x30, 0x01}))
        .secure(put03, ok03)
        .secure(put80, ok80)
        .open(scp03_keys, isd_r_aid());
    if (removal == host::KeyRemoval::FinaliseHandover) {
        // WHTY FinaliseIsdrHandoverApdu layout: one F2 per keyset (KVN, first key id, last key id).
        bench.card.secure("80E400000A F203010103 F203300103 00"_hex, "00 9000"_hex);
    } else {
        bench.card.secure("80E4000003D20101 00"_hex, "00 9000"_hex).secure("80E4000003D20130 00"_hex, "00 9000"_hex);
    }
    bench.card.secure("80CA00E000"_hex, key_information({0x31, 0x02}));
    auto isd_r = bench.isd_r();

    host::SmsrChangeRequest request;
    request.new_keys.scp03 = scp03_keys;
    request.new_keys.scp80 = scp80;
    request.removal = removal;
    const host::SmsrChange change = isd_r.change_smsr(request);
    CHECK(change.installed_kvns == std::vector<std::uint8_t>{0x31, 0x02});
    CHECK(change.deleted_kvns == std::vector<std::uint8_t>{0x01, 0x30});
    CHECK(change.kvns() == std::vector<std::uint8_t>{0x02, 0x31});
    CHECK(isd_r.session().key_version() == 0x31);
    require_card_done(bench.card);
}

TEST_CASE("change_smsr replaces a keyset of the same KVN instead of removing it", "[host][sgp02]") {
    Bench bench;
    scp03::StaticKeys scp03_keys = new_smsr_keys();
    const host::Scp80Keyset scp80 = scp80_keyset(0x01); // same KVN as the old SM-SR's SCP80 keyset
    const auto [put03, ok03] = put_key_exchange(0x31, views(scp03_keys));
    const auto [put80, ok80] =
        put_key_exchange(0x01, {scp80.kic.view(), scp80.kid.view(), scp80.kik.view()}, 0x01);
    bench.card.secure("80CA00E000"_hex, key_information({0x30, 0x01}))
        .secure(put03, ok03)
        .secure(put80, ok80)
        .open(scp03_keys, isd_r_aid())
        .secure("80E4000005 F203300103 00"_hex, "00 9000"_hex)
        .secure("80CA00E000"_hex, key_information({0x31, 0x01}));
    auto isd_r = bench.isd_r();
    host::SmsrChangeRequest request;
    request.new_keys.scp03 = scp03_keys;
    request.new_keys.scp80 = scp80;
    const host::SmsrChange change = isd_r.change_smsr(request);
    CHECK(change.deleted_kvns == std::vector<std::uint8_t>{0x30});
    CHECK(change.kvns() == std::vector<std::uint8_t>{0x01, 0x31});
    require_card_done(bench.card);
}

TEST_CASE("change_smsr fails when the card still lists an old keyset", "[host][sgp02]") {
    Bench bench;
    const scp03::StaticKeys scp03_keys = new_smsr_keys();
    const auto [put03, ok03] = put_key_exchange(0x31, views(scp03_keys));
    bench.card.secure("80CA00E000"_hex, key_information({0x30}))
        .secure(put03, ok03)
        .open(scp03_keys, isd_r_aid())
        .secure("80E4000005 F203300103 00"_hex, "00 9000"_hex)
        .secure("80CA00E000"_hex, key_information({0x30, 0x31}));
    auto isd_r = bench.isd_r();
    host::SmsrChangeRequest request;
    request.new_keys.scp03 = scp03_keys;
    try {
        isd_r.change_smsr(request);
        FAIL("no exception");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("old keyset 30") != std::string::npos);
    }
    require_card_done(bench.card);
}

TEST_CASE("change_smsr with an explicit list of old keysets and bad requests", "[host][sgp02]") {
    Bench bench;
    const scp03::StaticKeys scp03_keys = new_smsr_keys();
    auto isd_r = bench.isd_r();
    SECTION("no SCP03 keyset for the new SM-SR") {
        host::SmsrChangeRequest request;
        request.new_keys.scp80 = scp80_keyset(0x02);
        CHECK_THROWS_AS(isd_r.change_smsr(request), std::invalid_argument);
    }
    SECTION("an old keyset that is also new") {
        host::SmsrChangeRequest request;
        request.new_keys.scp03 = scp03_keys;
        request.old_keysets = std::vector<sgp02::KeysetRange>{{0x31, 1, 3}};
        CHECK_THROWS_AS(isd_r.change_smsr(request), std::invalid_argument);
    }
    require_card_done(bench.card);
}
