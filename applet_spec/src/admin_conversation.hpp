// SPDX-License-Identifier: Apache-2.0
// GP Amd B §3.4 / SGP.02 §2.4.4: one connection of an admin session: PSK-TLS, then the HTTP POST loop that
// fetches command scripts, runs them and posts their responses until 204 (applet_spec/admin_agent.md §4).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp81.hpp>
#include <euicc/apdu/secret_bytes.hpp>
#include <euicc/card/admin_session.hpp>

#include "admin_script_runner.hpp"
#include "psk_tls_client.hpp"

namespace euicc::card {

/// What one connection starts with.
struct ConversationSetup {
    std::string psk_identity; ///< SGP.02 §2.4.4.1 Table 4 text, or the trigger's 85 identity
    SecretBytes psk;
    scp81::AdminRequest first_post; ///< URI, Host, X-Admin-From, [service request], [resume]; no body
};

/// The card's half of one TLS connection, bytes in and bytes out; the BIP channel is the caller's. Updates the
/// counters and state of `record` (Handshaking, Posting; handshakes, posts, scripts_run, last_http_status,
/// retry_after). Borrows `scripts` and `record`. Never throws past its methods: failures become Outcome::Failed.
class AdminConversation {
public:
    enum class Outcome : std::uint8_t {
        Running,  ///< waiting for records from the server
        Finished, ///< 204: close_notify is in the output; close the channel, the session is done
        Busy,     ///< 503: close_notify is in the output; close and retry after retry_after() (or the policy's delay)
        Failed,   ///< TLS or HTTP failure (failure() says which); close the channel and retry
    };

    /// Starts the handshake (the ClientHello is in the output). A setup OpenSSL refuses ends Failed at once.
    AdminConversation(ConversationSetup setup, AdminScriptRunner& scripts, AdminSessionRecord& record);

    /// Records from the channel: handshake, HTTP responses, scripts, the next POST.
    void receive(ByteView records);
    /// Records for the channel (emptied).
    Bytes take_output();

    Outcome outcome() const noexcept { return m_outcome; }
    const std::string& failure() const noexcept { return m_failure; }
    std::optional<std::chrono::seconds> retry_after() const noexcept { return m_retry_after; }
    /// Scripts this connection ran.
    unsigned scripts_run() const noexcept { return m_scripts_run; }

private:
    void post(const scp81::AdminRequest& request);
    void answer(const scp81::AdminResponse& response);
    void fail(std::string reason);

    std::optional<PskTlsClient> m_tls;
    scp81::ResponseParser m_parser;
    scp81::AdminRequest m_first_post;
    AdminScriptRunner& m_scripts;
    AdminSessionRecord& m_record;
    Bytes m_output;
    bool m_first_sent = false;
    unsigned m_scripts_run = 0;
    Outcome m_outcome = Outcome::Running;
    std::string m_failure;
    std::optional<std::chrono::seconds> m_retry_after;
};

} // namespace euicc::card
