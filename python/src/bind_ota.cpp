// SPDX-License-Identifier: Apache-2.0
// Bindings of the host OTA session over SMS-PP (TS 102 225/31.115 SCP80, TS 102 226 scripts) and its replay
// counter stores (TS 102 225 §5.1.1 CNTR).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/remote_script.hpp>
#include <euicc/host/counter_store.hpp>
#include <euicc/host/eid_reader.hpp>
#include <euicc/host/file_counter_store.hpp>
#include <euicc/host/ota_session.hpp>

#include "bindings.hpp"
#include "callables.hpp"
#include "guarded_terminal.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"

namespace euicc::python {

void bind_ota_keys(py::module_& m); // bind_ota_keys.cpp

namespace {

using host::CounterStore;
using host::OtaParameters;
using release_gil = py::call_guard<py::gil_scoped_release>;

/// A counter store written in Python (e.g. one kept in a database). The session calls it with the GIL released.
class PyCounterStore : public CounterStore {
public:
    std::uint64_t reserve_next(const std::string& key) override {
        PYBIND11_OVERRIDE_PURE(std::uint64_t, CounterStore, reserve_next, key);
    }
    std::uint64_t current(const std::string& key) override {
        PYBIND11_OVERRIDE_PURE(std::uint64_t, CounterStore, current, key);
    }
    void ensure_at_least(const std::string& key, std::uint64_t used) override {
        PYBIND11_OVERRIDE_PURE(void, CounterStore, ensure_at_least, key, used);
    }
};

/// An OtaSession over a GuardedTerminal: every send holds the terminal's lock (the session drives the terminal).
class GuardedSession {
public:
    GuardedSession(GuardedTerminal& terminal, OtaParameters parameters, CounterStore& counters,
                   host::OtaSessionOptions options)
        : m_terminal(terminal), m_session(terminal.unguarded(), std::move(parameters), counters, std::move(options)) {}

