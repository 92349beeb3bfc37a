// SPDX-License-Identifier: Apache-2.0
// SCP03 negative cases: wrong keys, flipped MAC/ciphertext bits, replays, truncated answers, misuse (Amd D §5.6).
#include <catch2/catch.hpp>

#include <stdexcept>

#include <euicc/apdu/crypto.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/error.hpp>

#include "scp03_session.hpp"

using namespace scp03_test;
using euicc::CodecError;
using euicc::SecurityError;
using scp03::CryptogramMismatch;
using scp03::SecurityLevel;

namespace {

const StatusWord ok{0x9000};
const CommandApdu store_data(0x80, 0xE2, 0x91, 0x00, counting(40), 256);

Bytes flipped(Bytes bytes, std::size_t index, std::uint8_t mask = 0x01) {
    bytes.at(index) ^= mask;
    return bytes;
}

} // namespace

TEST_CASE("Wrong static keys: card cryptogram mismatch on the host", "[scp03][negative]") {
    const Transcript& t = transcripts()[0];
    const auto response = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp);
    scp03::StaticKeys wrong = keys_aes128();
    wrong.mac = SecretBytes(flipped("101112131415161718191a1b1c1d1e1f"_hex, 15));
    CHECK_THROWS_AS(scp03::HostWrapper(wrong, t.host_challenge(), response, t.level()), CryptogramMismatch);
    // Key-ENC does not enter the cryptogram, but it does the pseudo-random challenge the card would compute.
    auto tampered = response;
    tampered.card_cryptogram[0] ^= 0x80;
    CHECK_THROWS_AS(scp03::HostWrapper(keys_aes128(), t.host_challenge(), tampered, t.level()), CryptogramMismatch);
    auto other_kvn = response;
    other_kvn.kvn = 0x31;
    CHECK_THROWS_AS(scp03::HostWrapper(keys_aes128(), t.host_challenge(), other_kvn, t.level()), SecurityError);
}

TEST_CASE("Wrong static keys: host cryptogram refused by the card (6300)", "[scp03][negative]") {
    const Transcript& t = transcripts()[2];
    NoRng no_rng;
    const scp03::InitializeUpdateCommand command{0x30, 0, t.host_challenge()};
    scp03::CardWrapper card(keys_aes128(), command, isd_r_card(3), no_rng);
    // A host without the card's keys sends another host cryptogram.
    CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(flipped(t.ext_auth_cmd, 5))), CryptogramMismatch);
    CHECK(card.aborted());
    CHECK_THROWS_AS(card.unwrap(CommandApdu::parse(t.get_eid_cmd)), SecurityError);
    CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(t.ext_auth_cmd)), SecurityError);
}

TEST_CASE("EXTERNAL AUTHENTICATE checks on the card", "[scp03][negative]") {
    const Transcript& t = transcripts()[2]; // AES128 level 33
    NoRng no_rng;
    const scp03::InitializeUpdateCommand command{0x30, 0, t.host_challenge()};
    const auto fresh = [&] { return scp03::CardWrapper(keys_aes128(), command, isd_r_card(3), no_rng); };

    SECTION("flipped C-MAC bit") {
        auto card = fresh();
        CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(flipped(t.ext_auth_cmd, 20, 0x10))),
                        SecurityError);
        CHECK(card.aborted());
    }
    SECTION("security level changed after MACing") {
        auto card = fresh();
        CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(flipped(t.ext_auth_cmd, 2, 0x20))),
                        SecurityError);
    }
    SECTION("malformed commands leave the session set-up untouched") {
        auto card = fresh();
        CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(flipped(t.ext_auth_cmd, 1, 0x01))), CodecError);
        CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(flipped(t.ext_auth_cmd, 3, 0x01))), CodecError);
        CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(flipped(t.ext_auth_cmd, 2, 0x04))), CodecError);
        CHECK_THROWS_AS(card.external_authenticate(CommandApdu(0x84, 0x82, 0x33, 0x00, Bytes(8, 0))), CodecError);
        CHECK_FALSE(card.aborted());
        // Without the secure messaging bit in CLA the command is below the level: a security error.
        CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(flipped(t.ext_auth_cmd, 0, 0x04))),
                        SecurityError);
    }
    SECTION("a level the card's i does not support") {
        NoRng rng;
        scp03::CardParameters no_renc = isd_r_card(3);
        no_renc.i = 0x30; // R-MAC only
        scp03::CardWrapper card(keys_aes128(), command, no_renc, rng);
        CHECK_THROWS_AS(card.external_authenticate(CommandApdu::parse(t.ext_auth_cmd)), CodecError);
    }
    SECTION("the transcript itself passes") {
        auto card = fresh();
        CHECK(card.external_authenticate(CommandApdu::parse(t.ext_auth_cmd)) == SecurityLevel::CMacCDecRMacREnc);
    }
}

