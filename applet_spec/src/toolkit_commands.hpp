// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 221 §10.1.1 / §11.2 and TS 102 223 §6: TERMINAL PROFILE, FETCH and TERMINAL RESPONSE.
#pragma once

#include <optional>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/status_word.hpp>

#include "dispatcher.hpp"
#include "proactive_queue.hpp"

namespace euicc::card {

/// The checks every toolkit command shares: CLA exactly 80 (TS 102 221 §10.1.1 lists the toolkit commands only
/// with 80, i.e. on the basic channel) -> else 6E00; P1 = P2 = 00 -> else 6A86. nullopt when they pass.
std::optional<apdu::StatusWord> toolkit_precondition(const Command& command) noexcept;

/// TERMINAL PROFILE (80 10 00 00 Lc profile): stores the profile. Calls `on_profile` afterwards (the card resumes
/// proactive work then). Borrows `profile`.
class TerminalProfileCommand {
public:
    TerminalProfileCommand(std::optional<Bytes>& profile, std::function<void()> on_profile);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    std::optional<Bytes>& m_profile;
    std::function<void()> m_on_profile;
};

/// FETCH (80 12 00 00 Le): the first queued proactive command. Borrows `queue`.
class FetchCommand {
public:
    explicit FetchCommand(ProactiveQueue& queue) : m_queue(queue) {}
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    ProactiveQueue& m_queue;
};

/// TERMINAL RESPONSE (80 14 00 00 Lc data): closes the outstanding proactive command. Borrows `queue`.
class TerminalResponseCommand {
public:
    explicit TerminalResponseCommand(ProactiveQueue& queue) : m_queue(queue) {}
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    ProactiveQueue& m_queue;
};

} // namespace euicc::card
