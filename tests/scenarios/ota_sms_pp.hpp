// SPDX-License-Identifier: Apache-2.0
// OTA over SMS-PP scenarios (TS 102 225 SCP80, TS 102 226 scripts, applet_spec/trigger.md), written once against
// CardChannel and run in-process and over pcscd+vpcd. The card must hold the public lab test keyset.
#pragma once

#include <string>

#include <euicc/host/counter_store.hpp>
#include <euicc/host/ota_session.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::scenarios {

/// The SCP80 parameters of the virtual eUICC's public lab TEST keyset (applet_spec/ota.md) for card `eid`.
host::OtaParameters lab_parameters(const std::string& eid);

/// RAM scripts to the ISD-R: compact and expanded, PoR in the ENVELOPE response and by SMS-SUBMIT, a script long
/// enough for concatenated SMS, a replayed counter refused (PoR 02), a wrong key refused (PoR 01, nothing run).
/// `counters` must be ahead of the card's stored counter (a fresh card: any store).
void ota_ram_scripts(transport::CardChannel& channel, host::CounterStore& counters, const std::string& eid);

/// A trigger with a 30-minute back-off: the card asks for TIMER MANAGEMENT (r x 1800 s), the terminal's clock is
/// moved to the expiry, and the card asks for OPEN CHANNEL to the trigger's address and port.
void ota_trigger(transport::CardChannel& channel, host::CounterStore& counters, const std::string& eid);

} // namespace euicc::scenarios
