// SPDX-License-Identifier: Apache-2.0
// SGP.02 ES5/ES8 on the virtual eUICC with real bytes from the gp/sgp02/scp03/saip codecs: CreateISDP, lab key
// establishment, SCP03t download of a TS.48 and a generated profile, enable, audit, notifications, disable, delete.
#include <catch2/catch.hpp>

#include "card_test_util.hpp"
#include "sgp02_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::card::test;

namespace {

constexpr std::uint32_t total_memory = 256 * 1024;

/// The one notification waiting (GET DATA E1), nullopt when none waits (6A88).
std::optional<sgp02::Notification> pending_notification(Scp03Host& isd_r) {
    const apdu::ResponseApdu answer = isd_r.transmit(gp::get_data(0xE1));
    if (answer.sw() == apdu::sw::referenced_data_not_found) {
        return std::nullopt;
    }
    CAPTURE(answer.sw().value());
    REQUIRE(answer.sw() == apdu::sw::ok);
    return sgp02::parse_notification(answer.data());
}

/// Reads and confirms the pending notification; returns it and the ISD-Ps the card reports deleted.
std::pair<sgp02::Notification, std::vector<Bytes>> take_notification(Scp03Host& isd_r) {
    const std::optional<sgp02::Notification> notification = pending_notification(isd_r);
    REQUIRE(notification);
    const Bytes answer = isd_r.expect_ok(sgp02::notification_confirmation(notification->sequence));
    return {*notification, sgp02::parse_notification_confirmation_response(answer)};
}

std::uint8_t life_cycle_of(Scp03Host& isd_r, ByteView aid) {
    const std::optional<sgp02::IsdpStatus> status = status_of(isd_r, aid);
    REQUIRE(status);
    return status->life_cycle;
}

} // namespace

