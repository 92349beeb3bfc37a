// SPDX-License-Identifier: Apache-2.0
// Fuzz helper: a broken round-trip property stops the fuzzer with a crash libFuzzer records as an artifact.
#pragma once

namespace euicc::fuzz {

/// Traps (a crash with the input saved) when a property the codec promises does not hold.
inline void require(bool property) {
    if (!property) {
        __builtin_trap();
    }
}

} // namespace euicc::fuzz
