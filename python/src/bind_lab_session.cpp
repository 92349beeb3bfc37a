// SPDX-License-Identifier: Apache-2.0
// Bindings of the push-mode admin session with every SM-SR part on this host (GP Amd B §3.7-§3.8, SGP.02 §2.4):
// trigger settings, the BIP relay to TCP (TS 102 223 §6.4.27-31), run_lab_session, and a plain relay loop for
// sessions the card starts itself (pull mode).
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <euicc/host/lab_session.hpp>
#include <euicc/host/standard_terminal.hpp>
#include <euicc/host/tcp_bip_handler.hpp>
#include <euicc/host/terminal_event.hpp>
#include <euicc/host/terminal_loop.hpp>
#include <euicc/host/toolkit_terminal.hpp>
#include <euicc/host/triggered_session.hpp>

#include "bindings.hpp"
#include "callables.hpp"
#include "callback_errors.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using host::LabSessionRequest;
using host::LabSessionResult;
using host::TcpBipOptions;
using host::TcpEndpoint;
using LogFn = std::function<void(const std::string&)>;

// -----------------------------------------------------------------------------------------------------------
// The BIP relay's options: endpoints as (host, port) tuples, so that they can be dict keys.

py::tuple endpoint_tuple(const TcpEndpoint& e) { return py::make_tuple(e.host, e.port); }

TcpEndpoint endpoint_arg(const py::handle& value, const char* name) {
    const auto pair = value.cast<std::pair<std::string, long long>>();
    if (pair.second < 0 || pair.second > 0xFFFF) {
        throw std::invalid_argument(std::string(name) + ": port out of range [0, 65535]: " +
                                    std::to_string(pair.second));
    }
    return TcpEndpoint{pair.first, static_cast<std::uint16_t>(pair.second)};
}

void bind_bip_options(py::module_& m) {
    Struct<TcpBipOptions>(m, "TcpBipOptions",
                          "The terminal's BIP relay to TCP: overrides {(ip, port): (host, port)} of the destinations "
                          "cards name (port 0 = the card's), a catch_all (host, port) for the others, timeouts and "
                          "the channel limits TERMINAL PROFILE announces.")
        .property(
            "overrides",
            [](const TcpBipOptions& o) {
                py::dict out;
                for (const auto& [from, to] : o.overrides) {
                    out[endpoint_tuple(from)] = endpoint_tuple(to);
                }
                return out;
            },
            [](TcpBipOptions& o, const py::dict& overrides) {
                std::map<TcpEndpoint, TcpEndpoint> out;
                for (const auto& [from, to] : overrides) {
                    out[endpoint_arg(from, "overrides key")] = endpoint_arg(to, "overrides value");
                }
                o.overrides = std::move(out);
            })
        .property(
            "catch_all",
            [](const TcpBipOptions& o) -> py::object {
                return o.catch_all ? py::object(endpoint_tuple(*o.catch_all)) : py::none();
            },
            [](TcpBipOptions& o, const py::object& value) {
                o.catch_all = value.is_none() ? std::nullopt : std::optional(endpoint_arg(value, "catch_all"));
            })
        .field("connect_timeout", &TcpBipOptions::connect_timeout)
        .field("send_timeout", &TcpBipOptions::send_timeout)
        .field("max_buffer_size", &TcpBipOptions::max_buffer_size)
        .field("max_channels", &TcpBipOptions::max_channels)
        .field("max_receive_length", &TcpBipOptions::max_receive_length)
        .done();
}

// -----------------------------------------------------------------------------------------------------------
// Trigger settings, results

