// SPDX-License-Identifier: Apache-2.0
// Tests for the SM-SR management request codec (host/docs/smsr_api.md §Management request): examples both ways,
// every refusal naming its JSON pointer, limits.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/smsr_api.hpp>

#include "test_smsr_api_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace smsr_api_test;
namespace api = euicc::smsr_api;
using trigger::OperationType;

namespace {

const std::string canonical_download =
    R"({"request_id":"batch-42","operation":"profile-download",)"
    R"("eids":["89049032123451234512345678901235","89086030202200000022000023022943"],)"
    R"("identities":[{"type":"imsi","value":"001010123456789"},{"type":"msisdn","value":"+491701234567"}],)"
    R"("parameters":{"profile":{"package":"MIIBCgIB"},"isdp_aid":"A0000005591010FFFFFFFF8900001100"},)"
    R"("access_control":{"mode":"backoff","seconds":1800},)"
    R"("callback_url":"https://mno.example/smsr/callback"})";

api::ManagementRequest download_request() {
    api::ManagementRequest request;
    request.request_id = "batch-42";
    request.operation = OperationType::ProfileDownload;
    request.eids = {eid_a, eid_b};
    request.identities = {{api::IdentityType::Imsi, "001010123456789"},
                          {api::IdentityType::Msisdn, "+491701234567"}};
    request.parameters.profile = api::ProfilePackage{"3082010A0201"_hex};
    request.parameters.isdp_aid = "A0000005591010FFFFFFFF8900001100"_hex;
    request.access_control = api::AccessControlOverride{trigger::BackoffTimer{std::chrono::seconds{1800}}};
    request.callback_url = "https://mno.example/smsr/callback";
    return request;
}

/// A valid enabling request around `members` (JSON members, each followed by a comma).
std::string enabling_with(const std::string& members) {
    return "{" + members + R"("operation":"enabling","eids":[")" + eid_a +
           R"("],"parameters":{"isdp_aid":"A0000005591010FFFFFFFF8900001100"}})";
}

} // namespace

TEST_CASE("management request: the documented example both ways", "[smsr_api]") {
    // Members in another order, hex in lower case, whitespace: all read the same.
    const std::string input = R"({
        "callback_url": "https://mno.example/smsr/callback",
        "operation": "profile-download",
        "access_control": {"seconds": 1800, "mode": "backoff"},
        "eids": ["89049032123451234512345678901235", "89086030202200000022000023022943"],
        "identities": [{"value": "001010123456789", "type": "imsi"},
                       {"type": "msisdn", "value": "+491701234567"}],
        "parameters": {"isdp_aid": "a0000005591010ffffffff8900001100", "profile": {"package": "MIIBCgIB"}},
        "request_id": "batch-42"
    })";
    const api::ManagementRequest parsed = api::parse_management_request(input);
    CHECK(parsed == download_request());
    CHECK(api::encode_management_request(parsed) == canonical_download);
    CHECK(api::parse_management_request(canonical_download) == parsed);
}

