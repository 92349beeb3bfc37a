// SPDX-License-Identifier: Apache-2.0
// AdminServer over real PSK-TLS on loopback (spec/scp81.md §4-§5 and the issue 5 shared decisions): an audit
// session end to end against the virtual eUICC, concurrency without a thread per card, refused handshakes,
// malformed HTTP, the busy gate, dropped cards, plan mismatches and stop().
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <euicc/apdu/gp.hpp>
#include <euicc/card/virtual_euicc.hpp>
#include <euicc/host/admin_server.hpp>

#include "host/admin_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;
using host::AdminStep;
using Kind = scp81::AdminResponse::Kind;

namespace {

const Bytes select_isd_r = "00A4040010A0000005591010FFFFFFFF890000010000"_hex;

CardResponder virtual_card(card::VirtualEuicc& card) {
    return [&card](ByteView command) { return card.process(command); };
}

card::VirtualEuiccConfig card_config(const std::string& eid) {
    card::VirtualEuiccConfig config;
    config.eid = eid;
    return config;
}

std::vector<AdminStep> steps(const host::AdminCardRecord& record) {
    std::vector<AdminStep> out;
    for (const host::AdminEvent& event : record.events) {
        out.push_back(event.step);
    }
    return out;
}

} // namespace

TEST_CASE("admin server: an audit session end to end, ended with 204", "[host][admin]") {
    const std::string cipher = GENERATE(as<std::string>{}, "PSK-AES128-GCM-SHA256", "PSK-AES128-CBC-SHA256");
    const bool chunked = GENERATE(false, true);
    CAPTURE(cipher, chunked);
    AdminServerFixture fixture;
    card::VirtualEuicc card(card_config(test_eid));
    PskTlsClient::Options options;
    options.ciphers = cipher;
    options.max_version = TLS1_3_VERSION; // the server still settles on TLS 1.2
    PskTlsClient client(fixture.server.port(), psk_identity(test_eid), "707172737475767778797A7B7C7D7E7F"_hex,
                        options);
    REQUIRE(client.handshake());
    CHECK(SSL_version(client.ssl()) == TLS1_2_VERSION);
    CHECK(std::string(SSL_get_cipher_name(client.ssl())) == cipher);
    // spec/scp81.md §4: no resumption, so no session ticket.
    CHECK_FALSE(SSL_SESSION_has_ticket(SSL_get_session(client.ssl())));

    TestAdminAgent agent(client, test_eid);
    agent.chunked = chunked;
    const auto final_response = agent.run(virtual_card(card));
    REQUIRE(final_response);
    CHECK(final_response->kind == Kind::End);
    REQUIRE(agent.commands_seen.size() >= 2);
    CHECK(agent.commands_seen.front() == select_isd_r);
    CHECK(agent.commands_seen.back() == "80CAFF2100"_hex); // GET DATA FF21 closes the audit
    client.close();
    REQUIRE(fixture.idle_after(1));

    const host::AdminCardRecord record = fixture.card();
    CHECK(steps(record) == std::vector<AdminStep>{AdminStep::Connected, AdminStep::ServiceRequested,
                                                  AdminStep::Audited, AdminStep::Completed});
    const host::AdminEvent* requested = record.last(AdminStep::ServiceRequested);
    REQUIRE(requested->service_request);
    CHECK(requested->service_request->operation == trigger::OperationType::ProfileDownload);
    CHECK(requested->service_request->mode == trigger::ManagementMode::Pull);
    CHECK(record.last(AdminStep::Audited)->detail.find("ISD-P(s)") != std::string::npos);
    const host::AdminCounters counters = fixture.server.records().counters();
    CHECK(counters.total == 1);
    CHECK(counters.completed == 1);
    CHECK(counters.failed == 0);
}

