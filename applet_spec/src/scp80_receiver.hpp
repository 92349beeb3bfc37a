// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 225 §5 receiving entity of the ISD-R: key lookup by TAR/KIc/KID, packet checks, durable counter, PoR.
#pragma once

#include <cstdint>

#include <euicc/apdu/scp80.hpp>
#include <euicc/card/ota_settings.hpp>

#include "replay_counters.hpp"

namespace euicc::card {

/// A command packet after the receiving entity's checks.
struct Reception {
    scp80::CommandUnwrapResult outcome;
    /// The keys the packet was checked with; the PoR of an accepted command is protected with them.
    scp80::Keyset keys;
};

/// Checks command packets addressed to the ISD-R and protects its PoRs. Borrows `settings` and `counters`.
class Scp80Receiver {
public:
    Scp80Receiver(const OtaSettings& settings, ReplayCounters& counters);

    /// TS 102 225 §5.1 checks (scp80::unwrap_command) with the ISD-R's TAR, key sets, stored counters and MSL.
    /// When the packet is accepted and its SPI asks for counter checking, its CNTR is stored durably before this
    /// returns, so a replay after a crash is refused. Throws euicc::Error when that store fails (then nothing
    /// may be executed); a rejected packet changes nothing.
    Reception receive(ByteView packet);

    /// The PoR user data (`02 71 00` + response packet) for an accepted command (scp80::wrap_response).
    static Bytes proof_of_receipt(const Reception& reception, scp80::ResponseStatus status, ByteView data);

private:
    /// The key version the KIc/KID bytes name: KIc's, or KID's when KIc names none.
    static std::uint8_t key_version(std::uint8_t kic, std::uint8_t kid) noexcept;
    const OtaKeyset* find_keyset(std::uint8_t kvn) const noexcept;

    const OtaSettings& m_settings;
    ReplayCounters& m_counters;
};

} // namespace euicc::card
