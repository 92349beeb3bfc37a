// SPDX-License-Identifier: Apache-2.0
// AdminRecords: per-EID journal, counters, listener and waits (the patent's EID result lists).
#include <catch2/catch.hpp>

#include <euicc/host/admin_records.hpp>

#include "host/admin_test_support.hpp"

using namespace euicc;
using namespace euicc::host::test;
using host::AdminEvent;
using host::AdminRecords;
using host::AdminStep;

namespace {

AdminEvent make(std::string eid, AdminStep step, std::uint64_t session = 1) {
    AdminEvent event;
    event.eid = std::move(eid);
    event.step = step;
    event.session = session;
    return event;
}

} // namespace

TEST_CASE("admin records keep events per EID in order and count outcomes", "[host][admin]") {
    AdminRecords records;
    std::vector<std::string> live;
    records.set_listener(
        [&](const AdminEvent& e) { live.push_back(e.eid + " " + std::string(to_string(e.step))); });
    records.session_opened();
    records.session_opened();
    records.add(make(test_eid, AdminStep::Connected));
    records.add(make(other_eid(), AdminStep::Connected, 2));
    records.add(make(test_eid, AdminStep::Completed));
    records.add(make(other_eid(), AdminStep::RefusedBusy, 2));
    records.add(make("", AdminStep::HandshakeFailed, 3));
    records.session_closed();

    const auto card = records.card(test_eid);
    REQUIRE(card);
    REQUIRE(card->events.size() == 2);
    CHECK(card->events[0].step == AdminStep::Connected);
    CHECK(card->events[1].step == AdminStep::Completed);
    CHECK(card->events[0].time.time_since_epoch().count() != 0);
    CHECK(card->has(AdminStep::Completed));
    CHECK_FALSE(card->has(AdminStep::Failed));
    CHECK(records.snapshot().size() == 2);
    CHECK(records.unidentified().size() == 1);
    CHECK_FALSE(records.card("89049032123451234512345678999999"));

    const host::AdminCounters counters = records.counters();
    CHECK(counters.open == 1);
    CHECK(counters.peak == 2);
    CHECK(counters.total == 2);
    CHECK(counters.completed == 1);
    CHECK(counters.refused_busy == 1);
    CHECK(counters.handshake_failures == 1);
    CHECK(counters.failed == 0);
    REQUIRE(live.size() == 5);
    CHECK(live[2] == test_eid + " completed");
}

TEST_CASE("admin records: the listener may read the journal; wait_for sees counters", "[host][admin]") {
    AdminRecords records;
    std::size_t seen = 0;
    records.set_listener([&](const AdminEvent&) { seen = records.snapshot().size(); });
    records.add(make(test_eid, AdminStep::Failed));
    CHECK(seen == 1);
    CHECK(records.wait_for([](const host::AdminCounters& c) { return c.failed == 1; },
                           std::chrono::milliseconds(0)));
    CHECK_FALSE(records.wait_for([](const host::AdminCounters& c) { return c.failed == 2; },
                                 std::chrono::milliseconds(1)));
}

TEST_CASE("admin step names", "[host][admin]") {
    CHECK(to_string(AdminStep::ContainerCreated) == "container-created");
    CHECK(to_string(AdminStep::ProfileInstalled) == "profile-installed");
    CHECK(to_string(AdminStep::HandshakeFailed) == "handshake-failed");
}