TEST_CASE("create ISD-P, keys, download a TS.48 profile, enable, audit, disable, delete", "[card][sgp02]") {
    card::VirtualEuicc card({});
    const Bytes aid = isdp(0x10);
    const scp03::StaticKeys isdp_keys = keyset(0x30, 0x10);
    {
        Scp03Host isd_r = isd_r_session(card);
        // CreateISDP with 64 KiB reserved: SELECTABLE, the quota shows in the audit and in FF21.
        CHECK(to_hex(isd_r.transmit(sgp02::create_isdp({aid, Bytes(sgp02::isdp_load_file_aid.begin(),
                                                                   sgp02::isdp_load_file_aid.end()),
                                                         Bytes(sgp02::isdp_module_aid.begin(),
                                                               sgp02::isdp_module_aid.end()),
                                                         0x10000, std::nullopt}))
                         .encode()) == "009000");
        const std::optional<sgp02::IsdpStatus> created = status_of(isd_r, aid);
        REQUIRE(created);
        CHECK(created->life_cycle == 0x07);
        CHECK(created->state == sgp02::ProfileState::Created);
        CHECK(created->granted_memory == 0x10000u);
        CHECK(created->remaining_memory == 0x10000u);
        CHECK(resources(isd_r).free_non_volatile == total_memory - 0x10000);
        // Lab key establishment: the card confirms KVN and KCVs; the ISD-P is PERSONALIZED.
        const gp::PutKeyResponse put = establish_keys(isd_r, aid, isdp_keys);
        CHECK(put.version == 0x30);
        CHECK(put.check_values == std::vector<gp::KeyCheckValue>{gp::aes_key_check_value(isdp_keys.enc.view()),
                                                                 gp::aes_key_check_value(isdp_keys.mac.view()),
                                                                 gp::aes_key_check_value(isdp_keys.dek.view())});
        CHECK(life_cycle_of(isd_r, aid) == 0x0F);
    }
    // ES8 download over SCP03t: 13 segments of at most 1007 bytes; one EUICCResponse "ok" at the end.
    const Bytes package = ts48_profile();
    REQUIRE(package.size() == 12284);
    Scp03tHost sm_dp(card, aid, isdp_keys);
    const std::vector<saip::EuiccResponse> responses = sm_dp.download(package);
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].ok());
    CHECK(to_hex(saip::encode_euicc_response(responses[0])) == "3007A0053003800100");

    Scp03Host isd_r = isd_r_session(card);
    SECTION("the audit entry of the installed profile, byte by byte") {
        const Bytes page = isd_r.expect_ok(sgp02::audit_isdp(aid));
        CHECK(to_hex(page) == "E357"
                              "4F10A0000005591010FFFFFFFF8900001000"
                              "9F70011F"
                              "C50380C000"
                              "C410A0000005591010FFFFFFFF8900000D00"
                              "CC10A0000005591010FFFFFFFF8900000100"
                              "530100"
                              "8F03010000"
                              "9102D004"  // 65536 - 12284
                              "5A0A98001032547698103214");
        const std::optional<sgp02::IsdpStatus> installed = status_of(isd_r, aid);
        CHECK(installed->state == sgp02::ProfileState::Disabled);
        CHECK_FALSE(installed->fallback);
        CHECK(installed->remaining_memory == 0x10000u - 12284u);
    }
    SECTION("enable, notification, confirmation, disable, delete") {
        CHECK_FALSE(pending_notification(isd_r));
        CHECK(to_hex(isd_r.transmit(sgp02::enable_profile(aid)).encode()) == "9000");
        CHECK(life_cycle_of(isd_r, aid) == 0x3F);
        // HandleDefaultNotification: profile change succeeded, sequence 1, the enabled ISD-P.
        const auto [enabled, deleted] = take_notification(isd_r);
        CHECK(enabled.eid == default_eid);
        CHECK(enabled.type == sgp02::NotificationType::ProfileChangeSucceeded);
        CHECK(enabled.sequence == 1);
        CHECK(enabled.isdp_aid == aid);
        CHECK(deleted.empty());
        CHECK_FALSE(pending_notification(isd_r));
        // A confirmation of a notification that is not pending: 6A88.
        CHECK(isd_r.transmit(sgp02::notification_confirmation(1)).sw() == apdu::sw::referenced_data_not_found);
        // The enabled profile cannot be deleted or enabled again.
        CHECK(isd_r.transmit(sgp02::delete_profile(aid)).sw() == apdu::sw::conditions_not_satisfied);
        CHECK(isd_r.transmit(sgp02::enable_profile(aid)).sw() == apdu::sw::conditions_not_satisfied);

        CHECK(isd_r.transmit(sgp02::disable_profile(aid)).sw() == apdu::sw::ok);
        CHECK(life_cycle_of(isd_r, aid) == 0x1F);
        const auto [disabled, none] = take_notification(isd_r);
        CHECK(disabled.sequence == 2);
        CHECK_FALSE(disabled.isdp_aid);  // no fall-back profile took over
        CHECK(isd_r.transmit(sgp02::disable_profile(aid)).sw() == apdu::sw::conditions_not_satisfied);

        CHECK(to_hex(isd_r.transmit(sgp02::delete_profile(aid)).encode()) == "009000");
        CHECK(audit(isd_r).empty());
        CHECK(resources(isd_r).free_non_volatile == total_memory);
        CHECK(isd_r.transmit(sgp02::delete_profile(aid)).sw() == apdu::sw::referenced_data_not_found);
    }
}

