// SPDX-License-Identifier: Apache-2.0
// One push-mode admin session with every SM-SR part on this host (GP Amd B §3.7-§3.8, SGP.02 §2.4).
#include <euicc/host/lab_session.hpp>

#include <memory>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/bytes.hpp>
#include <euicc/error.hpp>
#include <euicc/host/eid_reader.hpp>
#include <euicc/host/standard_terminal.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host {

namespace {

using namespace euicc::literals;

std::string describe(const AdminEvent& event) {
    std::string line = "smsr: " + std::string(to_string(event.step));
    if (event.isdp_aid) {
        line += " " + to_hex(*event.isdp_aid);
    }
    if (event.iccid) {
        line += " ICCID " + *event.iccid;
    }
    if (!event.detail.empty()) {
        line += " (" + event.detail + ")";
    }
    return line;
}

/// The terminal side: TERMINAL PROFILE, the trigger, the relay, until the session ends. Everything it builds
/// (relay sockets included) is gone when it returns or throws.
TriggeredSessionResult drive_card(transport::CardChannel& channel, CounterStore& counters,
                                  const LabSessionRequest& request, const AdminPlan& plan, const std::string& eid,
                                  const AdminServer& server) {
    std::optional<LabClock> clock;
    if (request.fast_forward) {
        clock.emplace();
    }
    auto bip = std::make_shared<TcpBipHandler>(request.bip);
    StandardTerminal standard(clock ? clock->function() : TerminalClockFn{}, bip);
    ToolkitTerminal::Options terminal_options;
    if (clock) {
        terminal_options.clock = clock->function();
    }
    ToolkitTerminal terminal(channel, standard, std::move(terminal_options));
    terminal.start();

    OtaParameters ota = request.ota;
    if (ota.counter_key.empty()) {
        ota.counter_key = make_counter_key(eid, ota.tar, static_cast<std::uint8_t>(ota.kic >> 4));
    }
    OtaSession session(terminal, std::move(ota), counters);

    AdminTriggerSettings settings = request.trigger;
    settings.operation = plan.operation.value_or(trigger::OperationType::StatusChange);
    settings.server_ip = request.server.address;
    settings.server_port = server.port();

    TriggeredSessionOptions options;
    options.timeout = request.timeout;
    options.fast_forward = clock;
    options.on_log = request.on_log;
    return run_triggered_session(session, terminal, *bip, server.records(), eid, build_admin_trigger(settings),
                                 options);
}

} // namespace

Scp81Keyset lab_test_scp81_keyset() {
    Scp81Keyset keyset;
    keyset.kvn = 0x40;
    keyset.psk_id = 0x01;
    keyset.psk = SecretBytes("707172737475767778797A7B7C7D7E7F"_hex);
    keyset.dek_id = 0x02;
    keyset.dek = SecretBytes("808182838485868788898A8B8C8D8E8F"_hex);
    return keyset;
}

LabSessionResult run_lab_session(transport::CardChannel& channel, CounterStore& counters,
                                 const LabSessionRequest& request) {
    request.plan.validate();
    request.psk.validate();
    const std::string eid = request.eid.empty() ? read_eid(channel) : request.eid;

    auto store = std::make_shared<InMemoryPskStore>();
    store->add(eid, request.psk);
    const AdminPlan plan = request.plan;
    AdminServer server(request.server, store, [plan, eid](const AdminPlanQuery& query) -> std::optional<AdminPlan> {
        if (query.eid != eid) {
            return std::nullopt;
        }
        return plan;
    });
    if (request.on_log) {
        server.records().set_listener([log = request.on_log](const AdminEvent& event) { log(describe(event)); });
    }
    server.start();

    LabSessionResult result;
    try {
        result.session = drive_card(channel, counters, request, plan, eid, server);
    } catch (const TransportError& error) {
        // The card is gone. drive_card's relay was destroyed on the way out, closing the card's TCP links, so the
        // server sees a dropped connection (failed, retryable) instead of waiting for its read timeout.
        result.session.eid = eid;
        result.session.outcome = TriggeredOutcome::CardLost;
        result.session.failure = error.what();
        server.records().wait_for([](const AdminCounters& c) { return c.open == 0; }, std::chrono::seconds{5});
        if (const std::optional<AdminCardRecord> card = server.records().card(eid)) {
            result.session.events = card->events;
        }
    } catch (...) {
        server.stop();
        throw;
    }
    server.stop(std::chrono::milliseconds{1000});
    result.server = server.records().counters();
    result.record = server.records().card(eid);
    return result;
}

} // namespace euicc::host
