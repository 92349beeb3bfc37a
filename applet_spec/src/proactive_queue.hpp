// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 221 §7.4.2 / TS 102 223 §6.2-6.3: the proactive commands the card has for the terminal, announced
// with 91xx, handed out by FETCH and closed by the matching TERMINAL RESPONSE.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>

namespace euicc::card {

/// A FIFO of proactive commands. Only the first one is visible to the terminal: it is announced (91xx) until it
/// is fetched, stays outstanding (FETCH may repeat it) until its TERMINAL RESPONSE arrives, and only then does the
/// next one get announced (TS 102 223 §6.2: one proactive command at a time).
class ProactiveQueue {
public:
    /// Called with the TERMINAL RESPONSE to a command, after that command has left the queue (so it may push more).
    using ResponseHandler = std::function<void(const cat::TerminalResponse&)>;
    /// Who queued a command, so that a replaced task can withdraw what the terminal has not fetched yet.
    enum class Owner : std::uint8_t { ProofOfReceipt, AdminSession };

    /// With this many commands waiting, an SMS-PP download (which may add more) is refused with 9300 "toolkit
    /// busy" (TS 102 221 §10.2.1.1), so a terminal that never fetches cannot make the queue grow without end.
    static constexpr std::size_t busy_threshold = 16;
    /// The longest command 91xx can announce (TS 102 221 §10.2.1.1: SW2 counts the bytes of the D0 TLV).
    static constexpr std::size_t max_command_length = 0xFF;

    /// Appends `command` with the next command number (01..FE, TS 102 223 §8.6) and returns that number.
    std::uint8_t push(cat::ProactiveCommand command, Owner owner, ResponseHandler on_response = {});

    /// Length of the D0 TLV to announce with 91xx: present when the first command has not been fetched.
    std::optional<std::size_t> announced_length() const noexcept;
    /// FETCH: the D0 TLV of the first command, which becomes outstanding; nullptr when the queue is empty.
    /// Valid until the queue changes.
    const Bytes* first() const noexcept;
    void mark_fetched() noexcept;

    enum class Match : std::uint8_t { Matched, NothingOutstanding, WrongCommand };
    /// TERMINAL RESPONSE: when `response` answers the outstanding command (same number and type), removes it and
    /// calls its handler (exceptions from the handler propagate). Otherwise changes nothing.
    Match respond(const cat::TerminalResponse& response);

    /// Removes the commands of `owner` the terminal has not fetched yet.
    void withdraw(Owner owner);
    /// Forgets everything (a reset ends the proactive session; TS 102 221 §6.2 / TS 102 223 §6.1).
    void clear() noexcept;

    std::size_t size() const noexcept { return m_entries.size(); }

private:
    struct Entry {
        Bytes encoded;
        cat::CommandDetails details;
        Owner owner = Owner::ProofOfReceipt;
        ResponseHandler on_response;
        bool fetched = false;
    };

    std::deque<Entry> m_entries;
    std::uint8_t m_next_number = 1;
};

} // namespace euicc::card
