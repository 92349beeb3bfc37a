// SPDX-License-Identifier: Apache-2.0
// ToolkitTerminal: TERMINAL PROFILE, ENVELOPE, proactive loop (ETSI TS 102 223 §6-§7, TS 31.111 §7.1.1.2).
#include <string>
#include <type_traits>
#include <utility>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/command_apdu.hpp>
#include <euicc/error.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host {

using apdu::CommandApdu;
using apdu::StatusWord;

namespace {

constexpr std::uint8_t cla_toolkit = 0x80;
constexpr std::uint8_t ins_fetch = 0x12;
// Ne = 256 on ENVELOPE: the answer may carry data (a PoR); Le 00 lets T=1 return it and T=0 announce it.
constexpr std::uint32_t envelope_ne = 256;

bool proactive_pending(StatusWord sw) {
    return sw.sw1() == 0x91;
}

EnvelopeStatus classify_envelope(StatusWord sw) {
    if (sw == apdu::sw::ok || proactive_pending(sw)) {
        return EnvelopeStatus::Accepted;
    }
    if (sw == StatusWord{0x9300}) {
        return EnvelopeStatus::Busy;
    }
    if (sw.is_warning()) {
        return EnvelopeStatus::DataDownloadError;
    }
    throw StatusWordError("ENVELOPE", sw);
}

} // namespace

ToolkitTerminal::ToolkitTerminal(transport::CardChannel& channel, Options options)
    : m_channel(channel), m_options(std::move(options)),
      m_own_handler(std::make_unique<StandardTerminal>(m_options.clock)), m_handler(m_own_handler.get()) {
    if (!m_options.clock) {
        m_options.clock = &TerminalClock::now;
    }
}

ToolkitTerminal::ToolkitTerminal(transport::CardChannel& channel, ProactiveHandler& handler, Options options)
    : m_channel(channel), m_options(std::move(options)), m_handler(&handler) {
    if (!m_options.clock) {
        m_options.clock = &TerminalClock::now;
    }
}

ToolkitTerminal::~ToolkitTerminal() = default;

StandardTerminal* ToolkitTerminal::standard_terminal() noexcept {
    return dynamic_cast<StandardTerminal*>(m_handler);
}

void ToolkitTerminal::record(TerminalEventKind kind, Bytes data, StatusWord sw,
                             std::optional<cat::ProactiveCommand> command) {
    m_events.push_back(TerminalEvent{kind, m_options.clock(), std::move(data), sw, std::move(command)});
    if (m_options.on_event) {
        m_options.on_event(m_events.back());
    }
}

std::vector<ProactiveExchange> ToolkitTerminal::start() {
    const CommandApdu command = cat::terminal_profile_apdu(m_options.profile);
    const auto response = m_channel.transmit(command);
    record(TerminalEventKind::TerminalProfile, command.data(), response.sw());
    if (response.sw() != apdu::sw::ok && !proactive_pending(response.sw())) {
        throw StatusWordError("TERMINAL PROFILE", response.sw());
    }
    return run_proactive_session(response.sw());
}

EnvelopeOutcome ToolkitTerminal::envelope(ByteView ber_tlv) {
    EnvelopeOutcome outcome = send_envelope(ber_tlv);
    outcome.proactive = run_proactive_session(outcome.sw);
    return outcome;
}

EnvelopeOutcome ToolkitTerminal::send_envelope(ByteView ber_tlv) {
    const CommandApdu command = cat::envelope_apdu(ber_tlv, envelope_ne);
    auto response = m_channel.transmit(command);
    record(TerminalEventKind::Envelope, Bytes(ber_tlv.begin(), ber_tlv.end()), response.sw());

    EnvelopeOutcome outcome;
    outcome.status = classify_envelope(response.sw());
    outcome.sw = response.sw();
    outcome.response_data = response.data();
    return outcome;
}

std::vector<ProactiveExchange> ToolkitTerminal::run_proactive_session(StatusWord last_sw) {
    std::vector<ProactiveExchange> session;
    // TS 102 223 §6.2: 91xx means a proactive command of xx bytes is pending; the session lasts until a
    // TERMINAL RESPONSE is answered 9000.
    while (proactive_pending(last_sw)) {
        if (session.size() == m_options.max_proactive_commands) {
            throw Error("proactive session: the card still has a command pending (" + last_sw.to_string() +
                        ") after " + std::to_string(session.size()) + " commands");
        }
        session.push_back(answer_one(last_sw.sw2()));
        last_sw = session.back().sw;
    }
    return session;
}

