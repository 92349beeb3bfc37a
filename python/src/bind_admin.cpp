// SPDX-License-Identifier: Apache-2.0
// Bindings of the SM-SR's SCP81 admin server (GP Amd B §3.4, SGP.02 §2.4.4; spec/scp81.md §4-§6): keysets and PSK
// store, admin plans, the journal of events and counters, and the server with a planner written in Python.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>
#include <euicc/host/admin_psk_store.hpp>
#include <euicc/host/admin_records.hpp>
#include <euicc/host/admin_server.hpp>
#include <euicc/host/admin_session_plan.hpp>
#include <euicc/host/lab_session.hpp>

#include "bindings.hpp"
#include "callables.hpp"
#include "callback_errors.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using host::AdminEvent;
using host::AdminPlan;
using host::AdminServer;
using host::AdminStep;
using host::Scp81Keyset;
using release_gil = py::call_guard<py::gil_scoped_release>;

// -----------------------------------------------------------------------------------------------------------
// Keys

std::string hex_byte(std::uint8_t b) { return "0x" + to_hex(ByteView(&b, 1)); }

/// "Scp81Keyset(kvn=0x40, psk=<16-byte secret>, dek=<16-byte secret>)": sizes only, never a key byte.
std::string repr(const Scp81Keyset& k) {
    const auto secret = [](const SecretBytes& s) {
        return s.empty() ? std::string("None") : "<" + std::to_string(s.size()) + "-byte secret>";
    };
    std::string out = "Scp81Keyset(kvn=" + hex_byte(k.kvn) + ", psk=" + secret(k.psk) + ", dek=" + secret(k.dek);
    if (k.psk_id != 0x01 || k.dek_id != 0x02) {
        out += ", psk_id=" + hex_byte(k.psk_id) + ", dek_id=" + hex_byte(k.dek_id);
    }
    return out + ")";
}

