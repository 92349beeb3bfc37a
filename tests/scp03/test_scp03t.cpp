// SPDX-License-Identifier: Apache-2.0
// SCP03t (SGP.02 profile download TLVs, spec/scp03.md §9): framing, a BSP known answer, both roles, negatives.
#include <catch2/catch.hpp>

#include <euicc/apdu/crypto.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/error.hpp>

#include "../../apdu/src/scp03_channel.hpp"
#include "scp03_session.hpp"

using namespace scp03_test;
using euicc::CodecError;
using euicc::SecurityError;
using scp03::SecurityLevel;
using scp03::TlvErrorResponse;

namespace {

/// Both ends of an SCP03t session, set up through 84/85 TLV bytes.
struct TlvSession {
    scp03::HostWrapper host;
    scp03::CardWrapper card;
};

TlvSession open_tlv_session(std::uint64_t seed = 3, const scp03::StaticKeys& keys = keys_aes128()) {
    euicc::FixedRng rng(seed);
    scp03::Challenge host_challenge{};
    rng.fill(host_challenge);
    const Bytes initialize = scp03::initialize_update_tlv(keys.kvn, 0x00, host_challenge);
    NoRng no_rng;
    scp03::CardWrapper card(keys, scp03::parse_initialize_update_tlv(initialize), isd_r_card(5), no_rng);
    const Bytes answer = scp03::initialize_update_tlv_response(card.initialize_update_response());
    scp03::HostWrapper host(keys, host_challenge, scp03::parse_initialize_update_tlv_response(answer),
                            SecurityLevel::CMacCDecRMacREnc);
    card.external_authenticate_tlv(host.external_authenticate_tlv());
    CHECK(host.unwrap_tlv(scp03::external_authenticate_tlv_response()).empty());
    return TlvSession{std::move(host), std::move(card)};
}

} // namespace

TEST_CASE("SCP03t 84 TLVs", "[scp03][scp03t]") {
    const scp03::Challenge challenge{1, 2, 3, 4, 5, 6, 7, 8};
    const Bytes command = scp03::initialize_update_tlv(0x30, 0x00, challenge);
    CHECK(command == "840A30000102030405060708"_hex);
    CHECK(scp03::parse_initialize_update_tlv(command) == scp03::InitializeUpdateCommand{0x30, 0x00, challenge});
    CHECK_THROWS_AS(scp03::parse_initialize_update_tlv("850A30000102030405060708"_hex), CodecError);
    CHECK_THROWS_AS(scp03::parse_initialize_update_tlv("840B3000010203040506070809"_hex), CodecError);
    CHECK_THROWS_AS(scp03::parse_initialize_update_tlv("840A300001020304050607"_hex), CodecError);
    CHECK_THROWS_AS(scp03::parse_initialize_update_tlv("840A3000010203040506070800"_hex), CodecError);

    const Bytes body = transcripts()[2].init_upd_rsp;
    const Bytes response = scp03::initialize_update_tlv_response(scp03::InitializeUpdateResponse::parse(body));
    Bytes expected{0x84, 0x20};
    expected.insert(expected.end(), body.begin(), body.end());
    CHECK(response == expected);
    CHECK(scp03::parse_initialize_update_tlv_response(response).encode() == body);

    try {
        scp03::parse_initialize_update_tlv_response("9F44010A"_hex);
        FAIL("error TLV accepted");
    } catch (const TlvErrorResponse& e) {
        CHECK(e.tag() == 0x9F44);
        CHECK(e.data() == "0A"_hex);
    }
    CHECK_THROWS_AS(scp03::parse_initialize_update_tlv_response("8600"_hex), CodecError);
    CHECK_THROWS_AS(scp03::parse_initialize_update_tlv_response("8421"_hex), CodecError);
}

TEST_CASE("SCP03t error and acknowledgement TLVs", "[scp03][scp03t]") {
    CHECK(scp03::error_tlv(0x86, 0x02) == "9F460102"_hex);
    CHECK(scp03::error_tlv(0x84, 0x01) == "9F440101"_hex);
    CHECK_THROWS_AS(scp03::error_tlv(0x22, 0x01), std::invalid_argument);
    CHECK(scp03::external_authenticate_tlv_response() == "8500"_hex);
}