ProactiveExchange ToolkitTerminal::answer_one(std::uint8_t announced_length) {
    // FETCH `80 12 00 00 Le` with Le = SW2 of the 91xx (§6.3); SW2 = 00 announces 256 bytes.
    const CommandApdu fetch(cla_toolkit, ins_fetch, 0x00, 0x00, {},
                            announced_length == 0 ? 256u : announced_length);
    const auto fetched = m_channel.transmit(fetch);
    ProactiveExchange exchange;
    exchange.command_data = fetched.data();

    if (fetched.sw() != apdu::sw::ok) {
        record(TerminalEventKind::ProactiveCommand, exchange.command_data, fetched.sw());
        throw StatusWordError("FETCH", fetched.sw());
    }
    try {
        exchange.command = cat::parse_proactive_command(exchange.command_data);
    } catch (const CodecError&) {
        // §6.10 / TS 101 220 §7.1.1: a command whose data the terminal cannot read is still answered, with
        // 32 "command data not understood", echoing the command details when those at least are readable.
        // When even those are not, parse_command_details throws and the error reaches the caller.
        record(TerminalEventKind::ProactiveCommand, exchange.command_data, fetched.sw());
        exchange.response.details = cat::parse_command_details(exchange.command_data);
        exchange.response.result = cat::Result::of(cat::GeneralResult::CommandDataNotUnderstood);
    }
    if (exchange.command) {
        record(TerminalEventKind::ProactiveCommand, exchange.command_data, fetched.sw(), exchange.command);
        exchange.response = dispatch(*exchange.command);
        // TS 102 223 §6.10: objects without CR that the terminal did not understand are ignored, and a
        // command otherwise performed is reported as "performed with partial comprehension".
        if (!cat::header_of(*exchange.command).unknown_objects.empty() &&
            exchange.response.result.general == cat::GeneralResult::PerformedSuccessfully) {
            exchange.response.result.general = cat::GeneralResult::PartialComprehension;
        }
    }

    const CommandApdu terminal_response = cat::terminal_response_apdu(exchange.response);
    const auto answer = m_channel.transmit(terminal_response);
    exchange.sw = answer.sw();
    record(TerminalEventKind::TerminalResponse, terminal_response.data(), answer.sw());
    if (answer.sw() != apdu::sw::ok && !proactive_pending(answer.sw())) {
        throw StatusWordError("TERMINAL RESPONSE", answer.sw());
    }
    return exchange;
}

cat::TerminalResponse ToolkitTerminal::dispatch(const cat::ProactiveCommand& command) {
    // Commands the terminal cannot act on are answered before a handler sees them (30 / 32).
    if (const auto refusal = cat::comprehension_result(command)) {
        return cat::response_to(command, cat::Result::of(*refusal));
    }
    ProactiveHandler& h = *m_handler;
    return std::visit(
        [&h, &command](const auto& c) -> cat::TerminalResponse {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, cat::Refresh>) {
                return h.refresh(c);
            } else if constexpr (std::is_same_v<C, cat::MoreTime>) {
                return h.more_time(c);
            } else if constexpr (std::is_same_v<C, cat::PollInterval>) {
                return h.poll_interval(c);
            } else if constexpr (std::is_same_v<C, cat::PollingOff>) {
                return h.polling_off(c);
            } else if constexpr (std::is_same_v<C, cat::SetUpEventList>) {
                return h.set_up_event_list(c);
            } else if constexpr (std::is_same_v<C, cat::SendShortMessage>) {
                return h.send_short_message(c);
            } else if constexpr (std::is_same_v<C, cat::DisplayText>) {
                return h.display_text(c);
            } else if constexpr (std::is_same_v<C, cat::TimerManagement>) {
                return h.timer_management(c);
            } else if constexpr (std::is_same_v<C, cat::OpenChannel>) {
                return h.open_channel(c);
            } else if constexpr (std::is_same_v<C, cat::CloseChannel>) {
                return h.close_channel(c);
            } else if constexpr (std::is_same_v<C, cat::ReceiveData>) {
                return h.receive_data(c);
            } else if constexpr (std::is_same_v<C, cat::SendData>) {
                return h.send_data(c);
            } else if constexpr (std::is_same_v<C, cat::GetChannelStatus>) {
                return h.get_channel_status(c);
            } else {
                static_assert(std::is_same_v<C, cat::UnknownCommand>, "every modelled command has a handler");
                // comprehension_result already answered these; kept for completeness of the visit.
                return cat::response_to(command,
                                        cat::Result::of(cat::GeneralResult::BeyondTerminalCapabilities));
            }
        },
        command);
}

} // namespace euicc::host
