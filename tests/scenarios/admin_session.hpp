// SPDX-License-Identifier: Apache-2.0
// SCP81 admin session scenarios (GP Amd B §3.4, SGP.02 §2.4.4, spec/scp81.md): trigger over SMS-PP, the card's
// PSK-TLS session over BIP relayed to the admin server on loopback, the SGP.02 operation inside it. Written once
// against CardChannel, run in-process and over pcscd+vpcd. The card must hold the public lab test keysets.
#pragma once

#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/host/counter_store.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::scenarios {

/// Install (create ISD-P, keys, SCP03t download, enable) in one triggered session with a 30-minute access window
/// (fast-forwarded), an audit session showing the profile enabled, then disable and delete sessions and a last
/// audit without it: the card is left as it was found.
void admin_session_lifecycle(transport::CardChannel& channel, host::CounterStore& counters, const Bytes& profile);

/// SM-SR change in a session (new SCP03, SCP80 and SCP81 keysets in, the old ones out); afterwards the old
/// SM-SR's PSK opens no session (the card asks for the new keyset, the old SM-SR does not hold it) and the new
/// SM-SR's does. Changes the card for good: run it on a card of its own.
void admin_session_smsr_change(transport::CardChannel& channel, host::CounterStore& counters);

} // namespace euicc::scenarios
