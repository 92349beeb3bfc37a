// SPDX-License-Identifier: Apache-2.0
// Profile life-cycle and SM-SR change scenarios (SGP.02 ES5/ES8, spec/sgp02.md), written once against CardChannel:
// run in-process and over pcscd+vpcd.
#pragma once

#include <cstdint>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::scenarios {

struct ProfileLifecycleSetup {
    scp03::StaticKeys isd_r_keys;    ///< the current SM-SR's ISD-R keyset (the card's)
    scp03::StaticKeys isdp_keys;     ///< the keyset established in the new ISD-P
    scp03::StaticKeys new_smsr_keys; ///< the ISD-R keyset of the SM-SR taking over (smsr_change)
    Bytes profile;                   ///< a SAIP package, e.g. a GSMA TS.48 test profile
    std::uint32_t memory_quota = 64 * 1024;
    std::uint64_t seed = 1;          ///< host challenges (FixedRng), so two runs give the same transcript
};

/// The public lab keysets: the virtual eUICC's ISD-R test keyset (KVN 30: ENC 40..4F, MAC 50..5F, DEK 60..6F;
/// applet_spec), an ISD-P keyset and a second SM-SR's keyset (KVN 31). Test keys, known to everybody.
ProfileLifecycleSetup lab_setup(Bytes profile);

/// Create an ISD-P (memory quota; a quota beyond the card's memory is refused with NotEnoughMemoryError first),
/// establish its keys, download and install the profile over SCP03t, enable it (deleting it while enabled is
/// refused with a PolicyError), audit, read and confirm the notifications the switch produced, disable, delete;
/// an audit checks the card's view after each step. Asserts only through APDUs and returned values (Catch2
/// CHECK/REQUIRE). Leaves the card as it found it, apart from notifications and sequence counters.
void profile_lifecycle(transport::CardChannel& channel, const ProfileLifecycleSetup& setup);

/// SM-SR change: the new SM-SR's SCP03 keyset is put into the ISD-R and the old SM-SR's keysets are removed
/// (FinaliseISDRhandover); afterwards the old keys are refused (INITIALIZE UPDATE 6A88 or a card cryptogram that
/// does not match) and the new keys open sessions. Leaves the card with the new SM-SR's keys.
void smsr_change(transport::CardChannel& channel, const ProfileLifecycleSetup& setup);

} // namespace euicc::scenarios
