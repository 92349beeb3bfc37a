// SPDX-License-Identifier: Apache-2.0
// SCP03 card role of the ISD-R (GP Amd D §6-§7): INITIALIZE UPDATE / EXTERNAL AUTHENTICATE with the test keyset,
// security levels 01/03/13/33, session end on SELECT/reset/error, wrong keys, commands without a session.
#include <catch2/catch.hpp>

#include "card_test_util.hpp"
#include "sgp02_test_util.hpp"
#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::card::test;

namespace {

/// The INITIALIZE UPDATE answer a card with this EID, keyset and sequence counter must give (Amd D Table 7-2).
Bytes expected_initialize_update(const scp03::StaticKeys& keys, const scp03::Challenge& host_challenge,
                                 std::uint32_t counter) {
    scp03::CardParameters card;
    // Diversification data: the last 10 bytes of the default EID 89049032123451234512345678901235.
    const Bytes div = "51234512345678901235"_hex;
    std::copy(div.begin(), div.end(), card.diversification_data.begin());
    card.i = 0x70;
    card.sequence_counter = counter;
    card.sd_aid = isd_r_aid_bytes();
    return scp03::predict_initialize_update_response(keys, host_challenge, card).encode();
}

} // namespace

TEST_CASE("ISD-R INITIALIZE UPDATE answers as Amd D predicts for the test keyset", "[card][sgp02][scp03]") {
    card::VirtualEuicc card({});
    select(card, isd_r_aid_bytes());
    const scp03::Challenge host_challenge{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
    const apdu::ResponseApdu first = send(card, scp03::initialize_update(0x30, host_challenge));
    REQUIRE(first.sw() == apdu::sw::ok);
    CHECK(to_hex(first.data()) == to_hex(expected_initialize_update(isd_r_keys(), host_challenge, 1)));
    // Key information: KVN 30, SCP 03, i = 70 (pseudo-random challenge, R-MAC, R-ENCRYPTION); counter 000001.
    CHECK(to_hex(ByteView(first.data()).subspan(10, 3)) == "300370");
    CHECK(to_hex(ByteView(first.data()).subspan(29, 3)) == "000001");
    // KVN 00 = the first available keyset (Amd D §7.1.1); the counter moves on with every INITIALIZE UPDATE.
    const apdu::ResponseApdu second = send(card, scp03::initialize_update(0x00, host_challenge));
    REQUIRE(second.sw() == apdu::sw::ok);
    CHECK(to_hex(second.data()) == to_hex(expected_initialize_update(isd_r_keys(), host_challenge, 2)));
    // No such keyset.
    CHECK(send(card, scp03::initialize_update(0x31, host_challenge)).sw() == apdu::sw::referenced_data_not_found);
    // The MF and the ECASD run no SCP03.
    select(card, Bytes(apdu::aid::ecasd.begin(), apdu::aid::ecasd.end()));
    CHECK(send(card, scp03::initialize_update(0x30, host_challenge)).sw() == apdu::sw::ins_not_supported);
}

TEST_CASE("the SCP03 sequence counter survives a restart", "[card][sgp02][scp03]") {
    test::TempDir dir;
    const scp03::Challenge host_challenge{};
    for (std::uint32_t expected = 1; expected <= 3; ++expected) {
        card::VirtualEuicc card(stored_in(dir.path()));
        select(card, isd_r_aid_bytes());
        const apdu::ResponseApdu answer = send(card, scp03::initialize_update(0x30, host_challenge));
        REQUIRE(answer.sw() == apdu::sw::ok);
        CHECK(to_hex(answer.data()) == to_hex(expected_initialize_update(isd_r_keys(), host_challenge, expected)));
    }
}

TEST_CASE("ISD-R sessions at every security level carry commands and answers", "[card][sgp02][scp03]") {
    const auto level = GENERATE(scp03::SecurityLevel::CMac, scp03::SecurityLevel::CMacCDec,
                                scp03::SecurityLevel::CMacRMac, scp03::SecurityLevel::CMacCDecRMac,
                                scp03::SecurityLevel::CMacCDecRMacREnc);
    CAPTURE(static_cast<int>(level));
    card::VirtualEuicc card({});
    Scp03Host isd_r(card, isd_r_aid_bytes(), isd_r_keys(), level);
    // GET DATA FF21 (ETSI TS 102 226): 2 applications (ISD-R, ECASD), 256 KiB and 16 KiB free.
    CHECK(to_hex(isd_r.expect_ok(sgp02::audit_card_resources())) == "FF210C810102820304000083024000");
    // A state-changing command goes through the session too.
    CHECK(create_isdp(isd_r, isdp(0x10), 4096) == apdu::sw::ok);
    CHECK(to_hex(isd_r.expect_ok(sgp02::audit_card_resources())) == "FF210C8101038203" "03F000" "83024000");
    // Le smaller than the answer: 6Cxx, unprotected as every error SW (Amd D §6.2.5).
    CHECK(isd_r.transmit(sgp02::audit_card_resources().with_ne(4)).sw() == apdu::StatusWord(0x6C0F));
}

TEST_CASE("platform management needs an authenticated sender", "[card][sgp02][scp03]") {
    card::VirtualEuicc card({});
    select(card, isd_r_aid_bytes());
    sgp02::CreateIsdp request;
    request.isdp_aid = isdp(0x10);
    SECTION("plain commands: 6982, nothing changes") {
        CHECK(send(card, sgp02::create_isdp(request)).sw() == apdu::sw::security_status_not_satisfied);
        CHECK(send(card, sgp02::enable_profile(isdp(0x10))).sw() == apdu::sw::security_status_not_satisfied);
        CHECK(send(card, sgp02::delete_profile(isdp(0x10))).sw() == apdu::sw::security_status_not_satisfied);
        CHECK(send(card, gp::delete_key(std::nullopt, 0x30)).sw() == apdu::sw::security_status_not_satisfied);
        CHECK(send(card, gp::install_for_personalization(isdp(0x10))).sw() == apdu::sw::security_status_not_satisfied);
        // Reading needs no session: the registry shows only the ECASD, FF21 the whole memory.
        CHECK(to_hex(send(card, sgp02::audit_card_resources()).encode()) == "FF210C8101028203040000830240009000");
        Scp03Host isd_r = isd_r_session(card);
        CHECK(audit(isd_r).empty());
    }
    SECTION("wrong keys: the host sees it in the card cryptogram, the card refuses the host cryptogram (6300)") {
        const scp03::StaticKeys wrong = keyset(0x30, 0x11);
        CHECK_THROWS_AS(Scp03Host(card, isd_r_aid_bytes(), wrong), scp03::CryptogramMismatch);
        // A host that ignores the card cryptogram still gets nowhere.
        const scp03::Challenge challenge{};
        const apdu::ResponseApdu init = send(card, scp03::initialize_update(0x30, challenge));
        REQUIRE(init.sw() == apdu::sw::ok);
        scp03::InitializeUpdateResponse response = scp03::InitializeUpdateResponse::parse(init.data());
        const scp03::SessionKeys keys = scp03::derive_session_keys(wrong, challenge, response.card_challenge);
        response.card_cryptogram = scp03::card_cryptogram(keys, challenge, response.card_challenge);
        scp03::HostWrapper host(wrong, challenge, response, scp03::SecurityLevel::CMacCDecRMacREnc);
        CHECK(send(card, host.external_authenticate()).sw() == apdu::StatusWord(0x6300));
        // No session: the secured command is refused and nothing was created.
        CHECK(send(card, host.wrap(sgp02::create_isdp(request))).sw() == apdu::StatusWord(0x6882));
        Scp03Host isd_r = isd_r_session(card);
        CHECK(audit(isd_r).empty());
    }
    SECTION("a command before EXTERNAL AUTHENTICATE ends the session attempt") {
        REQUIRE(send(card, scp03::initialize_update(0x30, scp03::Challenge{})).sw() == apdu::sw::ok);
        CHECK(send(card, sgp02::create_isdp(request)).sw() == apdu::sw::security_status_not_satisfied);
        CHECK(send(card, apdu::CommandApdu::parse("848233001000000000000000000000000000000000"_hex)).sw() ==
              apdu::sw::conditions_not_satisfied);
    }
}

TEST_CASE("an SCP03 session ends on SELECT, reset, a bad MAC, and belongs to its channel", "[card][sgp02][scp03]") {
    card::VirtualEuicc card({});
    Scp03Host isd_r = isd_r_session(card);
    REQUIRE(isd_r.transmit(sgp02::audit_card_resources()).sw() == apdu::sw::ok);
    sgp02::CreateIsdp request;
    request.isdp_aid = isdp(0x10);
    SECTION("SELECT") {
        select(card, isd_r_aid_bytes());
        CHECK(send(card, isd_r.wrapper().wrap(sgp02::create_isdp(request))).sw() == apdu::StatusWord(0x6882));
    }
    SECTION("reset") {
        card.reset();
        select(card, isd_r_aid_bytes());
        CHECK(send(card, isd_r.wrapper().wrap(sgp02::create_isdp(request))).sw() == apdu::StatusWord(0x6882));
    }
    SECTION("a C-MAC that does not match: 6982, then no session") {
        apdu::CommandApdu wrapped = isd_r.wrapper().wrap(sgp02::create_isdp(request));
        Bytes data = wrapped.data();
        data.back() ^= 0x01;
        CHECK(send(card, apdu::CommandApdu(wrapped.cla(), wrapped.ins(), wrapped.p1(), wrapped.p2(), data, wrapped.ne()))
                  .sw() == apdu::sw::security_status_not_satisfied);
        CHECK(send(card, isd_r.wrapper().wrap(sgp02::create_isdp(request))).sw() == apdu::StatusWord(0x6882));
    }
    SECTION("a plain command in a C-MAC session: 6982 (Amd D §5.6)") {
        CHECK(send(card, sgp02::audit_card_resources()).sw() == apdu::sw::security_status_not_satisfied);
        CHECK(send(card, isd_r.wrapper().wrap(sgp02::create_isdp(request))).sw() == apdu::StatusWord(0x6882));
    }
    SECTION("another channel has its own (no) session") {
        const apdu::ResponseApdu opened = send(card, apdu::CommandApdu(0x00, 0x70, 0x00, 0x00, {}, 1));
        REQUIRE(opened.data() == Bytes{0x01});
        Scp03Host second(card, isd_r_aid_bytes(), isd_r_keys(), scp03::SecurityLevel::CMacCDecRMacREnc, 1, 7);
        CHECK(create_isdp(second, isdp(0x11)) == apdu::sw::ok);
        // The session on channel 0 goes on undisturbed.
        CHECK(create_isdp(isd_r, isdp(0x10)) == apdu::sw::ok);
        CHECK(audit(isd_r).size() == 2);
    }
}

TEST_CASE("GET DATA E0 lists the ISD-R's keys", "[card][sgp02][scp03]") {
    card::VirtualEuicc card({});
    select(card, isd_r_aid_bytes());
    // SCP80 KVN 01 (KIc, KID) from the OTA settings, SCP03 KVN 30 (ENC, MAC, DEK), all AES-128, and SCP81 KVN 40
    // (PSK type 85, DEK type 88) (GPCS §11.3.3.1).
    CHECK(to_hex(send(card, gp::get_data(0xE0)).encode()) ==
          "E02AC00401018810C00402018810C00401308810C00402308810C00403308810C00401408510C004024088109000");
    const std::vector<gp::KeyInformation> keys = gp::parse_key_information(send(card, gp::get_data(0xE0)).data());
    CHECK(keys.size() == 7);
}
