// SPDX-License-Identifier: Apache-2.0
// Tests for the SM-SR's access control from load (design.md §4; host/docs/smsr_api.md §Access control): the load
// table and its text/JSON forms, durations, server-side staggering.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/smsr_api.hpp>
#include <euicc/error.hpp>
#include <euicc/host/smsr/access_control.hpp>
#include <euicc/host/smsr/access_control_stagger.hpp>

using namespace euicc;
using namespace euicc::host::smsr;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

/// The patent's example: 50 % -> 30 min, 60 % -> 40 min.
LoadAccessTable patent_table(AccessControlKind kind = AccessControlKind::BackoffTimer) {
    return LoadAccessTable({{0.5, minutes{30}}, {0.6, minutes{40}}}, kind);
}

trigger::AccessControl backoff(seconds value) {
    return trigger::BackoffTimer{value};
}

} // namespace

TEST_CASE("access control: the patent's table by load", "[smsr][access_control]") {
    const LoadAccessTable table = patent_table();
    CHECK_FALSE(table.access_control_for(0.0).has_value());
    CHECK_FALSE(table.access_control_for(0.4999).has_value());
    CHECK(table.access_control_for(0.5) == backoff(minutes{30}));
    CHECK(table.access_control_for(0.59) == backoff(minutes{30}));
    CHECK(table.access_control_for(0.6) == backoff(minutes{40}));
    CHECK(table.access_control_for(1.0) == backoff(minutes{40}));
    CHECK(table.access_control_for(1.7) == backoff(minutes{40})); // a caller's load over 1: the last row
}

TEST_CASE("access control: load from in-flight sessions and capacity", "[smsr][access_control]") {
    const LoadAccessTable table = patent_table();
    CHECK_FALSE(table.access_control_for(49, 100).has_value());
    CHECK(table.access_control_for(50, 100) == backoff(minutes{30}));
    CHECK(table.access_control_for(59, 100) == backoff(minutes{30}));
    CHECK(table.access_control_for(60, 100) == backoff(minutes{40})); // 60/100 == 0.6 exactly as a double
    CHECK(table.access_control_for(3, 5) == backoff(minutes{40}));
    CHECK_THROWS_AS(table.access_control_for(1, 0), std::invalid_argument);
    CHECK_THROWS_AS(table.access_control_for(-0.1), std::invalid_argument);
    CHECK_THROWS_AS(table.access_control_for(std::nan("")), std::invalid_argument);
}

TEST_CASE("access control: time-window mode and the empty table", "[smsr][access_control]") {
    const LoadAccessTable window = patent_table(AccessControlKind::TimeWindow);
    CHECK(window.access_control_for(0.55) == trigger::AccessControl{trigger::TimeWindow{minutes{30}}});
    CHECK_FALSE(window.access_control_for(0.1).has_value());
    CHECK_FALSE(LoadAccessTable().access_control_for(1.0).has_value());
}

TEST_CASE("access control: rows must ascend", "[smsr][access_control]") {
    using Rows = std::vector<LoadThreshold>;
    auto rows =
        GENERATE(Rows{{0.0, minutes{1}}}, Rows{{1.01, minutes{1}}},
                 Rows{{std::numeric_limits<double>::quiet_NaN(), minutes{1}}}, Rows{{0.5, seconds{0}}},
                 Rows{{0.5, seconds{0x100000000}}}, Rows{{0.5, minutes{30}}, {0.5, minutes{40}}},
                 Rows{{0.6, minutes{30}}, {0.5, minutes{40}}}, Rows{{0.5, minutes{30}}, {0.6, minutes{20}}});
    CHECK_THROWS_AS(LoadAccessTable(rows), std::invalid_argument);
    // Equal back-offs are fine: the durations only may not decrease.
    CHECK_NOTHROW(LoadAccessTable({{0.5, minutes{30}}, {1.0, minutes{30}}}));
}

TEST_CASE("access control: compact text form", "[smsr][access_control]") {
    SECTION("spellings of the same table") {
        auto text = GENERATE(as<std::string>{}, "0.5:30m,0.6:40m", "50%:30m,60%:40m",
                             " 0.5 : 1800 , 0.6:2400s ", "backoff/0.5:30m,0.6:40m", "5e-1:30m,0.6:40m");
        CAPTURE(text);
        CHECK(LoadAccessTable::parse_text(text) == patent_table());
    }
    SECTION("window mode") {
        CHECK(LoadAccessTable::parse_text("window/50%:30m,60%:40m") ==
              patent_table(AccessControlKind::TimeWindow));
    }
    SECTION("to_text reads back") {
        CHECK(patent_table().to_text() == "0.5:30m,0.6:40m");
        CHECK(patent_table(AccessControlKind::TimeWindow).to_text() == "window/0.5:30m,0.6:40m");
        const LoadAccessTable odd({{0.333, seconds{90}}, {0.9, std::chrono::hours{25}}});
        CHECK(odd.to_text() == "0.333:90s,0.9:25h");
        CHECK(LoadAccessTable::parse_text(odd.to_text()) == odd);
    }
}

