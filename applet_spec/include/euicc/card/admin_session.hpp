// SPDX-License-Identifier: Apache-2.0
// What the virtual eUICC knows about its SCP81 administration session (applet_spec/trigger.md §5,
// applet_spec/admin_agent.md): trigger or pull request, waits, BIP channel, PSK-TLS, HTTP POST loop, retries.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <euicc/apdu/cat_result.hpp>
#include <euicc/apdu/trigger.hpp>

namespace euicc::card {

/// A snapshot of the latest administration session, for tests, diagnostics and the CLI (scenarios assert through
/// APDUs). States in the order a successful session passes them (admin_agent.md §2).
struct AdminSessionRecord {
    enum class State : std::uint8_t {
        WaitingForTimer, ///< the access time has not come: TIMER MANAGEMENT asked or to be asked
        OpeningChannel,  ///< OPEN CHANNEL queued or fetched, its TERMINAL RESPONSE not yet in
        ChannelOpen,     ///< the terminal opened the channel; the card registers its BIP events
        Handshaking,     ///< PSK-TLS handshake over the channel
        Posting,         ///< TLS is up: a POST is on its way or its response is awaited
        Closing,         ///< close_notify and CLOSE CHANNEL on their way (after 204, a failure or 503)
        WaitingRetry,    ///< an attempt failed: waiting the retry delay (TIMER MANAGEMENT) before OPEN CHANNEL
        Done,            ///< the server ended the session with 204 and the channel is closed
        Failed,          ///< given up: the session is dropped, `failure` says why
    };

    State state = State::WaitingForTimer;
    /// As decoded: operation, mode, 84/85/86/89, SM-SR id/address. A pull session (request_admin_session) carries
    /// the trigger the card built for itself, with the extension's mode Pull.
    trigger::Trigger trigger;
    trigger::ManagementMode mode = trigger::ManagementMode::Push;
    std::chrono::system_clock::time_point received{}; ///< the card's clock when the trigger was processed
    std::chrono::system_clock::time_point
        access_time{};                 ///< trigger::access_time(access control, r, received)
    std::chrono::seconds delay{0};     ///< access_time - received, rounded up to whole seconds
    std::chrono::seconds remaining{0}; ///< the part of the current wait no timer expiration has covered yet
    std::uint16_t retries_left = 0;    ///< from the retry policy (86; 3 without one), decremented per retry
    unsigned retries = 0;              ///< retries started so far (attempts - 1 once the first attempt failed)
    unsigned open_channel_attempts = 0;
    std::optional<std::uint8_t> channel_id; ///< of the open channel (from OPEN CHANNEL's channel status)
    std::optional<std::uint16_t> buffer_size; ///< the channel buffer the terminal granted (OPEN CHANNEL 39)
    std::optional<cat::Result> last_result; ///< of the last TERMINAL RESPONSE to a command of this session
    unsigned handshakes = 0;             ///< PSK-TLS handshakes completed
    unsigned posts = 0;                  ///< HTTP POSTs sent (all attempts)
    unsigned scripts_run = 0;            ///< command scripts executed (all attempts)
    std::uint64_t bytes_sent = 0;        ///< channel bytes handed to SEND DATA (TLS records)
    std::uint64_t bytes_received = 0;    ///< channel bytes taken by RECEIVE DATA
    std::optional<unsigned> last_http_status; ///< of the last HTTP response (200, 204, 503, 400, ...)
    std::optional<std::chrono::seconds> retry_after; ///< of the last 503 Busy that carried one
    std::string last_error;              ///< why the last attempt failed (kept when a retry follows)
    std::string failure;                 ///< empty unless state == Failed
};

/// A session the card starts on its own, without a trigger (pull mode, applet_spec/admin_agent.md §7). The
/// fields are those of a trigger's 83 and E1; what is absent comes from the card's stored values, as for a trigger.
struct AdminSessionRequest {
    /// X-Admin-Service-Request `operation=<...>; mode=pull` of the first POST.
    trigger::OperationType operation = trigger::OperationType::ProfileDownload;
    /// The OPEN CHANNEL objects, as in a trigger's 84 (trigger::connection_from(trigger::tcp_client_open_channel(
    /// ip, port))). Required: the card stores no connection parameters.
    std::vector<ctlv::Tlv> connection;
    std::optional<trigger::SecurityParameters> security; ///< as 85: PSK identity and key reference
    std::optional<trigger::RetryPolicy> retry;           ///< as 86; absent: 3 retries, 60 s apart
    trigger::HttpPostParameters http_post;               ///< as 89: Host, X-Admin-From, first URI
    std::string smsr_id;                                 ///< kept in the record's trigger extension
};

/// "waiting for timer", "opening channel", "channel open", "handshaking", "posting", "closing", "waiting retry",
/// "done", "failed".
std::string_view to_string(AdminSessionRecord::State state) noexcept;

} // namespace euicc::card
