// SPDX-License-Identifier: Apache-2.0
// The admin server against the virtual eUICC's own admin agent (applet_spec/admin_agent.md): pull mode over
// BIP relayed to TCP by the terminal (TcpBipHandler + TerminalLoop), PSK-TLS with the lab keyset, a profile
// installation under Authority::AdminSession, then an audit; all in one process on loopback.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include <euicc/apdu/sgp02.hpp>
#include <euicc/apdu/trigger_connection.hpp>
#include <euicc/card/virtual_euicc.hpp>
#include <euicc/host/standard_terminal.hpp>
#include <euicc/host/tcp_bip_handler.hpp>
#include <euicc/host/terminal_loop.hpp>
#include <euicc/host/toolkit_terminal.hpp>
#include <euicc/transport/in_process_channel.hpp>

#include "host/admin_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;
using host::AdminPlan;
using host::AdminStep;
using State = card::AdminSessionRecord::State;
using trigger::OperationType;

namespace {

Bytes read_profile(const std::string& name) {
    std::ifstream in(std::string(EUICC_SOURCE_DIR) + "/../shared/profiles/" + name, std::ios::binary);
    REQUIRE(in.good());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The terminal side: TERMINAL PROFILE, then the idle loop until the card's session is over (30 s safety
/// net).
State run_terminal(card::VirtualEuicc& card) {
    transport::InProcessChannel channel(card);
    auto bip = std::make_shared<host::TcpBipHandler>();
    host::StandardTerminal standard({}, bip);
    host::ToolkitTerminal terminal(channel, standard);
    terminal.start();
    host::TerminalLoop loop(terminal, *bip);
    host::TerminalLoopLimits limits;
    limits.stop = [&card] {
        const auto record = card.admin_session();
        return record && (record->state == State::Done || record->state == State::Failed);
    };
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    loop.run(limits);
    const card::AdminSessionRecord record = *card.admin_session();
    if (record.state == State::Failed) {
        UNSCOPED_INFO("the card's session failed: " << record.failure);
    }
    return record.state;
}

std::string journal(const host::AdminCardRecord& record) {
    std::string out;
    for (const host::AdminEvent& event : record.events) {
        out += std::to_string(event.session) + " " + std::string(to_string(event.step)) + ": " +
               event.detail + "\n";
    }
    return out;
}

} // namespace

TEST_CASE("admin server and the virtual eUICC's admin agent: profile installation in pull mode",
          "[host][admin]") {
    const Bytes isdp = sgp02::isdp_aid(0x0010);
    AdminServerFixture fixture([](const host::AdminPlanQuery& query) -> std::optional<AdminPlan> {
        AdminPlan plan;
        plan.operation = OperationType::ProfileInstallation;
        plan.download = host::ProfileDownloadPlan{
            read_profile("TS48v2_SAIP2.1_BERTLV.der"),
            scp03::StaticKeys{0x30, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex),
                              SecretBytes("505152535455565758595A5B5C5D5E5F"_hex),
                              SecretBytes("606162636465666768696A6B6C6D6E6F"_hex)},
            {},
            {}};
        plan.audit = true;
        CHECK(query.eid == test_eid);
        return plan;
    });
    card::VirtualEuiccConfig config;
    config.eid = test_eid;
    card::VirtualEuicc card(config);
    card::AdminSessionRequest request;
    request.operation = OperationType::ProfileInstallation;
    request.connection =
        trigger::connection_from(trigger::tcp_client_open_channel("127.0.0.1", fixture.server.port()));
    card.request_admin_session(request);

    CHECK(run_terminal(card) == State::Done);
    REQUIRE(fixture.idle_after(1));
    const host::AdminCardRecord record = fixture.card();
    std::vector<AdminStep> steps;
    INFO(journal(record));
    for (const host::AdminEvent& event : record.events) {
        steps.push_back(event.step);
    }
    CHECK(steps == std::vector<AdminStep>{AdminStep::Connected, AdminStep::ServiceRequested,
                                          AdminStep::ContainerCreated, AdminStep::KeysEstablished,
                                          AdminStep::ProfileInstalled, AdminStep::ProfileEnabled,
                                          AdminStep::Audited, AdminStep::Completed});
    const host::AdminEvent* requested = record.last(AdminStep::ServiceRequested);
    REQUIRE(requested->service_request);
    CHECK(requested->service_request->mode == trigger::ManagementMode::Pull);
    CHECK(record.last(AdminStep::Audited)->detail.find(to_hex(isdp) + " enabled") != std::string::npos);
}

