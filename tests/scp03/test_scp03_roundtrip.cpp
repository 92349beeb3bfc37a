// SPDX-License-Identifier: Apache-2.0
// SCP03 host -> card -> host round trips at every security level, key size, challenge mode and channel.
#include <catch2/catch.hpp>

#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/scp03.hpp>

#include "scp03_session.hpp"

using namespace scp03_test;
using scp03::SecurityLevel;

namespace {

const StatusWord ok{0x9000};

std::vector<CommandApdu> commands() {
    std::vector<CommandApdu> out = {
        CommandApdu(0x80, 0xF2, 0x20, 0x02),                              // case 1
        CommandApdu(0x80, 0xCA, 0x00, 0x66, {}, 256),                     // case 2
        CommandApdu(0x80, 0xF2, 0x40, 0x02, counting(5), std::nullopt),  // case 3
        CommandApdu(0x80, 0xF2, 0x80, 0x02, "4F00"_hex, 256),            // case 4
    };
    // Data lengths around the block and short-APDU limits; 1000 gives an extended APDU (3-byte Lc in the MAC).
    for (const std::size_t n : {1u, 15u, 16u, 17u, 239u, 240u, 247u, 248u, 255u, 1000u}) {
        out.emplace_back(0x80, 0xE2, 0x91, 0x00, counting(n, static_cast<std::uint8_t>(n)), std::nullopt);
    }
    return out;
}

std::vector<ResponseApdu> answers() {
    return {
        ResponseApdu({}, ok),
        ResponseApdu(counting(1), ok),
        ResponseApdu(counting(16), ok),
        ResponseApdu(counting(21, 0xBF), ok),
        ResponseApdu(counting(300), ok),
        ResponseApdu(counting(4), StatusWord{0x6310}), // warning: protected like 9000 (Amd D §6.2.5)
        ResponseApdu({}, StatusWord{0x6283}),
    };
}

} // namespace

TEST_CASE("Round trip at every level and key size", "[scp03][roundtrip]") {
    const SecurityLevel level = GENERATE(SecurityLevel::Authenticated, SecurityLevel::CMac, SecurityLevel::CMacCDec,
                                         SecurityLevel::CMacRMac, SecurityLevel::CMacCDecRMac,
                                         SecurityLevel::CMacCDecRMacREnc);
    const int bits = GENERATE(128, 192, 256);
    // 70: pseudo-random challenge (SGP.02); 60: random challenge from the card's Rng.
    const std::uint8_t i = GENERATE(std::uint8_t{0x70}, std::uint8_t{0x60});
    CAPTURE(static_cast<int>(level), bits, i);

    SessionSetup setup;
    setup.keys = keys_for(bits);
    setup.level = level;
    setup.i = i;
    Session s = open_session(setup);
    REQUIRE(s.host.authenticated());
    REQUIRE(s.card.authenticated());
    CHECK(s.card.level() == level);

    const auto all_answers = answers();
    std::size_t turn = 0;
    for (const CommandApdu& plain : commands()) {
        CAPTURE(plain.data().size());
        CHECK(s.send(plain) == plain);
        const ResponseApdu& reply = all_answers[turn++ % all_answers.size()];
        CHECK(s.answer(reply) == reply);
    }
    // An error SW travels alone, whatever data the application put next to it.
    CHECK(s.send(commands()[3]) == commands()[3]);
    CHECK(s.answer(ResponseApdu(counting(3), StatusWord{0x6A82})) == ResponseApdu({}, StatusWord{0x6A82}));
    CHECK_FALSE(s.host.aborted());
    CHECK_FALSE(s.card.aborted());
}

TEST_CASE("Wrapped commands carry the GP secure messaging CLA on every logical channel", "[scp03][roundtrip]") {
    const unsigned channel = GENERATE(0u, 1u, 3u, 4u, 5u, 19u);
    CAPTURE(channel);
    SessionSetup setup;
    setup.options.logical_channel = channel;
    Session s = open_session(setup);

    const std::uint8_t cla = euicc::apdu::cla_with_channel(0x80, channel);
    const CommandApdu plain(cla, 0xE2, 0x91, 0x00, counting(6), 256);
    const CommandApdu wire = s.host.wrap(plain);
    // GPCS Table 11-11/11-12: b3 on channels 0-3, b6 on 4-19; the channel itself is kept.
    CHECK(wire.cla() == (channel < 4 ? (0x84 | channel) : (0xE0 | (channel - 4))));
    CHECK(euicc::apdu::channel_of_cla(wire.cla()) == channel);
    CHECK(s.card.unwrap(CommandApdu::parse(wire.encode())) == plain);
    CHECK(s.answer(ResponseApdu(counting(2), ok)) == ResponseApdu(counting(2), ok));
}