TEST_CASE("admin server: two cards at once on one thread, each on its own coroutine", "[host][admin]") {
    const unsigned threads = GENERATE(1u, 2u);
    CAPTURE(threads);
    host::AdminServerOptions options;
    options.threads = threads;
    AdminServerFixture fixture(AdminServerFixture::audit_planner(), options);
    card::VirtualEuicc card_a(card_config(test_eid));
    card::VirtualEuicc card_b(card_config(other_eid()));
    auto client_a = fixture.client(test_eid);
    auto client_b = fixture.client(other_eid());
    REQUIRE(client_a.handshake());
    REQUIRE(client_b.handshake());
    TestAdminAgent agent_a(client_a, test_eid);
    TestAdminAgent agent_b(client_b, other_eid());
    // Both sessions wait for their card's next POST at the same time: with one thread this only works when a
    // waiting session is a suspended coroutine, not a blocked thread.
    auto a = agent_a.open();
    auto b = agent_b.open();
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->kind == Kind::Script);
    REQUIRE(b->kind == Kind::Script);
    CHECK(a->next_uri != b->next_uri);
    while (a && a->kind == Kind::Script) {
        a = agent_a.answer(*a, virtual_card(card_a));
        if (b && b->kind == Kind::Script) {
            b = agent_b.answer(*b, virtual_card(card_b));
        }
    }
    while (b && b->kind == Kind::Script) {
        b = agent_b.answer(*b, virtual_card(card_b));
    }
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->kind == Kind::End);
    CHECK(b->kind == Kind::End);
    client_a.close();
    client_b.close();
    REQUIRE(fixture.idle_after(2));
    CHECK(fixture.card(test_eid).has(AdminStep::Completed));
    CHECK(fixture.card(other_eid()).has(AdminStep::Completed));
    const host::AdminCounters counters = fixture.server.records().counters();
    CHECK(counters.peak == 2);
    CHECK(counters.completed == 2);
}

TEST_CASE("admin server: a wrong PSK fails the handshake, recorded against the card", "[host][admin]") {
    AdminServerFixture fixture;
    PskTlsClient client(fixture.server.port(), psk_identity(test_eid),
                        "00000000000000000000000000000000"_hex);
    CHECK_FALSE(client.handshake());
    REQUIRE(fixture.idle_after(1));
    const host::AdminCardRecord record = fixture.card();
    REQUIRE(record.events.size() == 1);
    CHECK(record.events[0].step == AdminStep::HandshakeFailed);
    CHECK(record.events[0].detail.find("wrong PSK") != std::string::npos);
    CHECK(record.events[0].detail.find("7071") == std::string::npos);
    CHECK(fixture.server.records().counters().handshake_failures == 1);
}

TEST_CASE("admin server: an unknown identity is refused", "[host][admin]") {
    AdminServerFixture fixture;
    const std::string identity = GENERATE(psk_identity(test_eid, 0x41), std::string("somebody"));
    CAPTURE(identity);
    PskTlsClient client(fixture.server.port(), identity, "707172737475767778797A7B7C7D7E7F"_hex);
    CHECK_FALSE(client.handshake());
    REQUIRE(fixture.idle_after(1));
    const auto unidentified = fixture.server.records().unidentified();
    REQUIRE(unidentified.size() == 1);
    CHECK(unidentified[0].step == AdminStep::HandshakeFailed);
    CHECK(unidentified[0].detail.find("unknown PSK identity") != std::string::npos);
    CHECK(fixture.server.records().snapshot().empty());
}

TEST_CASE("admin server: cipher suites outside the profile are refused", "[host][admin]") {
    AdminServerFixture fixture;
    PskTlsClient::Options options;
    options.ciphers = "PSK-AES256-GCM-SHA384:PSK-CHACHA20-POLY1305";
    PskTlsClient client(fixture.server.port(), psk_identity(test_eid), "707172737475767778797A7B7C7D7E7F"_hex,
                        options);
    CHECK_FALSE(client.handshake());
    REQUIRE(fixture.idle_after(1));
    CHECK(fixture.server.records().counters().handshake_failures == 1);
}

TEST_CASE("admin server: malformed HTTP gets 400 and the connection closes", "[host][admin]") {
    AdminServerFixture fixture;
    auto client = fixture.client();
    REQUIRE(client.handshake());
    const std::string garbage =
        GENERATE(as<std::string>{}, "GET /smsr/admin HTTP/1.1\r\nHost: x\r\n\r\n",
                 "POST /smsr/admin HTTP/1.1\r\nHost: x\r\n\r\n", "\x16\x03 not http\r\n\r\n");
    CAPTURE(garbage);
    client.send(ByteView(reinterpret_cast<const std::uint8_t*>(garbage.data()), garbage.size()));
    const auto response = client.receive();
    REQUIRE(response);
    CHECK(response->kind == Kind::BadRequest);
    CHECK(response->status == 400);
    CHECK(client.closed_by_server());
    REQUIRE(fixture.idle_after(1));
    const host::AdminCardRecord record = fixture.card();
    REQUIRE(record.last(AdminStep::Failed));
    CHECK_FALSE(record.last(AdminStep::Failed)->retryable);
    CHECK_FALSE(record.has(AdminStep::ServiceRequested));
}

