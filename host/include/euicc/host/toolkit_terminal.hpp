// SPDX-License-Identifier: Apache-2.0
// The host as toolkit terminal: profile, envelopes, proactive loop (ETSI TS 102 223 §5-§7, TS 31.111 §7.1.1).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/cat_terminal_profile.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/apdu/sms_address.hpp>
#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/host/proactive_handler.hpp>
#include <euicc/host/standard_terminal.hpp>
#include <euicc/host/terminal_event.hpp>
#include <euicc/transport/card_channel.hpp>

namespace euicc::host {

/// What this host announces: SMS-PP data download, timer expiration, DISPLAY TEXT, MORE TIME, POLL INTERVAL,
/// POLLING OFF, REFRESH, SEND SHORT MESSAGE, SET UP EVENT LIST with the data available and channel status
/// events, TIMER MANAGEMENT (start/stop and get value), the five BIP client commands, packet bearer with one
/// channel, TCP client remote (UICC client mode). The default bearer (35 01 03) needs no profile bit.
cat::TerminalProfile default_terminal_profile();

/// One proactive command and the terminal's answer to it.
struct ProactiveExchange {
    Bytes command_data;                           ///< the FETCH response (D0 ...)
    std::optional<cat::ProactiveCommand> command; ///< nullopt when it could not be parsed (answered 32)
    cat::TerminalResponse response;
    apdu::StatusWord sw; ///< the card's answer to the TERMINAL RESPONSE
};

/// How the card took an ENVELOPE (TS 31.111 §7.1.1.2 for SMS-PP; the same SWs for the other envelopes).
enum class EnvelopeStatus {
    Accepted,          ///< 9000, or 91xx followed by a proactive session that ran until the card was idle
    Busy,              ///< 9300: toolkit busy, the envelope was not processed; retry later (TP-FCS D4)
    DataDownloadError, ///< 62xx/63xx: "(U)SIM data download error" (TP-FCS D5); response_data kept
};

struct EnvelopeOutcome {
    EnvelopeStatus status = EnvelopeStatus::Accepted;
    apdu::StatusWord sw; ///< the ENVELOPE's own status word (after any GET RESPONSE)
    Bytes response_data; ///< the ENVELOPE's response data (for SMS-PP: the PoR, `02 71 00` + packet)
    std::vector<ProactiveExchange> proactive; ///< the session a 91xx started, in order
};

/// Where the PoR of an SMS-PP download came from (TS 102 225 §5.2, SPI byte 2 b6).
enum class PorSource { None, EnvelopeResponse, ShortMessage };

struct SmsPpOutcome {
    EnvelopeOutcome envelope;
    /// The PoR as SMS user data (`02 71 00` + Response Packet): from a SEND SHORT MESSAGE (SMS-SUBMIT with
    /// IEI 71, reassembled when concatenated) if the card issued one, else the ENVELOPE response data if any.
    std::optional<Bytes> por;
    PorSource por_source = PorSource::None;
};

/// A timer expiration delivered by poll_timers().
struct TimerPoll {
    DueTimer timer;
    EnvelopeOutcome outcome; ///< Busy: the timer stays due and is offered again at the next poll
};

struct ToolkitTerminalOptions {
    cat::TerminalProfile profile = default_terminal_profile();
    /// Time source for timers and the event log; empty = steady_clock::now. Also given to the
    /// StandardTerminal the terminal creates when no handler is passed in.
    TerminalClockFn clock;
    /// Most proactive commands answered for one ENVELOPE / TERMINAL PROFILE before giving up (a card that
    /// never becomes idle would otherwise keep the host forever).
    std::size_t max_proactive_commands = 64;
    /// Called for every event as it happens (the CLI prints them live). Must not throw.
    std::function<void(const TerminalEvent&)> on_event;
};

/// TS 102 223 terminal role over a CardChannel. Not thread-safe; one terminal per card.
///
/// Status words: ENVELOPE 9000 / 91xx -> Accepted, 9300 -> Busy, 62xx/63xx -> DataDownloadError, anything
/// else -> StatusWordError("ENVELOPE"). 91xx on any toolkit command starts the loop FETCH (Le = xx) -> parse
/// -> handler -> TERMINAL RESPONSE, repeated while the TERMINAL RESPONSE is answered 91xx and ended by 9000.
/// A FETCH or TERMINAL RESPONSE answered otherwise throws StatusWordError naming it. Commands this library
/// does not model are answered 30, commands with an unknown CR object or that do not parse 32 (never
/// dropped).
class ToolkitTerminal {
public:
    using Options = ToolkitTerminalOptions;