TEST_CASE("The MAC does not cover the logical channel", "[scp03][roundtrip]") {
    // Amd D §6.2.4: the same command on channel 0 and 2 has the same C-MAC in otherwise equal sessions.
    Session a = open_session();
    Session b = open_session();
    const Bytes on_0 = a.host.wrap(CommandApdu(0x80, 0xCA, 0x00, 0x66, {}, 256)).encode();
    const Bytes on_2 = b.host.wrap(CommandApdu(0x82, 0xCA, 0x00, 0x66, {}, 256)).encode();
    CHECK(on_0[0] == 0x84);
    CHECK(on_2[0] == 0x86);
    CHECK(Bytes(on_0.begin() + 1, on_0.end()) == Bytes(on_2.begin() + 1, on_2.end()));
}

TEST_CASE("Pre-computed host session: no INITIALIZE UPDATE answer needed in pseudo-random mode", "[scp03][roundtrip]") {
    // SGP.02 relies on Amd D §6.2.2.1 pseudo-random challenges to prepare a session offline.
    const scp03::StaticKeys keys = keys_aes256();
    const scp03::Challenge host_challenge{9, 8, 7, 6, 5, 4, 3, 2};
    const scp03::CardParameters card_parameters = isd_r_card(41);
    const auto predicted = scp03::predict_initialize_update_response(keys, host_challenge, card_parameters);
    scp03::HostWrapper host(keys, host_challenge, predicted, SecurityLevel::CMacCDecRMacREnc);
    const Bytes authenticate = host.external_authenticate().encode();
    const Bytes first = host.wrap(CommandApdu(0x80, 0xE2, 0x91, 0x00, counting(40), 256)).encode();

    NoRng no_rng;
    scp03::CardWrapper card(keys, scp03::InitializeUpdateCommand{keys.kvn, 0, host_challenge}, card_parameters,
                            no_rng);
    CHECK(card.initialize_update_response() == predicted);
    CHECK(card.external_authenticate(CommandApdu::parse(authenticate)) == SecurityLevel::CMacCDecRMacREnc);
    CHECK(card.unwrap(CommandApdu::parse(first)).data() == counting(40));
    CHECK(host.unwrap(ResponseApdu::parse(card.wrap(ResponseApdu(counting(7), ok)).encode())).data() ==
          counting(7));

    scp03::CardParameters random_card = card_parameters;
    random_card.i = 0x60;
    CHECK_THROWS_AS(scp03::predict_initialize_update_response(keys, host_challenge, random_card),
                    std::invalid_argument);
}

TEST_CASE("Counter quirk: increment only for commands with data, on both sides", "[scp03][roundtrip]") {
    SessionSetup quirky;
    quirky.options.counter_only_with_data = true;
    Session q = open_session(quirky);
    Session normal = open_session();

    const CommandApdu no_data(0x80, 0xF2, 0x20, 0x02);
    const CommandApdu with_data(0x80, 0xE2, 0x91, 0x00, counting(20), 256);
    for (Session* s : {&q, &normal}) {
        CHECK(s->send(no_data) == no_data);
        CHECK(s->send(with_data) == with_data);
        CHECK(s->answer(ResponseApdu(counting(20), ok)) == ResponseApdu(counting(20), ok));
    }
    // Same keys and challenges: the case-1 command (no ICV used) is identical, the next ciphertext is not,
    // because the quirky session encrypts it under counter 1 instead of 2.
    Session q2 = open_session(quirky);
    Session n2 = open_session();
    CHECK(q2.host.wrap(no_data) == n2.host.wrap(no_data));
    CHECK(q2.host.wrap(with_data).data() != n2.host.wrap(with_data).data());
}

TEST_CASE("Host and card disagreeing on the counter quirk do not exchange plaintext", "[scp03][roundtrip]") {
    SessionSetup setup;
    Session s = open_session(setup);
    SessionSetup quirky;
    quirky.options.counter_only_with_data = true;
    Session q = open_session(quirky);
    // Same session keys (same seed), so the quirky host's commands MAC-verify on the strict card; only the
    // counter differs, and with it the ICV.
    const CommandApdu no_data(0x80, 0xF2, 0x20, 0x02);
    const CommandApdu with_data(0x80, 0xE2, 0x91, 0x00, counting(12), 256);
    CHECK(s.card.unwrap(CommandApdu::parse(q.host.wrap(no_data).encode())) == no_data);
    const Bytes wire = q.host.wrap(with_data).encode();
    bool differs = true;
    try {
        differs = s.card.unwrap(CommandApdu::parse(wire)).data() != with_data.data();
    } catch (const euicc::SecurityError&) {
        differs = true; // bad padding under the wrong ICV
    }
    CHECK(differs);
}