TEST_CASE("management request: every operation with its parameters round-trips", "[smsr_api]") {
    api::ManagementRequest request;
    request.eids = {eid_c};
    SECTION("enabling by ISD-P AID, no access control") {
        request.operation = OperationType::Enabling;
        request.parameters.isdp_aid = "A0000005591010FFFFFFFF8900001100"_hex;
        request.access_control = api::AccessControlOverride{};
        CHECK(api::encode_management_request(request) ==
              R"({"operation":"enabling","eids":["89044045116727494800000004479366"],"identities":[],)"
              R"("parameters":{"isdp_aid":"A0000005591010FFFFFFFF8900001100"},)"
              R"("access_control":{"mode":"none"}})");
    }
    SECTION("profile-installation by a package name, a time window") {
        request.operation = OperationType::ProfileInstallation;
        request.parameters.profile = api::ProfileName{"operator-a/profile_1.der"};
        request.access_control = api::AccessControlOverride{trigger::TimeWindow{std::chrono::seconds{600}}};
        CHECK_THAT(api::encode_management_request(request),
                   Catch::Contains(R"("profile":{"name":"operator-a/profile_1.der"})") &&
                       Catch::Contains(R"("access_control":{"mode":"window","seconds":600})"));
    }
    SECTION("smsr-change by keyset references, at a fixed time, identities only") {
        request.operation = OperationType::SmSrChange;
        request.eids.clear();
        request.identities = {
            {api::IdentityType::Impu, "sip:+491701234567@ims.mnc001.mcc001.3gppnetwork.org"},
            {api::IdentityType::Impi, "001010123456789@ims.mnc001.mcc001.3gppnetwork.org"},
            {api::IdentityType::Impu, "tel:+491701234567"}};
        request.parameters.smsr_keysets = {{api::KeysetType::Scp03, 0x31, "smsr-b/scp03"},
                                           {api::KeysetType::Scp80, 0x02, "smsr-b/scp80"},
                                           {api::KeysetType::Scp81, 0x41, "smsr-b/psk"}};
        request.access_control = api::AccessControlOverride{
            trigger::AbsoluteTime{std::chrono::sys_seconds{std::chrono::seconds{1714564800}}}};
        const std::string text = api::encode_management_request(request);
        CHECK_THAT(text, Catch::Contains(R"({"type":"scp03","kvn":"31","key_ref":"smsr-b/scp03"})") &&
                             Catch::Contains(R"({"mode":"at","time":"2024-05-01T12:00:00Z"})"));
    }
    SECTION("disabling, deletion and status-change by ISD-P AID") {
        request.operation =
            GENERATE(OperationType::Disabling, OperationType::ProfileDeletion, OperationType::StatusChange);
        request.parameters.isdp_aid = "A000000559"_hex; // the shortest AID
    }
    CAPTURE(api::encode_management_request(request));
    CHECK(api::parse_management_request(api::encode_management_request(request)) == request);
}

TEST_CASE("management request: profile packages are strict RFC 4648 base64", "[smsr_api]") {
    // RFC 4648 §10 test vectors.
    auto [text, der] = GENERATE(table<std::string, std::string>({{"Zg==", "f"},
                                                                 {"Zm8=", "fo"},
                                                                 {"Zm9v", "foo"},
                                                                 {"Zm9vYg==", "foob"},
                                                                 {"Zm9vYmE=", "fooba"},
                                                                 {"Zm9vYmFy", "foobar"},
                                                                 {"+/+/", "\xFB\xFF\xBF"}}));
    CAPTURE(text);
    const std::string json = R"({"operation":"profile-download","eids":[")" + eid_a +
                             R"("],"parameters":{"profile":{"package":")" + text + R"("}}})";
    const api::ManagementRequest request = api::parse_management_request(json);
    const auto& package = std::get<api::ProfilePackage>(*request.parameters.profile);
    CHECK(package.der == Bytes(der.begin(), der.end()));
    CHECK_THAT(api::encode_management_request(request), Catch::Contains('"' + text + '"'));
}