TEST_CASE("Card refuses tampered, replayed and unprotected commands and aborts", "[scp03][negative]") {
    const SecurityLevel level = GENERATE(SecurityLevel::CMac, SecurityLevel::CMacCDec, SecurityLevel::CMacCDecRMacREnc);
    CAPTURE(static_cast<int>(level));
    SessionSetup setup;
    setup.level = level;
    Session s = open_session(setup);
    const Bytes wire = s.host.wrap(store_data).encode();

    SECTION("flipped C-MAC bit") {
        CHECK_THROWS_AS(s.card.unwrap(CommandApdu::parse(flipped(wire, wire.size() - 2 - 3, 0x40))), SecurityError);
    }
    SECTION("flipped data bit") {
        CHECK_THROWS_AS(s.card.unwrap(CommandApdu::parse(flipped(wire, 7))), SecurityError);
    }
    SECTION("changed header byte") {
        CHECK_THROWS_AS(s.card.unwrap(CommandApdu::parse(flipped(wire, 2))), SecurityError);
    }
    SECTION("Le is outside the MAC") {
        Bytes other_le = wire;
        other_le.back() = 0x10;
        CHECK(s.card.unwrap(CommandApdu::parse(other_le)).data() == store_data.data());
        return;
    }
    SECTION("replayed command") {
        REQUIRE(s.card.unwrap(CommandApdu::parse(wire)) == store_data);
        CHECK_THROWS_AS(s.card.unwrap(CommandApdu::parse(wire)), SecurityError);
    }
    SECTION("commands out of order") {
        const Bytes second = s.host.wrap(store_data).encode();
        CHECK_THROWS_AS(s.card.unwrap(CommandApdu::parse(second)), SecurityError);
    }
    SECTION("plain command in a secured session") {
        CHECK_THROWS_AS(s.card.unwrap(store_data), SecurityError);
    }
    SECTION("MAC stripped") {
        CHECK_THROWS_AS(s.card.unwrap(CommandApdu(0x84, 0xE2, 0x91, 0x00, Bytes(7, 0))), SecurityError);
    }
    // Amd D §5.6: after a security error every later command is refused too, even the genuine one.
    CHECK(s.card.aborted());
    CHECK_THROWS_AS(s.card.unwrap(CommandApdu::parse(wire)), SecurityError);
}

