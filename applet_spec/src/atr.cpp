// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-3 §8: the virtual eUICC's Answer-to-Reset and its check byte TCK.
#include "atr.hpp"

#include <array>
#include <stdexcept>

namespace euicc::card {

namespace {

// Everything but TCK. The interface bytes offer T=0 (TD1) and T=1 (TD2) and end with the T=15 global
// byte TA4 (clock stop, classes A/B/C, ISO 7816-3 §8.3); because a protocol other than T=0 is
// offered, TCK is mandatory (ISO 7816-3 §8.2.5). The historical bytes are compact-TLV (7816-4 §8.1.1).
constexpr std::array<std::uint8_t, 22> atr_body{
    0x3B,                    // TS: direct convention
    0x9F,                    // T0: TA1 and TD1 present, 15 historical bytes
    0x96,                    // TA1: Fi=512, Di=32
    0x80,                    // TD1: TD2 present, T=0
    0x81,                    // TD2: TD3 present, T=1
    0x1F,                    // TD3: TA4 present, T=15
    0xC7,                    // TA4: clock stop, no preference; classes A, B and C
    0x80,                    // category: compact-TLV objects follow
    0x31, 0xE0,              // card service data: selection by full and partial DF name
    0x73, 0xFE, 0x21, 0x1F,  // card capabilities: logical channels assigned by card and terminal, 8 or more
    0x63, 0x3A, 0x20, 0x4E,  // pre-issuing data
    0x83, 0x00, 0x90, 0x00,  // status indicator: life cycle 00, SW 9000
};

} // namespace

std::uint8_t atr_check_byte(ByteView atr_without_tck) {
    if (atr_without_tck.size() < 2) {
        throw std::invalid_argument("ATR needs at least TS and T0 to compute TCK");
    }
    std::uint8_t tck = 0;
    for (const std::uint8_t b : atr_without_tck.subspan(1)) {  // TS is excluded (ISO 7816-3 §8.2.5)
        tck ^= b;
    }
    return tck;
}

Bytes answer_to_reset() {
    Bytes atr(atr_body.begin(), atr_body.end());
    atr.push_back(atr_check_byte(atr));
    return atr;
}

} // namespace euicc::card