TEST_CASE("a generated profile, at most one enabled profile, and the fall-back attribute", "[card][sgp02]") {
    card::VirtualEuicc card({});
    const Bytes a = isdp(0x10);
    const Bytes b = isdp(0x11);
    REQUIRE(install_profile(card, a, ts48_profile()).back().ok());
    const std::vector<saip::EuiccResponse> generated = install_profile(card, b, generated_profile("8949001122334455667"));
    REQUIRE(generated.size() == 1);
    CHECK(generated[0].ok());

    Scp03Host isd_r = isd_r_session(card);
    const auto enabled_count = [&] {
        std::size_t n = 0;
        for (const sgp02::IsdpStatus& status : audit(isd_r)) {
            n += status.state == sgp02::ProfileState::Enabled ? 1 : 0;
        }
        return n;
    };
    CHECK(isd_r.transmit(sgp02::enable_profile(a)).sw() == apdu::sw::ok);
    CHECK(isd_r.transmit(sgp02::enable_profile(b)).sw() == apdu::sw::ok);
    CHECK(life_cycle_of(isd_r, a) == 0x1F);
    CHECK(life_cycle_of(isd_r, b) == 0x3F);
    CHECK(enabled_count() == 1);
    CHECK(take_notification(isd_r).first.isdp_aid == a);
    CHECK(take_notification(isd_r).first.isdp_aid == b);

    // SetFallBackAttribute on A; disabling B falls back to A.
    CHECK(isd_r.transmit(sgp02::set_fallback_attribute(a)).sw() == apdu::sw::ok);
    CHECK(status_of(isd_r, a)->fallback);
    CHECK(isd_r.transmit(sgp02::disable_profile(b)).sw() == apdu::sw::ok);
    CHECK(life_cycle_of(isd_r, a) == 0x3F);
    CHECK(life_cycle_of(isd_r, b) == 0x1F);
    CHECK(enabled_count() == 1);
    const auto [fell_back, deleted] = take_notification(isd_r);
    CHECK(fell_back.isdp_aid == a);
    CHECK(fell_back.sequence == 3);
    // The fall-back profile cannot be disabled or deleted.
    CHECK(isd_r.transmit(sgp02::disable_profile(a)).sw() == apdu::sw::conditions_not_satisfied);
    CHECK(isd_r.transmit(sgp02::delete_profile(a)).sw() == apdu::sw::conditions_not_satisfied);
    // The attribute moves to B.
    CHECK(isd_r.transmit(sgp02::set_fallback_attribute(b)).sw() == apdu::sw::ok);
    CHECK_FALSE(status_of(isd_r, a)->fallback);
    CHECK(status_of(isd_r, b)->fallback);
    CHECK(isd_r.transmit(sgp02::disable_profile(a)).sw() == apdu::sw::ok);
    CHECK(life_cycle_of(isd_r, b) == 0x3F);

    SECTION("refusals") {
        CHECK(isd_r.transmit(sgp02::enable_profile(isdp(0x99))).sw() == apdu::sw::referenced_data_not_found);
        CHECK(isd_r.transmit(sgp02::set_fallback_attribute(isdp(0x99))).sw() == apdu::sw::referenced_data_not_found);
        CHECK(create_isdp(isd_r, isdp(0x12)) == apdu::sw::ok);
        // An empty container can be neither enabled nor the fall-back.
        CHECK(isd_r.transmit(sgp02::enable_profile(isdp(0x12))).sw() == apdu::sw::conditions_not_satisfied);
        CHECK(isd_r.transmit(sgp02::set_fallback_attribute(isdp(0x12))).sw() == apdu::sw::conditions_not_satisfied);
        // The AID is taken (and so are the platform's own).
        CHECK(create_isdp(isd_r, isdp(0x12)) == apdu::sw::conditions_not_satisfied);
        CHECK(create_isdp(isd_r, isd_r_aid_bytes()) == apdu::sw::conditions_not_satisfied);
        // An ISD-P without profile can be deleted.
        CHECK(isd_r.transmit(sgp02::delete_profile(isdp(0x12))).sw() == apdu::sw::ok);
        CHECK(isd_r.transmit(sgp02::delete_profile(isd_r_aid_bytes())).sw() == apdu::sw::conditions_not_satisfied);
    }
}

