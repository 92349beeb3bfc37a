// SPDX-License-Identifier: Apache-2.0
// Tests for the admin server's congestion control (design.md §4; host/docs/smsr_api.md §Congestion control):
// priorities, busy + retry time, headroom, slot tokens, counters, configuration, and a threaded stress test.
#include <atomic>
#include <catch2/catch.hpp>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <euicc/apdu/smsr_api.hpp>
#include <euicc/host/smsr/congestion.hpp>

using namespace euicc;
using namespace euicc::host;
using namespace euicc::host::smsr;
using std::chrono::seconds;
using trigger::ManagementMode;
using trigger::OperationType;

namespace {

using Request = std::optional<scp81::ServiceRequest>;

const Request smsr_change =
    scp81::ServiceRequest{OperationType::SmSrChange, ManagementMode::Push}; // priority 0
const Request pull_enabling =
    scp81::ServiceRequest{OperationType::Enabling, ManagementMode::Pull}; // priority 1
const Request push_enabling =
    scp81::ServiceRequest{OperationType::Enabling, ManagementMode::Push}; // priority 2
const Request download =
    scp81::ServiceRequest{OperationType::ProfileDownload, ManagementMode::Push}; // priority 3

/// A steady clock that only moves when the test says so.
struct FakeClock {
    std::shared_ptr<std::chrono::steady_clock::time_point> now =
        std::make_shared<std::chrono::steady_clock::time_point>();
    CongestionControl::Clock fn() const {
        return [now = now] { return *now; };
    }
    void advance(seconds by) { *now += by; }
};

CongestionConfig config_of(std::size_t capacity, std::size_t reserved = 0, seconds base = seconds{10}) {
    CongestionConfig config;
    config.capacity = capacity;
    config.reserved = reserved;
    config.base_retry = base;
    return config;
}

std::string eid(int n) {
    return "card-" + std::to_string(n);
}

} // namespace

TEST_CASE("congestion: default priorities by operation type and management mode", "[smsr][congestion]") {
    const PriorityTable table = PriorityTable::defaults();
    CHECK(table.priority_of(smsr_change) == 0);
    CHECK(table.priority_of(OperationType::SmSrChange, ManagementMode::Pull) == 0); // operation beats mode
    CHECK(table.priority_of(pull_enabling) == 1);
    CHECK(table.priority_of(OperationType::ProfileDownload, ManagementMode::Pull) == 1);
    CHECK(table.priority_of(push_enabling) == 2);
    CHECK(table.priority_of(OperationType::StatusChange, ManagementMode::Push) == 2);
    CHECK(table.priority_of(download) == 3);
    CHECK(table.priority_of(OperationType::ProfileInstallation, ManagementMode::Push) == 3);
    CHECK(table.priority_of(std::nullopt) == 3); // no service request: the fallback
}

TEST_CASE("congestion: the most specific rule wins", "[smsr][congestion]") {
    const PriorityTable table({{std::nullopt, ManagementMode::Pull, 4},
                               {OperationType::Disabling, std::nullopt, 5},
                               {OperationType::Disabling, ManagementMode::Pull, 6}},
                              7);
    CHECK(table.priority_of(OperationType::Disabling, ManagementMode::Pull) == 6);
    CHECK(table.priority_of(OperationType::Disabling, ManagementMode::Push) == 5);
    CHECK(table.priority_of(OperationType::Enabling, ManagementMode::Pull) == 4);
    CHECK(table.priority_of(OperationType::Enabling, ManagementMode::Push) == 7);

    using Rules = std::vector<PriorityRule>;
    CHECK_THROWS_AS(PriorityTable(Rules{{std::nullopt, std::nullopt, 1}}, 3), std::invalid_argument);
    CHECK_THROWS_AS(PriorityTable(Rules{{OperationType::Enabling, std::nullopt, 8}}, 3),
                    std::invalid_argument);
    CHECK_THROWS_AS(
        PriorityTable(
            Rules{{OperationType::Enabling, std::nullopt, 1}, {OperationType::Enabling, std::nullopt, 2}}, 3),
        std::invalid_argument);
    CHECK_THROWS_AS(PriorityTable(Rules{}, priority_levels), std::invalid_argument);
}

