// SPDX-License-Identifier: Apache-2.0
// The default terminal behaviour for proactive commands (ETSI TS 102 223 §6.4, §6.6, result codes §8.12).
#include <algorithm>
#include <utility>

#include <euicc/apdu/cat_text.hpp>
#include <euicc/host/standard_terminal.hpp>

namespace euicc::host {

using cat::GeneralResult;
using cat::Result;

StandardTerminal::StandardTerminal(TerminalClockFn clock, std::shared_ptr<BipHandler> bip)
    : m_clock(clock ? std::move(clock) : TerminalClockFn(&TerminalClock::now)),
      m_bip(bip ? std::move(bip) : std::make_shared<RecordingBipHandler>()) {}

cat::TerminalResponse StandardTerminal::refresh(const cat::Refresh& command) {
    // A host has no files cached from the card: whatever the mode, there is nothing to re-read.
    return respond(command, Result::ok());
}

cat::TerminalResponse StandardTerminal::more_time(const cat::MoreTime& command) {
    return respond(command, Result::ok());
}

cat::TerminalResponse StandardTerminal::poll_interval(const cat::PollInterval& command) {
    // §6.6.6: the response carries the interval the terminal will actually use; we take the card's.
    m_poll_interval = command.interval;
    auto response = respond(command, Result::ok());
    response.duration = command.interval;
    return response;
}

cat::TerminalResponse StandardTerminal::polling_off(const cat::PollingOff& command) {
    m_poll_interval.reset();
    return respond(command, Result::ok());
}

cat::TerminalResponse StandardTerminal::set_up_event_list(const cat::SetUpEventList& command) {
    // §6.6.16: a new list replaces the previous one; an empty list removes them all.
    m_events = command.events;
    return respond(command, Result::ok());
}

bool StandardTerminal::event_registered(cat::Event event) const noexcept {
    return std::find(m_events.begin(), m_events.end(), event) != m_events.end();
}

cat::TerminalResponse StandardTerminal::send_short_message(const cat::SendShortMessage& command) {
    m_short_messages.push_back({command.tpdu, command.address});
    return respond(command, Result::ok());
}

cat::TerminalResponse StandardTerminal::display_text(const cat::DisplayText& command) {
    m_displayed.push_back({cat::text_to_utf8(command.text), command.text});
    return respond(command, Result::ok());
}

cat::TerminalResponse StandardTerminal::timer_management(const cat::TimerManagement& command) {
    if (command.timer_id < 1 || command.timer_id > TimerTable::timer_count) {
        // §8.37 allows timers 1..8 only; the response could not even carry another id.
        return respond(command, Result::of(GeneralResult::CommandDataNotUnderstood));
    }
    const auto now = m_clock();
    switch (command.operation()) {
    case cat::TimerOperation::Start: {
        if (!command.value) {
            // §6.6.21: the timer value is mandatory when starting a timer.
            return respond(command, Result::of(GeneralResult::RequiredValuesMissing));
        }
        m_timers.start(command.timer_id, *command.value, now);
        auto response = respond(command, Result::ok());
        response.timer_id = command.timer_id;
        return response;
    }
    case cat::TimerOperation::Deactivate:
    case cat::TimerOperation::GetValue: {
        const auto left = command.operation() == cat::TimerOperation::Deactivate
                              ? m_timers.deactivate(command.timer_id, now)
                              : m_timers.remaining(command.timer_id, now);
        if (!left) {
            return respond(command, Result::of(GeneralResult::ContradictionWithTimerState));
        }
        auto response = respond(command, Result::ok());
        response.timer_id = command.timer_id;
        response.timer_value = *left;
        return response;
    }
    }
    // Qualifier b1-b2 = 11 is RFU (§8.6).
    return respond(command, Result::of(GeneralResult::CommandDataNotUnderstood));
}

std::vector<DueTimer> StandardTerminal::due_timers() {
    return m_timers.due(m_clock());
}

void StandardTerminal::timer_expiration_delivered(std::uint8_t timer_id) {
    m_timers.expired(timer_id);
}

cat::TerminalResponse StandardTerminal::open_channel(const cat::OpenChannel& command) {
    return m_bip->open_channel(command);
}

cat::TerminalResponse StandardTerminal::close_channel(const cat::CloseChannel& command) {
    return m_bip->close_channel(command);
}

cat::TerminalResponse StandardTerminal::receive_data(const cat::ReceiveData& command) {
    return m_bip->receive_data(command);
}

cat::TerminalResponse StandardTerminal::send_data(const cat::SendData& command) {
    return m_bip->send_data(command);
}

cat::TerminalResponse StandardTerminal::get_channel_status(const cat::GetChannelStatus& command) {
    return m_bip->get_channel_status(command);
}

const RecordingBipHandler* StandardTerminal::recording_bip() const noexcept {
    return dynamic_cast<const RecordingBipHandler*>(m_bip.get());
}

} // namespace euicc::host