TEST_CASE("Host refuses tampered and truncated answers and aborts", "[scp03][negative]") {
    const SecurityLevel level = GENERATE(SecurityLevel::CMacRMac, SecurityLevel::CMacCDecRMac,
                                         SecurityLevel::CMacCDecRMacREnc);
    CAPTURE(static_cast<int>(level));
    SessionSetup setup;
    setup.level = level;
    Session s = open_session(setup);
    REQUIRE(s.send(store_data) == store_data);
    const ResponseApdu answer = s.card.wrap(ResponseApdu(counting(20), ok));
    const Bytes wire = answer.encode();

    SECTION("flipped R-MAC bit") {
        CHECK_THROWS_AS(s.host.unwrap(ResponseApdu::parse(flipped(wire, wire.size() - 3, 0x02))), SecurityError);
    }
    SECTION("flipped data bit") {
        CHECK_THROWS_AS(s.host.unwrap(ResponseApdu::parse(flipped(wire, 0))), SecurityError);
    }
    SECTION("SW changed to another success-class SW") {
        Bytes warning = wire;
        warning[warning.size() - 2] = 0x62;
        warning[warning.size() - 1] = 0x83;
        CHECK_THROWS_AS(s.host.unwrap(ResponseApdu::parse(warning)), SecurityError);
    }
    SECTION("truncated by one byte") {
        Bytes cut = wire;
        cut.erase(cut.end() - 3);
        CHECK_THROWS_AS(s.host.unwrap(ResponseApdu::parse(cut)), SecurityError);
    }
    SECTION("truncated below the R-MAC") {
        CHECK_THROWS_AS(s.host.unwrap(ResponseApdu(counting(7), ok)), SecurityError);
    }
    SECTION("R-MAC stripped entirely") {
        CHECK_THROWS_AS(s.host.unwrap(ResponseApdu({}, ok)), SecurityError);
    }
    SECTION("data under an error SW") {
        CHECK_THROWS_AS(s.host.unwrap(ResponseApdu(counting(8), StatusWord{0x6A80})), SecurityError);
    }
    CHECK(s.host.aborted());
    CHECK_THROWS_AS(s.host.wrap(store_data), SecurityError);
    CHECK_THROWS_AS(s.host.unwrap(answer), SecurityError);
}

TEST_CASE("Host accepts a bare error SW without aborting", "[scp03][negative]") {
    Session s = open_session();
    REQUIRE(s.send(store_data) == store_data);
    CHECK(s.answer(ResponseApdu({}, StatusWord{0x6985})) == ResponseApdu({}, StatusWord{0x6985}));
    CHECK_FALSE(s.host.aborted());
    CHECK(s.send(store_data) == store_data);
}

TEST_CASE("R-ENCRYPTION padding is checked under a valid R-MAC", "[scp03][negative]") {
    // Built by hand from the public primitives: ciphertext whose plaintext lacks the 80 marker, with a correct
    // R-MAC, so only the padding check can refuse it.
    const Transcript& t = transcripts()[2]; // AES128 level 33
    const auto response = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp);
    scp03::HostWrapper host(keys_aes128(), t.host_challenge(), response, t.level());
    host.external_authenticate();
    host.unwrap(ResponseApdu({}, ok));
    const CommandApdu wire = host.wrap(CommandApdu::parse(get_eid_cmd_plain));
    REQUIRE(wire.encode() == t.get_eid_cmd);

    const scp03::SessionKeys keys =
        scp03::derive_session_keys(keys_aes128(), t.host_challenge(), response.card_challenge);
    using euicc::crypto::BlockCipher;
    // Response ICV: counter block 80 00..01 under S-ENC (Amd D §6.2.7).
    Bytes block(16, 0);
    block[0] = 0x80;
    block[15] = 0x01;
    const Bytes icv = euicc::crypto::ecb_encrypt(BlockCipher::Aes, keys.s_enc.view(), block);
    const Bytes ciphertext = euicc::crypto::cbc_encrypt(BlockCipher::Aes, keys.s_enc.view(), Bytes(16, 0x11), icv);
    // The chaining value after GET EID is the full C-MAC: recompute it from the wire command.
    const Bytes ea = t.ext_auth_cmd;
    const auto chain_ea = euicc::crypto::aes_cmac(keys.s_mac.view(), {Bytes(16, 0), ByteView(ea).first(5),
                                                                       ByteView(ea).subspan(5, 8)});
    const Bytes get_eid = t.get_eid_cmd;
    const auto chain = euicc::crypto::aes_cmac(keys.s_mac.view(), {chain_ea, ByteView(get_eid).first(5),
                                                                    ByteView(get_eid).subspan(5, 16)});
    REQUIRE(Bytes(chain.begin(), chain.begin() + 8) == Bytes(get_eid.begin() + 21, get_eid.begin() + 29));
    const auto rmac = euicc::crypto::aes_cmac(keys.s_rmac.view(), {chain, ciphertext, "9000"_hex});
    Bytes data = ciphertext;
    data.insert(data.end(), rmac.begin(), rmac.begin() + 8);
    CHECK_THROWS_AS(host.unwrap(ResponseApdu(data, ok)), SecurityError);
    CHECK(host.aborted());
}

