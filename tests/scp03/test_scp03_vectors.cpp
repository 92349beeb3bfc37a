// SPDX-License-Identifier: Apache-2.0
// SCP03 (GP Amd D) pySim transcripts replayed byte for byte in the host role and in the card role.
#include <catch2/catch.hpp>

#include <euicc/apdu/scp03.hpp>

#include "scp03_vectors.hpp"

using namespace scp03_test;
using euicc::apdu::CommandApdu;
using euicc::apdu::ResponseApdu;
using euicc::apdu::StatusWord;

namespace {
const StatusWord ok{0x9000};
} // namespace

TEST_CASE("Host role reproduces every pySim SCP03 transcript", "[scp03][vectors][host]") {
    const Transcript& t = GENERATE(from_range(transcripts()));
    CAPTURE(t.name);
    const scp03::StaticKeys keys = keys_for(t.key_bits);

    CHECK(scp03::initialize_update(keys.kvn, t.host_challenge()).encode() == t.init_upd_cmd);
    const auto response = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp);
    CHECK(response.encode() == t.init_upd_rsp);

    scp03::HostWrapper host(keys, t.host_challenge(), response, t.level());
    CHECK(host.external_authenticate().encode() == t.ext_auth_cmd);
    CHECK(host.unwrap(ResponseApdu({}, ok)).sw() == ok);
    CHECK(host.authenticated());

    CHECK(host.wrap(CommandApdu::parse(get_eid_cmd_plain)).encode() == t.get_eid_cmd);
    const ResponseApdu plain = host.unwrap(ResponseApdu(t.get_eid_rsp, ok));
    CHECK(plain.data() == get_eid_rsp_plain);
    CHECK(plain.sw() == ok);

    for (std::size_t i = 0; i < t.cases.size(); ++i) {
        CAPTURE(i + 1);
        CHECK(host.wrap(CommandApdu::parse(case_plain[i])).encode() == t.cases[i]);
    }
}

TEST_CASE("Card role answers and unwraps every pySim SCP03 transcript", "[scp03][vectors][card]") {
    const Transcript& t = GENERATE(from_range(transcripts()));
    CAPTURE(t.name);
    const scp03::StaticKeys keys = keys_for(t.key_bits);
    NoRng no_rng;

    const scp03::InitializeUpdateCommand command = scp03::parse_initialize_update(CommandApdu::parse(t.init_upd_cmd));
    CHECK(command.kvn == keys.kvn);
    CHECK(command.host_challenge == t.host_challenge());
    const auto sequence = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp).sequence_counter;
    REQUIRE(sequence);

    // The card derives the same pseudo-random challenge and cryptogram: its answer is the recorded one.
    scp03::CardWrapper card(keys, command, isd_r_card(*sequence), no_rng);
    CHECK(card.initialize_update_response().encode() == t.init_upd_rsp);
    CHECK(scp03::predict_initialize_update_response(keys, t.host_challenge(), isd_r_card(*sequence)).encode() ==
          t.init_upd_rsp);

    CHECK(card.external_authenticate(CommandApdu::parse(t.ext_auth_cmd)) == t.level());
    CHECK(card.authenticated());

    CHECK(card.unwrap(CommandApdu::parse(t.get_eid_cmd)) == CommandApdu::parse(get_eid_cmd_plain));
    const ResponseApdu answer = card.wrap(ResponseApdu(get_eid_rsp_plain, ok));
    CHECK(answer.data() == t.get_eid_rsp);

    for (std::size_t i = 0; i < t.cases.size(); ++i) {
        CAPTURE(i + 1);
        CHECK(card.unwrap(CommandApdu::parse(t.cases[i])) == CommandApdu::parse(case_plain[i]));
    }
}

TEST_CASE("Derived session keys and host cryptograms of scp03.md", "[scp03][vectors][kdf]") {
    struct Derived {
        std::size_t transcript;
        Bytes s_enc, s_mac, s_rmac, host_cryptogram;
    };
    const std::vector<Derived> derived = {
        {0, "c4e87149f2114da66bb015a567d751f9"_hex, "8b2635556e987a6b84f43d9ffc197d3f"_hex,
         "3f6b2ce3b3abd9a99bd4453afa54cc7b"_hex, "7d5f5826a993ebc8"_hex},
        {1, "ee54985e150155e021725489f717d645"_hex, "59b76ddff91dba0515a9644de3a48863"_hex,
         "5942bf778c5942f17037da8278f9330d"_hex, "fd4721a14d9b0700"_hex},
        {2, "bc5689f3a0b783a9ed6da1c5c6bc1f99"_hex, "0415f56cbb9e488bb171b2b66081f004"_hex,
         "1ee185123244e047bc9d68b914bd1fbe"_hex, "8c36f96bcc00724a"_hex},
        {3, "5d762f02330099944561311ff1fd370b34193a3ff81302c0"_hex,
         "15e4303d3157d8d1dd283b7321434ae83fc80ac9b12e3daf"_hex, {}, {}},
        {6, "da77fff6d3ebeaa1234f93f2b18e6f83bada80adb387428ce72779439afcaf57"_hex,
         "80546fe2b8e72587efa3f1be7df30b0fb0146b795f8f131d8b32ac5200f5dbec"_hex, {}, {}},
    };
    const Derived& d = GENERATE_REF(from_range(derived));
    const Transcript& t = transcripts()[d.transcript];
    CAPTURE(t.name);
    const auto response = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp);
    const scp03::SessionKeys session =
        scp03::derive_session_keys(keys_for(t.key_bits), t.host_challenge(), response.card_challenge);
    CHECK(Bytes(session.s_enc.view().begin(), session.s_enc.view().end()) == d.s_enc);
    CHECK(Bytes(session.s_mac.view().begin(), session.s_mac.view().end()) == d.s_mac);
    if (!d.s_rmac.empty()) {
        CHECK(Bytes(session.s_rmac.view().begin(), session.s_rmac.view().end()) == d.s_rmac);
        const scp03::Cryptogram host = scp03::host_cryptogram(session, t.host_challenge(), response.card_challenge);
        CHECK(Bytes(host.begin(), host.end()) == d.host_cryptogram);
    }
    const scp03::Cryptogram card = scp03::card_cryptogram(session, t.host_challenge(), response.card_challenge);
    CHECK(card == response.card_cryptogram);
}

TEST_CASE("Pseudo-random card challenge = KDF(Key-ENC, 02, counter | ISD-R AID)", "[scp03][vectors][kdf]") {
    const ByteView isd_r(euicc::apdu::aid::isd_r);
    const scp03::Challenge challenge = scp03::pseudo_random_card_challenge(keys_aes128().enc.view(), 2, isd_r);
    CHECK(Bytes(challenge.begin(), challenge.end()) == "3eb51047495b249f"_hex);
    // Every transcript's card challenge follows from its sequence counter the same way.
    for (const Transcript& t : transcripts()) {
        CAPTURE(t.name);
        const auto response = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp);
        CHECK(scp03::pseudo_random_card_challenge(keys_for(t.key_bits).enc.view(), *response.sequence_counter,
                                                  isd_r) == response.card_challenge);
    }
}