TEST_CASE("POL1 rules of the profile", "[card][sgp02][pol1]") {
    card::VirtualEuicc card({});
    SECTION("disabling not allowed: 69E1 for disable and for enabling another; nothing changes") {
        REQUIRE(install_profile(card, isdp(0x10), generated_profile("8949001122334455001", 0x01)).back().ok());
        REQUIRE(install_profile(card, isdp(0x11), generated_profile("8949001122334455002")).back().ok());
        Scp03Host isd_r = isd_r_session(card);
        CHECK(isd_r.transmit(sgp02::enable_profile(isdp(0x10))).sw() == apdu::sw::ok);
        CHECK(isd_r.transmit(sgp02::disable_profile(isdp(0x10))).sw() == sgp02::sw_pol1_forbids);
        CHECK(isd_r.transmit(sgp02::enable_profile(isdp(0x11))).sw() == sgp02::sw_pol1_forbids);
        CHECK(life_cycle_of(isd_r, isdp(0x10)) == 0x3F);
        CHECK(life_cycle_of(isd_r, isdp(0x11)) == 0x1F);
        take_notification(isd_r);
        CHECK_FALSE(pending_notification(isd_r));  // refused changes notify nobody
    }
    SECTION("deletion not allowed: 69E1") {
        REQUIRE(install_profile(card, isdp(0x10), generated_profile("8949001122334455001", 0x02)).back().ok());
        Scp03Host isd_r = isd_r_session(card);
        CHECK(isd_r.transmit(sgp02::delete_profile(isdp(0x10))).sw() == sgp02::sw_pol1_forbids);
        CHECK(life_cycle_of(isd_r, isdp(0x10)) == 0x1F);
    }
    SECTION("delete when disabled: the confirmation names the deleted ISD-P") {
        REQUIRE(install_profile(card, isdp(0x10), generated_profile("8949001122334455001", 0x04)).back().ok());
        REQUIRE(install_profile(card, isdp(0x11), generated_profile("8949001122334455002")).back().ok());
        Scp03Host isd_r = isd_r_session(card);
        CHECK(isd_r.transmit(sgp02::enable_profile(isdp(0x10))).sw() == apdu::sw::ok);
        take_notification(isd_r);
        CHECK(isd_r.transmit(sgp02::enable_profile(isdp(0x11))).sw() == apdu::sw::ok);
        const auto [notification, deleted] = take_notification(isd_r);
        CHECK(notification.isdp_aid == isdp(0x11));
        CHECK(deleted == std::vector<Bytes>{isdp(0x10)});
        CHECK_FALSE(status_of(isd_r, isdp(0x10)));
    }
}

TEST_CASE("memory quotas against the card's free memory", "[card][sgp02][memory]") {
    card::VirtualEuicc card({});
    Scp03Host isd_r = isd_r_session(card);
    CHECK(create_isdp(isd_r, isdp(0x10), total_memory + 1) == apdu::sw::not_enough_memory);
    CHECK(create_isdp(isd_r, isdp(0x10), 200 * 1024) == apdu::sw::ok);
    CHECK(create_isdp(isd_r, isdp(0x11), 100 * 1024) == apdu::sw::not_enough_memory);
    CHECK(resources(isd_r).free_non_volatile == 56 * 1024);
    CHECK(create_isdp(isd_r, isdp(0x11), 56 * 1024) == apdu::sw::ok);
    CHECK(resources(isd_r).free_non_volatile == 0);
    CHECK(create_isdp(isd_r, isdp(0x12), 1) == apdu::sw::not_enough_memory);
    CHECK(audit(isd_r).size() == 2);
    // Deleting frees the quota again.
    CHECK(isd_r.transmit(sgp02::delete_profile(isdp(0x10))).sw() == apdu::sw::ok);
    CHECK(resources(isd_r).free_non_volatile == 200 * 1024);

    SECTION("a package larger than the quota: not-enough-memory, aborted, the ISD-P stays PERSONALIZED") {
        CHECK(create_isdp(isd_r, isdp(0x12), 4096) == apdu::sw::ok);
        establish_keys(isd_r, isdp(0x12), keyset(0x30, 0x12));
        Scp03tHost sm_dp(card, isdp(0x12), keyset(0x30, 0x12));
        const std::vector<saip::EuiccResponse> responses = sm_dp.download(ts48_profile());
        REQUIRE(responses.size() == 1);
        CHECK(responses[0].installation_aborted);
        REQUIRE(responses[0].pe_status.size() == 1);
        CHECK(responses[0].pe_status[0].status == 4);  // not-enough-memory (saip.md §7)
        Scp03Host again = isd_r_session(card);
        CHECK(life_cycle_of(again, isdp(0x12)) == 0x0F);
        CHECK(again.transmit(sgp02::delete_profile(isdp(0x12))).sw() == apdu::sw::ok);
    }
}

