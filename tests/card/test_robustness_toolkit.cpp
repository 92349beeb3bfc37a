// SPDX-License-Identifier: Apache-2.0
// Robustness of the virtual eUICC's toolkit side: random envelopes (D1/D6/D7), random SMS TPDUs, truncated and
// mutated secured packets, and random toolkit traffic during a triggered session never crash it or give 6F00.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <random>
#include <vector>

#include <euicc/apdu/comprehension_tlv.hpp>
#include <euicc/apdu/trigger.hpp>

#include "card_test_util.hpp"
#include "ota_test_util.hpp"
#include "robustness_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::check_documented_answer;

namespace {

class Random {
public:
    explicit Random(std::uint32_t seed) : m_engine(seed) {}

    std::size_t below(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_engine);
    }
    std::uint8_t byte() { return static_cast<std::uint8_t>(below(256)); }
    Bytes bytes(std::size_t max_length) {
        Bytes out(below(max_length + 1));
        std::generate(out.begin(), out.end(), [this] { return byte(); });
        return out;
    }
    template <typename T>
    const T& pick(const std::vector<T>& from) {
        return from[below(from.size())];
    }

private:
    std::mt19937 m_engine;
};

/// An ENVELOPE C-APDU around `ber_tlv` (at most 255 bytes: longer ones are cut, which is a test input too).
Bytes envelope(Bytes ber_tlv) {
    ber_tlv.resize(std::min<std::size_t>(ber_tlv.size(), 255));
    if (ber_tlv.empty()) {
        ber_tlv.push_back(0xD1);
    }
    return cat::envelope_apdu(ber_tlv).encode();
}

/// COMPREHENSION-TLVs with the tags envelopes use (and some they do not), random values.
Bytes random_objects(Random& random) {
    static const std::vector<std::uint16_t> tags{0x02, 0x06, 0x0B, 0x19, 0x24, 0x25, 0x37, 0x38, 0x13, 0x7E};
    std::vector<ctlv::Tlv> objects;
    const std::size_t count = random.below(6);
    for (std::size_t i = 0; i < count; ++i) {
        objects.push_back(ctlv::Tlv{random.pick(tags), random.below(2) == 1, random.bytes(40), false});
    }
    return ctlv::encode_all(objects);
}

/// Changes `data` for sure (a mutation that leaves it as it was would let a valid packet through).
void mutate(Random& random, Bytes& data) {
    if (data.empty()) {
        return;
    }
    switch (random.below(3)) {
    case 0:
        data[random.below(data.size())] ^= static_cast<std::uint8_t>(1 + random.below(255));
        break;
    case 1:
        data.resize(random.below(data.size()));
        break;
    default:
        data[random.below(data.size())] ^= static_cast<std::uint8_t>(1u << random.below(8));
        break;
    }
}

} // namespace

TEST_CASE("random D1 / D6 / D7 envelopes never crash the card", "[card][robustness]") {
    card::VirtualEuicc card({});
    Random random(3101);
    static const std::vector<std::uint8_t> tags{0xD1, 0xD6, 0xD7, 0xD2, 0xD3};
    for (int i = 0; i < 3000; ++i) {
        const Bytes command = envelope(ber::encode(random.pick(tags), random_objects(random)));
        check_documented_answer(command, card.process(command));
    }
}

TEST_CASE("random and mutated SMS TPDUs in well-formed SMS-PP downloads never crash the card",
          "[card][robustness]") {
    card::VirtualEuicc card({});
    Random random(3102);
    const Bytes packet =
        scp80::wrap_command(card::test::isd_r_header(1), card::test::test_keys(), "80CA005A00"_hex);
    const Bytes valid = card::test::deliver_tpdus(packet).at(0);
    for (int i = 0; i < 3000; ++i) {
        Bytes tpdu = random.below(2) == 0 ? random.bytes(180) : valid;
        mutate(random, tpdu);
        const Bytes command = card::test::envelope_apdu_for(tpdu);
        check_documented_answer(command, card.process(command));
    }
}