    template <class F>
    auto locked(F&& f) {
        return m_terminal.locked([&](host::ToolkitTerminal&) { return std::forward<F>(f)(m_session); });
    }
    GuardedTerminal& terminal() noexcept { return m_terminal; }
    const OtaParameters& parameters() const noexcept { return m_session.parameters(); }

private:
    GuardedTerminal& m_terminal;
    host::OtaSession m_session;
};

/// Each item a CommandApdu or its bytes (parsed: CodecError if malformed, nothing sent).
std::vector<apdu::CommandApdu> commands_arg(const std::vector<py::object>& items) {
    std::vector<apdu::CommandApdu> out;
    out.reserve(items.size());
    for (const auto& item : items) {
        if (py::isinstance<apdu::CommandApdu>(item)) {
            out.push_back(item.cast<apdu::CommandApdu>());
        } else {
            out.push_back(apdu::CommandApdu::parse(item.cast<Bytes>()));
        }
    }
    return out;
}

void bind_counter_stores(py::module_& m) {
    py::class_<CounterStore, PyCounterStore>(
        m, "CounterStore",
        "Where the host keeps the last CNTR used per key ('<card>/<TAR>/<KVN>'). Subclass it in Python (override "
        "reserve_next, current, ensure_at_least; thread-safe) or use MemoryCounterStore / FileCounterStore.")
        .def(py::init<>())
        .def("reserve_next", &CounterStore::reserve_next, "key"_a, release_gil(),
             "The next counter for `key` (1 for a new key), reserved before anything is sent.")
        .def("current", &CounterStore::current, "key"_a, release_gil(), "The last reserved counter, 0 if none.")
        .def(
            "ensure_at_least",
            [](CounterStore& s, const std::string& key, long long used) {
                const auto value = int_arg<std::uint64_t>(used, "used", 0, scp80::max_counter);
                py::gil_scoped_release release;
                s.ensure_at_least(key, value);
            },
            "key"_a, "used"_a,
            "Makes the next reservation exceed `used` (the card is ahead, e.g. PoR 'counter low'); never lowers.");

    py::class_<host::MemoryCounterStore, CounterStore>(m, "MemoryCounterStore",
                                                       "Counters in memory only (tests, a fresh virtual card).")
        .def(py::init<>());

    py::class_<host::FileCounterStore, CounterStore>(
        m, "FileCounterStore",
        "Counters in a JSON file, written durably (fsync, rename) before a counter is returned and locked against "
        "other processes: after a crash no counter is ever reused. The directory must exist.")
        .def(py::init<std::filesystem::path>(), "path"_a)
        .def_property_readonly("path", &host::FileCounterStore::path);
}

void bind_session_types(py::module_& m) {
    m.def("default_ota_spi", &host::default_ota_spi,
          "SPI 16 19: counter higher, ciphered, CC; PoR required, CC, ciphered, in the ENVELOPE response.");
    m.def(
        "make_counter_key",
        [](const std::string& card_identity, const scp80::Tar& tar, long long kvn) {
            return host::make_counter_key(card_identity, tar, int_arg<std::uint8_t>(kvn, "kvn", 0, 15));
        },
        "card_identity"_a, "tar"_a, "kvn"_a, "'<card>/<TAR hex>/<KVN>': one counter per card, TAR and key set.");
    m.def("read_eid", &host::read_eid, "channel"_a, "logical_channel"_a = 0u, release_gil(),
          "SELECT ECASD + GET DATA 5A: the card's 32-digit EID.");

    Struct<OtaParameters>(m, "OtaParameters",
                          "Everything that addresses one application of one card over SMS-PP: keys (scp80.Keyset), "
                          "SPI, KIc, KID, TAR (000000 = ISD-R), originator (TP-OA), SMS-C, counter_key.")
        .field("keys", &OtaParameters::keys)
        .field("spi", &OtaParameters::spi)
        .hex_field("kic", &OtaParameters::kic)
        .hex_field("kid", &OtaParameters::kid)
        .field("tar", &OtaParameters::tar)
        .field("originator", &OtaParameters::originator)
        .field("smsc", &OtaParameters::smsc)
        .field("counter_key", &OtaParameters::counter_key)
        .done();

    Struct<host::OtaDelivery>(m, "OtaDelivery",
                              "What became of one secured packet: the header sent (with its counter), one "
                              "SmsPpOutcome per SMS-DELIVER, the PoR as received and verified.")
        .readonly("header", &host::OtaDelivery::header)
        .readonly("parts", &host::OtaDelivery::parts)
        .readonly("por_user_data", &host::OtaDelivery::por_user_data)
        .readonly("por", &host::OtaDelivery::por)
        .done(false);

    py::enum_<host::ScriptFormat>(m, "ScriptFormat", "TS 102 226 §5.1 compact or §5.2 expanded.")
        .value("Compact", host::ScriptFormat::Compact)
        .value("Expanded", host::ScriptFormat::Expanded);

    Struct<host::ScriptResult>(m, "ScriptResult",
                               "The card's answer to a script: commands executed, the last SW, the responses "
                               "(compact: the last command's; expanded: every R-APDU), the expanded response.")
        .readonly("delivery", &host::ScriptResult::delivery)
        .readonly("executed", &host::ScriptResult::executed)
        .readonly("last_sw", &host::ScriptResult::last_sw)
        .readonly("responses", &host::ScriptResult::responses)
        .readonly("expanded", &host::ScriptResult::expanded)
        .done(false)
        .def_property_readonly("counter", &host::ScriptResult::counter, "The CNTR the script was sent with.")
        .def_property_readonly(
            "por", [](const host::ScriptResult& r) { return r.delivery.por; }, "The verified PoR (or None).");
}

void bind_session(py::module_& m) {
    py::class_<GuardedSession>(
        m, "OtaSession",
        "Secured packets to one TAR of the card behind a ToolkitTerminal (keeps it and the counter store alive). "
        "Raises PorError for a PoR status other than 00, SecurityError for a PoR that fails its checks, "
        "StatusWordError when the card is busy; keys never appear in any of them.")
        .def(py::init([](GuardedTerminal& terminal, OtaParameters parameters, CounterStore& counters,
                         py::object clock) {
                 host::OtaSessionOptions options;
                 options.clock = wall_clock(std::move(clock), "OtaSession clock", false);
                 return std::make_unique<GuardedSession>(terminal, std::move(parameters), counters,
                                                         std::move(options));
             }),
             "terminal"_a, "parameters"_a, "counters"_a, py::kw_only(), "clock"_a = py::none(),
             py::keep_alive<1, 2>(), py::keep_alive<1, 4>(),
             "clock: the SMS service centre time stamps (a callable returning Unix seconds); default: now.")
        .def(
            "send_script",
            [](GuardedSession& s, const remote::ExpandedCommandScript& script) {
                return s.locked([&](host::OtaSession& session) { return session.send_script(script); });
            },
            "script"_a, "An expanded script (TS 102 226 §5.2); the response is decoded as expanded.")
        .def(
            "send_script",
            [](GuardedSession& s, const std::vector<py::object>& commands, bool expanded) {
                const auto parsed = commands_arg(commands);
                return s.locked([&](host::OtaSession& session) {
                    return expanded ? session.send_script(remote::ExpandedCommandScript::from_commands(parsed))
                                    : session.send_script(parsed);
                });
            },
            "commands"_a, "expanded"_a = false,
            "A script of `commands` (CommandApdu or C-APDU bytes), compact unless expanded=True.")
        .def(
            "send_script",
            [](GuardedSession& s, ByteView script, host::ScriptFormat format) {
                return s.locked([&](host::OtaSession& session) { return session.send_script(script, format); });
            },
            "script"_a, "format"_a, "A script already encoded in `format`, sent as is.")
        .def(
            "send_trigger",
            [](GuardedSession& s, const trigger::Trigger& t) {
                return s.locked([&](host::OtaSession& session) { return session.send_trigger(t); });
            },
            "trigger"_a,
            "A trigger as the secured data for the TAR; the card's TIMER MANAGEMENT / OPEN CHANNEL are in the "
            "parts' proactive sessions, then drive ToolkitTerminal.poll_timers().")
        .def(
            "send_secured_data",
            [](GuardedSession& s, ByteView data) {
                return s.locked([&](host::OtaSession& session) { return session.send_secured_data(data); });
            },
            "secured_data"_a, "Any secured data (the layer below send_script and send_trigger).")
        .def_property_readonly(
            "parameters", [](const GuardedSession& s) { return OtaParameters(s.parameters()); },
            "A copy of the session's parameters.")
        .def_property_readonly("terminal", &GuardedSession::terminal, py::return_value_policy::reference);
}

} // namespace

void bind_ota(py::module_& m) {
    bind_counter_stores(m);
    bind_session_types(m);
    bind_session(m);
    bind_ota_keys(m);
}

} // namespace euicc::python
