// SPDX-License-Identifier: Apache-2.0
// The SM-SR's push-mode administration session with one card (GP Amd B §3.7-§3.8, SGP.02 §2.4.3-§2.4.4; the
// patent's trigger -> access time -> secure connection): trigger over SMS-PP, the card's wait, its BIP channel
// relayed to the admin server, until the server has served it or the card has given up.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/trigger.hpp>
#include <euicc/host/admin_records.hpp>
#include <euicc/host/ota_session.hpp>
#include <euicc/host/tcp_bip_handler.hpp>
#include <euicc/host/terminal_loop.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host {

/// A terminal clock a lab can move forward: the terminal's timers then expire at once, so a card told to wait
/// half an hour for its access time opens its channel without the wait. Copies share the offset; thread-safe.
class LabClock {
public:
    LabClock();
    /// steady_clock::now() + the offset; give it to the StandardTerminal and the TerminalLoop.
    TerminalClockFn function() const;
    TerminalClock::time_point now() const;
    /// Moves the clock forward by `by` (negative durations are ignored).
    void advance(TerminalClock::duration by);
    TerminalClock::duration offset() const;

private:
    std::shared_ptr<std::atomic<std::int64_t>> m_offset_ns;
};

/// What the SM-SR puts in a trigger for its admin server (spec/scp81.md §2.2, applet_spec/trigger.md).
struct AdminTriggerSettings {
    trigger::OperationType operation = trigger::OperationType::ProfileDownload;
    std::string server_ip = "127.0.0.1";  ///< IPv4/IPv6 literal the card's OPEN CHANNEL names (3E)
    std::uint16_t server_port = 0;        ///< 3C port; 0 is refused
    std::uint16_t buffer_size = 1400;     ///< 39
    std::optional<trigger::AccessControl> access_control;  ///< E1; absent: the card connects at once
    std::optional<trigger::RetryPolicy> retry;             ///< 86; absent: the card's defaults
    std::string admin_uri = "/smsr/admin";                 ///< 8C
    std::string smsr_id = "euicc-host";
    Bytes request_id;  ///< E1 correlation id of the SM-SR's job
    /// false: the standard GP Amd B trigger only (no E1), as for a card that does not know the extension.
    bool extension = true;
};

/// Throws std::invalid_argument for port 0 or an address that is no IP literal.
trigger::Trigger build_admin_trigger(const AdminTriggerSettings& settings);

enum class TriggeredOutcome : std::uint8_t {
    Completed,   ///< the admin server ran the plan and ended the session with 204
    NothingToDo, ///< the server had no plan for the card's request (ended with 204)
    Failed,      ///< the last session failed and the card stopped trying (no timer, no channel left)
    NoSession,   ///< the card never reached the server and stopped trying (or never tried)
    TimedOut,    ///< `timeout` passed first
    CardLost,    ///< the card or its reader went away mid-session (run_lab_session; failure names the error)
};

std::string_view to_string(TriggeredOutcome outcome) noexcept;

struct TriggeredSessionOptions {
    /// Longest real time from the trigger to the end.
    std::chrono::milliseconds timeout{120'000};
    /// When set (the clock of the terminal): whenever the card waits on a timer with no channel open, the clock
    /// jumps to the timer's expiry (lab fast-forward of the access time and retry delays).
    std::optional<LabClock> fast_forward;
    /// Live log: one line per terminal-side happening (trigger sent, timer, channel, envelope); server-side steps
    /// come from AdminRecords' listener. Must not throw.
    std::function<void(const std::string&)> on_log;
    /// How long after the server's last step the card may take to close its channel before the run ends anyway.
    std::chrono::milliseconds close_grace{3'000};
};

struct TriggeredSessionResult {
    TriggeredOutcome outcome = TriggeredOutcome::TimedOut;
    std::string eid;
    OtaDelivery delivery;             ///< the trigger SMS-PP (counter used, PoR when one came)
    std::vector<AdminEvent> events;   ///< the server's events for this EID since the trigger
    TerminalLoopSummary loop;         ///< steps, envelopes, proactive commands after the trigger
    double seconds = 0;               ///< real time from the trigger to the end
    double fast_forwarded_seconds = 0; ///< how far the LabClock was moved
    std::string failure;              ///< why, when not Completed / NothingToDo
};

/// Sends `trigger` through `ota` (SMS-PP download to the ISD-R) and drives `terminal` (whose StandardTerminal
/// relays BIP through `bip`, and whose clock is the fast_forward clock when one is given) with a TerminalLoop
/// until `records` show the end of the card's session, the card has stopped trying, or the timeout.
/// `records` are the admin server's; `eid` names the card in them. The server must be running.
/// Errors from the card exchange (StatusWordError, TransportError, PorError) propagate.
TriggeredSessionResult run_triggered_session(OtaSession& ota, ToolkitTerminal& terminal, TcpBipHandler& bip,
                                             const AdminRecords& records, std::string_view eid,
                                             const trigger::Trigger& trigger,
                                             const TriggeredSessionOptions& options = {});

} // namespace euicc::host