TEST_CASE("congestion: admits up to the capacity, then answers busy", "[smsr][congestion]") {
    CongestionControl control(config_of(2));
    Admission a = control.admit(eid(1), download);
    Admission b = control.admit(eid(2), download);
    CHECK(a.admitted);
    CHECK(b.admitted);
    CHECK(a.slot != nullptr);
    CHECK(control.load() == 1.0);
    const Admission c = control.admit(eid(3), download);
    CHECK_FALSE(c.admitted);
    CHECK(c.slot == nullptr);
    // base 10 s x (1 + 0.5 x 3) x (1 + 0 / 2)
    CHECK(c.retry_after == seconds{25});

    SECTION("dropping a token gives its slot back") {
        a.slot.reset();
        CHECK(control.stats().in_use == 1);
        CHECK(control.admit(eid(3), download).admitted);
    }
    SECTION("a copy of the token keeps the slot") {
        std::shared_ptr<void> copy = a.slot;
        a.slot.reset();
        CHECK_FALSE(control.admit(eid(3), download).admitted);
        copy.reset();
        CHECK(control.admit(eid(3), download).admitted);
    }
}

TEST_CASE("congestion: retry time grows with the queue ahead and falls with priority", "[smsr][congestion]") {
    FakeClock clock;
    CongestionControl control(config_of(2), clock.fn());
    const Admission a = control.admit(eid(0), smsr_change);
    const Admission b = control.admit(eid(1), smsr_change);
    REQUIRE((a.admitted && b.admitted));
    // Priority 0: base x (1 + k / capacity) for the k-th card waiting.
    for (int k = 0; k < 5; ++k) {
        const Admission refused = control.admit(eid(10 + k), smsr_change);
        CHECK_FALSE(refused.admitted);
        CHECK(refused.retry_after == seconds{10 + 5 * k});
    }
    CHECK(control.stats().waiting == 5);
    // Priority 3 counts the five ahead and waits (1 + 0.5 x 3) times longer: 10 x 2.5 x 3.5 = 87.5 -> 88.
    CHECK(control.admit(eid(20), download).retry_after == seconds{88});
    // Priority 2 does not count the priority-3 card behind it: 10 x 2 x 3.5.
    CHECK(control.admit(eid(21), push_enabling).retry_after == seconds{70});
    // A card that comes back is not ahead of itself: it queues anew behind the other six.
    CHECK(control.admit(eid(10), smsr_change).retry_after == seconds{30});
    CHECK(control.stats().waiting == 7);
    // Cards without an EID are answered the same way but not counted.
    CHECK(control.admit("", smsr_change).retry_after == seconds{35});
    CHECK(control.stats().waiting == 7);

    SECTION("a card admitted on its return leaves the queue") {
        CongestionControl roomy(config_of(1), clock.fn());
        Admission holder = roomy.admit(eid(1), download);
        CHECK_FALSE(roomy.admit(eid(2), download).admitted);
        CHECK(roomy.stats().waiting == 1);
        holder.slot.reset();
        CHECK(roomy.admit(eid(2), download).admitted);
        CHECK(roomy.stats().waiting == 0);
    }
    SECTION("a card that does not come back is forgotten after 2 x its retry time + base_retry") {
        CongestionControl one(config_of(1), clock.fn());
        const Admission holder = one.admit(eid(1), smsr_change);
        CHECK(one.admit(eid(2), smsr_change).retry_after == seconds{10});
        clock.advance(seconds{29});
        CHECK(one.stats().waiting == 1);
        clock.advance(seconds{1});
        CHECK(one.stats().waiting == 0);
        CHECK(one.admit(eid(3), smsr_change).retry_after == seconds{10}); // nobody ahead any more
    }
}

TEST_CASE("congestion: retry_after formula limits", "[smsr][congestion]") {
    CongestionConfig config = config_of(10, 2);
    config.max_retry = seconds{600};
    const CongestionControl control(config);
    CHECK(control.retry_after(0, 0) == seconds{10});
    CHECK(control.retry_after(0, 5) == seconds{15}); // limit(0) = capacity = 10
    CHECK(control.retry_after(2, 4) == seconds{30}); // limit(2) = capacity - reserved = 8: 10 x 2 x 1.5
    CHECK(control.retry_after(7, 1'000'000) == seconds{600});
    CHECK_THROWS_AS(control.retry_after(priority_levels, 0), std::invalid_argument);

    config.priority_weight = 0.0;
    config.base_retry = seconds{1};
    const CongestionControl flat(config);
    CHECK(flat.retry_after(7, 0) == seconds{1}); // never 0
    CHECK(flat.retry_after(7, 1) == seconds{2}); // ceil(1 x 1.125)
}