void bind_keys(py::module_& m) {
    py::class_<Scp81Keyset>(m, "Scp81Keyset",
                            "An ISD-R SCP81 keyset as the SM-SR holds it (spec/scp81.md §4, §6): KVN 40..4F, the "
                            "TLS pre-shared key (KID psk_id) and the DEK that wraps PUT KEY inside the session (KID "
                            "dek_id; may be empty). Keys go in as bytes and are never readable back, printed or "
                            "pickled.")
        .def(py::init([](long long kvn, ByteView psk, ByteView dek, long long psk_id, long long dek_id) {
                 Scp81Keyset keys{int_arg<std::uint8_t>(kvn, "kvn"), int_arg<std::uint8_t>(psk_id, "psk_id"),
                                  SecretBytes(psk), int_arg<std::uint8_t>(dek_id, "dek_id"), SecretBytes(dek)};
                 keys.validate();
                 return keys;
             }),
             "kvn"_a, "psk"_a, "dek"_a = py::bytes(), py::kw_only(), "psk_id"_a = 1, "dek_id"_a = 2,
             "ValueError for a KVN outside 40..4F, key identifiers outside 01..7F or equal, a PSK outside 16..64 "
             "bytes or a DEK that is not 16, 24 or 32 bytes.")
        .def_property_readonly("kvn", [](const Scp81Keyset& k) { return k.kvn; })
        .def_property_readonly("psk_id", [](const Scp81Keyset& k) { return k.psk_id; })
        .def_property_readonly("dek_id", [](const Scp81Keyset& k) { return k.dek_id; })
        .def_property_readonly("psk_size", [](const Scp81Keyset& k) { return k.psk.size(); })
        .def_property_readonly("has_dek", [](const Scp81Keyset& k) { return !k.dek.empty(); })
        .def("__copy__", [](const Scp81Keyset& k) { return Scp81Keyset(k); })
        .def(
            "__deepcopy__", [](const Scp81Keyset& k, const py::handle&) { return Scp81Keyset(k); }, "memo"_a)
        .def("__reduce__",
             [](const Scp81Keyset&) -> py::object {
                 throw py::type_error("a Scp81Keyset holds secrets and is not pickled");
             })
        .def("__repr__", [](const Scp81Keyset& k) { return repr(k); });
    m.def("lab_scp81_keys", &host::lab_test_scp81_keyset,
          "The virtual eUICC's public lab TEST SCP81 keyset (KVN 40: PSK 70..7F, DEK 80..8F): protects nothing.");

    Struct<host::AdminCredentials>(m, "AdminCredentials", "Who a PSK identity belongs to and the keyset it opens.")
        .readonly("eid", &host::AdminCredentials::eid)
        .readonly("keyset", &host::AdminCredentials::keyset)
        .done(false);

    py::class_<host::PskStore, std::shared_ptr<host::PskStore>>(
        m, "PskStore", "The admin server's key source (InMemoryPskStore); consulted inside the TLS handshake.");
    py::class_<host::InMemoryPskStore, host::PskStore, std::shared_ptr<host::InMemoryPskStore>>(
        m, "InMemoryPskStore",
        "PSK keysets by EID and KVN (an SGP.02 identity names both), plus raw identities (a trigger's 85). "
        "Thread-safe: the server reads it while Python adds or removes cards.")
        .def(py::init<>())
        .def("add", &host::InMemoryPskStore::add, "eid"_a, "keyset"_a,
             "isd_r_aid"_a = host::InMemoryPskStore::default_isd_r_aid(),
             "Registers (or replaces) the keyset of `eid` with its KVN; ValueError for an invalid EID, keyset or AID.")
        .def("add_identity", &host::InMemoryPskStore::add_identity, "identity"_a, "eid"_a, "keyset"_a,
             "Registers a raw PSK identity text for `eid` and `keyset` (compared byte for byte).")
        .def(
            "remove",
            [](host::InMemoryPskStore& s, const std::string& eid, long long kvn) {
                s.remove(eid, int_arg<std::uint8_t>(kvn, "kvn"));
            },
            "eid"_a, "kvn"_a, "Forgets every entry of `eid` with KVN `kvn`.")
        .def(
            "find",
            [](const host::InMemoryPskStore& s, const std::string& identity) {
                host::PskLookup lookup{identity, std::nullopt};
                try {
                    lookup.parsed = scp81::parse_psk_identity(identity);
                } catch (const CodecError&) {
                    // Not an SGP.02 identity: looked up as raw text, as the server does.
                }
                return s.find(lookup);
            },
            "identity"_a, "The credentials the server would use for this PSK identity, or None.")
        .def_static("default_isd_r_aid", &host::InMemoryPskStore::default_isd_r_aid);
}

// -----------------------------------------------------------------------------------------------------------
// Plans

void bind_plans(py::module_& m) {
    Struct<host::ProfileDownloadPlan>(m, "ProfileDownloadPlan",
                                      "profile-download / profile-installation: CreateISDP (create), the ISD-P's "
                                      "SCP03 keys put under the session's DEK (isdp_keys, with a DEK), the SAIP "
                                      "package over SCP03t (download).")
        .summary_field("package", &host::ProfileDownloadPlan::package, "SAIP profile package (DER)")
        .field("isdp_keys", &host::ProfileDownloadPlan::isdp_keys, "scp03.StaticKeys with a DEK")
        .field("create", &host::ProfileDownloadPlan::create, "CreateIsdpRequest (AID None: the lowest free one)")
        .field("download", &host::ProfileDownloadPlan::download, "DownloadOptions")
        .done();
    Struct<host::SmsrChangePlan>(m, "SmsrChangePlan",
                                 "smsr-change over SCP81: PUT KEY of the new SM-SR's keysets under the session's "
                                 "DEK, then removal of the old ones.")
        .field("new_keys", &host::SmsrChangePlan::new_keys, "SmsrKeysets (SCP03 30..3F and/or SCP80 01..0F)")
        .field("scp81", &host::SmsrChangePlan::scp81, "Scp81Keyset of the new SM-SR (PSK and DEK), or None")
        .field("old_keysets", &host::SmsrChangePlan::old_keysets,
               "list of sgp02.KeysetRange, or None: every SM-SR keyset but the new KVNs")
        .field("removal", &host::SmsrChangePlan::removal)
        .done();
    Struct<AdminPlan>(m, "AdminPlan",
                      "What the SM-SR does in one admin session with one card: the operation its service request "
                      "must name (None: audit only, any request) and its parameters. euicc.admin_plan() builds one "
                      "from an operation name.")
        .field("operation", &AdminPlan::operation, "trigger.OperationType, or None")
        .field("download", &AdminPlan::download, "ProfileDownloadPlan (profile-download, profile-installation)")
        .field("isdp_aid", &AdminPlan::isdp_aid, "enabling, disabling, profile-deletion, status-change")
        .field("smsr_change", &AdminPlan::smsr_change, "SmsrChangePlan (smsr-change)")
        .field("audit", &AdminPlan::audit, "read an eUICCCapabilityAudit after the operation")
        .done()
        .def_static("audit_only", &AdminPlan::audit_only, "An audit, whatever the card asks for.")
        .def("validate", &AdminPlan::validate,
             "ValueError when the parameters the operation needs are missing or unusable.");
}

