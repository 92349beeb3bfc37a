// SPDX-License-Identifier: Apache-2.0
// IsdR audit, key information and notifications against a scripted SCP03 card (spec/sgp02.md §4.5, §4.11, §4.12;
// GPCS §11.3, §11.4).
#include <catch2/catch.hpp>

#include <euicc/error.hpp>
#include <euicc/host/isd_r.hpp>
#include <euicc/transport/in_process_channel.hpp>

#include "host/sgp02_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;

namespace {

const Bytes get_status_first = "80F240020E4F0CA0000005591010FFFFFFFF8900"_hex;
const Bytes get_status_next = "80F240030E4F0CA0000005591010FFFFFFFF8900"_hex;
const Bytes get_data_ff21 = "80CAFF2100"_hex;
const Bytes isdp_10 = "A0000005591010FFFFFFFF8900001000"_hex;
const Bytes isdp_11 = "A0000005591010FFFFFFFF8900001100"_hex;

struct Bench {
    Scp03TestCard card;
    transport::InProcessChannel channel{card};
    FixedRng rng{21};

    Bench() { card.open(isd_r_keys(), isd_r_aid()); }
    host::IsdR isd_r() { return host::IsdR(channel, isd_r_keys(), rng); }
};

} // namespace

TEST_CASE("audit lists the ISD-Ps with state, fall-back and ICCID, then the card resources", "[host][sgp02]") {
    Bench bench;
    // Page 1 (6310, more): ISD-R, ECASD, the ISD-P load file. Page 2: an enabled fall-back ISD-P whose E3
    // carries 5A (ICCID 89000123456789012341, EF.ICCID coding) and 53 01 01, and a disabled one with 8F/91.
    const Bytes page1 = "E316 4F10A0000005591010FFFFFFFF8900000100 9F70010F"
                        "E316 4F10A0000005591010FFFFFFFF8900000200 9F700107"
                        "E316 4F10A0000005591010FFFFFFFF8900000D00 9F700101"_hex;
    const Bytes page2 = "E325 4F10A0000005591010FFFFFFFF8900001000 9F70013F 530101 5A0A98001032547698103214"
                        "E31E 4F10A0000005591010FFFFFFFF8900001100 9F70011F 8F022000 91021000"_hex;
    bench.card.secure(get_status_first, join(page1, "6310"_hex))
        .secure(get_status_next, join(page2, "9000"_hex))
        .secure(get_data_ff21, "FF210B 81010D 8202C5D6 83020962 9000"_hex);
    auto isd_r = bench.isd_r();
    const host::Audit audit = isd_r.audit();

    REQUIRE(audit.profiles.size() == 2);
    const host::ProfileRecord& first = audit.profiles[0];
    CHECK(first.isdp_aid == isdp_10);
    CHECK(first.state == sgp02::ProfileState::Enabled);
    CHECK(first.life_cycle == 0x3F);
    CHECK(first.fallback);
    CHECK(first.iccid == std::optional<std::string>("89000123456789012341"));
    const host::ProfileRecord& second = audit.profiles[1];
    CHECK(second.state == sgp02::ProfileState::Disabled);
    CHECK_FALSE(second.fallback);
    CHECK_FALSE(second.iccid);
    CHECK(second.granted_memory == std::optional<std::uint32_t>(0x2000));
    CHECK(second.remaining_memory == std::optional<std::uint32_t>(0x1000));
    CHECK(audit.find(isdp_11) == &audit.profiles[1]);
    CHECK(audit.find(isd_r_aid()) == nullptr);
    CHECK(audit.enabled() == &audit.profiles[0]);
    // spec/globalplatform.md §14 live-card FF21: 13 apps, 50 646 B free NV, 2 402 B free volatile.
    REQUIRE(audit.resources);
    CHECK(audit.resources->installed_applications == 13);
    CHECK(audit.resources->free_non_volatile == 50646);
    CHECK(audit.resources->free_volatile == 2402);
    require_card_done(bench.card);
}