TEST_CASE("congestion: reserved headroom lets urgent sessions in", "[smsr][congestion]") {
    CongestionControl control(config_of(4, 1));
    std::vector<Admission> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(control.admit(eid(i), download));
        CHECK(held.back().admitted);
    }
    CHECK_FALSE(control.admit(eid(3), download).admitted);      // only capacity - reserved for priority 3
    CHECK_FALSE(control.admit(eid(4), push_enabling).admitted); // nor for priority 2
    held.push_back(control.admit(eid(5), smsr_change));         // priority 0 takes the reserved slot
    CHECK(held.back().admitted);
    CHECK_FALSE(control.admit(eid(6), pull_enabling).admitted); // full now, even for priority 1
    held.front().slot.reset();
    CHECK(control.admit(eid(6), pull_enabling).admitted);
    const CongestionStats stats = control.stats();
    CHECK(stats.peak == 4);
    CHECK(stats.admitted[0] == 1);
    CHECK(stats.admitted[1] == 1);
    CHECK(stats.admitted[3] == 3);
    CHECK(stats.refused[1] == 1);
    CHECK(stats.refused[2] == 1);
    CHECK(stats.refused[3] == 1);
}

TEST_CASE("congestion: tokens may outlive the congestion control", "[smsr][congestion]") {
    auto control = std::make_unique<CongestionControl>(config_of(1));
    Admission admission = control->admit(eid(1), download);
    REQUIRE(admission.admitted);
    control.reset();
    admission.slot.reset(); // releases into the state the token keeps alive
    SUCCEED("released after the control was destroyed");
}

TEST_CASE("congestion: the admin server's capacity gate", "[smsr][congestion]") {
    auto control = std::make_shared<CongestionControl>(config_of(1));
    const CapacityGate gate = make_capacity_gate(control);
    AdmissionQuery query;
    query.eid = "89049032123451234512345678901235";
    query.service_request = smsr_change;
    Admission first = gate(query);
    CHECK(first.admitted);
    CHECK(first.slot != nullptr);
    const Admission second = gate(query);
    CHECK_FALSE(second.admitted);
    CHECK(second.retry_after == seconds{10});
    CHECK(control->stats().admitted[0] == 1);
    CHECK(control->stats().refused[0] == 1);
    CHECK_THROWS_AS(make_capacity_gate(nullptr), std::invalid_argument);
}

TEST_CASE("congestion: configuration is validated", "[smsr][congestion]") {
    auto edit = GENERATE(as<int>{}, 0, 1, 2, 3, 4, 5);
    CongestionConfig config = config_of(4, 1);
    switch (edit) {
    case 0:
        config.capacity = 0;
        break;
    case 1:
        config.reserved = 4;
        break;
    case 2:
        config.headroom_priority = priority_levels;
        break;
    case 3:
        config.base_retry = seconds{0};
        break;
    case 4:
        config.max_retry = seconds{5};
        break;
    default:
        config.priority_weight = -0.5;
        break;
    }
    CAPTURE(edit);
    CHECK_THROWS_AS(CongestionControl{config}, std::invalid_argument);
    CHECK_THROWS_AS(CongestionControl(config_of(1), nullptr), std::invalid_argument);
}

