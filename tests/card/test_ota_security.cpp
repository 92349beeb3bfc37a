// SPDX-License-Identifier: Apache-2.0
// SCP80 receiving-entity checks of the virtual eUICC's ISD-R (ETSI TS 102 225 §5.1, TS 102 226 MSL): error PoRs,
// nothing executed on a failed check, counters that survive a restart.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include <euicc/error.hpp>

#include "card_test_util.hpp"
#include "ota_test_util.hpp"
#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::isd_r_header;
using card::test::por_of;
using card::test::send;
using card::test::send_secured;

namespace {

const Bytes select_ecasd = from_hex(std::string("00A4040C10") + card::test::ecasd_aid);

/// A trigger that would schedule an OPEN CHANNEL at once: proof by its absence that a packet was not executed.
const Bytes immediate_trigger = "81178315841335010339020578"
                                "3C03021F90"
                                "3E05217F000001"_hex;

/// The unsecured error PoR of TS 102 225 §5.2 for `status`: RHL 0A, TAR 000000, CNTR 0, no CC, not ciphered.
std::string error_por(const char* status) {
    return std::string("027100000B0A000000000000000000") + status;
}

void check_nothing_scheduled(card::VirtualEuicc& card) {
    CHECK_FALSE(card.admin_session().has_value());
    CHECK(card::test::transmit(card, "8012000000"_hex) == "6985");
}

} // namespace

TEST_CASE("a packet failing a security check gets an error PoR and runs nothing", "[card][ota][security]") {
    card::VirtualEuicc card({});

    SECTION("bad cryptographic checksum -> 01") {
        Bytes packet = scp80::wrap_command(isd_r_header(1), card::test::test_keys(), immediate_trigger);
        packet.back() ^= 0x01;
        const auto answer = send(card, card::test::sms_pp_envelopes(packet).at(0));
        CHECK(answer.sw() == apdu::sw::ok);
        CHECK(to_hex(answer.data()) == error_por("01"));
        check_nothing_scheduled(card);
        // The stored counter did not move: CNTR 1 is still fresh.
        CHECK(to_hex(por_of(send_secured(card, isd_r_header(1), select_ecasd), isd_r_header(1)).data) ==
              "019000");
    }
    SECTION("wrong key (another KID key under the same KVN) -> 01") {
        scp80::Keyset wrong = card::test::test_keys();
        wrong.kid_key = SecretBytes("000102030405060708090A0B0C0D0E0F"_hex);
        const Bytes packet = scp80::wrap_command(isd_r_header(1), wrong, immediate_trigger);
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(packet).at(0)) ==
              error_por("01") + "9000");
        check_nothing_scheduled(card);
    }
    SECTION("replayed counter -> 02") {
        const auto header = isd_r_header(5);
        CHECK(por_of(send_secured(card, header, select_ecasd), header).status ==
              scp80::ResponseStatus::PorOk);
        const Bytes replay = scp80::wrap_command(header, card::test::test_keys(), immediate_trigger);
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(replay).at(0)) ==
              error_por("02") + "9000");
        check_nothing_scheduled(card);
        const Bytes lower = scp80::wrap_command(isd_r_header(4), card::test::test_keys(), immediate_trigger);
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(lower).at(0)) ==
              error_por("02") + "9000");
    }
    SECTION("unknown TAR -> 09 (the error PoR names the TAR it read)") {
        auto header = isd_r_header(1);
        header.tar = scp80::Tar{{0xB0, 0x00, 0x00}};
        const Bytes packet = scp80::wrap_command(header, card::test::test_keys(), immediate_trigger);
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(packet).at(0)) ==
              "027100000B0AB00000000000000000099000");
        check_nothing_scheduled(card);
    }
    SECTION("SPI below the minimum security level 16 -> 0A") {
        // 12: counter higher and CC, but no ciphering.
        const Bytes packet =
            scp80::wrap_command(isd_r_header(1, 0x12, 0x19), card::test::test_keys(), immediate_trigger);
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(packet).at(0)) ==
              error_por("0A") + "9000");
        check_nothing_scheduled(card);
    }
    SECTION("an unreadable packet in a well-formed SMS -> 06, even without a readable SPI") {
        sms::UserData user_data;
        user_data.header = sms::Udh{{{sms::iei::command_packet, {}}}};
        user_data.body = "0003"_hex; // CPL 3, nothing after it
        const Bytes tpdu =
            sms::make_sms_pp_deliver(card::test::smsr_address(), card::test::some_time(), user_data).encode();
        CHECK(card::test::transmit(card, card::test::envelope_apdu_for(tpdu)) == error_por("06") + "9000");
    }
    SECTION("a truncated packet whose SPI asks for a PoR -> 06") {
        Bytes packet = scp80::wrap_command(isd_r_header(1), card::test::test_keys(), immediate_trigger);
        packet.resize(20);
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(packet).at(0)) ==
              error_por("06") + "9000");
        check_nothing_scheduled(card);
    }
    SECTION("no PoR wanted: the failure is silent") {
        Bytes packet =
            scp80::wrap_command(isd_r_header(1, 0x16, 0x18), card::test::test_keys(), immediate_trigger);
        packet.back() ^= 0x01;
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(packet).at(0)) == "9000");
        check_nothing_scheduled(card);
    }
    SECTION("an error PoR by SMS-SUBMIT when SPI byte 2 b6 asks for it") {
        Bytes packet =
            scp80::wrap_command(isd_r_header(1, 0x16, 0x39), card::test::test_keys(), immediate_trigger);
        packet.back() ^= 0x01;
        const auto answer = send(card, card::test::sms_pp_envelopes(packet).at(0));
        REQUIRE(answer.sw().sw1() == 0x91);
        const auto command = card::test::fetch(card, answer.sw());
        const sms::Submit submit = sms::Submit::decode(std::get<cat::SendShortMessage>(command).tpdu);
        Bytes user_data = submit.user_data.header->encode();
        append(user_data, submit.user_data.body);
        CHECK(to_hex(user_data) == error_por("01"));
        CHECK(card::test::respond_ok(card, command).sw() == apdu::sw::ok);
        check_nothing_scheduled(card);
    }
}