TEST_CASE("audit of a card without ISD-Ps or FF21", "[host][sgp02]") {
    Bench bench;
    // GPCS §11.4.3: 6A88 = nothing matches; FF21 unknown to the card: 6A88 too.
    bench.card.secure(get_status_first, "6A88"_hex).secure(get_data_ff21, "6A88"_hex);
    auto isd_r = bench.isd_r();
    const host::Audit audit = isd_r.audit();
    CHECK(audit.profiles.empty());
    CHECK_FALSE(audit.resources);
    CHECK(audit.enabled() == nullptr);
    require_card_done(bench.card);
}

TEST_CASE("audit failures are typed", "[host][sgp02]") {
    Bench bench;
    SECTION("GET STATUS refused") {
        bench.card.secure(get_status_first, "6982"_hex);
        auto isd_r = bench.isd_r();
        try {
            isd_r.audit();
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "GET STATUS");
            CHECK(e.sw() == apdu::sw::security_status_not_satisfied);
        }
    }
    SECTION("ICCID that is not BCD") {
        bench.card.secure(get_status_first,
                          "E322 4F10A0000005591010FFFFFFFF8900001000 9F70011F 5A0A9800103254769810321A 9000"_hex);
        auto isd_r = bench.isd_r();
        CHECK_THROWS_AS(isd_r.audit(), CodecError);
    }
    require_card_done(bench.card);
}

TEST_CASE("key_information reads GET DATA E0", "[host][sgp02]") {
    Bench bench;
    // spec/globalplatform.md §14, live eUICC key information: KVN 30 (3 AES), 40 (PSK + AES), 01 (3 AES).
    bench.card.secure("80CA00E000"_hex, "E030C00403308810C00402308810C00401308810C00402408810C00401408510"
                                        "C00403018810C00402018810C00401018810 9000"_hex);
    auto isd_r = bench.isd_r();
    const auto keys = isd_r.key_information();
    REQUIRE(keys.size() == 8);
    CHECK(keys[0].id == 3);
    CHECK(keys[0].version == 0x30);
    CHECK(keys[4].components.at(0).type == gp::key_type_tls_psk);
    require_card_done(bench.card);
}

TEST_CASE("fetch_notification and confirm_notification", "[host][sgp02]") {
    Bench bench;
    // E1 { 4C EID, 4D type 02 (profile change succeeded), 4E sequence 0001, 2F AID of the enabled ISD-P }.
    const Bytes notification = "E12B 4C1089049032123451234512345678901235 4D0102 4E020001"
                               "2F10A0000005591010FFFFFFFF8900001000"_hex;
    bench.card.secure("80CA00E100"_hex, join(notification, "9000"_hex))
        // SGP.02 §4.1.1.12: Lc 07 (3A08 04 4E 02 <seq>; the digest's "06" undercounts by one).
        .secure("80E28900073A08044E020001 00"_hex, "8012 4F10A0000005591010FFFFFFFF8900001100 9000"_hex)
        .secure("80CA00E100"_hex, "6A88"_hex)
        .secure("80E28900073A08044E020002 00"_hex, "9000"_hex)
        .secure("80CA00E100"_hex, "6985"_hex);
    auto isd_r = bench.isd_r();

    const auto received = isd_r.fetch_notification();
    REQUIRE(received);
    CHECK(received->eid == "89049032123451234512345678901235");
    CHECK(received->type == sgp02::NotificationType::ProfileChangeSucceeded);
    CHECK(received->sequence == 1);
    CHECK(received->isdp_aid == std::optional<Bytes>(isdp_10));
    CHECK(host::IsdR::receive_notification(notification) == *received);

    const host::NotificationConfirmation confirmed = isd_r.confirm_notification(received->sequence);
    CHECK(confirmed.sequence == 1);
    CHECK(confirmed.deleted_isdps == std::vector<Bytes>{isdp_11});

    CHECK_FALSE(isd_r.fetch_notification());
    CHECK(isd_r.confirm_notification(2).deleted_isdps.empty());
    CHECK_THROWS_AS(isd_r.fetch_notification(), StatusWordError);
    require_card_done(bench.card);
}

TEST_CASE("receive_notification rejects a malformed E1", "[host][sgp02]") {
    CHECK_THROWS_AS(host::IsdR::receive_notification("E1054D01024E"_hex), CodecError);
}