TEST_CASE("86 framing reproduces the SGP.22 BSP vector (same MAC/ENC rules)", "[scp03][scp03t][vectors]") {
    // osmocom/pysim tests/unittests/test_esim_bsp.py via saip.md: encrypt_and_mac(tag 87, bf2400) with the
    // first block counter 1 and the given initial MAC chaining value.
    scp03::detail::ChannelState state;
    state.keys.s_enc = SecretBytes("472f5bfadd97f21d34f3ce9b51b92751"_hex);
    state.keys.s_mac = SecretBytes("9ec07f5b36a13e12a991d66e294e6242"_hex);
    state.level = SecurityLevel::CMacCDecRMacREnc;
    const Bytes mcv = "406d507b448a699e7a36a38494debbde"_hex;
    std::copy(mcv.begin(), mcv.end(), state.chaining.begin());

    scp03::detail::advance_counter(state, true);
    const Bytes ciphertext = scp03::detail::encrypt_command_data(state, "bf2400"_hex);
    const Bytes header{0x87, static_cast<std::uint8_t>(ciphertext.size() + 8)};
    const auto mac = scp03::detail::chain_command_mac(state, header, ciphertext);
    Bytes tlv = header;
    tlv.insert(tlv.end(), ciphertext.begin(), ciphertext.end());
    tlv.insert(tlv.end(), mac.begin(), mac.end());
    CHECK(tlv == "8718f6fe031e4b9cfe87c8e1e62f3fde85c49412d7722a6a2d89"_hex);
}

TEST_CASE("SCP03t ExternalAuthenticate TLV known answer", "[scp03][scp03t][vectors]") {
    // AES128 level 33 transcript: host cryptogram 8c36f96bcc00724a, S-MAC 0415f56c... (scp03.md). The MAC input
    // is zero chaining value | 85 11 | 33 | host cryptogram.
    const Transcript& t = transcripts()[2];
    scp03::HostWrapper host(keys_aes128(), t.host_challenge(), scp03::InitializeUpdateResponse::parse(t.init_upd_rsp),
                            t.level());
    const Bytes tlv = host.external_authenticate_tlv();
    const auto mac = euicc::crypto::aes_cmac("0415f56cbb9e488bb171b2b66081f004"_hex,
                                             {Bytes(16, 0), "851133"_hex, "8c36f96bcc00724a"_hex});
    Bytes expected = "8511338c36f96bcc00724a"_hex;
    expected.insert(expected.end(), mac.begin(), mac.begin() + 8);
    CHECK(tlv == expected);

    NoRng no_rng;
    scp03::CardWrapper card(keys_aes128(), {0x30, 0, t.host_challenge()}, isd_r_card(3), no_rng);
    CHECK(card.external_authenticate_tlv(tlv) == SecurityLevel::CMacCDecRMacREnc);
}

TEST_CASE("SCP03t round trip: segments of every size, answers with and without data", "[scp03][scp03t]") {
    const int bits = GENERATE(128, 192, 256);
    CAPTURE(bits);
    TlvSession s = open_tlv_session(7, keys_for(bits));
    for (const std::size_t n : {1u, 15u, 16u, 17u, 512u, 1007u}) {
        CAPTURE(n);
        const Bytes segment = counting(n, static_cast<std::uint8_t>(n));
        const Bytes tlv = s.host.wrap_tlv(segment);
        CHECK(tlv[0] == 0x86);
        CHECK(s.card.unwrap_tlv(tlv) == segment);
        const Bytes reply = n % 2 == 0 ? counting(n / 2) : Bytes{};
        const Bytes answer = s.card.wrap_tlv(reply);
        if (reply.empty()) {
            CHECK(answer == "8600"_hex);
        }
        CHECK(s.host.unwrap_tlv(answer) == reply);
    }
}

