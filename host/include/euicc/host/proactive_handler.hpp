// SPDX-License-Identifier: Apache-2.0
// What the terminal does with each proactive command it supports (ETSI TS 102 223 §6.4, §6.6).
#pragma once

#include <vector>

#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/host/timer_table.hpp>

namespace euicc::host {

/// The terminal's side of a proactive command: one method per command the terminal supports, each returning
/// the TERMINAL RESPONSE to send (build it with cat::response_to so the command details are echoed, §6.8).
/// ToolkitTerminal answers commands it does not model (30) and commands with unknown CR objects (32) itself;
/// a handler only sees commands it can understand. An exception thrown by a handler stops the proactive loop
/// and reaches the caller of ToolkitTerminal (the card then still waits for a TERMINAL RESPONSE).
class ProactiveHandler {
public:
    virtual ~ProactiveHandler() = default;

    virtual cat::TerminalResponse refresh(const cat::Refresh& command) = 0;
    virtual cat::TerminalResponse more_time(const cat::MoreTime& command) = 0;
    virtual cat::TerminalResponse poll_interval(const cat::PollInterval& command) = 0;
    virtual cat::TerminalResponse polling_off(const cat::PollingOff& command) = 0;
    virtual cat::TerminalResponse set_up_event_list(const cat::SetUpEventList& command) = 0;
    virtual cat::TerminalResponse send_short_message(const cat::SendShortMessage& command) = 0;
    virtual cat::TerminalResponse display_text(const cat::DisplayText& command) = 0;
    virtual cat::TerminalResponse timer_management(const cat::TimerManagement& command) = 0;
    virtual cat::TerminalResponse open_channel(const cat::OpenChannel& command) = 0;
    virtual cat::TerminalResponse close_channel(const cat::CloseChannel& command) = 0;
    virtual cat::TerminalResponse receive_data(const cat::ReceiveData& command) = 0;
    virtual cat::TerminalResponse send_data(const cat::SendData& command) = 0;
    virtual cat::TerminalResponse get_channel_status(const cat::GetChannelStatus& command) = 0;

    /// Timers that have run out, for ToolkitTerminal::poll_timers(); a handler without timers has none.
    virtual std::vector<DueTimer> due_timers() { return {}; }
    /// The expiration envelope of `timer_id` reached the card (it did not answer busy): forget the timer.
    virtual void timer_expiration_delivered(std::uint8_t timer_id) { (void)timer_id; }
};

/// The TERMINAL RESPONSE to a command of any modelled type: cat::response_to for a single command struct.
template <typename Command>
cat::TerminalResponse respond(const Command& command, cat::Result result) {
    return cat::response_to(cat::ProactiveCommand{command}, std::move(result));
}

} // namespace euicc::host