TEST_CASE("access control: text errors name the offset", "[smsr][access_control]") {
    auto [text, offset, reason] = GENERATE(table<std::string, std::size_t, std::string>({
        {"", 0, "expected a row"},
        {"0.5", 0, "expected a row"},
        {"0.5:30m,", 8, "expected a row"},
        {"0.5:30m,0.5:40m", 8, "loads must increase"},
        {"0.5:30m, 0.6:20m", 9, "must not decrease"},
        {"1.5:30m", 0, "load must be in (0, 1]"},
        {"0%:30m", 0, "load must be in (0, 1]"},
        {"abc:30m", 0, "expected a load"},
        {"0.5:30x", 6, "unit s, m, h or d"},
        {"0.5:30mm", 6, "unit s, m, h or d"},
        {"0.5:0.5h", 5, "unit s, m, h or d"},
        {"0.5:0", 0, "back-off must be 1 s"},
        {"0.5:4294967296", 13, "over 4294967295"},
        {"0.5:49711d", 4, "over 4294967295"},
        {"window/", 7, "expected a row"},
        {"random/0.5:30m", 0, "expected a load"},
    }));
    CAPTURE(text);
    try {
        static_cast<void>(LoadAccessTable::parse_text(text));
        FAIL("accepted a bad table");
    } catch (const CodecError& error) {
        INFO(error.what());
        CHECK(error.context() == "access control table");
        CHECK(error.offset() == offset);
        CHECK_THAT(error.reason(), Catch::Contains(reason));
    }
}

TEST_CASE("access control: JSON form", "[smsr][access_control]") {
    CHECK(LoadAccessTable::parse_json(
              R"({"table":[{"load":0.5,"backoff":"30m"},{"load":0.6,"backoff":2400}]})") == patent_table());
    CHECK(LoadAccessTable::parse(
              R"( {"mode":"window","table":[{"load":0.5,"backoff":1800},{"load":0.6,"backoff":"40m"}]})") ==
          patent_table(AccessControlKind::TimeWindow));
    CHECK(LoadAccessTable::parse("0.5:30m,0.6:40m") == patent_table());

    auto [json, pointer] = GENERATE(table<std::string, std::string>({
        {R"({"table":[{"load":0.6,"backoff":"30m"},{"load":0.5,"backoff":"40m"}]})", "/table/1"},
        {R"({"table":[{"load":0.5,"backoff":"30 m"}]})", "/table/0/backoff"},
        {R"({"table":[{"load":"50%","backoff":"30m"}]})", "/table/0/load"},
        {R"({"table":[{"load":0.5}]})", "/table/0/backoff"},
        {R"({"table":[]})", "/table"},
        {R"({"table":{}})", "/table"},
        {R"({"mode":"random","table":[{"load":0.5,"backoff":1}]})", "/mode"},
        {R"({"table":[{"load":0.5,"backoff":1}],"rows":1})", "/rows"},
        {R"({"mode":"window"})", "/table"},
        {R"({"table":[{"load":0.5,"backoff":1})", ""},
    }));
    CAPTURE(json);
    try {
        static_cast<void>(LoadAccessTable::parse_json(json));
        FAIL("accepted a bad table");
    } catch (const smsr_api::DocumentError& error) {
        INFO(error.what());
        CHECK(error.context() == "access control table");
        CHECK(error.pointer() == pointer);
    }
}

TEST_CASE("durations: configuration text", "[smsr][access_control]") {
    auto [text, value] = GENERATE(table<std::string, long long>({{"90", 90},
                                                                 {"90s", 90},
                                                                 {"30m", 1800},
                                                                 {"2h", 7200},
                                                                 {"1d", 86400},
                                                                 {"0", 0},
                                                                 {"4294967295", 4294967295},
                                                                 {"49710d", 4294944000}}));
    CAPTURE(text);
    CHECK(parse_duration(text) == seconds{value});
    auto bad =
        GENERATE(as<std::string>{}, "", "m", "30 m", "-5", "+5", "1.5h", "4294967296", "49711d", "30M", "1w");
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_duration(bad), CodecError);
}

TEST_CASE("durations: the largest whole unit", "[smsr][access_control]") {
    CHECK(format_duration(seconds{1800}) == "30m");
    CHECK(format_duration(seconds{90}) == "90s");
    CHECK(format_duration(seconds{3660}) == "61m");
    CHECK(format_duration(seconds{7200}) == "2h");
    CHECK(format_duration(seconds{172800}) == "2d");
    CHECK(format_duration(seconds{0}) == "0s");
}

TEST_CASE("stagger: send time = now + r x value, r from the injected rng", "[smsr][access_control]") {
    const auto now = std::chrono::system_clock::time_point{} + std::chrono::hours{24 * 365 * 54};
    const trigger::AccessControl window = trigger::TimeWindow{minutes{10}};
    Stagger stagger(std::make_unique<FixedRng>(7));
    FixedRng reference(7); // the same stream, to predict each r
    for (int i = 0; i < 5; ++i) {
        const double r = reference.unit_interval();
        CHECK(stagger.send_time(window, now) == trigger::access_time(window, r, now));
    }
    SECTION("a batch spreads over the window, in card order") {
        const std::vector<std::chrono::system_clock::time_point> times =
            stagger.send_times(window, 1000, now);
        REQUIRE(times.size() == 1000);
        const auto [first, last] = std::minmax_element(times.begin(), times.end());
        CHECK(*first >= now);
        CHECK(*last <= now + minutes{10});
        // The seeded stream reaches both ends of the window: the cards do not bunch up.
        CHECK(*first < now + seconds{30});
        CHECK(*last > now + minutes{9} + seconds{30});
        CHECK_FALSE(std::is_sorted(times.begin(), times.end()));
    }
    SECTION("an absolute time is kept, or now once it has passed") {
        const trigger::AccessControl later =
            trigger::AbsoluteTime{std::chrono::floor<seconds>(now) + minutes{5}};
        CHECK(stagger.send_time(later, now) == std::chrono::floor<seconds>(now) + minutes{5});
        CHECK(stagger.send_time(later, now + minutes{6}) == now + minutes{6});
    }
    CHECK_THROWS_AS(Stagger(nullptr), std::invalid_argument);
}
