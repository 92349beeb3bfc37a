// SPDX-License-Identifier: Apache-2.0
// A modem-like terminal for the proactive commands of an M2M eUICC (ETSI TS 102 223 §6.4, TS 31.111 §6.4).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/host/bip_handler.hpp>
#include <euicc/host/proactive_handler.hpp>
#include <euicc/host/timer_table.hpp>

namespace euicc::host {

/// Injectable time source of the terminal (tests advance a fake one).
using TerminalClockFn = std::function<TerminalClock::time_point()>;

/// A SEND SHORT MESSAGE the card asked for: the SMS-SUBMIT TPDU as given (how a PoR via SMS-SUBMIT arrives,
/// TS 31.115 §4 / TS 102 225 §5.2) and the SMS-C address if the command named one.
struct SentShortMessage {
    Bytes tpdu;
    std::optional<cat::Address> smsc;

    friend bool operator==(const SentShortMessage&, const SentShortMessage&) = default;
};

/// A DISPLAY TEXT: the text as UTF-8 when its coding is known (else nullopt) and the raw text string.
struct DisplayedText {
    std::optional<std::string> utf8;
    cat::TextString raw;

    friend bool operator==(const DisplayedText&, const DisplayedText&) = default;
};

/// The default ProactiveHandler, behaving like a data-only M2M modem:
/// - TIMER MANAGEMENT (§6.6.21): timers 1..8 on the injected clock. Start answers with the timer id;
///   deactivate and get current value answer with the time left, or 24 "contradiction with timer state"
///   when the timer is not running. A timer id outside 1..8 gets 32 "command data not understood".
/// - MORE TIME, REFRESH, POLLING OFF: performed (00); POLL INTERVAL: the asked duration is used and echoed.
/// - SET UP EVENT LIST: the events are remembered (replacing the previous list, §6.6.16).
/// - DISPLAY TEXT and SEND SHORT MESSAGE: recorded and answered 00 (no screen, no radio: the caller reads
///   what the card wanted to show or send).
/// - BIP commands: passed to the BipHandler (default RecordingBipHandler: refuse with 3A 07).
class StandardTerminal : public ProactiveHandler {
public:
    /// `clock` defaults to steady_clock::now; `bip` to a RecordingBipHandler owned by this object.
    explicit StandardTerminal(TerminalClockFn clock = {}, std::shared_ptr<BipHandler> bip = {});

    cat::TerminalResponse refresh(const cat::Refresh& command) override;
    cat::TerminalResponse more_time(const cat::MoreTime& command) override;
    cat::TerminalResponse poll_interval(const cat::PollInterval& command) override;
    cat::TerminalResponse polling_off(const cat::PollingOff& command) override;
    cat::TerminalResponse set_up_event_list(const cat::SetUpEventList& command) override;
    cat::TerminalResponse send_short_message(const cat::SendShortMessage& command) override;
    cat::TerminalResponse display_text(const cat::DisplayText& command) override;
    cat::TerminalResponse timer_management(const cat::TimerManagement& command) override;
    cat::TerminalResponse open_channel(const cat::OpenChannel& command) override;
    cat::TerminalResponse close_channel(const cat::CloseChannel& command) override;
    cat::TerminalResponse receive_data(const cat::ReceiveData& command) override;
    cat::TerminalResponse send_data(const cat::SendData& command) override;
    cat::TerminalResponse get_channel_status(const cat::GetChannelStatus& command) override;

    std::vector<DueTimer> due_timers() override;
    void timer_expiration_delivered(std::uint8_t timer_id) override;

    const TimerTable& timers() const noexcept { return m_timers; }
    /// The events of the last SET UP EVENT LIST (empty: none registered).
    const std::vector<cat::Event>& events() const noexcept { return m_events; }
    bool event_registered(cat::Event event) const noexcept;
    /// The poll interval in use after POLL INTERVAL; nullopt after POLLING OFF or before any.
    const std::optional<cat::Duration>& poll_interval() const noexcept { return m_poll_interval; }
    const std::vector<DisplayedText>& displayed_texts() const noexcept { return m_displayed; }
    const std::vector<SentShortMessage>& short_messages() const noexcept { return m_short_messages; }
    BipHandler& bip() noexcept { return *m_bip; }
    /// The default BIP handler's record, or nullptr when another BipHandler was plugged in.
    const RecordingBipHandler* recording_bip() const noexcept;

private:
    TerminalClockFn m_clock;
    std::shared_ptr<BipHandler> m_bip;
    TimerTable m_timers;
    std::vector<cat::Event> m_events;
    std::optional<cat::Duration> m_poll_interval;
    std::vector<DisplayedText> m_displayed;
    std::vector<SentShortMessage> m_short_messages;
};

} // namespace euicc::host
