// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 221 §10.1.1 / §11.2 and TS 102 223 §6: TERMINAL PROFILE, FETCH and TERMINAL RESPONSE.
#include "toolkit_commands.hpp"

#include <utility>

#include <euicc/apdu/cat_terminal_response.hpp>

namespace euicc::card {

namespace {

constexpr std::uint8_t toolkit_cla = 0x80;

} // namespace

std::optional<apdu::StatusWord> toolkit_precondition(const Command& command) noexcept {
    if (command.apdu.cla() != toolkit_cla) {
        return apdu::sw::cla_not_supported;
    }
    if (command.apdu.p1() != 0 || command.apdu.p2() != 0) {
        return apdu::sw::incorrect_p1p2;
    }
    return std::nullopt;
}

TerminalProfileCommand::TerminalProfileCommand(std::optional<Bytes>& profile,
                                               std::function<void()> on_profile)
    : m_profile(profile), m_on_profile(std::move(on_profile)) {}

apdu::ResponseApdu TerminalProfileCommand::operator()(const Command& command) const {
    if (const auto refused = toolkit_precondition(command)) {
        return status(*refused);
    }
    if (command.apdu.data().empty()) {
        return status(apdu::sw::wrong_length);
    }
    // TS 102 223 §5.2: the profile is taken as sent (bytes not sent mean "not supported"); this card does not
    // gate its proactive commands on it.
    m_profile = command.apdu.data();
    if (m_on_profile) {
        m_on_profile();
    }
    return status(apdu::sw::ok);
}

apdu::ResponseApdu FetchCommand::operator()(const Command& command) const {
    if (const auto refused = toolkit_precondition(command)) {
        return status(*refused);
    }
    if (!command.apdu.data().empty()) {
        return status(apdu::sw::wrong_length);
    }
    const Bytes* pending = m_queue.first();
    if (pending == nullptr) {
        // Nothing to fetch: the terminal ignored the absence of 91xx. ISO 7816-4 §5.6: conditions of use not met.
        return status(apdu::sw::conditions_not_satisfied);
    }
    // TS 102 221 §7.3.1.1.5: Le must cover the command; too short -> 6Cxx with the exact length, and the command
    // stays announced so the terminal can repeat FETCH with that Le.
    const auto ne = command.apdu.ne();
    if (ne && *ne < pending->size()) {
        return status(apdu::StatusWord(0x6C, static_cast<std::uint8_t>(pending->size() & 0xFF)));
    }
    m_queue.mark_fetched();
    return apdu::ResponseApdu(*pending, apdu::sw::ok);
}

apdu::ResponseApdu TerminalResponseCommand::operator()(const Command& command) const {
    if (const auto refused = toolkit_precondition(command)) {
        return status(*refused);
    }
    if (command.apdu.data().empty()) {
        return status(apdu::sw::wrong_length);
    }
    // A malformed TERMINAL RESPONSE throws CodecError: the dispatcher answers 6A80 and the command stays outstanding.
    const cat::TerminalResponse response = cat::parse_terminal_response(command.apdu.data());
    switch (m_queue.respond(response)) {
    case ProactiveQueue::Match::Matched:
        return status(apdu::sw::ok);
    case ProactiveQueue::Match::NothingOutstanding:
        return status(apdu::sw::conditions_not_satisfied);
    case ProactiveQueue::Match::WrongCommand:
        return status(apdu::sw::wrong_data);
    }
    return status(apdu::sw::technical_problem);
}

} // namespace euicc::card