TEST_CASE("admin server: the busy gate answers 503 with Retry-After and closes", "[host][admin]") {
    AdminServerFixture fixture;
    std::atomic<int> asked{0};
    std::optional<host::AdmissionQuery> seen;
    fixture.server.set_capacity_gate([&](const host::AdmissionQuery& query) {
        ++asked;
        seen = query;
        return host::Admission::busy(std::chrono::seconds(30));
    });
    auto client = fixture.client();
    REQUIRE(client.handshake());
    TestAdminAgent agent(client, test_eid);
    agent.service_request =
        scp81::ServiceRequest{trigger::OperationType::Enabling, trigger::ManagementMode::Push};
    const auto response = agent.open();
    REQUIRE(response);
    CHECK(response->kind == Kind::Busy);
    REQUIRE(response->retry_after);
    CHECK(*response->retry_after == std::chrono::seconds(30));
    CHECK(client.closed_by_server());
    REQUIRE(fixture.idle_after(1));
    CHECK(asked == 1);
    REQUIRE(seen);
    CHECK(seen->eid == test_eid);
    CHECK(seen->open_sessions == 1);
    REQUIRE(seen->service_request);
    CHECK(seen->service_request->operation == trigger::OperationType::Enabling);
    const host::AdminCardRecord record = fixture.card();
    const host::AdminEvent* refused = record.last(AdminStep::RefusedBusy);
    REQUIRE(refused);
    CHECK(refused->retryable);
    CHECK(refused->retry_after == std::chrono::seconds(30));
    CHECK(fixture.server.records().counters().refused_busy == 1);
}

TEST_CASE("admin server: an admitted session keeps its gate slot until it ends", "[host][admin]") {
    AdminServerFixture fixture;
    auto slot = std::make_shared<int>(0);
    std::weak_ptr<int> watch = slot;
    fixture.server.set_capacity_gate(
        [slot](const host::AdmissionQuery&) { return host::Admission::admit(slot); });
    card::VirtualEuicc card(card_config(test_eid));
    auto client = fixture.client();
    REQUIRE(client.handshake());
    TestAdminAgent agent(client, test_eid);
    auto response = agent.open();
    REQUIRE(response);
    REQUIRE(response->kind == Kind::Script);
    fixture.server.set_capacity_gate(nullptr);
    slot.reset();
    CHECK_FALSE(watch.expired()); // held by the running session
    while (response && response->kind == Kind::Script) {
        response = agent.answer(*response, virtual_card(card));
    }
    client.close();
    REQUIRE(fixture.idle_after(1));
    CHECK(watch.expired());
}

TEST_CASE("admin server: a card that drops mid-session is recorded as retryable; others are served",
          "[host][admin]") {
    AdminServerFixture fixture;
    {
        auto client = fixture.client();
        REQUIRE(client.handshake());
        TestAdminAgent agent(client, test_eid);
        const auto response = agent.open();
        REQUIRE(response);
        REQUIRE(response->kind == Kind::Script);
        client.drop();
    }
    REQUIRE(fixture.idle_after(1));
    const host::AdminCardRecord record = fixture.card();
    const host::AdminEvent* failed = record.last(AdminStep::Failed);
    REQUIRE(failed);
    CHECK(failed->retryable);
    CHECK(failed->detail.find("closed the connection") != std::string::npos);

    card::VirtualEuicc card(card_config(other_eid()));
    auto client = fixture.client(other_eid());
    REQUIRE(client.handshake());
    TestAdminAgent agent(client, other_eid());
    const auto final_response = agent.run(virtual_card(card));
    REQUIRE(final_response);
    CHECK(final_response->kind == Kind::End);
    client.close();
    REQUIRE(fixture.idle_after(2));
    CHECK(fixture.card(other_eid()).has(AdminStep::Completed));
}

TEST_CASE("admin server: no plan, or a plan for another operation, ends at once with 204", "[host][admin]") {
    const bool with_plan = GENERATE(false, true);
    CAPTURE(with_plan);
    AdminServerFixture fixture([with_plan](const host::AdminPlanQuery&) -> std::optional<host::AdminPlan> {
        if (!with_plan) {
            return std::nullopt;
        }
        host::AdminPlan plan;
        plan.operation = trigger::OperationType::Disabling;
        plan.isdp_aid = sgp02::isdp_aid(0x0010);
        return plan;
    });
    auto client = fixture.client();
    REQUIRE(client.handshake());
    TestAdminAgent agent(client, test_eid);
    agent.service_request =
        scp81::ServiceRequest{trigger::OperationType::Enabling, trigger::ManagementMode::Pull};
    const auto response = agent.open();
    REQUIRE(response);
    CHECK(response->kind == Kind::End);
    client.close();
    REQUIRE(fixture.idle_after(1));
    const host::AdminCardRecord record = fixture.card();
    const host::AdminEvent* idle = record.last(AdminStep::NothingToDo);
    REQUIRE(idle);
    CHECK(idle->detail ==
          (with_plan ? "planned disabling, the card asked for enabling" : "no plan for this card"));
    CHECK_FALSE(record.has(AdminStep::Completed));
    CHECK_FALSE(record.has(AdminStep::Failed));
}

