// SPDX-License-Identifier: Apache-2.0
// Bindings of the host toolkit terminal (ETSI TS 102 223 §5-§7, TS 31.111 §7.1.1): ToolkitTerminal, its event log,
// the StandardTerminal's record (timers, OPEN CHANNEL requests, short messages, texts).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <euicc/host/bip_handler.hpp>
#include <euicc/host/standard_terminal.hpp>
#include <euicc/host/terminal_event.hpp>
#include <euicc/host/timer_table.hpp>
#include <euicc/host/toolkit_terminal.hpp>

#include "bindings.hpp"
#include "callables.hpp"
#include "guarded_terminal.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"
#include "trampolines.hpp"

namespace euicc::python {
namespace {

using host::StandardTerminal;
using host::TerminalClock;

/// Python's view of the terminal's StandardTerminal: every read takes the terminal's lock. Keeps the terminal alive.
struct StandardTerminalView {
    GuardedTerminal* terminal;

    template <class F>
    auto read(F&& f) const {
        return terminal->locked([&](host::ToolkitTerminal& t) {
            const StandardTerminal* standard = t.standard_terminal();
            return std::forward<F>(f)(*standard);
        });
    }
};

/// Python's view of the StandardTerminal's timers; `now` defaults to the terminal's clock.
struct TimerTableView {
    GuardedTerminal* terminal;
};

TerminalClock::time_point now_arg(const TimerTableView& v, const std::optional<double>& now) {
    return now ? terminal_time(*now) : v.terminal->now();
}

std::uint8_t timer_id_arg(long long id) { return int_arg<std::uint8_t>(id, "timer_id", 1, 8); }

void bind_events(py::module_& m) {
    py::enum_<host::TerminalEventKind>(m, "TerminalEventKind", "What a TerminalEvent records.")
        .value("TerminalProfile", host::TerminalEventKind::TerminalProfile)
        .value("Envelope", host::TerminalEventKind::Envelope)
        .value("ProactiveCommand", host::TerminalEventKind::ProactiveCommand)
        .value("TerminalResponse", host::TerminalEventKind::TerminalResponse);

    Struct<host::TerminalEvent>(m, "TerminalEvent",
                                "One toolkit exchange: kind, at (the terminal clock, float seconds), the bytes sent "
                                "or fetched, the card's status word, and for proactive commands the parsed command.")
        .readonly("kind", &host::TerminalEvent::kind)
        .readonly_property("at", [](const host::TerminalEvent& e) { return terminal_seconds(e.at); })
        .readonly("data", &host::TerminalEvent::data)
        .readonly("sw", &host::TerminalEvent::sw)
        .readonly("command", &host::TerminalEvent::command)
        .done(false)
        .def(
            "describe", [](const host::TerminalEvent& e) { return host::describe(e); },
            "One line for a live log, e.g. 'PROACTIVE COMMAND TIMER MANAGEMENT (27) #1 q00: D011... [9000]'.");

    Struct<host::ProactiveExchange>(m, "ProactiveExchange",
                                    "One proactive command (command None: it did not parse, answered 32) and the "
                                    "terminal's answer.")
        .readonly("command_data", &host::ProactiveExchange::command_data)
        .readonly("command", &host::ProactiveExchange::command)
        .readonly("response", &host::ProactiveExchange::response)
        .readonly("sw", &host::ProactiveExchange::sw)
        .done(false);

    py::enum_<host::EnvelopeStatus>(m, "EnvelopeStatus", "How the card took an ENVELOPE (TS 31.111 §7.1.1.2).")
        .value("Accepted", host::EnvelopeStatus::Accepted)
        .value("Busy", host::EnvelopeStatus::Busy)
        .value("DataDownloadError", host::EnvelopeStatus::DataDownloadError);
    Struct<host::EnvelopeOutcome>(m, "EnvelopeOutcome",
                                  "An ENVELOPE's status, SW, response data, and the proactive session it started.")
        .readonly("status", &host::EnvelopeOutcome::status)
        .readonly("sw", &host::EnvelopeOutcome::sw)
        .readonly("response_data", &host::EnvelopeOutcome::response_data)
        .readonly("proactive", &host::EnvelopeOutcome::proactive)
        .done(false);

    py::enum_<host::PorSource>(m, "PorSource", "Where a PoR came from (TS 102 225 §5.2, SPI byte 2 b6).")
        .value("None_", host::PorSource::None)
        .value("EnvelopeResponse", host::PorSource::EnvelopeResponse)
        .value("ShortMessage", host::PorSource::ShortMessage);
    Struct<host::SmsPpOutcome>(m, "SmsPpOutcome",
                               "An SMS-PP download: the envelope outcome and the PoR user data (`02 71 00` + "
                               "Response Packet) from the ENVELOPE response or a SEND SHORT MESSAGE.")
        .readonly("envelope", &host::SmsPpOutcome::envelope)
        .readonly("por", &host::SmsPpOutcome::por)
        .readonly("por_source", &host::SmsPpOutcome::por_source)
        .done(false);

    Struct<host::DueTimer>(m, "DueTimer", "A timer that ran out: its id and the time since it was started.")
        .readonly("timer_id", &host::DueTimer::timer_id)
        .readonly("elapsed", &host::DueTimer::elapsed)
        .done(false);
    Struct<host::TimerPoll>(m, "TimerPoll",
                            "A timer expiration delivered by poll_timers(): the timer and the envelope's outcome "
                            "(Busy: the timer stays due).")
        .readonly("timer", &host::TimerPoll::timer)
        .readonly("outcome", &host::TimerPoll::outcome)
        .done(false);

    Struct<host::SentShortMessage>(m, "SentShortMessage",
                                   "A SEND SHORT MESSAGE the card asked for: the SMS-SUBMIT TPDU and the SMS-C.")
        .readonly("tpdu", &host::SentShortMessage::tpdu)
        .readonly("smsc", &host::SentShortMessage::smsc)
        .done(false);
    Struct<host::DisplayedText>(m, "DisplayedText", "A DISPLAY TEXT: the text as str (None: unknown coding), raw.")
        .readonly("utf8", &host::DisplayedText::utf8)
        .readonly("raw", &host::DisplayedText::raw)
        .done(false);
}

void bind_standard_terminal(py::module_& m) {
    py::class_<TimerTableView>(m, "TimerTable",
                               "The terminal's toolkit timers 1..8 (TS 102 223 §6.6.21). Times are the terminal's "
                               "clock in float seconds; `now` defaults to that clock.")
        .def(
            "running",
            [](const TimerTableView& v, long long id) {
                const auto timer = timer_id_arg(id);
                return v.terminal->locked(
                    [&](host::ToolkitTerminal& t) { return t.standard_terminal()->timers().running(timer); });
            },
            "timer_id"_a)
        .def(
            "remaining",
            [](const TimerTableView& v, long long id, std::optional<double> now) {
                const auto timer = timer_id_arg(id);
                const auto at = now_arg(v, now);
                return v.terminal->locked(
                    [&](host::ToolkitTerminal& t) { return t.standard_terminal()->timers().remaining(timer, at); });
            },
            "timer_id"_a, "now"_a = py::none(), "Time left (timedelta), or None when the timer is not running.")
        .def(
            "due",
            [](const TimerTableView& v, std::optional<double> now) {
                const auto at = now_arg(v, now);
                return v.terminal->locked(
                    [&](host::ToolkitTerminal& t) { return t.standard_terminal()->timers().due(at); });
            },
            "now"_a = py::none(), "Timers whose time has come (their envelopes are sent by poll_timers()).")
        .def(
            "next_expiry",
            [](const TimerTableView& v) -> std::optional<double> {
                const auto next = v.terminal->locked(
                    [](host::ToolkitTerminal& t) { return t.standard_terminal()->timers().next_expiry(); });
                return next ? std::optional<double>(terminal_seconds(*next)) : std::nullopt;
            },
            "The earliest expiry among running timers (terminal clock seconds), or None.");

    py::class_<StandardTerminalView>(m, "StandardTerminal",
                                     "What the default terminal recorded: a data-only M2M modem that runs timers, "
                                     "records DISPLAY TEXT / SEND SHORT MESSAGE and refuses OPEN CHANNEL with 3A 07 "
                                     "(recorded in open_requests).")
        .def_property_readonly(
            "timers", [](const StandardTerminalView& v) { return TimerTableView{v.terminal}; },
            py::keep_alive<0, 1>())
        .def_property_readonly("events",
                               [](const StandardTerminalView& v) {
                                   return v.read([](const StandardTerminal& s) { return s.events(); });
                               },
                               "The events of the last SET UP EVENT LIST.")
        .def(
            "event_registered",
            [](const StandardTerminalView& v, cat::Event event) {
                return v.read([&](const StandardTerminal& s) { return s.event_registered(event); });
            },
            "event"_a)
        .def_property_readonly("poll_interval",
                               [](const StandardTerminalView& v) {
                                   return v.read([](const StandardTerminal& s) { return s.poll_interval(); });
                               })
        .def_property_readonly("displayed_texts",
                               [](const StandardTerminalView& v) {
                                   return v.read([](const StandardTerminal& s) { return s.displayed_texts(); });
                               })
        .def_property_readonly("short_messages",
                               [](const StandardTerminalView& v) {
                                   return v.read([](const StandardTerminal& s) { return s.short_messages(); });
                               })
        .def_property_readonly(
            "open_requests",
            [](const StandardTerminalView& v) {
                return v.read([](const StandardTerminal& s) {
                    const auto* bip = s.recording_bip();
                    return bip ? bip->open_requests() : std::vector<cat::OpenChannel>{};
                });
            },
            "Every OPEN CHANNEL the card asked for, oldest first.");
}

void bind_toolkit_terminal(py::module_& m) {
    m.def("default_terminal_profile", &host::default_terminal_profile,
          "What ToolkitTerminal announces by default: SMS-PP download, timers, the BIP client commands, ...");

    py::class_<GuardedTerminal>(
        m, "ToolkitTerminal",
        "The host as toolkit terminal (TS 102 223): TERMINAL PROFILE, ENVELOPEs, the proactive loop (91xx -> FETCH "
        "-> TERMINAL RESPONSE) with a StandardTerminal. Keeps its channel alive; calls release the GIL and are "
        "serialised, so threads may share it.")
        .def(py::init([](transport::CardChannel& channel, py::object clock, std::optional<cat::TerminalProfile> profile,
                         long long max_proactive_commands, py::object on_event) {
                 host::ToolkitTerminalOptions options;
                 options.clock = terminal_clock(std::move(clock));
                 if (profile) {
                     options.profile = std::move(*profile);
                 }
                 options.max_proactive_commands =
                     int_arg<std::size_t>(max_proactive_commands, "max_proactive_commands", 1);
                 if (!on_event.is_none()) {
                     if (!PyCallable_Check(on_event.ptr())) {
                         throw py::type_error("on_event must be callable");
                     }
                     options.on_event = [callback = SharedPyObject(std::move(on_event))](const host::TerminalEvent& e) {
                         call_python_noexcept("euicc.ToolkitTerminal on_event", [&] { callback.get()(e); });
                     };
                 }
                 return std::make_unique<GuardedTerminal>(channel, std::move(options));
             }),
             "channel"_a, py::kw_only(), "clock"_a = py::none(), "profile"_a = py::none(),
             "max_proactive_commands"_a = 64, "on_event"_a = py::none(), py::keep_alive<1, 2>(),
             "clock: a callable returning the terminal's time in float seconds (tests move it by hand; default: a "
             "monotonic clock). on_event(TerminalEvent) is called for every exchange as it happens (with the GIL; "
             "its exceptions go to sys.unraisablehook).")
        .def(
            "start", [](GuardedTerminal& g) { return g.locked([](host::ToolkitTerminal& t) { return t.start(); }); },
            "TERMINAL PROFILE and any proactive session the card starts on it.")
        .def(
            "envelope",
            [](GuardedTerminal& g, ByteView ber_tlv) {
                return g.locked([&](host::ToolkitTerminal& t) { return t.envelope(ber_tlv); });
            },
            "ber_tlv"_a, "ENVELOPE `80 C2 00 00 Lc <ber_tlv> 00` and the proactive session a 91xx starts.")
        .def(
            "sms_pp_download",
            [](GuardedTerminal& g, const sms::Deliver& deliver, const std::optional<sms::Address>& smsc) {
                return g.locked([&](host::ToolkitTerminal& t) { return t.sms_pp_download(deliver, smsc); });
            },
            "sms"_a, "smsc"_a = py::none(),
            "ENVELOPE SMS-PP download (D1) of an SMS-DELIVER, and the PoR from its response or a SEND SHORT MESSAGE.")
        .def(
            "poll_timers",
            [](GuardedTerminal& g) { return g.locked([](host::ToolkitTerminal& t) { return t.poll_timers(); }); },
            "ENVELOPE timer expiration (D7) for every due timer, and the sessions they start.")
        .def(
            "run_proactive_session",
            [](GuardedTerminal& g, apdu::StatusWord last_sw) {
                return g.locked([&](host::ToolkitTerminal& t) { return t.run_proactive_session(last_sw); });
            },
            "last_sw"_a, "The proactive loop for a 91xx the caller received from another command.")
        .def_property_readonly(
            "events",
            [](GuardedTerminal& g) { return g.locked([](host::ToolkitTerminal& t) { return t.events(); }); },
            "Every exchange so far (a copy).")
        .def(
            "clear_events",
            [](GuardedTerminal& g) { g.locked([](host::ToolkitTerminal& t) { t.clear_events(); }); })
        .def_property_readonly(
            "standard_terminal", [](GuardedTerminal& g) { return StandardTerminalView{&g}; }, py::keep_alive<0, 1>())
        .def_property_readonly(
            "channel", [](GuardedTerminal& g) -> transport::CardChannel& { return g.unguarded().channel(); },
            py::return_value_policy::reference_internal)
        .def(
            "now", [](const GuardedTerminal& g) { return terminal_seconds(g.now()); },
            "The terminal clock's current value (float seconds).");
}

} // namespace

void bind_terminal(py::module_& m) {
    bind_events(m);
    bind_standard_terminal(m);
    bind_toolkit_terminal(m);
}

} // namespace euicc::python
