// SPDX-License-Identifier: Apache-2.0
// One SM-SR push-mode admin session against one card, all parts on this host (GP Amd B §3.7-§3.8, SGP.02 §2.4):
// the admin server on loopback, the terminal relaying BIP, the trigger over SMS-PP (`euicc session`, Python).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <euicc/host/admin_psk_store.hpp>
#include <euicc/host/admin_records.hpp>
#include <euicc/host/admin_server.hpp>
#include <euicc/host/admin_session_plan.hpp>
#include <euicc/host/counter_store.hpp>
#include <euicc/host/ota_session.hpp>
#include <euicc/host/tcp_bip_handler.hpp>
#include <euicc/host/triggered_session.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::host {

/// The ISD-R SCP81 keyset of the virtual eUICC (KVN 40: PSK 70..7F, DEK 80..8F): public lab test keys.
Scp81Keyset lab_test_scp81_keyset();

struct LabSessionRequest {
    /// What the server does for the card. plan.operation is also the trigger's operation type (an audit-only
    /// plan triggers with StatusChange).
    AdminPlan plan;
    /// The card's PSK keyset as the SM-SR holds it.
    Scp81Keyset psk = lab_test_scp81_keyset();
    /// SCP80 parameters of the trigger SMS (keys, SPI, TAR); counter_key is filled from the EID when empty.
    OtaParameters ota;
    /// Trigger details; server_ip/server_port are set to the admin server's, operation from the plan.
    AdminTriggerSettings trigger;
    AdminServerOptions server;  ///< address 127.0.0.1, ephemeral port by default
    TcpBipOptions bip;          ///< relay options (overrides for labs whose SM-SR runs elsewhere)
    /// Lab fast-forward: the terminal's timers expire at once (access time, retry delays).
    bool fast_forward = false;
    std::chrono::milliseconds timeout{120'000};
    /// The EID; empty: read from the card (GET DATA 5A on the ISD-R).
    std::string eid;
    /// Live log, one line per step of the terminal and of the server (server lines start with "smsr: ").
    /// Called from this thread and from the server's thread; must be thread-safe and must not throw.
    std::function<void(const std::string&)> on_log;
};

struct LabSessionResult {
    TriggeredSessionResult session;
    AdminCounters server;          ///< the admin server's counters at the end
    std::optional<AdminCardRecord> record;  ///< everything the server recorded for the EID
};

/// Reads the EID (unless given), sends TERMINAL PROFILE, starts an AdminServer with `psk` for the EID and a
/// planner giving `plan` to it, pushes the trigger through an OtaSession over `channel` with `counters`, and
/// drives the terminal (TcpBipHandler relay) until the session ends (run_triggered_session); stops the server.
/// A TransportError after the EID was read (card pulled, reader gone) does not propagate: the relay's
/// links are dropped, the server records the session failed (retryable), and the result says CardLost with the
/// error's text, together with the server's record. Throws std::invalid_argument for an invalid plan or keyset;
/// reading the EID and card refusals (StatusWordError, PorError) propagate.
LabSessionResult run_lab_session(transport::CardChannel& channel, CounterStore& counters,
                                 const LabSessionRequest& request);

} // namespace euicc::host