TEST_CASE("admin server and the virtual eUICC's admin agent: SM-SR change, then only the new PSK works",
          "[host][admin]") {
    host::Scp81Keyset fresh;
    fresh.kvn = 0x41;
    fresh.psk = SecretBytes("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"_hex);
    fresh.dek = SecretBytes("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"_hex);
    AdminServerFixture fixture([&fresh](const host::AdminPlanQuery& query) -> std::optional<AdminPlan> {
        if (!query.service_request || query.service_request->operation != OperationType::SmSrChange) {
            return AdminPlan::audit_only();
        }
        AdminPlan plan;
        plan.operation = OperationType::SmSrChange;
        plan.smsr_change = host::SmsrChangePlan{};
        plan.smsr_change->new_keys.scp03 =
            scp03::StaticKeys{0x31, SecretBytes("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF"_hex),
                              SecretBytes("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"_hex),
                              SecretBytes("E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF"_hex)};
        plan.smsr_change->scp81 = fresh;
        return plan;
    });
    card::VirtualEuiccConfig config;
    config.eid = test_eid;
    card::VirtualEuicc card(config);
    card::AdminSessionRequest request;
    request.operation = OperationType::SmSrChange;
    request.connection =
        trigger::connection_from(trigger::tcp_client_open_channel("127.0.0.1", fixture.server.port()));
    card.request_admin_session(request);
    CHECK(run_terminal(card) == State::Done);
    REQUIRE(fixture.idle_after(1));
    {
        const host::AdminCardRecord record = fixture.card();
        INFO(journal(record));
        const host::AdminEvent* changed = record.last(AdminStep::SmsrChanged);
        REQUIRE(changed);
        CHECK(changed->detail.rfind("installed 31 41; removed ", 0) == 0);
        CHECK(changed->detail.find("40") != std::string::npos);
        CHECK(record.has(AdminStep::Completed));
    }

    // The next session, with the new keyset's identity, is served.
    request.operation = OperationType::Enabling;
    const std::string identity = psk_identity(test_eid, 0x41);
    const std::string old_identity = psk_identity(test_eid, 0x40);
    request.security = trigger::SecurityParameters{Bytes(identity.begin(), identity.end()), 0x41, 0x01, {}};
    card.request_admin_session(request);
    CHECK(run_terminal(card) == State::Done);
    REQUIRE(fixture.idle_after(2));
    const host::AdminCardRecord after = fixture.card();
    INFO(journal(after));
    CHECK(after.events.back().step == AdminStep::Completed);
    CHECK(after.events.back().session == 2);

    // The old keyset is gone on both sides: the card has no PSK 40 to offer, the server no identity to take.
    request.security =
        trigger::SecurityParameters{Bytes(old_identity.begin(), old_identity.end()), 0x40, 0x01, {}};
    card.request_admin_session(request);
    CHECK(run_terminal(card) == State::Failed);
    CHECK(card.admin_session()->failure.find("no PSK 40/01") != std::string::npos);
    // The card opened its channel before it looked for the key: the server saw a connection without
    // handshake.
    REQUIRE(fixture.idle_after(3));
    PskTlsClient old_key(fixture.server.port(), old_identity, lab_psk());
    CHECK_FALSE(old_key.handshake());
    REQUIRE(fixture.idle_after(4));
    const std::vector<host::AdminEvent> refused = fixture.server.records().unidentified();
    REQUIRE(refused.size() == 2);
    CHECK(refused.back().detail.rfind("unknown PSK identity", 0) == 0);
    CHECK(fixture.server.records().counters().handshake_failures == 2);
}
