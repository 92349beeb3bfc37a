// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 221 §7.4.2 / TS 102 223 §6.2-6.3: the proactive commands the card has for the terminal, announced
// with 91xx, handed out by FETCH and closed by the matching TERMINAL RESPONSE.
#include "proactive_queue.hpp"

#include <utility>
#include <variant>

namespace euicc::card {

std::uint8_t ProactiveQueue::push(cat::ProactiveCommand command, Owner owner, ResponseHandler on_response) {
    const std::uint8_t number = m_next_number;
    // TS 102 223 §8.6: the command number is 01..FE; 00 and FF are reserved.
    m_next_number = static_cast<std::uint8_t>(m_next_number == 0xFE ? 1 : m_next_number + 1);
    std::visit([number](auto& c) { c.header.number = number; }, command);
    Entry entry;
    entry.encoded = cat::encode(command);
    entry.details = cat::details_of(command);
    entry.owner = owner;
    entry.on_response = std::move(on_response);
    m_entries.push_back(std::move(entry));
    return number;
}

std::optional<std::size_t> ProactiveQueue::announced_length() const noexcept {
    if (m_entries.empty() || m_entries.front().fetched) {
        return std::nullopt;
    }
    return m_entries.front().encoded.size();
}

const Bytes* ProactiveQueue::first() const noexcept {
    return m_entries.empty() ? nullptr : &m_entries.front().encoded;
}

void ProactiveQueue::mark_fetched() noexcept {
    if (!m_entries.empty()) {
        m_entries.front().fetched = true;
    }
}

ProactiveQueue::Match ProactiveQueue::respond(const cat::TerminalResponse& response) {
    if (m_entries.empty() || !m_entries.front().fetched) {
        return Match::NothingOutstanding;
    }
    // TS 102 223 §6.8: the TERMINAL RESPONSE echoes the command details. The qualifier is not compared: a
    // terminal that performed a command in a modified way may report that, the number and type identify it.
    const cat::CommandDetails& expected = m_entries.front().details;
    if (response.details.number != expected.number || response.details.type != expected.type) {
        return Match::WrongCommand;
    }
    ResponseHandler handler = std::move(m_entries.front().on_response);
    m_entries.pop_front();
    if (handler) {
        handler(response);
    }
    return Match::Matched;
}

void ProactiveQueue::withdraw(Owner owner) {
    std::erase_if(m_entries, [owner](const Entry& e) { return e.owner == owner && !e.fetched; });
}

void ProactiveQueue::clear() noexcept {
    m_entries.clear();
}

} // namespace euicc::card