void bind_session_values(py::module_& m) {
    Struct<host::AdminTriggerSettings>(m, "AdminTriggerSettings",
                                       "What the SM-SR puts in a trigger for its admin server (spec/scp81.md §2.2): "
                                       "access control (E1), retry policy (86), admin URI (8C), ... run_lab_session "
                                       "sets operation, server_ip and server_port itself.")
        .field("operation", &host::AdminTriggerSettings::operation)
        .field("server_ip", &host::AdminTriggerSettings::server_ip)
        .field("server_port", &host::AdminTriggerSettings::server_port)
        .field("buffer_size", &host::AdminTriggerSettings::buffer_size)
        .field("access_control", &host::AdminTriggerSettings::access_control,
               "trigger.BackoffTimer, TimeWindow or AbsoluteTime; None: the card connects at once")
        .field("retry", &host::AdminTriggerSettings::retry, "trigger.RetryPolicy; None: the card's defaults")
        .field("admin_uri", &host::AdminTriggerSettings::admin_uri)
        .field("smsr_id", &host::AdminTriggerSettings::smsr_id)
        .field("request_id", &host::AdminTriggerSettings::request_id)
        .field("extension", &host::AdminTriggerSettings::extension,
               "False: the standard GP Amd B trigger only (no E1)")
        .done();
    m.def("build_admin_trigger", &host::build_admin_trigger, "settings"_a,
          "The trigger.Trigger for these settings; ValueError for port 0 or an address that is no IP literal.");

    py::enum_<host::TriggeredOutcome>(m, "TriggeredOutcome", "How a push-mode admin session ended.")
        .value("Completed", host::TriggeredOutcome::Completed, "the server ran the plan and ended with 204")
        .value("NothingToDo", host::TriggeredOutcome::NothingToDo, "the server had no plan for the request")
        .value("Failed", host::TriggeredOutcome::Failed, "the last session failed and the card stopped trying")
        .value("NoSession", host::TriggeredOutcome::NoSession, "the card never reached the server")
        .value("TimedOut", host::TriggeredOutcome::TimedOut, "the timeout passed first")
        .value("CardLost", host::TriggeredOutcome::CardLost,
               "the card or its reader went away mid-session (failure names the error)");

    py::enum_<host::LoopStopReason>(m, "LoopStopReason", "Why a terminal loop run ended.")
        .value("Predicate", host::LoopStopReason::Predicate)
        .value("Deadline", host::LoopStopReason::Deadline)
        .value("StepLimit", host::LoopStopReason::StepLimit);
    Struct<host::TerminalLoopSummary>(m, "TerminalLoopSummary",
                                      "What the terminal's idle loop did: steps, envelopes sent (timer expirations, "
                                      "BIP events), proactive commands answered, why it stopped.")
        .readonly("steps", &host::TerminalLoopSummary::steps)
        .readonly("envelopes", &host::TerminalLoopSummary::envelopes)
        .readonly("proactive_commands", &host::TerminalLoopSummary::proactive_commands)
        .readonly("reason", &host::TerminalLoopSummary::reason)
        .done(false);

    Struct<LabSessionRequest>(m, "LabSessionRequest",
                              "One push-mode admin session on this host (run_lab_session; euicc.session builds one "
                              "from keyword arguments): the plan, the card's SCP81 keyset, the trigger's SCP80 "
                              "parameters and settings, server and relay options, fast-forward, timeout, EID.")
        .field("plan", &LabSessionRequest::plan, "AdminPlan; its operation is also the trigger's")
        .field("psk", &LabSessionRequest::psk, "Scp81Keyset (default: lab_scp81_keys())")
        .field("ota", &LabSessionRequest::ota, "OtaParameters of the trigger SMS; counter_key '' = from the EID")
        .field("trigger", &LabSessionRequest::trigger, "AdminTriggerSettings")
        .field("server", &LabSessionRequest::server, "AdminServerOptions (127.0.0.1, any port)")
        .field("bip", &LabSessionRequest::bip, "TcpBipOptions")
        .field("fast_forward", &LabSessionRequest::fast_forward,
               "the terminal's timers expire at once (access time, retry delays)")
        .field("timeout", &LabSessionRequest::timeout, "longest real time for the whole session")
        .field("eid", &LabSessionRequest::eid, "'' = read from the card")
        .done();

    // A flat view of host::LabSessionResult (session + server counters + the EID's record).
    py::class_<LabSessionResult>(m, "LabSessionResult",
                                 "How a push-mode admin session went: outcome, EID, the server's events for the EID "
                                 "since the trigger, the trigger delivery, the terminal loop, the server's counters, "
                                 "times, the failure reason.")
        .def_property_readonly("outcome", [](const LabSessionResult& r) { return r.session.outcome; })
        .def_property_readonly(
            "outcome_name", [](const LabSessionResult& r) { return std::string(host::to_string(r.session.outcome)); })
        .def_property_readonly(
            "ok", [](const LabSessionResult& r) { return r.session.outcome == host::TriggeredOutcome::Completed; },
            "outcome == TriggeredOutcome.Completed")
        .def_property_readonly("eid", [](const LabSessionResult& r) { return r.session.eid; })
        .def_property_readonly(
            "events", [](const LabSessionResult& r) { return r.session.events; },
            "AdminEvent list: this session's steps, in order")
        .def_property_readonly(
            "steps",
            [](const LabSessionResult& r) {
                std::vector<host::AdminStep> out;
                for (const auto& e : r.session.events) {
                    out.push_back(e.step);
                }
                return out;
            },
            "[e.step for e in events]")
        .def(
            "event",
            [](const LabSessionResult& r, host::AdminStep step) -> std::optional<host::AdminEvent> {
                for (auto it = r.session.events.rbegin(); it != r.session.events.rend(); ++it) {
                    if (it->step == step) {
                        return *it;
                    }
                }
                return std::nullopt;
            },
            "step"_a, "The last event of that step, or None.")
        .def_property_readonly("delivery", [](const LabSessionResult& r) { return r.session.delivery; },
                               "OtaDelivery of the trigger (counter used, PoR)")
        .def_property_readonly("loop", [](const LabSessionResult& r) { return r.session.loop; })
        .def_property_readonly("seconds", [](const LabSessionResult& r) { return r.session.seconds; },
                               "real time from the trigger to the end")
        .def_property_readonly("fast_forwarded_seconds",
                               [](const LabSessionResult& r) { return r.session.fast_forwarded_seconds; })
        .def_property_readonly("failure", [](const LabSessionResult& r) { return r.session.failure; },
                               "why, when not completed")
        .def_property_readonly(
            "counters", [](const LabSessionResult& r) { return r.server; }, "AdminCounters at the end")
        .def_property_readonly(
            "record", [](const LabSessionResult& r) { return r.record; },
            "AdminCardRecord: everything the server recorded for the EID, or None")
        .def("__repr__", [](const LabSessionResult& r) {
            std::string out = "LabSessionResult(outcome=" + std::string(host::to_string(r.session.outcome)) +
                              ", eid=" + r.session.eid + ", steps=[";
            for (std::size_t i = 0; i < r.session.events.size(); ++i) {
                out += (i ? ", " : "") + std::string(host::to_string(r.session.events[i].step));
            }
            out += "], seconds=" + std::to_string(r.session.seconds);
            if (!r.session.failure.empty()) {
                out += ", failure=" + py::repr(py::str(r.session.failure)).cast<std::string>();
            }
            return out + ")";
        });
}