TEST_CASE("downloads that cannot install leave the ISD-P as it was", "[card][sgp02][download]") {
    card::VirtualEuicc card({});
    const Bytes aid = isdp(0x20);
    const scp03::StaticKeys keys = keyset(0x30, 0x20);
    {
        Scp03Host isd_r = isd_r_session(card);
        REQUIRE(create_isdp(isd_r, aid) == apdu::sw::ok);
    }
    SECTION("no keys yet: 6985 to the InitializeUpdate TLV") {
        select(card, aid);
        CHECK(send_tlv(card, scp03::initialize_update_tlv(0x30, 1, scp03::Challenge{})).sw() ==
              apdu::sw::conditions_not_satisfied);
    }
    {
        Scp03Host isd_r = isd_r_session(card);
        establish_keys(isd_r, aid, keys);
    }
    SECTION("wrong keys: the SM-DP sees the card cryptogram, the ISD-P refuses the host cryptogram") {
        CHECK_THROWS_AS(Scp03tHost(card, aid, keyset(0x30, 0x77)), scp03::CryptogramMismatch);
        CHECK(to_hex(send_tlv(card, "85113300000000000000000000000000000000"_hex).encode()) == "9F450102" "9000");
        // No such keyset: 9F44 01 01.
        CHECK(to_hex(send_tlv(card, scp03::initialize_update_tlv(0x31, 1, scp03::Challenge{})).encode()) ==
              "9F4401019000");
    }
    SECTION("a segment before ExternalAuthenticate: out of sequence") {
        select(card, aid);
        CHECK(to_hex(send_tlv(card, "8609000102030405060708"_hex).encode()) == "9F4601039000");
    }
    SECTION("a tampered segment ends the session; a new download succeeds") {
        Scp03tHost sm_dp(card, aid, keys);
        Bytes tlv = sm_dp.wrapper().wrap_tlv(ByteView(ts48_profile()).first(100));
        tlv.back() ^= 0x80;
        CHECK(to_hex(sm_dp.raw(tlv).encode()) == "9F4601029000");
        Scp03tHost retry(card, aid, keys, 0, 9);
        CHECK(retry.download(ts48_profile()).back().ok());
    }
    SECTION("EF.ICCID that contradicts the header: bad-values, aborted") {
        Bytes package = generated_profile("8949001122334455001");
        const std::vector<saip::ProfileElement> elements = saip::walk(package);
        saip::ProfileHeader header = saip::read_header(elements);
        header.iccid = "8949001122334455999";
        Bytes altered = saip::encode_header(header);
        altered.insert(altered.end(), package.begin() + static_cast<std::ptrdiff_t>(elements.front().raw.size()),
                       package.end());
        Scp03tHost sm_dp(card, aid, keys);
        const std::vector<saip::EuiccResponse> responses = sm_dp.download(altered);
        REQUIRE(responses.size() == 1);
        CHECK(responses[0].installation_aborted);
        CHECK(responses[0].pe_status.at(0).status == 3);  // bad-values
        CHECK(responses[0].pe_status.at(0).identification.has_value());  // names the mf PE
    }
    SECTION("bytes after the end PE: invalid-request-format") {
        Bytes package = generated_profile("8949001122334455001");
        package.push_back(0x00);
        Scp03tHost sm_dp(card, aid, keys);
        const std::vector<saip::EuiccResponse> responses = sm_dp.download(package);
        REQUIRE(responses.size() == 1);
        CHECK(responses[0].pe_status.at(0).status == 5);
    }
    SECTION("the same ICCID twice on one eUICC: bad-values") {
        REQUIRE(install_profile(card, isdp(0x21), generated_profile("8949001122334455001")).back().ok());
        Scp03tHost sm_dp(card, aid, keys);
        const std::vector<saip::EuiccResponse> responses = sm_dp.download(generated_profile("8949001122334455001"));
        CHECK(responses.at(0).installation_aborted);
    }
    SECTION("short STORE DATA blocks carry the TLVs as well; blocks out of order: 6A86") {
        Scp03tHost sm_dp(card, aid, keys, 200);
        CHECK(sm_dp.download(ts48_profile(), 512).back().ok());
        select(card, aid);
        CHECK(send(card, apdu::CommandApdu(0x80, 0xE2, 0x11, 0x01, Bytes{0x86, 0x01, 0x00}, 256)).sw() ==
              apdu::sw::incorrect_p1p2);
    }
    Scp03Host isd_r = isd_r_session(card);
    const std::optional<sgp02::IsdpStatus> after = status_of(isd_r, aid);
    REQUIRE(after);
    CHECK((after->life_cycle == 0x0F || after->life_cycle == 0x1F));
    SECTION("an installed ISD-P takes no second download: 6985") {
        if (after->life_cycle == 0x1F) {
            select(card, aid);
            CHECK(send_tlv(card, scp03::initialize_update_tlv(0x30, 1, scp03::Challenge{})).sw() ==
                  apdu::sw::conditions_not_satisfied);
        }
    }
}