// -----------------------------------------------------------------------------------------------------------
// Journal

void bind_records(py::module_& m) {
    py::enum_<AdminStep>(m, "AdminStep", "One thing an admin session did (the patent's EID lists).")
        .value("HandshakeFailed", AdminStep::HandshakeFailed)
        .value("Connected", AdminStep::Connected)
        .value("ServiceRequested", AdminStep::ServiceRequested)
        .value("RefusedBusy", AdminStep::RefusedBusy)
        .value("NothingToDo", AdminStep::NothingToDo)
        .value("ContainerCreated", AdminStep::ContainerCreated)
        .value("KeysEstablished", AdminStep::KeysEstablished)
        .value("ProfileInstalled", AdminStep::ProfileInstalled)
        .value("ProfileEnabled", AdminStep::ProfileEnabled)
        .value("ProfileDisabled", AdminStep::ProfileDisabled)
        .value("ProfileDeleted", AdminStep::ProfileDeleted)
        .value("FallbackSet", AdminStep::FallbackSet)
        .value("SmsrChanged", AdminStep::SmsrChanged)
        .value("Audited", AdminStep::Audited)
        .value("Completed", AdminStep::Completed)
        .value("Failed", AdminStep::Failed);

    Struct<AdminEvent>(m, "AdminEvent",
                       "One step of an admin session: time, session number, EID, step, and what the step names "
                       "(service request, ISD-P AID, ICCID, detail; retryable and retry_after for refusals). Never "
                       "holds a key.")
        .readonly_property("time", [](const AdminEvent& e) { return utc_datetime(e.time); })
        .readonly("session", &AdminEvent::session)
        .readonly("eid", &AdminEvent::eid)
        .readonly("step", &AdminEvent::step)
        .readonly("service_request", &AdminEvent::service_request)
        .readonly("isdp_aid", &AdminEvent::isdp_aid)
        .readonly("iccid", &AdminEvent::iccid)
        .readonly("detail", &AdminEvent::detail)
        .readonly("retryable", &AdminEvent::retryable)
        .readonly("retry_after", &AdminEvent::retry_after)
        .done(false)
        .def_property_readonly(
            "step_name", [](const AdminEvent& e) { return std::string(host::to_string(e.step)); },
            "'container-created', 'profile-installed', ...");

    const auto last = [](const host::AdminCardRecord& r, AdminStep step) -> std::optional<AdminEvent> {
        const AdminEvent* event = r.last(step);
        return event ? std::optional(*event) : std::nullopt;
    };
    Struct<host::AdminCardRecord>(m, "AdminCardRecord", "Every event of one EID, in order, across sessions.")
        .readonly("eid", &host::AdminCardRecord::eid)
        .readonly("events", &host::AdminCardRecord::events)
        .done(false)
        .def("has", &host::AdminCardRecord::has, "step"_a)
        .def("last", last, "step"_a, "The last event of that step, or None.");

    Struct<host::AdminCounters>(m, "AdminCounters", "The admin server's session counters.")
        .readonly("open", &host::AdminCounters::open, "connections being served now")
        .readonly("peak", &host::AdminCounters::peak)
        .readonly("total", &host::AdminCounters::total, "connections accepted")
        .readonly("refused_busy", &host::AdminCounters::refused_busy)
        .readonly("handshake_failures", &host::AdminCounters::handshake_failures)
        .readonly("completed", &host::AdminCounters::completed)
        .readonly("failed", &host::AdminCounters::failed)
        .done(false);
}

