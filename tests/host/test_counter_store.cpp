// SPDX-License-Identifier: Apache-2.0
// Counter stores (TS 102 225 §5.1.1 CNTR): strictly increasing, durable before use, never past 5 bytes.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>
#include <euicc/host/counter_store.hpp>
#include <euicc/host/file_counter_store.hpp>
#include <euicc/transport/durable_file.hpp>

#include "support/temp_dir.hpp"

using namespace euicc;
using host::CounterStore;
using host::FileCounterStore;
using host::MemoryCounterStore;

namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// The behaviour both stores share.
void check_basic_rules(CounterStore& store) {
    CHECK(store.current("card-a") == 0);
    CHECK(store.reserve_next("card-a") == 1); // a card's counter starts at 0: the first valid CNTR is 1
    CHECK(store.reserve_next("card-a") == 2);
    CHECK(store.reserve_next("card-b") == 1); // keys are independent
    CHECK(store.current("card-a") == 2);

    store.ensure_at_least("card-a", 41);
    CHECK(store.reserve_next("card-a") == 42);
    store.ensure_at_least("card-a", 10); // never lowers
    CHECK(store.reserve_next("card-a") == 43);

    store.ensure_at_least("full", scp80::max_counter - 1);
    CHECK(store.reserve_next("full") == scp80::max_counter);
    CHECK_THROWS_AS(store.reserve_next("full"), Error); // no wrap to 0
    CHECK(store.current("full") == scp80::max_counter);
    CHECK_THROWS_AS(store.ensure_at_least("x", scp80::max_counter + 1), std::invalid_argument);
}

} // namespace

TEST_CASE("MemoryCounterStore reserves strictly increasing counters", "[host][counter]") {
    MemoryCounterStore store;
    check_basic_rules(store);
}

TEST_CASE("FileCounterStore reserves strictly increasing counters", "[host][counter]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    FileCounterStore store(dir.path() / "counters.json");
    check_basic_rules(store);
    // The file is the JSON map key -> last reserved counter.
    const auto text = transport::read_file_if_exists(dir.path() / "counters.json");
    REQUIRE(text);
    CHECK(text->find("\"card-a\": 43") != std::string::npos);
    CHECK(text->find("\"full\": 1099511627775") != std::string::npos);
}

TEST_CASE("FileCounterStore survives a crash without reusing a counter", "[host][counter]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    const auto path = dir.path() / "counters.json";
    {
        FileCounterStore store(path);
        CHECK(store.reserve_next("eid/000000/1") == 1);
        CHECK(store.reserve_next("eid/000000/1") == 2);
        // Value 2 was reserved but the process "dies" before sending it: destroy the store without any
        // further call.
    }
    {
        FileCounterStore reopened(path);
        CHECK(reopened.current("eid/000000/1") == 2);
        CHECK(reopened.reserve_next("eid/000000/1") == 3); // 2 is skipped, never reused
    }
    SECTION("a crash between writing the temporary file and renaming it") {
        // write_file_atomically leaves `<file>.tmp.<pid>` behind when it dies before rename(2). Its value was
        // never returned (reserve_next returns only after the rename), so it does not count.
        write_text(path.string() + ".tmp.99999", "{\"eid/000000/1\": 9}");
        FileCounterStore reopened(path);
        CHECK(reopened.reserve_next("eid/000000/1") == 4);
        CHECK(reopened.reserve_next("eid/000000/1") == 5);
    }
}

TEST_CASE("FileCounterStore is safe across threads and store objects", "[host][counter]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    const auto path = dir.path() / "counters.json";
    FileCounterStore shared(path);
    FileCounterStore second(path); // another object on the same file: excluded by the file lock
    constexpr int per_thread = 25;
    std::vector<std::uint64_t> got[3];
    auto worker = [](CounterStore& store, std::vector<std::uint64_t>& out) {
        for (int i = 0; i < per_thread; ++i) {
            out.push_back(store.reserve_next("k"));
        }
    };
    std::thread a(worker, std::ref(shared), std::ref(got[0]));
    std::thread b(worker, std::ref(shared), std::ref(got[1]));
    std::thread c(worker, std::ref(second), std::ref(got[2]));
    a.join();
    b.join();
    c.join();
    std::set<std::uint64_t> all;
    for (const auto& values : got) {
        // Each caller sees its own reservations strictly increasing ...
        CHECK(std::is_sorted(values.begin(), values.end()));
        CHECK(std::adjacent_find(values.begin(), values.end()) == values.end());
        all.insert(values.begin(), values.end());
    }
    // ... and no value went to two callers.
    CHECK(all.size() == 3 * per_thread);
    CHECK(*all.rbegin() == 3 * per_thread);
    CHECK(shared.current("k") == 3 * per_thread);
}

TEST_CASE("a damaged counter file is an error naming the path, never a reset", "[host][counter]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    const auto path = dir.path() / "counters.json";
    const auto content = GENERATE(as<std::string>{}, "not json", "[1, 2]", "{\"k\": -1}", "{\"k\": \"7\"}",
                                  "{\"k\": 1.5}", "{\"k\": 1099511627776}", "");
    CAPTURE(content);
    write_text(path, content);
    FileCounterStore store(path);
    try {
        store.reserve_next("k");
        FAIL("no exception");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), Catch::Contains(path.string()));
    }
    CHECK_THROWS_AS(store.current("k"), Error);
    // The damaged file is left as it was for a person to look at.
    CHECK(transport::read_file_if_exists(path) == content);
}

TEST_CASE("FileCounterStore reports a missing directory", "[host][counter]") {
    test::TempDir dir; // not created
    FileCounterStore store(dir.path() / "counters.json");
    CHECK_THROWS_AS(store.reserve_next("k"), Error);
    CHECK_THROWS_AS(FileCounterStore(""), std::invalid_argument);
}