TEST_CASE("SM-SR addressing and ISD-P connectivity parameters are stored", "[card][sgp02]") {
    card::VirtualEuicc card({});
    const Bytes aid = isdp(0x10);
    const scp03::StaticKeys keys = keyset(0x30, 0x10);
    {
        Scp03Host isd_r = isd_r_session(card);
        CHECK(isd_r.transmit(sgp02::update_smsr_addressing_parameters("8821234567")).sw() == apdu::sw::ok);
        // The ISD-R keeps SM-SR addressing only (A3); connectivity parameters (A0) belong to an ISD-P.
        CHECK(isd_r.transmit(sgp02::update_connectivity_parameters("33689924111")).sw() == apdu::sw::wrong_data);
        REQUIRE(create_isdp(isd_r, aid) == apdu::sw::ok);
        establish_keys(isd_r, aid, keys);
    }
    {
        // ES8 over SCP03 with the ISD-P's keys: no profile yet -> 6985.
        Scp03Host isdp_session(card, aid, keys);
        CHECK(isdp_session.transmit(sgp02::update_connectivity_parameters("33689924111")).sw() ==
              apdu::sw::conditions_not_satisfied);
    }
    Scp03tHost(card, aid, keys).download(ts48_profile());
    Scp03Host isdp_session(card, aid, keys);
    CHECK(isdp_session.transmit(sgp02::update_connectivity_parameters("33689924111")).sw() == apdu::sw::ok);
    // GET DATA E0 of the ISD-P: its SCP03 keyset.
    CHECK(to_hex(isdp_session.expect_ok(gp::get_data(0xE0))) == "E012C00401308810C00402308810C00403308810");
    // Without a session the same STORE DATA is refused.
    select(card, aid);
    CHECK(send(card, sgp02::update_connectivity_parameters("33689924111")).sw() ==
          apdu::sw::security_status_not_satisfied);
}