TEST_CASE("management request: refusals name the member at fault", "[smsr_api]") {
    const std::string bad_check = std::string(eid_b).replace(31, 1, "4");
    auto [json, pointer, reason] = GENERATE_COPY(table<std::string, std::string, std::string>({
        // EIDs
        {R"({"operation":"enabling","eids":[")" + eid_a + R"(",")" + bad_check + R"("]})", "/eids/1",
         "check digits do not match"},
        {R"({"operation":"enabling","eids":["8904903212345123451234567890123"]})", "/eids/0",
         "32 decimal digits"},
        {R"({"operation":"enabling","eids":[89049032123451234512345678901235]})", "/eids/0",
         "must be a string"},
        {R"({"operation":"enabling","eids":")" + eid_a + R"("})", "/eids", "must be an array"},
        {enabling_with(R"("identities":[{"type":"imsi","value":"001010123456789"},)"
                       R"({"type":"imsi","value":"001010123456789"}],)"),
         "/identities/1", "duplicate of /identities/0"},
        // operation and members
        {R"({"eids":[")" + eid_a + R"("]})", "/operation", "missing"},
        {R"({"operation":"Enabling","eids":[")" + eid_a + R"("]})", "/operation",
         "unknown operation 'Enabling'"},
        {enabling_with(R"("eid":"x",)"), "/eid", "unknown member"},
        {enabling_with(R"("a/b~c":1,)"), "/a~1b~0c", "unknown member"},
        {R"({"operation":"enabling"})", "", "names no EID and no identity"},
        {R"({"operation":"enabling","eids":[],"identities":[]})", "", "names no EID and no identity"},
        // identities
        {R"({"operation":"enabling","identities":[{"type":"imsi","value":"00101"}]})", "/identities/0/value",
         "IMSI has 6 to 15 digits"},
        {R"({"operation":"enabling","identities":[{"type":"iccid","value":"1"}]})", "/identities/0/type",
         "unknown identity type 'iccid'"},
        {R"({"operation":"enabling","identities":[{"type":"msisdn","value":"++4917"}]})",
         "/identities/0/value", "MSISDN"},
        {R"({"operation":"enabling","identities":[{"type":"impu","value":"mailto:a@b"}]})",
         "/identities/0/value", "sip: or tel:"},
        {R"({"operation":"enabling","identities":[{"type":"impi","value":"@realm"}]})", "/identities/0/value",
         "user@realm"},
        {R"({"operation":"enabling","identities":[{"type":"imsi"}]})", "/identities/0/value", "missing"},
        {R"({"operation":"enabling","identities":[{"type":"imsi","value":"001010123456789","x":1}]})",
         "/identities/0/x", "unknown member"},
        // parameters against the operation
        {R"({"operation":"enabling","eids":[")" + eid_a + R"("]})", "/parameters/isdp_aid",
         "required for enabling"},
        {R"({"operation":"profile-download","eids":[")" + eid_a + R"("]})", "/parameters/profile",
         "required for profile-download"},
        {R"({"operation":"smsr-change","eids":[")" + eid_a + R"("]})", "/parameters/smsr_keysets",
         "required for smsr-change"},
        {R"({"operation":"enabling","eids":[")" + eid_a +
             R"("],"parameters":{"isdp_aid":"A000000559","profile":{"name":"p"}}})",
         "/parameters/profile", "not a parameter of enabling"},
        {R"({"operation":"smsr-change","eids":[")" + eid_a +
             R"("],"parameters":{"isdp_aid":"A000000559",)"
             R"("smsr_keysets":[{"type":"scp03","kvn":"30","key_ref":"k"}]}})",
         "/parameters/isdp_aid", "not a parameter of smsr-change"},
        {enabling_with("").replace(enabling_with("").find("\"isdp_aid\""), 0, R"("iccid":"89",)"),
         "/parameters/iccid", "unknown member"},
        // parameter values
        {R"({"operation":"enabling","eids":[")" + eid_a + R"("],"parameters":{"isdp_aid":"A0000005"}})",
         "/parameters/isdp_aid", "5 to 16 bytes"},
        {R"({"operation":"enabling","eids":[")" + eid_a + R"("],"parameters":{"isdp_aid":"A0:00:00:05:59"}})",
         "/parameters/isdp_aid", "must be hex digits"},
        {R"({"operation":"profile-download","eids":[")" + eid_a +
             R"("],"parameters":{"profile":{"package":"Zg==","name":"p"}}})",
         "/parameters/profile", "exactly one of package and name"},
        {R"({"operation":"profile-download","eids":[")" + eid_a +
             R"("],"parameters":{"profile":{"package":"Zh=="}}})",
         "/parameters/profile/package", "base64"},
        {R"({"operation":"profile-download","eids":[")" + eid_a +
             R"("],"parameters":{"profile":{"package":"Zm9v\nYg=="}}})",
         "/parameters/profile/package", "base64"},
        {R"({"operation":"profile-download","eids":[")" + eid_a +
             R"("],"parameters":{"profile":{"package":""}}})",
         "/parameters/profile/package", "is empty"},
        {R"({"operation":"profile-download","eids":[")" + eid_a +
             R"("],"parameters":{"profile":{"name":"../keys"}}})",
         "/parameters/profile/name", "relative name"},
        {R"({"operation":"profile-download","eids":[")" + eid_a +
             R"("],"parameters":{"profile":{"name":"/etc/x"}}})",
         "/parameters/profile/name", "relative name"},
        {R"({"operation":"smsr-change","eids":[")" + eid_a +
             R"("],"parameters":{"smsr_keysets":[{"type":"scp03","kvn":"40","key_ref":"k"}]}})",
         "/parameters/smsr_keysets/0/kvn", "outside the scp03 range 30..3F"},
        {R"({"operation":"smsr-change","eids":[")" + eid_a +
             R"("],"parameters":{"smsr_keysets":[{"type":"scp03","kvn":"3030","key_ref":"k"}]}})",
         "/parameters/smsr_keysets/0/kvn", "one byte of hex"},
        {R"({"operation":"smsr-change","eids":[")" + eid_a +
             R"("],"parameters":{"smsr_keysets":[{"type":"scp02","kvn":"20","key_ref":"k"}]}})",
         "/parameters/smsr_keysets/0/type", "unknown keyset type 'scp02'"},
        {R"({"operation":"smsr-change","eids":[")" + eid_a +
             R"("],"parameters":{"smsr_keysets":[{"type":"scp80","kvn":"01","key_ref":"a"},)"
             R"({"type":"scp80","kvn":"01","key_ref":"b"}]}})",
         "/parameters/smsr_keysets/1", "duplicate of /parameters/smsr_keysets/0"},
        {R"({"operation":"smsr-change","eids":[")" + eid_a +
             R"("],"parameters":{"smsr_keysets":[{"type":"scp81","kvn":"40","key":"707172"}]}})",
         "/parameters/smsr_keysets/0/key", "unknown member"},
        // access control, callback, request id
        {enabling_with(R"("access_control":{"mode":"backoff","seconds":0},)"), "/access_control/seconds",
         "1 to 4294967295 seconds"},
        {enabling_with(R"("access_control":{"mode":"window","seconds":4294967296},)"),
         "/access_control/seconds", "1 to 4294967295 seconds"},
        {enabling_with(R"("access_control":{"mode":"window","seconds":-5},)"), "/access_control/seconds",
         "non-negative integer"},
        {enabling_with(R"("access_control":{"mode":"window","seconds":1.5},)"), "/access_control/seconds",
         "non-negative integer"},
        {enabling_with(R"("access_control":{"mode":"random"},)"), "/access_control/mode", "must be none"},
        {enabling_with(R"("access_control":{"mode":"none","seconds":5},)"), "/access_control/seconds",
         "unknown member"},
        {enabling_with(R"("access_control":{"mode":"at","time":"2024-05-01 12:00:00"},)"),
         "/access_control/time", "RFC 3339"},
        {enabling_with(R"("callback_url":"ftp://mno.example/x",)"), "/callback_url", "http:// or https://"},
        {enabling_with(R"("callback_url":"https:///path",)"), "/callback_url", "http:// or https://"},
        {enabling_with(R"("callback_url":"https://mno.example/a b",)"), "/callback_url",
         "http:// or https://"},
        {enabling_with(R"("request_id":"batch 42",)"), "/request_id", "1 to 64 of"},
        {enabling_with(R"("request_id":"",)"), "/request_id", "1 to 64 of"},
        // documents that are not requests
        {"[1]", "", "must be an object"},
        {"null", "", "must be an object"},
    }));
    CAPTURE(json);
    CHECK_DOCUMENT_ERROR(api::parse_management_request(json), pointer, reason);
}

TEST_CASE("management request: the message names context, pointer and reason", "[smsr_api]") {
    const std::string bad = std::string(eid_c).replace(30, 2, "00");
    const std::string json = R"({"operation":"enabling","eids":[")" + eid_a + R"(",")" + eid_b + R"(",")" +
                             eid_c + R"(",")" + bad + R"("],"parameters":{"isdp_aid":"A000000559"}})";
    try {
        static_cast<void>(api::parse_management_request(json));
        FAIL("accepted an EID with wrong check digits");
    } catch (const CodecError& error) { // DocumentError is a CodecError
        CHECK(std::string(error.what()) == "management request /eids/3: check digits do not match");
        CHECK(error.context() == "management request");
        CHECK(error.offset() == 0);
    }
}

