// SPDX-License-Identifier: Apache-2.0
// A CardChannel through an SCP81 admin session (GP Amd B §3.4, ETSI TS 102 226 §5.2; spec/scp81.md §5): each
// C-APDU goes to the card as a one-command script in the answer to its POST, the R-APDU comes back in its
// next.
#pragma once

#include <cstddef>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::host {

/// The server's end of one admin session as the tunnel sees it: a card POST is waiting for an answer.
class AdminExchange {
public:
    virtual ~AdminExchange() = default;

    /// Answers the waiting POST with 200 OK + `script` (an expanded command script) and returns the card's
    /// next POST, which again waits for an answer. Throws CardRemovedError when the card closes the
    /// connection, TimeoutError when it does not POST in time, CodecError for a malformed POST (answered with
    /// 400, then the connection is closed; every later call throws CardRemovedError).
    virtual scp81::AdminRequest send_script(const Bytes& script) = 0;
};

/// The card could not run a script: its X-Admin-Script-Status was not `ok` (GP Amd B §3.4.1).
class AdminScriptError : public Error {
public:
    explicit AdminScriptError(scp81::ScriptStatus status);
    scp81::ScriptStatus status() const noexcept { return m_status; }

private:
    scp81::ScriptStatus m_status;
};

/// CardChannel over an AdminExchange, so the synchronous SGP.02 operations (IsdR, IsdP) run unchanged inside
/// an admin session. do_transmit() sends `AA L { 22 L <C-APDU> }` (TS 102 226 §5.2.1) and expects
/// X-Admin-Script-Status `ok` with a response script holding exactly one R-APDU: `AB L { 80 01 01, 23 L ...
/// }` or `AF 80 { 23 L ... } 00 00` (§5.2.2).
///
/// Errors of transmit(): AdminScriptError for another script status; CodecError("admin response script")
/// for a missing or malformed response script, one with a bad format TLV, or one with other than exactly one
/// executed command; whatever the exchange throws (CardRemovedError, TimeoutError, CodecError). atr() and
/// reset() throw TransportError: the card is only reachable through its scripts.
///
/// Borrows `exchange` (must outlive the channel). Not thread-safe (one session, one coroutine).
class AdminTunnelChannel final : public transport::CardChannel {
public:
    explicit AdminTunnelChannel(AdminExchange& exchange) : m_exchange(exchange) {}

    Bytes atr() override;
    /// Scripts sent so far.
    std::size_t scripts() const noexcept { return m_scripts; }

protected:
    Bytes do_transmit(ByteView command) override;
    void do_reset(bool cold) override;

private:
    AdminExchange& m_exchange;
    std::size_t m_scripts = 0;
};

} // namespace euicc::host