TEST_CASE("Calls out of order", "[scp03][negative]") {
    const Transcript& t = transcripts()[0];
    const auto response = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp);
    scp03::HostWrapper host(keys_aes128(), t.host_challenge(), response, t.level());
    CHECK_THROWS_AS(host.wrap(store_data), std::logic_error);
    CHECK_THROWS_AS(host.unwrap(ResponseApdu({}, ok)), std::logic_error);
    host.external_authenticate();
    CHECK_THROWS_AS(host.external_authenticate(), std::logic_error);
    CHECK_THROWS_AS(host.external_authenticate_tlv(), std::logic_error);
    host.unwrap(ResponseApdu({}, ok));
    CHECK_THROWS_AS(host.unwrap(ResponseApdu({}, ok)), std::logic_error);
    CHECK_THROWS_AS(host.wrap_tlv(counting(4)), std::logic_error); // level 11 is no SCP03t level

    Session s = open_session();
    CHECK_THROWS_AS(s.card.wrap(ResponseApdu({}, ok)), std::logic_error);
    REQUIRE(s.send(store_data) == store_data);
    s.card.wrap(ResponseApdu({}, ok));
    // One answer per command: a second one would reuse the response ICV.
    CHECK_THROWS_AS(s.card.wrap(ResponseApdu(counting(3), ok)), std::logic_error);
}

TEST_CASE("EXTERNAL AUTHENTICATE refused: the host session ends", "[scp03][negative]") {
    const Transcript& t = transcripts()[0];
    const auto response = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp);
    scp03::HostWrapper host(keys_aes128(), t.host_challenge(), response, t.level());
    host.external_authenticate();
    CHECK(host.unwrap(ResponseApdu({}, StatusWord{0x6300})).sw() == StatusWord{0x6300});
    CHECK(host.aborted());
    CHECK_THROWS_AS(host.wrap(store_data), SecurityError);
}

TEST_CASE("Host argument checks", "[scp03][negative]") {
    const Transcript& t = transcripts()[0]; // i = 70
    const auto response = scp03::InitializeUpdateResponse::parse(t.init_upd_rsp);
    auto no_rmac = response;
    no_rmac.i = 0x10;
    CHECK_THROWS_AS(scp03::HostWrapper(keys_aes128(), t.host_challenge(), no_rmac, SecurityLevel::CMacRMac),
                    std::invalid_argument);
    scp03::SessionOptions options;
    options.logical_channel = 20;
    CHECK_THROWS_AS(scp03::HostWrapper(keys_aes128(), t.host_challenge(), response, t.level(), options),
                    std::invalid_argument);
    Session s = open_session();
    CHECK_THROWS_AS(s.host.wrap(CommandApdu(0x80, 0xE2, 0x91, 0x00, Bytes(65530, 0))), std::invalid_argument);
    CHECK_THROWS_AS(s.host.wrap(CommandApdu(0xFF, 0xE2, 0x91, 0x00, Bytes(3, 0))), std::invalid_argument);
    // Nothing was consumed by the refused calls: the session goes on.
    CHECK(s.send(store_data) == store_data);
}

TEST_CASE("Card argument checks", "[scp03][negative]") {
    NoRng no_rng;
    const scp03::InitializeUpdateCommand other_kvn{0x35, 0, {}};
    CHECK_THROWS_AS(scp03::CardWrapper(keys_aes128(), other_kvn, isd_r_card(1), no_rng), std::invalid_argument);
    scp03::CardParameters s16 = isd_r_card(1);
    s16.i = 0x78;
    CHECK_THROWS_AS(scp03::CardWrapper(keys_aes128(), {0x30, 0, {}}, s16, no_rng), std::invalid_argument);
    scp03::CardParameters no_aid = isd_r_card(1);
    no_aid.sd_aid.clear();
    CHECK_THROWS_AS(scp03::CardWrapper(keys_aes128(), {0x30, 0, {}}, no_aid, no_rng), std::invalid_argument);
    // KVN 00 = first available: the card answers with the keyset's own version.
    scp03::CardWrapper card(keys_aes128(), {0x00, 0, {}}, isd_r_card(1), no_rng);
    CHECK(card.initialize_update_response().kvn == 0x30);
}