TEST_CASE("congestion: JSON configuration", "[smsr][congestion]") {
    const CongestionConfig config = CongestionConfig::parse_json(R"({
        "capacity": 200, "reserved": 20, "headroom_priority": 0, "base_retry": "1m", "max_retry": 7200,
        "priority_weight": 1.0, "default_priority": 5,
        "priorities": [{"operation": "smsr-change", "priority": 0}, {"mode": "pull", "priority": 2},
                       {"operation": "profile-download", "mode": "push", "priority": 6}]
    })");
    CHECK(config.capacity == 200);
    CHECK(config.reserved == 20);
    CHECK(config.headroom_priority == 0);
    CHECK(config.base_retry == seconds{60});
    CHECK(config.max_retry == seconds{7200});
    CHECK(config.priority_weight == 1.0);
    CHECK(config.priorities.fallback() == 5);
    CHECK(config.priorities.rules().size() == 3);
    CHECK(config.priorities.priority_of(download) == 6);
    CHECK(config.priorities.priority_of(push_enabling) == 5);

    const CongestionConfig defaults = CongestionConfig::parse_json("{}");
    CHECK(defaults.capacity == 100);
    CHECK(defaults.priorities == PriorityTable::defaults());
    CHECK(CongestionConfig::parse_json(R"({"default_priority":7})").priorities.rules() ==
          PriorityTable::defaults().rules());

    auto [json, pointer, reason] = GENERATE(table<std::string, std::string, std::string>({
        {R"({"capacity":0})", "", "capacity must be at least 1"},
        {R"({"capacity":5,"reserved":5})", "", "reserved must be less than capacity"},
        {R"({"capacity":-5})", "/capacity", "non-negative integer"},
        {R"({"base_retry":"30x"})", "/base_retry", "unit s, m, h or d"},
        {R"({"priority_weight":"high"})", "/priority_weight", "must be a number"},
        {R"({"default_priority":8})", "/default_priority", "must be 0..7"},
        {R"({"priorities":[{"priority":0}]})", "/priorities", "matches every session"},
        {R"({"priorities":[{"operation":"download","priority":0}]})", "/priorities/0/operation",
         "unknown operation"},
        {R"({"priorities":[{"mode":"PULL","priority":0}]})", "/priorities/0/mode", "push or pull"},
        {R"({"priorities":[{"mode":"pull"}]})", "/priorities/0/priority", "missing"},
        {R"({"priorities":{"mode":"pull"}})", "/priorities", "must be an array"},
        {R"({"capacity":10,"limit":5})", "/limit", "unknown member"},
        {R"({"capacity":10)", "", "invalid JSON"},
    }));
    CAPTURE(json);
    try {
        static_cast<void>(CongestionConfig::parse_json(json));
        FAIL("accepted a bad configuration");
    } catch (const smsr_api::DocumentError& error) {
        INFO(error.what());
        CHECK(error.context() == "congestion config");
        CHECK(error.pointer() == pointer);
        CHECK_THAT(error.what(), Catch::Contains(reason));
    }
}

TEST_CASE("congestion: threads never hold more slots than the capacity", "[smsr][congestion]") {
    constexpr std::size_t capacity = 6;
    constexpr std::size_t reserved = 2;
    constexpr int threads = 8;
    constexpr int attempts = 3000;
    // Each thread keeps up to capacity + 1 slots, so even a thread running alone is refused: the limit is
    // reached whatever the scheduling.
    constexpr std::size_t keep = capacity + 1;
    CongestionControl control(config_of(capacity, reserved));
    std::atomic<std::size_t> current{0};
    std::atomic<std::size_t> current_low{0};
    std::atomic<std::size_t> most{0};
    std::atomic<std::size_t> most_low{0};
    std::atomic<std::uint64_t> admitted{0};
    const auto raise = [](std::atomic<std::size_t>& maximum, std::size_t value) {
        std::size_t seen = maximum.load();
        while (value > seen && !maximum.compare_exchange_weak(seen, value)) {
        }
    };
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            const Request requests[] = {smsr_change, pull_enabling, push_enabling, download};
            std::deque<std::pair<std::shared_ptr<void>, bool>> held; // slot, low priority
            const auto release_oldest = [&] {
                // Counted down before the slot goes back, so the counters never exceed the slots held.
                --current;
                if (held.front().second) {
                    --current_low;
                }
                held.pop_front();
            };
            for (int i = 0; i < attempts; ++i) {
                const Request& request = requests[(i + t) % 4];
                Admission admission =
                    control.admit("t" + std::to_string(t) + "-" + std::to_string(i % 64), request);
                if (admission.admitted) {
                    ++admitted;
                    const bool low = control.priority_of(request) > control.config().headroom_priority;
                    raise(most, ++current);
                    if (low) {
                        raise(most_low, ++current_low);
                    }
                    held.emplace_back(std::move(admission.slot), low);
                }
                if (held.size() > keep || (!admission.admitted && !held.empty())) {
                    release_oldest();
                }
            }
            while (!held.empty()) {
                release_oldest();
            }
        });
    }
    for (std::thread& worker : workers) {
        worker.join();
    }
    const CongestionStats stats = control.stats();
    CHECK(most.load() <= capacity);
    CHECK(most_low.load() <= capacity - reserved);
    CHECK(stats.peak <= capacity);
    CHECK(stats.peak >= capacity - reserved);
    CHECK(stats.in_use == 0);
    std::uint64_t admitted_total = 0;
    std::uint64_t refused_total = 0;
    for (unsigned p = 0; p < priority_levels; ++p) {
        admitted_total += stats.admitted[p];
        refused_total += stats.refused[p];
    }
    CHECK(admitted_total == admitted.load());
    CHECK(admitted_total + refused_total == std::uint64_t{threads} * attempts);
    CHECK(refused_total > 0);
}