// -----------------------------------------------------------------------------------------------------------
// Server

void bind_server_values(py::module_& m) {
    Struct<host::AdminServerOptions>(m, "AdminServerOptions",
                                     "Where the admin server listens and its limits; timeouts are timedeltas "
                                     "(int/float seconds accepted).")
        .field("address", &host::AdminServerOptions::address, "IPv4 or IPv6 literal")
        .field("port", &host::AdminServerOptions::port, "0: an ephemeral port (AdminServer.port)")
        .field("threads", &host::AdminServerOptions::threads)
        .field("handshake_timeout", &host::AdminServerOptions::handshake_timeout)
        .field("read_timeout", &host::AdminServerOptions::read_timeout, "longest wait for the card's next POST")
        .field("write_timeout", &host::AdminServerOptions::write_timeout)
        .field("close_timeout", &host::AdminServerOptions::close_timeout)
        .field("body_limit", &host::AdminServerOptions::body_limit)
        .field("stack_size", &host::AdminServerOptions::stack_size, "per-session coroutine stack (bytes)")
        .field("next_uri_prefix", &host::AdminServerOptions::next_uri_prefix)
        .done();
    Struct<host::AdminPlanQuery>(m, "AdminPlanQuery",
                                 "What a planner is told about a card that opened a session: EID, service request "
                                 "(scp81.ServiceRequest or None), session number, peer address.")
        .readonly("eid", &host::AdminPlanQuery::eid)
        .readonly("service_request", &host::AdminPlanQuery::service_request)
        .readonly("session", &host::AdminPlanQuery::session)
        .readonly("peer", &host::AdminPlanQuery::peer)
        .done(false);
    Struct<host::AdmissionQuery>(m, "AdmissionQuery",
                                 "What the capacity gate is told about a card whose first POST arrived.")
        .readonly("eid", &host::AdmissionQuery::eid)
        .readonly("service_request", &host::AdmissionQuery::service_request)
        .readonly("session", &host::AdmissionQuery::session)
        .readonly("open_sessions", &host::AdmissionQuery::open_sessions, "connections open now, this one included")
        .done(false);
}

SharedPyObject callable_arg(py::object f, const char* what) {
    if (!PyCallable_Check(f.ptr())) {
        throw py::type_error(std::string(what) + " must be callable");
    }
    return SharedPyObject(std::move(f));
}

/// A planner from a Python callable(AdminPlanQuery) -> AdminPlan | None (called with the GIL, on a server thread) or
/// from a mapping EID -> AdminPlan | None (copied now: the server then never needs the GIL to plan).
host::SessionPlanner make_planner(py::object planner, const std::shared_ptr<CallbackErrors>& errors) {
    if (!PyCallable_Check(planner.ptr())) {
        if (!py::isinstance(planner, py::module_::import("collections.abc").attr("Mapping"))) {
            throw py::type_error("planner must be a callable(AdminPlanQuery) or a mapping EID -> AdminPlan");
        }
        std::map<std::string, std::optional<AdminPlan>, std::less<>> plans;
        for (const auto& item : planner.attr("items")()) {
            const auto pair = item.cast<py::tuple>();
            plans.emplace(pair[0].cast<std::string>(), pair[1].cast<std::optional<AdminPlan>>());
        }
        return [plans = std::move(plans)](const host::AdminPlanQuery& query) -> std::optional<AdminPlan> {
            const auto it = plans.find(query.eid);
            return it == plans.end() ? std::nullopt : it->second;
        };
    }
    return [errors, fn = callable_arg(std::move(planner), "planner")](
               const host::AdminPlanQuery& query) -> std::optional<AdminPlan> {
        std::optional<AdminPlan> plan;
        if (const auto failure = errors->call("euicc.AdminServer planner", [&] {
                py::object result = fn.get()(query);
                if (result.is_none()) {
                    return;
                }
                if (!py::isinstance<AdminPlan>(result)) {
                    throw py::type_error(std::string("planner must return an AdminPlan or None, not ") +
                                         Py_TYPE(result.ptr())->tp_name);
                }
                plan = result.cast<AdminPlan>();
            })) {
            throw std::runtime_error("the planner raised " + *failure);
        }
        return plan;
    };
}