// -----------------------------------------------------------------------------------------------------------
// Runs

/// The live log: a Python callable(str) behind a C++ function that never throws; errors go to `errors`.
LogFn log_function(py::object on_log, const std::shared_ptr<CallbackErrors>& errors, const char* where) {
    if (on_log.is_none()) {
        return {};
    }
    if (!PyCallable_Check(on_log.ptr())) {
        throw py::type_error("on_log must be callable");
    }
    return [errors, where, fn = SharedPyObject(std::move(on_log))](const std::string& line) {
        (void)errors->call(where, [&] { fn.get()(line); });
    };
}

/// Runs `work` with the GIL released; then raises what a callback raised (a C++ error from `work` wins, the
/// callback's going to sys.unraisablehook).
template <class F>
auto run_released(CallbackErrors& errors, const char* where, F&& work) {
    try {
        py::gil_scoped_release release;
        auto result = std::forward<F>(work)();
        return result;
    } catch (...) {
        errors.discard(where);
        throw;
    }
}

LabSessionResult run_lab_session(transport::CardChannel& channel, host::CounterStore& counters,
                                 LabSessionRequest request, py::object on_log) {
    auto errors = std::make_shared<CallbackErrors>();
    const char* where = "euicc.run_lab_session on_log";
    if (LogFn log = log_function(std::move(on_log), errors, where)) {
        request.on_log = log;
        request.bip.on_log = std::move(log);
    }
    LabSessionResult result = run_released(*errors, where, [&] { return host::run_lab_session(channel, counters, request); });
    errors->rethrow();
    return result;
}