TEST_CASE("admin server: a script the card could not run fails the session, ended with 204",
          "[host][admin]") {
    AdminServerFixture fixture;
    auto client = fixture.client();
    REQUIRE(client.handshake());
    TestAdminAgent agent(client, test_eid);
    const auto script = agent.open();
    REQUIRE(script);
    REQUIRE(script->kind == Kind::Script);
    const auto response = agent.post(script->next_uri, scp81::ScriptStatus::SecurityError, {});
    REQUIRE(response);
    CHECK(response->kind == Kind::End);
    client.close();
    REQUIRE(fixture.idle_after(1));
    const host::AdminCardRecord record = fixture.card();
    const host::AdminEvent* failed = record.last(AdminStep::Failed);
    REQUIRE(failed);
    CHECK(failed->detail.find("security-error") != std::string::npos);
    CHECK_FALSE(failed->retryable);
}

TEST_CASE("admin server: protocol faults in later POSTs get 4xx", "[host][admin]") {
    AdminServerFixture fixture;
    auto client = fixture.client();
    REQUIRE(client.handshake());
    TestAdminAgent agent(client, test_eid);
    SECTION("a POST to another URI than X-Admin-Next-URI") {
        const auto script = agent.open();
        REQUIRE(script);
        REQUIRE(script->kind == Kind::Script);
        const auto response = agent.post("/elsewhere", scp81::ScriptStatus::Ok, "AB07800101 23029000"_hex);
        REQUIRE(response);
        CHECK(response->kind == Kind::BadRequest);
        CHECK(response->status == 400);
    }
    SECTION("X-Admin-From naming another EID than the PSK identity") {
        TestAdminAgent impostor(client, other_eid());
        const auto response = impostor.open();
        REQUIRE(response);
        CHECK(response->kind == Kind::BadRequest);
        CHECK(response->status == 403);
    }
    CHECK(client.closed_by_server());
    REQUIRE(fixture.idle_after(1));
    CHECK(fixture.card().has(AdminStep::Failed));
}

TEST_CASE("admin server: a card that never POSTs times out", "[host][admin]") {
    host::AdminServerOptions options;
    options.read_timeout = std::chrono::milliseconds(50);
    AdminServerFixture fixture(AdminServerFixture::audit_planner(), options);
    auto client = fixture.client();
    REQUIRE(client.handshake());
    CHECK(client.closed_by_server());
    REQUIRE(fixture.idle_after(1));
    const host::AdminCardRecord record = fixture.card();
    const host::AdminEvent* failed = record.last(AdminStep::Failed);
    REQUIRE(failed);
    CHECK(failed->retryable);
    INFO(failed->detail);
    CHECK(failed->detail.find("no POST") != std::string::npos);
}

TEST_CASE("admin server: stop() closes open sessions and records them as retryable", "[host][admin]") {
    AdminServerFixture fixture;
    auto client = fixture.client();
    REQUIRE(client.handshake());
    TestAdminAgent agent(client, test_eid);
    const auto script = agent.open();
    REQUIRE(script);
    REQUIRE(script->kind == Kind::Script);
    fixture.server.stop();
    CHECK_FALSE(fixture.server.running());
    CHECK(client.closed_by_server());
    const host::AdminCardRecord record = fixture.card();
    const host::AdminEvent* failed = record.last(AdminStep::Failed);
    REQUIRE(failed);
    CHECK(failed->retryable);
    CHECK(fixture.server.records().counters().open == 0);
    CHECK_THROWS_AS(fixture.server.start(), std::logic_error);
}

TEST_CASE("admin server: construction and binding errors", "[host][admin]") {
    auto store = std::make_shared<host::InMemoryPskStore>();
    const host::SessionPlanner planner = AdminServerFixture::audit_planner();
    CHECK_THROWS_AS(host::AdminServer({}, nullptr, planner), std::invalid_argument);
    CHECK_THROWS_AS(host::AdminServer({}, store, nullptr), std::invalid_argument);
    host::AdminServerOptions no_threads;
    no_threads.threads = 0;
    CHECK_THROWS_AS(host::AdminServer(no_threads, store, planner), std::invalid_argument);
    host::AdminServerOptions bad_address;
    bad_address.address = "not-an-address";
    host::AdminServer server(bad_address, store, planner);
    CHECK_THROWS_AS(server.start(), TransportError);

    AdminServerFixture first;
    host::AdminServerOptions same_port;
    same_port.port = first.server.port();
    host::AdminServer second(same_port, store, planner);
    CHECK_THROWS_AS(second.start(), TransportError);
}
