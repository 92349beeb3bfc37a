// SPDX-License-Identifier: Apache-2.0
// Bindings of euicc::card: the virtual SGP.02 eUICC (applet_spec/README.md) as a CardEndpoint.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <euicc/apdu/rng.hpp>
#include <euicc/card/admin_session.hpp>
#include <euicc/card/ota_settings.hpp>
#include <euicc/card/virtual_euicc.hpp>

#include "bindings.hpp"
#include "callables.hpp"
#include "struct_binding.hpp"

namespace euicc::python {
namespace {

using card::AdminSessionRecord;

void bind_admin_session(py::module_& m) {
    Struct<AdminSessionRecord> record(m, "AdminSessionRecord",
                                      "The virtual eUICC's latest SCP81 administration session, triggered or pulled "
                                      "(applet_spec/admin_agent.md §8), for tests and diagnostics. Counters add up "
                                      "over all connections of the session.");
    py::enum_<AdminSessionRecord::State>(record.cls(), "State")
        .value("WaitingForTimer", AdminSessionRecord::State::WaitingForTimer)
        .value("OpeningChannel", AdminSessionRecord::State::OpeningChannel)
        .value("ChannelOpen", AdminSessionRecord::State::ChannelOpen)
        .value("Handshaking", AdminSessionRecord::State::Handshaking)
        .value("Posting", AdminSessionRecord::State::Posting)
        .value("Closing", AdminSessionRecord::State::Closing)
        .value("WaitingRetry", AdminSessionRecord::State::WaitingRetry)
        .value("Done", AdminSessionRecord::State::Done)
        .value("Failed", AdminSessionRecord::State::Failed);
    record.readonly("state", &AdminSessionRecord::state)
        .readonly("trigger", &AdminSessionRecord::trigger)
        .readonly("mode", &AdminSessionRecord::mode)
        .readonly_property("received", [](const AdminSessionRecord& r) { return utc_datetime(r.received); })
        .readonly_property("access_time", [](const AdminSessionRecord& r) { return utc_datetime(r.access_time); })
        .readonly("delay", &AdminSessionRecord::delay)
        .readonly("remaining", &AdminSessionRecord::remaining)
        .readonly("retries_left", &AdminSessionRecord::retries_left)
        .readonly("retries", &AdminSessionRecord::retries)
        .readonly("open_channel_attempts", &AdminSessionRecord::open_channel_attempts)
        .readonly("channel_id", &AdminSessionRecord::channel_id)
        .readonly("buffer_size", &AdminSessionRecord::buffer_size)
        .readonly("last_result", &AdminSessionRecord::last_result)
        .readonly("handshakes", &AdminSessionRecord::handshakes)
        .readonly("posts", &AdminSessionRecord::posts)
        .readonly("scripts_run", &AdminSessionRecord::scripts_run)
        .readonly("bytes_sent", &AdminSessionRecord::bytes_sent)
        .readonly("bytes_received", &AdminSessionRecord::bytes_received)
        .readonly("last_http_status", &AdminSessionRecord::last_http_status)
        .readonly("retry_after", &AdminSessionRecord::retry_after)
        .readonly("last_error", &AdminSessionRecord::last_error)
        .readonly("failure", &AdminSessionRecord::failure)
        .done(false)
        .def_property_readonly("state_name",
                               [](const AdminSessionRecord& r) { return std::string(card::to_string(r.state)); });

    Struct<card::AdminSessionRequest>(m, "AdminSessionRequest",
                                      "A session the card starts on its own (pull mode, applet_spec/admin_agent.md "
                                      "§7), fields as in a trigger: operation (E1 80), connection (84: OPEN CHANNEL "
                                      "objects, required, e.g. trigger.connection_from(trigger.tcp_client_open_channel"
                                      "(ip, port))), security (85), retry (86; None: 3 retries, 60 s apart), "
                                      "http_post (89), smsr_id.")
        .field("operation", &card::AdminSessionRequest::operation)
        .field("connection", &card::AdminSessionRequest::connection)
        .field("security", &card::AdminSessionRequest::security)
        .field("retry", &card::AdminSessionRequest::retry)
        .field("http_post", &card::AdminSessionRequest::http_post)
        .field("smsr_id", &card::AdminSessionRequest::smsr_id)
        .done();
}

} // namespace

void bind_card(py::module_& m) {
    using card::VirtualEuicc;
    bind_admin_session(m);

    // Not thread-safe by itself: share it through one InProcessChannel or VpcdLink, which serialise.
    py::class_<VirtualEuicc, transport::CardEndpoint>(
        m, "VirtualEuicc",
        "The virtual SGP.02 eUICC (ISD-R, ECASD, MF, logical channels, SCP80 over SMS-PP, triggers). eid: 32 digits "
        "with valid check digits, or '' for the stored/default one; state_dir: durable state, or '' to keep it in "
        "memory; seed: a deterministic RNG (reproducible trigger access times); keys_file: the SCP80 keys JSON of "
        "the ISD-R (default: the public lab test keyset); clock: a callable returning Unix seconds (the card's "
        "wall clock; default: the system clock).")
        .def(py::init([](std::string eid, std::filesystem::path state_dir, std::optional<std::uint64_t> seed,
                         std::optional<std::filesystem::path> keys_file, py::object clock) {
                 card::VirtualEuiccConfig config;
                 config.eid = std::move(eid);
                 config.state_dir = std::move(state_dir);
                 if (seed) {
                     config.rng = std::make_shared<FixedRng>(*seed);
                 }
                 if (keys_file) {
                     config.ota = card::load_ota_settings(*keys_file);
                 }
                 if (!clock.is_none()) {
                     // process() is noexcept: a failing Python clock is reported and the command answered 6F00.
                     config.clock = wall_clock(std::move(clock), "euicc.VirtualEuicc clock", true);
                 }
                 return std::make_unique<VirtualEuicc>(std::move(config));
             }),
             "eid"_a = "", "state_dir"_a = "", py::kw_only(), "seed"_a = py::none(), "keys_file"_a = py::none(),
             "clock"_a = py::none())
        .def_property_readonly("eid", &VirtualEuicc::eid)
        // Snapshots of the card's state: read them between commands (the card is not thread-safe).
        .def_property_readonly("terminal_profile", &VirtualEuicc::terminal_profile,
                               "The last TERMINAL PROFILE received since power-on/reset, or None.")
        .def_property_readonly("admin_session", &VirtualEuicc::admin_session,
                               "The latest administration session (AdminSessionRecord), triggered or pulled, or "
                               "None. Read it between commands, not while a transmit on another thread is in "
                               "flight.")
        .def("request_admin_session", &VirtualEuicc::request_admin_session, "request"_a,
             "Pull mode: the card starts an SCP81 admin session at once (AdminSessionRequest), replacing any other; "
             "its OPEN CHANNEL is announced with the next 91xx (run_bip_relay drives it). Call it between commands, "
             "as admin_session. ValueError for connection objects an OPEN CHANNEL cannot carry.");
}

} // namespace euicc::python
