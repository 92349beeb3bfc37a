// SPDX-License-Identifier: Apache-2.0
// Tests for the SM-SR request status codec (host/docs/smsr_api.md §Request status): the EID lists in a stable
// member order, the client-side parser, timestamps (RFC 3339 UTC).
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include <euicc/apdu/smsr_api.hpp>

#include "test_smsr_api_support.hpp"

using namespace euicc;
using namespace smsr_api_test;
namespace api = euicc::smsr_api;
using std::chrono::sys_seconds;
using seconds = std::chrono::seconds;

namespace {

const sys_seconds t0{seconds{1714564800}}; // 2024-05-01T12:00:00Z

const std::string canonical_done =
    R"({"request_id":"batch-42","operation":"profile-download","state":"done",)"
    R"("submitted_at":"2024-05-01T12:00:00Z","updated_at":"2024-05-01T12:31:05Z",)"
    R"("finished_at":"2024-05-01T12:31:05Z",)"
    R"("counts":{"targets":3,"connected":2,"container_created":2,"profile_installed":1,"profile_enabled":0,)"
    R"("smsr_changed":0,"failed":2},)"
    R"("connected":["89049032123451234512345678901235","89086030202200000022000023022943"],)"
    R"("container_created":["89049032123451234512345678901235","89086030202200000022000023022943"],)"
    R"("profile_installed":["89049032123451234512345678901235"],"profile_enabled":[],"smsr_changed":[],)"
    R"("failed":[{"eid":"89086030202200000022000023022943","reason":"ES8.DownloadAndInstallation: 6A84"},)"
    R"({"identity":{"type":"msisdn","value":"+491701234567"},"reason":"unknown identity"}]})";

api::RequestStatus done_status() {
    api::RequestStatus status;
    status.request_id = "batch-42";
    status.operation = trigger::OperationType::ProfileDownload;
    status.state = api::RequestState::Done;
    status.targets = 3;
    status.connected = {eid_a, eid_b};
    status.container_created = {eid_a, eid_b};
    status.profile_installed = {eid_a};
    status.failed = {
        {eid_b, std::nullopt, "ES8.DownloadAndInstallation: 6A84"},
        {std::nullopt, api::Identity{api::IdentityType::Msisdn, "+491701234567"}, "unknown identity"}};
    status.submitted_at = t0;
    status.updated_at = t0 + seconds{31 * 60 + 5};
    status.finished_at = status.updated_at;
    return status;
}

/// The canonical document with `from` replaced by `to` (which must occur).
std::string edited(const std::string& from, const std::string& to) {
    std::string text = canonical_done;
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("request status: the documented example both ways", "[smsr_api]") {
    CHECK(api::encode_request_status(done_status()) == canonical_done);
    CHECK(api::parse_request_status(canonical_done) == done_status());
}

TEST_CASE("request status: accepted and running states round-trip", "[smsr_api]") {
    api::RequestStatus status = done_status();
    status.finished_at.reset();
    status.state = GENERATE(api::RequestState::Accepted, api::RequestState::Running);
    status.failed.push_back({eid_c, api::Identity{api::IdentityType::Imsi, "001010123456789"},
                             "unicode reason: \xE2\x82\xAC \"quoted\"\n"});
    status.smsr_changed = {eid_c};
    const std::string text = api::encode_request_status(status);
    CAPTURE(text);
    CHECK_THAT(text, !Catch::Contains("finished_at"));
    CHECK(api::parse_request_status(text) == status);
}

TEST_CASE("request status: a client ignores members it does not know", "[smsr_api]") {
    const std::string newer =
        edited(R"("state":"done",)", R"("state":"done","priority":3,"extra":{"a":[1]},)");
    CHECK(api::parse_request_status(newer) == done_status());
}

TEST_CASE("request status: refusals name the member at fault", "[smsr_api]") {
    auto [json, pointer, reason] = GENERATE(table<std::string, std::string, std::string>({
        {edited(R"("connected":2)", R"("connected":3)"), "/counts/connected", "does not match the 2 entries"},
        {edited(R"("failed":2})", R"("failed":1})"), "/counts/failed", "does not match"},
        {edited(R"("targets":3,)", ""), "/counts/targets", "missing"},
        {edited(R"("state":"done")", R"("state":"running")"), "/finished_at",
         "exactly when the state is done"},
        {edited(R"("state":"done")", R"("state":"finished")"), "/state", "unknown state 'finished'"},
        {edited(R"("updated_at":"2024-05-01T12:31:05Z")", R"("updated_at":"2024-05-01T11:00:00Z")"),
         "/updated_at", "before submitted_at"},
        {edited(R"("finished_at":"2024-05-01T12:31:05Z")", R"("finished_at":"2024-05-01T12:00:00")"),
         "/finished_at", "RFC 3339"},
        {edited(R"("profile_installed":["89049032123451234512345678901235"])",
                R"("profile_installed":["89049032123451234512345678901234"])"),
         "/profile_installed/0", "check digits"},
        {edited(R"("smsr_changed":[],)", ""), "/smsr_changed", "missing"},
        {edited(R"({"eid":"89086030202200000022000023022943",)", "{"), "/failed/0",
         "neither an EID nor an identity"},
        {edited(R"("reason":"unknown identity")", R"("reason":"")"), "/failed/1/reason", "1 to 1024 bytes"},
        {edited(R"("type":"msisdn")", R"("type":"phone")"), "/failed/1/identity/type",
         "unknown identity type"},
        {edited(R"("request_id":"batch-42")", R"("request_id":"batch/42")"), "/request_id", "1 to 64 of"},
        {edited(R"("operation":"profile-download")", R"("operation":7)"), "/operation", "must be a string"},
        {"{}", "/request_id", "missing"},
        {"[]", "", "must be an object"},
    }));
    CAPTURE(json);
    CHECK_DOCUMENT_ERROR(api::parse_request_status(json), pointer, reason);
}

TEST_CASE("request status: the encoder refuses what the parser would", "[smsr_api]") {
    api::RequestStatus status = done_status();
    std::string pointer;
    SECTION("finished_at without done") {
        status.state = api::RequestState::Running;
        pointer = "/finished_at";
    }
    SECTION("reason that is not UTF-8") {
        status.failed[0].reason = "bad \xC0\xAF";
        pointer = "/failed/0/reason";
    }
    SECTION("EID in a list") {
        status.smsr_changed = {"0"};
        pointer = "/smsr_changed/0";
    }
    SECTION("empty request id") {
        status.request_id.clear();
        pointer = "/request_id";
    }
    try {
        static_cast<void>(api::encode_request_status(status));
        FAIL("encoded an invalid status");
    } catch (const std::invalid_argument& error) {
        CHECK_THAT(error.what(), Catch::StartsWith("encode request status " + pointer));
    }
}

TEST_CASE("timestamps: RFC 3339 UTC to the second", "[smsr_api]") {
    auto [text, epoch] = GENERATE(table<std::string, long long>({
        {"1970-01-01T00:00:00Z", 0},
        {"2024-05-01T12:00:00Z", 1714564800},
        {"2024-02-29T23:59:59Z", 1709251199},
        {"9999-12-31T23:59:59Z", 253402300799},
    }));
    CAPTURE(text);
    CHECK(api::format_timestamp(sys_seconds{seconds{epoch}}) == text);
    CHECK(api::parse_timestamp(text) == sys_seconds{seconds{epoch}});
}

TEST_CASE("timestamps: anything else is refused", "[smsr_api]") {
    auto text =
        GENERATE(as<std::string>{}, "2023-02-29T00:00:00Z", "2024-05-01T12:00:00z", "2024-05-01T12:00:00",
                 "2024-05-01T12:00:00+00:00", "2024-05-01t12:00:00Z", "1969-12-31T23:59:59Z",
                 "2024-05-01T24:00:00Z", "2024-06-30T23:59:60Z", "2024-13-01T00:00:00Z",
                 "2024-05-01T12:00:00.5Z", "2024-5-01T12:00:00Z", "+024-05-01T12:00:00Z", "");
    CAPTURE(text);
    CHECK_FALSE(api::parse_timestamp(text).has_value());
    CHECK_THROWS_AS(api::format_timestamp(sys_seconds{seconds{-1}}), std::invalid_argument);
    CHECK_THROWS_AS(api::format_timestamp(sys_seconds{seconds{253402300800}}), std::invalid_argument);
}

TEST_CASE("names: the JSON spellings", "[smsr_api]") {
    CHECK(api::to_string(api::IdentityType::Impi) == "impi");
    CHECK(api::to_string(api::KeysetType::Scp81) == "scp81");
    CHECK(api::to_string(api::RequestState::Running) == "running");
    CHECK(api::to_string(static_cast<api::RequestState>(9)) == "unknown");
}