TEST_CASE("keys are chosen by KVN and serve only their own algorithm", "[card][ota][security]") {
    card::VirtualEuiccConfig config;
    card::OtaKeyset second = card::test_keyset();
    second.kvn = 2;
    second.kic = 0x22;
    second.kid = 0x22;
    second.kic_key = SecretBytes("606162636465666768696A6B6C6D6E6F"_hex);
    second.kid_key = SecretBytes("707172737475767778797A7B7C7D7E7F"_hex);
    config.ota.keysets.push_back(second);
    card::VirtualEuicc card(std::move(config));

    const scp80::Keyset keys2{2, SecretBytes("606162636465666768696A6B6C6D6E6F"_hex),
                              SecretBytes("707172737475767778797A7B7C7D7E7F"_hex)};
    scp80::CommandHeader header = isd_r_header(1);
    header.kic = 0x22;
    header.kid = 0x22;
    const Bytes packet = scp80::wrap_command(header, keys2, select_ecasd);
    const auto answer = send(card, card::test::sms_pp_envelopes(packet).at(0));
    CHECK(scp80::unwrap_response(answer.data(), header, keys2).status == scp80::ResponseStatus::PorOk);

    SECTION("each key set has its own counter") {
        CHECK(por_of(send_secured(card, isd_r_header(1), select_ecasd), isd_r_header(1)).status ==
              scp80::ResponseStatus::PorOk);
    }
    SECTION("KIc naming 3DES under KVN 1 gets no key: ciphering error 05") {
        scp80::CommandHeader des = isd_r_header(1);
        des.kic = 0x15;
        scp80::Keyset des_keys = card::test::test_keys(); // 16 bytes: a valid 2-key 3DES key for the sender
        const Bytes des_packet = scp80::wrap_command(des, des_keys, select_ecasd);
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(des_packet).at(0)) ==
              error_por("05") + "9000");
    }
    SECTION("an unknown KVN: 05") {
        scp80::CommandHeader unknown = isd_r_header(1);
        unknown.kic = 0x32;
        unknown.kid = 0x32;
        scp80::Keyset keys3 = card::test::test_keys();
        keys3.kvn = 3;
        const Bytes unknown_packet = scp80::wrap_command(unknown, keys3, select_ecasd);
        CHECK(card::test::transmit(card, card::test::sms_pp_envelopes(unknown_packet).at(0)) ==
              error_por("05") + "9000");
    }
}

TEST_CASE("the counter survives a restart of the card: a replay after restart is refused",
          "[card][ota][security]") {
    euicc::test::TempDir dir;
    const auto header = isd_r_header(7);
    const Bytes packet = scp80::wrap_command(header, card::test::test_keys(), select_ecasd);
    {
        card::VirtualEuicc card({"", dir.path()});
        CHECK(por_of(send(card, card::test::sms_pp_envelopes(packet).at(0)), header).status ==
              scp80::ResponseStatus::PorOk);
    }
    // Stored before the script ran (applet_spec/ota.md §4), in card.json.
    std::ifstream in(dir.path() / "card.json");
    const auto json = nlohmann::json::parse(in);
    CHECK(json.at("ota_counters").at("000000/1").get<std::uint64_t>() == 7);

    card::VirtualEuicc restarted({"", dir.path()});
    CHECK(card::test::transmit(restarted, card::test::sms_pp_envelopes(packet).at(0)) ==
          error_por("02") + "9000");
    const auto next = isd_r_header(8);
    CHECK(por_of(send_secured(restarted, next, select_ecasd), next).status == scp80::ResponseStatus::PorOk);
}

TEST_CASE("a damaged counter in card.json stops the card", "[card][ota][security]") {
    euicc::test::TempDir dir;
    { card::VirtualEuicc card({"", dir.path()}); }
    std::ofstream(dir.path() / "card.json") << R"({"format": 1, "eid": ")" << card::test::default_eid
                                            << R"(", "ota_counters": {"000000/1": -1}})";
    CHECK_THROWS_AS(card::VirtualEuicc({"", dir.path()}), Error);
}
