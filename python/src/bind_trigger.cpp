// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::trigger (submodule euicc.trigger): the SM-SR trigger, GP Amd B Table 3-3 plus the euicc-host
// extension (applet_spec/trigger.md), and its connection parameters <-> OPEN CHANNEL.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <euicc/apdu/trigger.hpp>
#include <euicc/apdu/trigger_connection.hpp>

#include "bindings.hpp"
#include "callables.hpp"
#include "int_args.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using namespace euicc::trigger;

void bind_session_parameters(py::module_& trigger) {
    Struct<SecurityParameters>(trigger, "SecurityParameters",
                               "GP Amd B §3.8.2 (tag 85): PSK identity and key reference of the PSK.")
        .field("psk_identity", &SecurityParameters::psk_identity)
        .field("kvn", &SecurityParameters::kvn)
        .field("kid", &SecurityParameters::kid)
        .field("trailing", &SecurityParameters::trailing)
        .done();
    Struct<RetryPolicy>(trigger, "RetryPolicy",
                        "GP Amd B §3.8.3 (tag 86): retry counter, waiting delay (timedelta), report-failure bytes.")
        .field("retry_counter", &RetryPolicy::retry_counter)
        .field("waiting_delay", &RetryPolicy::waiting_delay)
        .field("delay_tag_cr", &RetryPolicy::delay_tag_cr)
        .field("report_failure", &RetryPolicy::report_failure)
        .done();
    Struct<HttpPostParameters>(trigger, "HttpPostParameters",
                               "GP Amd B §3.8.4-3.8.6 (tag 89): Host, X-Admin-From, first request-URI.")
        .field("host", &HttpPostParameters::host)
        .field("agent_id", &HttpPostParameters::agent_id)
        .field("uri", &HttpPostParameters::uri)
        .done();
    Struct<AdminSessionParameters>(trigger, "AdminSessionParameters",
                                   "Tag 83: connection (84: OPEN CHANNEL objects as ComprehensionTlvs), security "
                                   "(85), retry (86), http_post (89); None = the values stored in the card.")
        .field("connection", &AdminSessionParameters::connection)
        .field("security", &AdminSessionParameters::security)
        .field("retry", &AdminSessionParameters::retry)
        .field("http_post", &AdminSessionParameters::http_post)
        .field("unknown", &AdminSessionParameters::unknown)
        .done();
}

void bind_extension(py::module_& trigger) {
    py::enum_<OperationType>(trigger, "OperationType", "The management operation of the triggered session.")
        .value("ProfileDownload", OperationType::ProfileDownload)
        .value("ProfileInstallation", OperationType::ProfileInstallation)
        .value("ProfileDeletion", OperationType::ProfileDeletion)
        .value("Enabling", OperationType::Enabling)
        .value("Disabling", OperationType::Disabling)
        .value("StatusChange", OperationType::StatusChange)
        .value("SmSrChange", OperationType::SmSrChange);
    py::enum_<ManagementMode>(trigger, "ManagementMode", "Push: the SM-SR triggered the card; pull: the card starts.")
        .value("Push", ManagementMode::Push)
        .value("Pull", ManagementMode::Pull);
    trigger.def(
        "to_string", [](OperationType op) { return std::string(to_string(op)); }, "operation"_a);
    trigger.def(
        "to_string", [](ManagementMode mode) { return std::string(to_string(mode)); }, "mode"_a);

    Struct<BackoffTimer>(trigger, "BackoffTimer", "The card waits random[0,1] x value before it connects.")
        .field("value", &BackoffTimer::value)
        .done();
    Struct<TimeWindow>(trigger, "TimeWindow", "The card connects at a random point of [now, now + length].")
        .field("length", &TimeWindow::length)
        .done();
    Struct<AbsoluteTime>(trigger, "AbsoluteTime",
                         "The card connects at `at` (an aware datetime; Unix seconds are accepted too).")
        .property(
            "at", [](const AbsoluteTime& a) { return utc_datetime(a.at); },
            [](AbsoluteTime& a, const py::object& at) {
                a.at = std::chrono::floor<std::chrono::seconds>(sys_time_arg(at, "at"));
            })
        .done();

    add_union(trigger, "AccessControl", {"BackoffTimer", "TimeWindow", "AbsoluteTime"});

    Struct<Extension>(trigger, "Extension",
                      "Tag E1, the euicc-host extension: operation type, management mode, SM-SR id and address, "
                      "access control (BackoffTimer, TimeWindow or AbsoluteTime), request id.")
        .field("operation", &Extension::operation)
        .field("mode", &Extension::mode)
        .field("smsr_id", &Extension::smsr_id)
        .field("smsr_address", &Extension::smsr_address)
        .field("access_control", &Extension::access_control)
        .field("request_id", &Extension::request_id)
        .done();
}

void bind_message(py::module_& trigger) {
    Struct<Trigger>(trigger, "Trigger",
                    "The secured data of the SCP80 packet to the ISD-R TAR: `81 { [83 ...] [E1 ...] }`.")
        .field("session", &Trigger::session)
        .field("extension", &Trigger::extension)
        .field("unknown", &Trigger::unknown)
        .done()
        .def("encode", [](const Trigger& t) { return encode(t); })
        .def("__bytes__", [](const Trigger& t) { return encode(t); })
        .def_static(
            "decode", [](ByteView data) { return decode(data); }, "data"_a);
    trigger.attr("tag_trigger") = tag_trigger;
    trigger.attr("tag_extension") = tag_extension;

    trigger.def("encode", &encode, "trigger"_a, "DER `81 L {...}`; ValueError for values that cannot be coded.");
    trigger.def(
        "decode", [](ByteView data) { return decode(data); }, "data"_a,
        "Exactly one `81` TLV; raises CodecError('trigger', offset).");
    trigger.def("standard_part", &standard_part, "trigger"_a,
                "What a card that does not know the extension acts on: E1 dropped.");
    trigger.def(
        "access_time",
        [](const AccessControl& control, double r, const py::object& now) {
            return utc_datetime(access_time(control, r, sys_time_arg(now, "now")));
        },
        "control"_a, "r"_a, "now"_a,
        "The access time point: r in [0, 1] x the access control value after `now` (aware datetime or Unix "
        "seconds); returns an aware UTC datetime.");

    trigger.def("open_channel_from", &open_channel_from, "connection"_a,
                "The OPEN CHANNEL (qualifier 01) whose objects are the trigger's 84 objects.");
    trigger.def("connection_from", &connection_from, "command"_a,
                "The 84 objects for an OPEN CHANNEL (without command details and device identities).");
    trigger.def(
        "tcp_client_open_channel",
        [](const std::string& ip, long long port, long long buffer_size, std::optional<std::string> apn) {
            return tcp_client_open_channel(ip, int_arg<std::uint16_t>(port, "port"),
                                           int_arg<std::uint16_t>(buffer_size, "buffer_size"), std::move(apn));
        },
        "ip"_a, "port"_a, "buffer_size"_a = 1400, "apn"_a = py::none(),
        "The usual SM-SR connection: default bearer, TCP client to ip:port.");
}

} // namespace

void bind_trigger(py::module_& m) {
    py::module_ trigger = m.def_submodule(
        "trigger", "The SM-SR trigger message (applet_spec/trigger.md): GP Amd B administration session triggering "
                   "parameters (tag 81) plus the euicc-host extension (tag E1).");
    bind_session_parameters(trigger);
    bind_extension(trigger);
    bind_message(trigger);
}

} // namespace euicc::python