TEST_CASE("SCP03t segment size: 1007 plaintext bytes fill a 1020-byte TLV", "[scp03][scp03t]") {
    // saip.md §9.1: 1 tag + 3 length + 1008 ciphertext + 8 MAC.
    TlvSession s = open_tlv_session();
    const Bytes tlv = s.host.wrap_tlv(Bytes(1007, 0x5A));
    CHECK(tlv.size() == 1020);
    CHECK(Bytes(tlv.begin(), tlv.begin() + 4) == "868203F8"_hex);
    CHECK(s.host.wrap_tlv(Bytes(1008, 0x5A)).size() == 1036);
    CHECK(s.host.wrap_tlv(Bytes(100, 0x5A)).size() == 1 + 1 + 112 + 8);
    const Bytes long_form = s.host.wrap_tlv(Bytes(120, 0x5A)); // 128 + 8 value bytes: length 81 88
    CHECK(long_form.size() == 1 + 2 + 128 + 8);
    CHECK(long_form[1] == 0x81);
}

TEST_CASE("SCP03t pipelined script: answers matched first in, first out", "[scp03][scp03t]") {
    // The SM-DP precomputes 84 (offline, pseudo-random challenge), 85 and the 86 segments before any answer.
    const scp03::StaticKeys keys = keys_aes128();
    const scp03::Challenge host_challenge{0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8};
    const scp03::CardParameters card_parameters = isd_r_card(12);
    scp03::HostWrapper host(keys, host_challenge,
                            scp03::predict_initialize_update_response(keys, host_challenge, card_parameters),
                            SecurityLevel::CMacCDecRMacREnc);
    std::vector<Bytes> script{scp03::initialize_update_tlv(keys.kvn, 0, host_challenge), host.external_authenticate_tlv()};
    for (std::uint8_t k = 0; k < 3; ++k) {
        script.push_back(host.wrap_tlv(counting(300, static_cast<std::uint8_t>(k * 50))));
    }

    NoRng no_rng;
    scp03::CardWrapper card(keys, scp03::parse_initialize_update_tlv(script[0]), card_parameters, no_rng);
    std::vector<Bytes> answers{scp03::initialize_update_tlv_response(card.initialize_update_response())};
    card.external_authenticate_tlv(script[1]);
    answers.push_back(scp03::external_authenticate_tlv_response());
    for (std::size_t k = 2; k < script.size(); ++k) {
        const Bytes segment = card.unwrap_tlv(script[k]);
        CHECK(segment == counting(300, static_cast<std::uint8_t>((k - 2) * 50)));
        answers.push_back(card.wrap_tlv(k == 3 ? Bytes{} : Bytes{0x30, 0x03, 0x80, 0x01, static_cast<std::uint8_t>(k)}));
    }

    CHECK(scp03::parse_initialize_update_tlv_response(answers[0]).card_cryptogram ==
          card.initialize_update_response().card_cryptogram);
    CHECK(host.unwrap_tlv(answers[1]).empty());
    CHECK(host.authenticated());
    CHECK(host.unwrap_tlv(answers[2]) == Bytes{0x30, 0x03, 0x80, 0x01, 0x02});
    CHECK(host.unwrap_tlv(answers[3]).empty());
    CHECK(host.unwrap_tlv(answers[4]) == Bytes{0x30, 0x03, 0x80, 0x01, 0x04});
    CHECK_THROWS_AS(host.unwrap_tlv("8600"_hex), std::logic_error);
}