TEST_CASE("truncated and mutated secured packets get an error PoR, never a crash", "[card][robustness]") {
    card::VirtualEuicc card({});
    Random random(3103);
    const Bytes packet = scp80::wrap_command(card::test::isd_r_header(9), card::test::test_keys(),
                                             "81178315841335010339020578"
                                             "3C03021F90"
                                             "3E05217F000001"_hex);
    for (int i = 0; i < 2000; ++i) {
        Bytes broken = packet;
        mutate(random, broken);
        if (broken.empty()) {
            continue;
        }
        sms::UserData user_data;
        user_data.header = sms::Udh{{{sms::iei::command_packet, {}}}};
        user_data.body = broken;
        const Bytes tpdu =
            sms::make_sms_pp_deliver(card::test::smsr_address(), card::test::some_time(), user_data).encode();
        const Bytes command = card::test::envelope_apdu_for(tpdu);
        const Bytes answer = card.process(command);
        check_documented_answer(command, answer);
        // Nothing broken is ever executed (the trigger would ask for OPEN CHANNEL at once). The only proactive
        // command is an error PoR by SMS-SUBMIT, when the flipped SPI byte 2 asks for that.
        const apdu::StatusWord sw(answer[answer.size() - 2], answer.back());
        if (sw.sw1() == 0x91) {
            const cat::ProactiveCommand por = card::test::fetch(card, sw);
            CHECK(std::holds_alternative<cat::SendShortMessage>(por));
            CHECK(card::test::respond_ok(card, por).sw() == apdu::sw::ok);
        }
    }
    CHECK_FALSE(card.admin_session().has_value());
}

TEST_CASE("random toolkit traffic during a triggered session never crashes the card", "[card][robustness]") {
    card::VirtualEuiccConfig config;
    config.rng = std::make_shared<FixedRng>(7);
    card::VirtualEuicc card(std::move(config));
    // A session that keeps going: back-off 100 s, and 1000 retries 10 s apart.
    trigger::AdminSessionParameters session;
    session.connection = ctlv::parse_all("350103390205DC3C030220FB3E05217F000001"_hex);
    session.retry = trigger::RetryPolicy{1000, std::chrono::seconds{10}, true, {}};
    trigger::Trigger t;
    t.session = session;
    t.extension = trigger::Extension{};
    t.extension->access_control = trigger::BackoffTimer{std::chrono::seconds{100}};
    const auto header = card::test::isd_r_header(1);
    check_documented_answer(
        {}, card.process(card::test::sms_pp_envelopes(
                             scp80::wrap_command(header, card::test::test_keys(), trigger::encode(t)))
                             .at(0)));
    Random random(3104);
    const std::vector<Bytes> moves{
        "8012000000"_hex,                             // FETCH
        "80C200000ED70C82028281A40101A503000010"_hex, // timer 1 expired
        "80C200000ED70C82028281A40102A503000010"_hex, // timer 2 expired
        "801000000101"_hex,                           // TERMINAL PROFILE
    };
    for (int i = 0; i < 3000; ++i) {
        Bytes command;
        switch (random.below(4)) {
        case 0:
            command = random.pick(moves);
            break;
        case 1: {
            // A TERMINAL RESPONSE to whatever command number/type, with a random result.
            cat::TerminalResponse response;
            response.details.number = static_cast<std::uint8_t>(1 + random.below(6));
            response.details.type =
                random.below(2) == 0 ? cat::CommandType::OpenChannel : cat::CommandType::TimerManagement;
            response.result.general = static_cast<cat::GeneralResult>(
                random.pick(std::vector<std::uint8_t>{0x00, 0x07, 0x20, 0x30, 0x3A}));
            if (random.below(2) == 0) {
                response.channel_statuses.push_back(
                    cat::ChannelStatus{static_cast<std::uint8_t>(random.below(8)), true, 0, 0});
            }
            command = cat::terminal_response_apdu(response).encode();
            break;
        }
        case 2:
            command = Bytes{0x80, 0x12, 0x00, 0x00, random.byte()};
            break; // FETCH with any Le
        default:
            command = random.pick(moves);
            mutate(random, command);
            break;
        }
        check_documented_answer(command, card.process(command));
        if (i % 500 == 0) {
            card.reset();
        }
    }
}