    /// Uses its own StandardTerminal on `options.clock`. `channel` must outlive the terminal.
    explicit ToolkitTerminal(transport::CardChannel& channel, Options options = {});
    /// Uses `handler` (borrowed, must outlive the terminal).
    ToolkitTerminal(transport::CardChannel& channel, ProactiveHandler& handler, Options options = {});
    ~ToolkitTerminal();
    ToolkitTerminal(const ToolkitTerminal&) = delete;
    ToolkitTerminal& operator=(const ToolkitTerminal&) = delete;

    /// TERMINAL PROFILE `80 10 00 00` (TS 102 221 §10.1.1) and any proactive session the card starts on it.
    /// Throws StatusWordError("TERMINAL PROFILE") unless 9000/91xx.
    std::vector<ProactiveExchange> start();

    /// ENVELOPE `80 C2 00 00 Lc <ber_tlv> 00`. Sent as case 4 so that a T=0 link delivers the response data
    /// with 61xx / GET RESPONSE (TS 102 221 §7.3.1.1.4); CardChannel handles that.
    EnvelopeOutcome envelope(ByteView ber_tlv);

    /// ENVELOPE SMS-PP download (D1, TS 31.111 §7.1.1): `sms` as the TPDU, `smsc` as the address object
    /// (RP-OA), then the PoR search described at SmsPpOutcome. Throws std::invalid_argument when the TPDU
    /// does not fit an ENVELOPE, CodecError when a SEND SHORT MESSAGE of the session carries a malformed
    /// SMS-SUBMIT.
    SmsPpOutcome sms_pp_download(const sms::Deliver& sms,
                                 const std::optional<sms::Address>& smsc = std::nullopt);

    /// For each timer the handler reports due: ENVELOPE timer expiration (D7 {82 02 82 81, A4 01 id, A5 03
    /// elapsed}, §7.4) and the proactive session it starts. A timer whose envelope was answered 9300 stays
    /// due. Returns what was sent, in timer order; empty when no timer is due.
    std::vector<TimerPoll> poll_timers();

    /// Runs the proactive loop for `last_sw` (a 91xx from any command the caller sent); nothing for other
    /// SWs.
    std::vector<ProactiveExchange> run_proactive_session(apdu::StatusWord last_sw);

    ProactiveHandler& handler() noexcept { return *m_handler; }
    /// The handler as a StandardTerminal (the own one, or a borrowed StandardTerminal); nullptr otherwise.
    StandardTerminal* standard_terminal() noexcept;
    const std::vector<TerminalEvent>& events() const noexcept { return m_events; }
    void clear_events() noexcept { m_events.clear(); }
    transport::CardChannel& channel() noexcept { return m_channel; }

private:
    /// The ENVELOPE alone, without the proactive session a 91xx asks for.
    EnvelopeOutcome send_envelope(ByteView ber_tlv);
    ProactiveExchange answer_one(std::uint8_t announced_length);
    cat::TerminalResponse dispatch(const cat::ProactiveCommand& command);
    void record(TerminalEventKind kind, Bytes data, apdu::StatusWord sw,
                std::optional<cat::ProactiveCommand> command = std::nullopt);

    transport::CardChannel& m_channel;
    Options m_options;
    std::unique_ptr<StandardTerminal> m_own_handler;
    ProactiveHandler* m_handler;
    std::vector<TerminalEvent> m_events;
};

} // namespace euicc::host