TEST_CASE("GET STATUS: registry entries, 6310 pages, tag lists, refusals", "[card][sgp02][audit]") {
    card::VirtualEuicc card({});
    Scp03Host isd_r = isd_r_session(card);
    for (std::uint16_t n = 0x10; n < 0x15; ++n) {
        REQUIRE(create_isdp(isd_r, isdp(n), 1000) == apdu::sw::ok);
    }
    const Bytes prefix(sgp02::platform_aid_prefix.begin(), sgp02::platform_aid_prefix.end());
    // Page by page: 6310 while entries remain, P2 03 continues, 9000 ends; each page at most 200 bytes.
    std::vector<gp::RegistryEntry> entries;
    apdu::ResponseApdu page = isd_r.transmit(gp::get_status(gp::StatusScope::Applications, prefix));
    std::size_t pages = 1;
    CHECK(page.sw() == gp::sw::more_data);
    while (true) {
        CHECK(page.data().size() <= 200);
        for (gp::RegistryEntry& entry : gp::parse_get_status(page.data())) {
            entries.push_back(std::move(entry));
        }
        if (page.sw() != gp::sw::more_data) {
            break;
        }
        page = isd_r.transmit(gp::get_status(gp::StatusScope::Applications, prefix, true));
        ++pages;
    }
    CHECK(page.sw() == apdu::sw::ok);
    CHECK(pages >= 3);
    REQUIRE(entries.size() == 6);
    CHECK(entries[0].aid == Bytes(apdu::aid::ecasd.begin(), apdu::aid::ecasd.end()));
    for (std::uint16_t n = 0x10; n < 0x15; ++n) {
        CHECK(entries[n - 0x10 + 1].aid == isdp(n));
        CHECK(entries[n - 0x10 + 1].life_cycle == 0x07);
    }
    // Nothing left to continue.
    CHECK(isd_r.transmit(gp::get_status(gp::StatusScope::Applications, prefix, true)).sw() ==
          apdu::sw::referenced_data_not_found);

    // The ISD (P1 80), the load file (20) and with its module (10).
    CHECK(to_hex(isd_r.expect_ok(gp::get_status(gp::StatusScope::IssuerSecurityDomain))) ==
          "E31B4F10A0000005591010FFFFFFFF89000001009F70010FC5039EFE80");
    CHECK(to_hex(isd_r.expect_ok(gp::get_status(gp::StatusScope::LoadFiles))) ==
          "E3284F10A0000005591010FFFFFFFF8900000D009F700101CC10A0000005591010FFFFFFFF8900000100");
    const std::vector<gp::RegistryEntry> modules =
        gp::parse_get_status(isd_r.expect_ok(gp::get_status(gp::StatusScope::LoadFilesAndModules)));
    REQUIRE(modules.size() == 1);
    CHECK(modules[0].module_aids == std::vector<Bytes>{Bytes(sgp02::isdp_module_aid.begin(), sgp02::isdp_module_aid.end())});
    // A tag list keeps only the tags named.
    const std::vector<ber::Tag> tags{0x4F, 0x9F70};
    CHECK(to_hex(isd_r.expect_ok(gp::get_status(gp::StatusScope::Applications, isdp(0x12), false, tags))) ==
          "E3164F10A0000005591010FFFFFFFF89000012009F700107");
    // No match, and parameters the card does not offer.
    CHECK(isd_r.transmit(gp::get_status(gp::StatusScope::Applications, "A000000003"_hex)).sw() ==
          apdu::sw::referenced_data_not_found);
    CHECK(isd_r.transmit(apdu::CommandApdu(0x80, 0xF2, 0x40, 0x00, "4F00"_hex, 256)).sw() == apdu::sw::incorrect_p1p2);
    CHECK(isd_r.transmit(apdu::CommandApdu(0x80, 0xF2, 0x08, 0x02, "4F00"_hex, 256)).sw() == apdu::sw::incorrect_p1p2);
    CHECK(isd_r.transmit(apdu::CommandApdu(0x80, 0xF2, 0x40, 0x02, "5C014F"_hex, 256)).sw() == apdu::sw::wrong_data);
    // GET STATUS is the ISD's: the ECASD does not answer it.
    select(card, Bytes(apdu::aid::ecasd.begin(), apdu::aid::ecasd.end()));
    CHECK(send(card, gp::get_status(gp::StatusScope::Applications)).sw() == apdu::sw::ins_not_supported);
}