/// A capacity gate from a Python callable(AdmissionQuery): None or True admits, a Retry-After (seconds or a
/// timedelta) refuses with 503.
host::CapacityGate make_gate(py::object gate, const std::shared_ptr<CallbackErrors>& errors) {
    return [errors, fn = callable_arg(std::move(gate), "capacity_gate")](const host::AdmissionQuery& query) {
        host::Admission admission = host::Admission::admit();
        if (const auto failure = errors->call("euicc.AdminServer capacity gate", [&] {
                py::object result = fn.get()(query);
                if (result.is_none() || result.ptr() == Py_True) {
                    return;
                }
                py::detail::make_caster<std::chrono::seconds> retry_after;
                if (!retry_after.load(result, true)) {
                    throw py::type_error(std::string("capacity gate must return None/True to admit, or the "
                                                     "Retry-After (seconds or timedelta) to refuse, not ") +
                                         Py_TYPE(result.ptr())->tp_name);
                }
                admission = host::Admission::busy(static_cast<std::chrono::seconds>(retry_after));
            })) {
            throw std::runtime_error("the capacity gate raised " + *failure);
        }
        return admission;
    };
}

/// host::AdminServer with its Python callbacks: none of them ever throws a Python exception into the server;
/// stop() raises the first one. Destroying it stops the server with the GIL released (the server's threads may be
/// waiting for the GIL in a callback).
class PyAdminServer {
public:
    PyAdminServer(host::AdminServerOptions options, std::shared_ptr<host::PskStore> store, py::object planner,
                  py::object on_event)
        : m_server(std::make_unique<AdminServer>(std::move(options), std::move(store),
                                                 make_planner(std::move(planner), m_errors))) {
        if (!on_event.is_none()) {
            m_server->records().set_listener(
                [errors = m_errors, fn = callable_arg(std::move(on_event), "on_event")](const AdminEvent& event) {
                    (void)errors->call("euicc.AdminServer on_event", [&] { fn.get()(event); });
                });
        }
    }
    ~PyAdminServer() {
        if (Py_IsInitialized() != 0 && PyGILState_Check() != 0) {
            py::gil_scoped_release release;
            m_server.reset();
        }
    }
    PyAdminServer(const PyAdminServer&) = delete;
    PyAdminServer& operator=(const PyAdminServer&) = delete;

    AdminServer& server() noexcept { return *m_server; }
    void set_gate(py::object gate) {
        m_server->set_capacity_gate(gate.is_none() ? host::CapacityGate{} : make_gate(std::move(gate), m_errors));
    }
    void stop(std::chrono::milliseconds grace) {
        {
            py::gil_scoped_release release;
            m_server->stop(grace);
        }
        m_errors->rethrow();
    }
    /// Context manager exit: an exception already on its way wins; a callback's goes to sys.unraisablehook then.
    void exit(bool exception_pending) {
        if (!exception_pending) {
            stop(std::chrono::milliseconds{0});
            return;
        }
        {
            py::gil_scoped_release release;
            m_server->stop();
        }
        m_errors->discard("euicc.AdminServer callback");
    }

private:
    std::shared_ptr<CallbackErrors> m_errors = std::make_shared<CallbackErrors>();
    std::unique_ptr<AdminServer> m_server;
};

