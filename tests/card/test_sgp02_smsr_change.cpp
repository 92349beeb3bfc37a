// SPDX-License-Identifier: Apache-2.0
// PMC install and SM-SR change on the ISD-R (spec/sgp02.md §4.10, §6, §9.5; GPCS §11.2, §11.8): new keysets by
// PUT KEY, the old ones removed by FinaliseISDRhandover or DELETE key, after which the old keys are refused
// (SCP03 and SCP80), also after a restart.
#include <catch2/catch.hpp>

#include <euicc/apdu/remote_script.hpp>

#include "card_test_util.hpp"
#include "ota_test_util.hpp"
#include "sgp02_test_util.hpp"
#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::card::test;

namespace {

/// SELECT ECASD in a compact script: the smallest command whose PoR says the packet got through.
const Bytes select_ecasd = "00A4040C10A0000005591010FFFFFFFF8900000200"_hex;

/// The new SM-SR's SCP80 keyset (KVN 2, AES-128).
scp80::Keyset new_ota_keys() {
    return scp80::Keyset{2, SecretBytes("202122232425262728292A2B2C2D2E2F"_hex),
                         SecretBytes("303132333435363738393A3B3C3D3E3F"_hex)};
}

scp80::CommandHeader ota_header(std::uint8_t kvn, std::uint64_t counter) {
    scp80::CommandHeader header = isd_r_header(counter);
    header.kic = static_cast<std::uint8_t>(kvn << 4 | 0x02);
    header.kid = header.kic;
    return header;
}

/// Whether an SMS-PP packet with `keys` reaches the ISD-R (PoR status 00).
bool ota_accepted(card::VirtualEuicc& card, const scp80::Keyset& keys, std::uint64_t counter) {
    const scp80::CommandHeader header = ota_header(keys.kvn, counter);
    const apdu::ResponseApdu answer =
        card::test::send(card, sms_pp_envelopes(scp80::wrap_command(header, keys, select_ecasd)).at(0));
    if (answer.sw() != apdu::sw::ok || answer.data().empty()) {
        return false;
    }
    try {
        return scp80::unwrap_response(answer.data(), header, keys).status == scp80::ResponseStatus::PorOk;
    } catch (const Error&) {
        return false;  // an error PoR is not protected with these keys
    }
}

std::vector<std::uint8_t> versions(Scp03Host& isd_r) {
    std::vector<std::uint8_t> out;
    for (const gp::KeyInformation& key : gp::parse_key_information(isd_r.expect_ok(gp::get_data(0xE0)))) {
        if (out.empty() || out.back() != key.version) {
            out.push_back(key.version);
        }
    }
    return out;
}

/// INITIALIZE UPDATE with `kvn` on a freshly selected ISD-R.
apdu::StatusWord initialize_update_sw(card::VirtualEuicc& card, std::uint8_t kvn) {
    select(card, isd_r_aid_bytes());
    return send(card, scp03::initialize_update(kvn, scp03::Challenge{})).sw();
}

} // namespace

TEST_CASE("SM-SR change: PMC install by PUT KEY, FinaliseISDRhandover, old keys refused", "[card][sgp02][smsr]") {
    euicc::test::TempDir dir;
    const scp03::StaticKeys smsr2 = keyset(0x31, 0xA0);
    {
        card::VirtualEuicc card(stored_in(dir.path()));
        REQUIRE(ota_accepted(card, test_keys(), 1));
        Scp03Host smsr1 = isd_r_session(card);
        // PMC of SM-SR2: SCP03 KVN 31 and SCP80 KVN 02, encrypted under SM-SR1's DEK (Amd D §7.2).
        const Bytes scp03_answer = smsr1.expect_ok(gp::put_key_aes(
            0x31, {smsr2.enc.view(), smsr2.mac.view(), smsr2.dek.view()}, isd_r_keys().dek.view()));
        CHECK(gp::parse_put_key_response(scp03_answer).version == 0x31);
        const scp80::Keyset ota2 = new_ota_keys();
        const Bytes scp80_answer =
            smsr1.expect_ok(gp::put_key_aes(0x02, {ota2.kic_key.view(), ota2.kid_key.view()}, isd_r_keys().dek.view()));
        CHECK(to_hex(scp80_answer) == "02" + to_hex(gp::aes_key_check_value(ota2.kic_key.view())) +
                                          to_hex(gp::aes_key_check_value(ota2.kid_key.view())));
        CHECK(versions(smsr1) == std::vector<std::uint8_t>{0x01, 0x02, 0x30, 0x31, 0x40});
        CHECK(ota_accepted(card, new_ota_keys(), 1));

        // SM-SR2 takes over with its own keys and removes SM-SR1's (F2 ranges, spec/sgp02.md §4.10).
        Scp03Host smsr2_session(card, isd_r_aid_bytes(), smsr2, scp03::SecurityLevel::CMacCDecRMacREnc, 0, 5);
        const std::vector<sgp02::KeysetRange> old{{0x30, 1, 3}, {0x01, 1, 2}};
        CHECK(to_hex(smsr2_session.transmit(sgp02::finalise_isdr_handover(old)).encode()) == "009000");
        CHECK(versions(smsr2_session) == std::vector<std::uint8_t>{0x02, 0x31, 0x40});
        // SM-SR1's keys are gone: INITIALIZE UPDATE 6A88, OTA with KVN 1 refused; SM-SR2's keys work.
        CHECK(initialize_update_sw(card, 0x30) == apdu::sw::referenced_data_not_found);
        CHECK_FALSE(ota_accepted(card, test_keys(), 2));
        CHECK(ota_accepted(card, new_ota_keys(), 2));
    }
    // After a restart with the same (default) configuration the stored keys rule, not the configured ones.
    card::VirtualEuicc restarted(stored_in(dir.path()));
    CHECK(initialize_update_sw(restarted, 0x30) == apdu::sw::referenced_data_not_found);
    CHECK_FALSE(ota_accepted(restarted, test_keys(), 3));
    CHECK(ota_accepted(restarted, new_ota_keys(), 3));
    Scp03Host smsr2_session(restarted, isd_r_aid_bytes(), smsr2, scp03::SecurityLevel::CMacCDecRMacREnc, 0, 6);
    CHECK(create_isdp(smsr2_session, isdp(0x10)) == apdu::sw::ok);
}