TEST_CASE("SCP03t negatives", "[scp03][scp03t][negative]") {
    TlvSession s = open_tlv_session();
    const Bytes segment = counting(64);
    const Bytes tlv = s.host.wrap_tlv(segment);

    SECTION("flipped C-MAC bit aborts the card's session") {
        Bytes bad = tlv;
        bad.back() ^= 0x01;
        CHECK_THROWS_AS(s.card.unwrap_tlv(bad), SecurityError);
        CHECK(s.card.aborted());
        CHECK_THROWS_AS(s.card.unwrap_tlv(tlv), SecurityError);
    }
    SECTION("flipped ciphertext bit") {
        Bytes bad = tlv;
        bad[10] ^= 0x80;
        CHECK_THROWS_AS(s.card.unwrap_tlv(bad), SecurityError);
    }
    SECTION("replayed segment") {
        REQUIRE(s.card.unwrap_tlv(tlv) == segment);
        s.card.wrap_tlv({});
        CHECK_THROWS_AS(s.card.unwrap_tlv(tlv), SecurityError);
    }
    SECTION("malformed TLVs are codec errors that leave the session intact") {
        CHECK_THROWS_AS(s.card.unwrap_tlv(Bytes(tlv.begin(), tlv.end() - 1)), CodecError);
        Bytes other_tag = tlv;
        other_tag[0] = 0x87;
        CHECK_THROWS_AS(s.card.unwrap_tlv(other_tag), CodecError);
        CHECK_FALSE(s.card.aborted());
        CHECK(s.card.unwrap_tlv(tlv) == segment);
    }
    SECTION("an 86 that is too short for a C-MAC") {
        CHECK_THROWS_AS(s.card.unwrap_tlv("8607AABBCCDDEEFF00"_hex), SecurityError);
    }
    SECTION("tampered or truncated answers abort the host's session") {
        REQUIRE(s.card.unwrap_tlv(tlv) == segment);
        Bytes answer = s.card.wrap_tlv(counting(20));
        SECTION("R-MAC bit") { answer.back() ^= 0x04; }
        SECTION("ciphertext bit") { answer[5] ^= 0x04; }
        SECTION("truncated") {
            answer.resize(answer.size() - 1);
            answer[1] = static_cast<std::uint8_t>(answer[1] - 1);
        }
        SECTION("R-MAC only") { answer = "86081122334455667788"_hex; }
        CHECK_THROWS_AS(s.host.unwrap_tlv(answer), SecurityError);
        CHECK(s.host.aborted());
        CHECK_THROWS_AS(s.host.wrap_tlv(segment), SecurityError);
    }
    SECTION("an error TLV answers the command but keeps the session") {
        REQUIRE(s.card.unwrap_tlv(tlv) == segment);
        try {
            s.host.unwrap_tlv(scp03::error_tlv(0x86, 0x02));
            FAIL("error TLV accepted");
        } catch (const TlvErrorResponse& e) {
            CHECK(e.tag() == 0x9F46);
            CHECK(e.data() == "02"_hex);
        }
        CHECK_FALSE(s.host.aborted());
        const Bytes next = s.host.wrap_tlv(segment);
        CHECK(s.card.unwrap_tlv(next) == segment);
    }
    SECTION("answer with an unexpected tag") {
        REQUIRE(s.card.unwrap_tlv(tlv) == segment);
        CHECK_THROWS_AS(s.host.unwrap_tlv("8500"_hex), CodecError);
    }
}

TEST_CASE("SCP03t ExternalAuthenticate negatives", "[scp03][scp03t][negative]") {
    const Transcript& t = transcripts()[2];
    NoRng no_rng;
    const auto fresh = [&] { return scp03::CardWrapper(keys_aes128(), {0x30, 0, t.host_challenge()}, isd_r_card(3), no_rng); };
    scp03::HostWrapper host(keys_aes128(), t.host_challenge(), scp03::InitializeUpdateResponse::parse(t.init_upd_rsp),
                            t.level());
    const Bytes tlv = host.external_authenticate_tlv();

    auto card = fresh();
    Bytes level13 = tlv;
    level13[2] = 0x13;
    CHECK_THROWS_AS(card.external_authenticate_tlv(level13), CodecError);
    CHECK_THROWS_AS(card.external_authenticate_tlv(Bytes(tlv.begin(), tlv.end() - 1)), CodecError);
    Bytes wrong_length = tlv;
    wrong_length[1] = 0x12;
    CHECK_THROWS_AS(card.external_authenticate_tlv(wrong_length), CodecError);
    CHECK_FALSE(card.aborted());
    Bytes bad_cryptogram = tlv;
    bad_cryptogram[3] ^= 0x01;
    CHECK_THROWS_AS(card.external_authenticate_tlv(bad_cryptogram), scp03::CryptogramMismatch);
    CHECK(card.aborted());

    auto card2 = fresh();
    Bytes bad_mac = tlv;
    bad_mac.back() ^= 0x01;
    CHECK_THROWS_AS(card2.external_authenticate_tlv(bad_mac), SecurityError);

    // A level 01 session cannot speak SCP03t.
    const Transcript& t11 = transcripts()[0];
    scp03::HostWrapper mac_only(keys_aes128(), t11.host_challenge(),
                                scp03::InitializeUpdateResponse::parse(t11.init_upd_rsp), t11.level());
    CHECK_THROWS_AS(mac_only.external_authenticate_tlv(), std::logic_error);
    CHECK_THROWS_AS(host.wrap_tlv({}), std::invalid_argument);
}
