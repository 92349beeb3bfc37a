// SPDX-License-Identifier: Apache-2.0
// Tests of the virtual eUICC's EID (SGP.02 §2.2.2, SGP.29 check digits) and its durable state directory.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>


#include <euicc/error.hpp>

#include "card_test_util.hpp"
#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;
using card::test::transmit;
using euicc::test::TempDir;
namespace fs = std::filesystem;

namespace {

// pySim tests/unittests/test_euicc.py: valid EIDs, and one with wrong check digits.
constexpr const char* eid_a = "89086030202200000022000023022943";
constexpr const char* eid_b = "89044045116727494800000004479366";
constexpr const char* eid_bad_check = "89049032123451234512345678901234";

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string eid_over_apdus(card::VirtualEuicc& card) {
    REQUIRE(transmit(card, "00A4040C10A0000005591010FFFFFFFF8900000200"_hex) == "9000");
    const std::string answer = transmit(card, "80CA005A00"_hex);
    REQUIRE(answer.size() == 2 * (2 + 16 + 2));
    CHECK(answer.substr(0, 4) == "5A10");
    CHECK(answer.substr(36) == "9000");
    return answer.substr(4, 32);
}

} // namespace

TEST_CASE("the EID defaults to the SGP.02 test EID and can be configured", "[card][eid]") {
    SECTION("default") {
        card::VirtualEuicc card({});
        CHECK(card.eid() == card::test::default_eid);
        CHECK(eid_over_apdus(card) == card::test::default_eid);
    }
    SECTION("configured") {
        card::VirtualEuicc card({eid_a, {}});
        CHECK(card.eid() == eid_a);
        CHECK(eid_over_apdus(card) == eid_a);
    }
}

TEST_CASE("an EID without valid check digits is refused", "[card][eid]") {
    TempDir dir;
    CHECK_THROWS_AS(card::VirtualEuicc({eid_bad_check, {}}), std::invalid_argument);
    CHECK_THROWS_AS(card::VirtualEuicc({"8904903212345123451234567890123", {}}), std::invalid_argument);
    CHECK_THROWS_AS(card::VirtualEuicc({"8904903212345123451234567890123A", {}}), std::invalid_argument);
    CHECK_THROWS_AS(card::VirtualEuicc({eid_bad_check, dir.path()}), std::invalid_argument);
    CHECK_FALSE(fs::exists(dir.path()));  // a bad argument leaves no state behind
}

TEST_CASE("the state directory keeps the card's EID across restarts", "[card][eid][state]") {
    TempDir dir;
    const fs::path state = dir.path() / "nested" / "card-1";
    {
        card::VirtualEuicc card({eid_a, state});
        CHECK(card.eid() == eid_a);
    }
    REQUIRE(fs::is_regular_file(state / "card.json"));
    CHECK(read_text(state / "card.json").find(eid_a) != std::string::npos);

    SECTION("restart without an EID: the stored one") {
        card::VirtualEuicc card({"", state});
        CHECK(card.eid() == eid_a);
        CHECK(eid_over_apdus(card) == eid_a);
    }
    SECTION("restart with the same EID") {
        card::VirtualEuicc card({eid_a, state});
        CHECK(card.eid() == eid_a);
    }
    SECTION("restart with another EID: refused, naming both") {
        try {
            card::VirtualEuicc card({eid_b, state});
            FAIL("a contradicting EID was accepted");
        } catch (const std::invalid_argument& e) {
            const std::string what = e.what();
            CHECK(what.find(eid_a) != std::string::npos);
            CHECK(what.find(eid_b) != std::string::npos);
        }
        card::VirtualEuicc card({"", state});
        CHECK(card.eid() == eid_a);  // the refusal changed nothing
    }
}

TEST_CASE("a fresh state directory without an EID stores the default EID", "[card][eid][state]") {
    TempDir dir;
    {
        card::VirtualEuicc card({"", dir.path()});
        CHECK(card.eid() == card::test::default_eid);
    }
    CHECK(card::VirtualEuicc({"", dir.path()}).eid() == card::test::default_eid);
    CHECK_THROWS_AS(card::VirtualEuicc({eid_a, dir.path()}), std::invalid_argument);
}

TEST_CASE("an unusable state directory is an euicc::Error", "[card][state]") {
    TempDir dir;
    fs::create_directories(dir.path());
    SECTION("malformed card.json") {
        std::ofstream(dir.path() / "card.json") << "{\"format\": 1, \"eid\": ";
        CHECK_THROWS_AS(card::VirtualEuicc({"", dir.path()}), Error);
    }
    SECTION("card.json of an unknown format") {
        std::ofstream(dir.path() / "card.json") << "{\"format\": 99, \"eid\": \"" << eid_a << "\"}";
        CHECK_THROWS_AS(card::VirtualEuicc({"", dir.path()}), Error);
    }
    SECTION("stored EID with bad check digits") {
        std::ofstream(dir.path() / "card.json") << "{\"format\": 1, \"eid\": \"" << eid_bad_check << "\"}";
        CHECK_THROWS_AS(card::VirtualEuicc({"", dir.path()}), Error);
    }
    SECTION("state_dir names a regular file") {
        std::ofstream(dir.path() / "file") << "x";
        CHECK_THROWS_AS(card::VirtualEuicc({"", dir.path() / "file"}), Error);
    }
}