void bind_server(py::module_& m) {
    py::class_<PyAdminServer>(
        m, "AdminServer",
        "The SM-SR's SCP81 admin server (PSK-TLS 1.2 + GP Amd B HTTP POST loop), many cards at once on its own "
        "threads. planner: a callable(AdminPlanQuery) -> AdminPlan | None, called with the GIL on a server "
        "thread (thread-safe), or a mapping EID -> AdminPlan; None means nothing to do (204). on_event(AdminEvent) "
        "is called for every step as it happens. A callback's exception fails that session and is raised by "
        "stop(). Use as a context manager (start ... stop).")
        .def(py::init([](std::shared_ptr<host::PskStore> store, py::object planner,
                         std::optional<host::AdminServerOptions> options, py::object on_event,
                         py::object capacity_gate) {
                 if (!store) {
                     throw std::invalid_argument("psk_store must not be None");
                 }
                 auto server = std::make_unique<PyAdminServer>(options.value_or(host::AdminServerOptions{}),
                                                               std::move(store), std::move(planner),
                                                               std::move(on_event));
                 if (!capacity_gate.is_none()) {
                     server->set_gate(std::move(capacity_gate));
                 }
                 return server;
             }),
             "psk_store"_a, "planner"_a, py::kw_only(), "options"_a = py::none(), "on_event"_a = py::none(),
             "capacity_gate"_a = py::none())
        .def("set_capacity_gate", &PyAdminServer::set_gate, "gate"_a,
             "gate(AdmissionQuery) -> None/True to admit, or a Retry-After (seconds or timedelta) to answer 503 "
             "Busy; None: admit everyone. Takes effect for the next first POST.")
        .def(
            "start", [](PyAdminServer& s) { s.server().start(); }, release_gil(),
            "Binds, listens, starts the threads. TransportError when the address cannot be bound.")
        .def("stop", &PyAdminServer::stop, "grace"_a = std::chrono::milliseconds{0},
             "Stops accepting, lets open sessions run for up to `grace` (seconds or timedelta), closes the rest "
             "(recorded as failed), joins the threads; then raises the first exception a callback raised. "
             "Idempotent; a stopped server cannot start again.")
        .def_property_readonly("port", [](PyAdminServer& s) { return s.server().port(); })
        .def_property_readonly("running", [](PyAdminServer& s) { return s.server().running(); })
        .def_property_readonly(
            "counters", [](PyAdminServer& s) { return s.server().records().counters(); }, "AdminCounters now.")
        .def(
            "records", [](PyAdminServer& s) { return s.server().records().snapshot(); },
            "Every EID's AdminCardRecord (a snapshot).")
        .def(
            "card", [](PyAdminServer& s, const std::string& eid) { return s.server().records().card(eid); },
            "eid"_a, "The AdminCardRecord of one EID, or None.")
        .def(
            "unidentified", [](PyAdminServer& s) { return s.server().records().unidentified(); },
            "Events without an EID (handshakes that failed before the card was known).")
        .def(
            "wait_idle",
            [](PyAdminServer& s, long long sessions, std::chrono::milliseconds timeout) {
                const auto total = int_arg<std::uint64_t>(sessions, "sessions");
                py::gil_scoped_release release;
                return s.server().records().wait_for(
                    [total](const host::AdminCounters& c) { return c.total >= total && c.open == 0; }, timeout);
            },
            "sessions"_a, "timeout"_a = std::chrono::milliseconds{10'000},
            "Waits until `sessions` connections were accepted and none is open; False after `timeout`.")
        .def("__enter__",
             [](py::object self) {
                 self.cast<PyAdminServer&>().server().start();
                 return self;
             })
        .def(
            "__exit__",
            [](PyAdminServer& s, const py::object& type, const py::object&, const py::object&) {
                s.exit(!type.is_none());
                return false;
            },
            "type"_a, "value"_a, "traceback"_a);
}

} // namespace

void bind_admin(py::module_& m) {
    bind_keys(m);
    bind_plans(m);
    bind_records(m);
    bind_server_values(m);
    bind_server(m);
}

} // namespace euicc::python