TEST_CASE("ISD-R keysets: replace, delete by KVN, refusals", "[card][sgp02][smsr]") {
    card::VirtualEuicc card({});
    Scp03Host isd_r = isd_r_session(card);
    const scp03::StaticKeys next = keyset(0x32, 0x50);
    const std::vector<ByteView> next_keys{next.enc.view(), next.mac.view(), next.dek.view()};
    SECTION("a key check value that does not match: 6982, nothing stored") {
        apdu::CommandApdu put = gp::put_key_aes(0x32, next_keys, isd_r_keys().dek.view());
        Bytes data = put.data();
        data.back() ^= 0x01;  // the last KCV byte
        CHECK(isd_r.transmit(apdu::CommandApdu(put.cla(), put.ins(), put.p1(), put.p2(), data, put.ne())).sw() ==
              apdu::sw::security_status_not_satisfied);
        Scp03Host again = isd_r_session(card);
        CHECK(versions(again) == std::vector<std::uint8_t>{0x01, 0x30, 0x40});
    }
    SECTION("P1 00 for a KVN that exists: 6A80; P1 naming a missing KVN: 6A88") {
        CHECK(isd_r.transmit(gp::put_key_aes(0x30, next_keys, isd_r_keys().dek.view())).sw() == apdu::sw::wrong_data);
        gp::PutKeyOptions replace;
        replace.replaced_version = 0x33;
        CHECK(isd_r.transmit(gp::put_key_aes(0x32, next_keys, isd_r_keys().dek.view(), replace)).sw() ==
              apdu::sw::referenced_data_not_found);
        // An SCP03 keyset has three keys; KVN 20 (SCP02) is not the ISD-R's.
        CHECK(isd_r.transmit(gp::put_key_aes(0x32, {next.enc.view()}, isd_r_keys().dek.view())).sw() ==
              apdu::sw::wrong_data);
        CHECK(isd_r.transmit(gp::put_key_aes(0x20, next_keys, isd_r_keys().dek.view())).sw() == apdu::sw::wrong_data);
    }
    SECTION("replacing keyset 30 by 32: the old version is gone") {
        gp::PutKeyOptions replace;
        replace.replaced_version = 0x30;
        CHECK(gp::parse_put_key_response(isd_r.expect_ok(gp::put_key_aes(0x32, next_keys, isd_r_keys().dek.view(), replace)))
                  .version == 0x32);
        CHECK(versions(isd_r) == std::vector<std::uint8_t>{0x01, 0x32, 0x40});
        CHECK(initialize_update_sw(card, 0x30) == apdu::sw::referenced_data_not_found);
        Scp03Host replaced(card, isd_r_aid_bytes(), next, scp03::SecurityLevel::CMacCDecRMacREnc, 0, 4);
        CHECK(audit(replaced).empty());
    }
    SECTION("DELETE key by KVN (GPCS §11.2.2.3); the last SCP03 keyset stays") {
        CHECK(to_hex(isd_r.transmit(gp::delete_key(std::nullopt, 0x01)).encode()) == "009000");
        CHECK_FALSE(ota_accepted(card, test_keys(), 1));
        CHECK(isd_r.transmit(gp::delete_key(std::nullopt, 0x01)).sw() == apdu::sw::referenced_data_not_found);
        CHECK(isd_r.transmit(gp::delete_key(std::nullopt, 0x30)).sw() == apdu::sw::conditions_not_satisfied);
        const std::vector<sgp02::KeysetRange> all{{0x30, 1, 3}};
        CHECK(isd_r.transmit(sgp02::finalise_isdr_handover(all)).sw() == apdu::sw::conditions_not_satisfied);
        CHECK(versions(isd_r) == std::vector<std::uint8_t>{0x30, 0x40});
    }
    SECTION("over SCP80 there is no key-encryption key: PUT KEY 6982") {
        const apdu::CommandApdu put = gp::put_key_aes(0x32, next_keys, isd_r_keys().dek.view());
        const Bytes script = remote::encode_compact_script(std::vector<apdu::CommandApdu>{put.with_ne(std::nullopt)});
        const scp80::ResponsePacket por = por_of(send_packet(card, isd_r_header(1), script), isd_r_header(1));
        CHECK(remote::CompactResponse::decode(por.data).last_sw == apdu::sw::security_status_not_satisfied);
    }
}
