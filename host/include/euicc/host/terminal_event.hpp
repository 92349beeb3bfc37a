// SPDX-License-Identifier: Apache-2.0
// The terminal's event log: every toolkit exchange with the card (ETSI TS 102 223 §6, TS 102 221 §10.1.1).
#pragma once

#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/host/timer_table.hpp>

namespace euicc::host {

enum class TerminalEventKind {
    TerminalProfile,  ///< TERMINAL PROFILE sent; data = the profile bytes
    Envelope,         ///< ENVELOPE sent; data = the BER-TLV (D1, D6, D7, ...)
    ProactiveCommand, ///< FETCH answered; data = the proactive command (D0 ...)
    TerminalResponse, ///< TERMINAL RESPONSE sent; data = its simple TLVs
};

/// One toolkit exchange. Holds no key material: envelopes carry secured packets only in their protected form.
struct TerminalEvent {
    TerminalEventKind kind = TerminalEventKind::Envelope;
    TerminalClock::time_point at;
    Bytes data;
    /// The card's status word for this exchange (after any GET RESPONSE): the answer to the command sent,
    /// or for ProactiveCommand the FETCH's.
    apdu::StatusWord sw;
    /// ProactiveCommand events: the parsed command, nullopt when it could not be parsed (answered 32).
    std::optional<cat::ProactiveCommand> command;
};

/// "TERMINAL PROFILE", "ENVELOPE", "PROACTIVE COMMAND", "TERMINAL RESPONSE".
std::string_view to_string(TerminalEventKind kind) noexcept;

/// One line for a live log, e.g. "PROACTIVE COMMAND TIMER MANAGEMENT (27) #1 q00: D011... [9000]" or
/// "TERMINAL RESPONSE result 3A07 (Bearer Independent Protocol error): 8103... [9000]".
std::string describe(const TerminalEvent& event);

} // namespace euicc::host
