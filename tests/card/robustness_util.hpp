// SPDX-License-Identifier: Apache-2.0
// Robustness-test oracle for the virtual eUICC: every answer ends with a status word applet_spec/README.md documents.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <set>

#include <euicc/apdu/bytes.hpp>

namespace euicc::card::test {

/// Every fixed status word applet_spec/README.md, ota.md and sgp02.md list. 6F00 is absent on purpose: it would mean
/// an exception escaped a handler. 6Cxx and 91xx are checked by their SW1.
inline const std::set<std::uint16_t> documented_sws{0x9000, 0x9300, 0x6300, 0x6310, 0x6700, 0x6881, 0x6882,
                                                    0x6884, 0x6982, 0x6985, 0x69E1, 0x6A80, 0x6A81, 0x6A82,
                                                    0x6A84, 0x6A86, 0x6A88, 0x6D00, 0x6E00};

/// Checks `answer` to `command`: at least SW1 SW2, a documented SW, data only with a success SW (9000, 91xx) or
/// the GET STATUS warning 6310 (more data).
inline void check_documented_answer(const Bytes& command, const Bytes& answer) {
    CAPTURE(to_hex(command), to_hex(answer));
    REQUIRE(answer.size() >= 2);
    const std::uint8_t sw1 = answer[answer.size() - 2];
    const auto sw = static_cast<std::uint16_t>(sw1 << 8 | answer.back());
    const bool documented = documented_sws.count(sw) == 1 || sw1 == 0x6C || sw1 == 0x91;
    CHECK(documented);
    if (sw != 0x9000 && sw != 0x6310 && sw1 != 0x91) {
        CHECK(answer.size() == 2); // only successful commands carry data
    }
}

} // namespace euicc::card::test