TEST_CASE("management request: syntax errors carry the byte offset", "[smsr_api]") {
    auto [json, offset] = GENERATE(table<std::string, std::size_t>({
        {"", 0},
        {R"({"operation":"enabling",})", 24},
        {R"({"operation":enabling})", 13},
        {"{\"operation\":\"enab\xFFling\"}", 18},
        {R"({"operation":"enabling"} x)", 25},
    }));
    CAPTURE(json);
    try {
        static_cast<void>(api::parse_management_request(json));
        FAIL("accepted malformed JSON");
    } catch (const api::DocumentError& error) {
        INFO(error.what());
        CHECK(error.pointer().empty());
        CHECK(error.offset() == offset);
        CHECK_THAT(error.what(), Catch::StartsWith("management request: invalid JSON"));
    }
}

TEST_CASE("management request: size, count and depth limits", "[smsr_api]") {
    SECTION("a body over 16 MiB is refused before parsing") {
        const std::string json(api::max_request_body + 1, ' ');
        try {
            static_cast<void>(api::parse_management_request(json));
            FAIL("accepted an oversized body");
        } catch (const api::DocumentError& error) {
            CHECK(error.offset() == api::max_request_body);
            CHECK_THAT(error.what(), Catch::Contains("over the limit of 16777216"));
        }
    }
    SECTION("nesting deeper than max_depth") {
        const std::string deep = std::string(api::max_depth, '[') + std::string(api::max_depth, ']');
        CHECK_DOCUMENT_ERROR(api::parse_management_request(R"({"operation":)" + deep + "}"), "",
                             "nested deeper");
        // One level less is well-formed and fails for its type only.
        const std::string fits = std::string(api::max_depth - 1, '[') + std::string(api::max_depth - 1, ']');
        CHECK_DOCUMENT_ERROR(api::parse_management_request(R"({"operation":)" + fits + "}"), "/operation",
                             "must be a string");
    }
    SECTION("100 000 EIDs pass, one more is refused") {
        std::string eids;
        std::string prefix = "8904903200000000000000";
        for (std::size_t i = 0; i <= api::max_eids; ++i) {
            const std::string digits = std::to_string(i);
            eids += (i == 0 ? "\"" : ",\"") +
                    apdu::eid_with_check_digits(prefix + std::string(8 - digits.size(), '0') + digits) + '"';
        }
        const std::string over =
            R"({"operation":"enabling","eids":[)" + eids + R"(],"parameters":{"isdp_aid":"A000000559"}})";
        CHECK_DOCUMENT_ERROR(api::parse_management_request(over), "/eids", "more than 100000 EIDs");
        const std::string at_limit = R"({"operation":"enabling","eids":[)" + eids.substr(0, eids.rfind(',')) +
                                     R"(],"parameters":{"isdp_aid":"A000000559"}})";
        CHECK(api::parse_management_request(at_limit).eids.size() == api::max_eids);
    }
}

