// SPDX-License-Identifier: Apache-2.0
// Robustness of VirtualEuicc::process: random and mutated C-APDUs always get a documented status word.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "card_test_util.hpp"
#include "robustness_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::check_documented_answer;
using card::test::transmit;

TEST_CASE("random byte strings never crash the card and always get a status word", "[card][robustness]") {
    card::VirtualEuicc card({});
    std::mt19937 rng(20240601);  // fixed seed: a failure reproduces
    std::uniform_int_distribution<int> length(0, 300);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int i = 0; i < 4000; ++i) {
        Bytes command(static_cast<std::size_t>(length(rng)));
        std::generate(command.begin(), command.end(), [&] { return static_cast<std::uint8_t>(byte(rng)); });
        check_documented_answer(command, card.process(command));
    }
    // Still a working card afterwards.
    card.reset();
    CHECK(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    CHECK(transmit(card, "80CA005A00"_hex) == std::string("5A10") + card::test::default_eid + "9000");
}

TEST_CASE("mutated valid commands never crash the card", "[card][robustness]") {
    const std::vector<Bytes> valid{
        "00A4040010A0000005591010FFFFFFFF890000010000"_hex,
        "00A4040C10A0000005591010FFFFFFFF8900000200"_hex,
        "00A40004023F00"_hex,
        "00A4040000"_hex,
        "80CA005A00"_hex,
        "0070000001"_hex,
        "0070800100"_hex,
        "0070000300"_hex,
        "41A4040C10A0000005591010FFFFFFFF8900000200"_hex,
        "C1CA005A00"_hex,
    };
    card::VirtualEuicc card({});
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> mutation(0, 3);
    for (int i = 0; i < 4000; ++i) {
        Bytes command = valid[static_cast<std::size_t>(i) % valid.size()];
        const int mutations = 1 + i % 3;
        for (int m = 0; m < mutations; ++m) {
            std::uniform_int_distribution<std::size_t> position(0, command.size());
            const std::size_t at = position(rng);
            switch (mutation(rng)) {
            case 0:  // replace a byte
                if (at < command.size()) {
                    command[at] = static_cast<std::uint8_t>(byte(rng));
                }
                break;
            case 1:  // truncate
                command.resize(at);
                break;
            case 2:  // insert a byte
                command.insert(command.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(byte(rng)));
                break;
            default:  // flip one bit
                if (at < command.size()) {
                    command[at] ^= static_cast<std::uint8_t>(1u << (byte(rng) % 8));
                }
                break;
            }
        }
        check_documented_answer(command, card.process(command));
        if (i % 200 == 0) {
            card.reset();  // also exercise the paths of a freshly reset card
        }
    }
}