/// The terminal for a session the card starts on its own (pull mode, applet_spec/admin_agent.md §7): TERMINAL
/// PROFILE, then the TerminalLoop relaying the card's BIP channels to TCP until `until()` is true or the timeout.
host::TerminalLoopSummary run_bip_relay(transport::CardChannel& channel, py::object until,
                                        std::chrono::milliseconds timeout, std::optional<TcpBipOptions> bip,
                                        py::object on_log) {
    auto errors = std::make_shared<CallbackErrors>();
    const char* where = "euicc.run_bip_relay callback";
    TcpBipOptions options = bip.value_or(TcpBipOptions{});
    host::ToolkitTerminalOptions terminal_options;
    if (LogFn log = log_function(std::move(on_log), errors, where)) {
        options.on_log = log;
        terminal_options.on_event = [log](const host::TerminalEvent& e) { log(host::describe(e)); };
    }
    host::TerminalLoopLimits limits;
    if (!until.is_none()) {
        if (!PyCallable_Check(until.ptr())) {
            throw py::type_error("until must be callable");
        }
        // A raising predicate ends the run; the exception is raised afterwards.
        limits.stop = [errors, where, fn = SharedPyObject(std::move(until))] {
            bool done = false;
            if (errors->call(where, [&] { done = py::bool_(fn.get()()); })) {
                return true;
            }
            return done;
        };
    }
    auto summary = run_released(*errors, where, [&] {
        auto handler = std::make_shared<host::TcpBipHandler>(std::move(options));
        host::StandardTerminal standard({}, handler);
        host::ToolkitTerminal terminal(channel, standard, std::move(terminal_options));
        terminal.start();
        host::TerminalLoop loop(terminal, *handler);
        limits.deadline = host::TerminalClock::now() + timeout;
        return loop.run(limits);
    });
    errors->rethrow();
    return summary;
}

} // namespace

void bind_lab_session(py::module_& m) {
    bind_bip_options(m);
    bind_session_values(m);
    m.def("run_lab_session", &run_lab_session, "channel"_a, "counters"_a, "request"_a, py::kw_only(),
          "on_log"_a = py::none(),
          "One push-mode admin session (LabSessionRequest) with the card behind `channel`, every SM-SR part on this "
          "host: TERMINAL PROFILE, an AdminServer for the card's PSK, the trigger over SMS-PP (counters: the SCP80 "
          "CounterStore), the card's BIP channel relayed to the server, until the session ends. Releases the GIL. "
          "on_log(str) gets one line per step, from this and the server's thread (with the GIL); its first "
          "exception is raised when the run is over. A card lost mid-session (TransportError after the EID was "
          "read) is the outcome CardLost; reading the EID and card refusals (StatusWordError, PorError) raise. A "
          "session that fails is an outcome, not an exception (euicc.session raises it).");
    m.def("run_bip_relay", &run_bip_relay, "channel"_a, py::kw_only(), "until"_a = py::none(),
          "timeout"_a = std::chrono::milliseconds{30'000}, "bip"_a = py::none(), "on_log"_a = py::none(),
          "The host as terminal for an admin session the card starts itself (VirtualEuicc.request_admin_session): "
          "TERMINAL PROFILE, then timers and BIP events, the card's channels relayed to TCP (TcpBipOptions), until "
          "until() is true (called with the GIL between steps) or `timeout` (seconds or timedelta). Returns the "
          "TerminalLoopSummary; on_log(str) gets every toolkit exchange and link event.");
}

} // namespace euicc::python