TEST_CASE("management request: the encoder refuses what the parser would", "[smsr_api]") {
    api::ManagementRequest request = download_request();
    std::string pointer;
    SECTION("bad EID") {
        request.eids[1] = "1234";
        pointer = "/eids/1";
    }
    SECTION("duplicate EID") {
        request.eids.push_back(eid_a);
        pointer = "/eids/2";
    }
    SECTION("no target") {
        request.eids.clear();
        request.identities.clear();
        pointer = ": names no EID";
    }
    SECTION("parameter of another operation") {
        request.parameters.smsr_keysets.push_back({api::KeysetType::Scp03, 0x30, "k"});
        pointer = "/parameters/smsr_keysets";
    }
    SECTION("operation out of range") {
        request.operation = static_cast<OperationType>(0x42);
        pointer = "/operation";
    }
    SECTION("access control beyond the trigger's coding") {
        request.access_control->control = trigger::TimeWindow{std::chrono::seconds{0x100000000}};
        pointer = "/access_control/seconds";
    }
    SECTION("time before 1970") {
        request.access_control->control =
            trigger::AbsoluteTime{std::chrono::sys_seconds{std::chrono::seconds{-1}}};
        pointer = "/access_control/time";
    }
    try {
        static_cast<void>(api::encode_management_request(request));
        FAIL("encoded an invalid request");
    } catch (const std::invalid_argument& error) {
        CHECK_THAT(error.what(), Catch::StartsWith("encode management request") && Catch::Contains(pointer));
    }
}
