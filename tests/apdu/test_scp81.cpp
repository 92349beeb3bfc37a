// SPDX-License-Identifier: Apache-2.0
// SCP81 header values: SGP.02 §2.4.4.1 PSK identity vector, agent id, targeted application, script status and
// service request (spec/scp81.md §4-§5, test vectors).
#include <catch2/catch.hpp>
#include <cctype>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>

#include "scp81_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using Catch::Matchers::Contains;
using scp81_test::codec_error;

namespace {

const Bytes eid = "89049032123451234512345678901235"_hex;
const Bytes isd_r(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end());
// spec/scp81.md "SGP.02 PSK identity": pySim's test EID, ISD-R AID, KID 01, KVN 40.
const std::string psk_vector =
    "8001028110890490321234512345123456789012354F10A0000005591010FFFFFFFF8900000100820101830140";

} // namespace

TEST_CASE("scp81: SGP.02 PSK identity vector encodes and parses", "[scp81]") {
    const scp81::PskIdentity identity{eid, isd_r, 0x01, 0x40};
    CHECK(scp81::encode_psk_identity(identity) == psk_vector);
    CHECK(scp81::parse_psk_identity(psk_vector) == identity);

    SECTION("the server compares case-insensitively") {
        std::string lower = psk_vector;
        for (char& c : lower) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        CHECK(scp81::parse_psk_identity(lower) == identity);
    }
    SECTION("elements may come in another order") {
        CHECK(scp81::parse_psk_identity("830140820101" + psk_vector.substr(0, psk_vector.size() - 12)) ==
              identity);
    }
    SECTION("a 5-byte AID") {
        const scp81::PskIdentity short_aid{eid, "A000000559"_hex, 0x02, 0x4F};
        CHECK(scp81::parse_psk_identity(scp81::encode_psk_identity(short_aid)) == short_aid);
    }
}

TEST_CASE("scp81: malformed PSK identities name the fault", "[scp81]") {
    struct Case {
        std::string text;
        std::size_t offset;
        std::string reason;
    };
    const std::string tail = psk_vector.substr(6); // everything after 800102
    auto [text, offset, reason] = GENERATE_COPY(values<Case>({
        {"", 0, "empty"},
        {psk_vector + "0", psk_vector.size() + 1, "odd number of hex digits"},
        {"80010Z" + tail, 5, "non-hex character 'Z'"},
        {"800101" + tail, 0, "wrong format byte 01"},
        {"80020202" + tail, 0, "wrong format length 2"},
        {psk_vector.substr(0, psk_vector.size() - 6), 42, "missing tag 83"},
        {"800102810F" + std::string(30, '1') + psk_vector.substr(6 + 4 + 32), 3, "wrong EID length 15"},
        {"800102" + tail + "840100", 45, "unknown tag 84"},
        {"800102" + tail + "820101", 45, "duplicate tag 82"},
        {"800102" + tail.substr(0, tail.size() - 6) + "8302", 44, "truncated: need 2"},
        {"800102" + tail + "0090", 46, "unsupported length byte 90"},
    }));
    CAPTURE(text);
    const auto e = codec_error([t = text] { scp81::parse_psk_identity(t); });
    CHECK(e.context() == "PSK identity");
    CHECK(e.offset() == offset);
    CHECK_THAT(e.reason(), Contains(reason));
}

TEST_CASE("scp81: PSK identity encoder rejects impossible lengths", "[scp81]") {
    CHECK_THROWS_AS(scp81::encode_psk_identity({Bytes(15, 0x89), isd_r, 1, 0x40}), std::invalid_argument);
    CHECK_THROWS_AS(scp81::encode_psk_identity({eid, Bytes(4, 0xA0), 1, 0x40}), std::invalid_argument);
    CHECK_THROWS_AS(scp81::encode_psk_identity({eid, Bytes(17, 0xA0), 1, 0x40}), std::invalid_argument);
}

TEST_CASE("scp81: agent id of an SGP.02 ISD-R (njiwa formatRamHTTPXAdminFrom)", "[scp81]") {
    const std::string text =
        "//se-id/eid/89049032123451234512345678901235;//aa-id/aid/A000000559/1010FFFFFFFF8900000100";
    CHECK(scp81::format_agent_id(eid, isd_r) == text);
    const auto id = scp81::parse_agent_id(text);
    CHECK(id.eid == eid);
    CHECK(id.isd_r_aid == isd_r);
    CHECK(scp81::parse_agent_id(
              "//se-id/eid/89049032123451234512345678901235;//aa-id/aid/a000000559/1010ffffffff8900000100") ==
          id);
    CHECK_THROWS_AS(scp81::format_agent_id(Bytes(15, 0x89), isd_r), std::invalid_argument);
    CHECK_THROWS_AS(scp81::format_agent_id(eid, Bytes(4, 0xA0)), std::invalid_argument);
}

TEST_CASE("scp81: malformed agent ids", "[scp81]") {
    struct Case {
        std::string text;
        std::size_t offset;
        std::string reason;
    };
    const std::string e = "89049032123451234512345678901235";
    auto [text, offset, reason] = GENERATE_COPY(values<Case>({
        {"//se-id/iccid/" + e, 0, "expected \"//se-id/eid/\""},
        {"//se-id/eid/" + e, 44, "missing \";//aa-id/aid/\""},
        {"//se-id/eid/" + e.substr(2) + ";//aa-id/aid/A000000559/10", 12, "EID must be 32 hex digits"},
        {"//se-id/eid/" + e + ";//aa-id/xid/A000000559/10", 44, "expected \";//aa-id/aid/\""},
        {"//se-id/eid/" + e + ";//aa-id/aid/A00000055", 66, "RID: expected 10 hex digits"},
        {"//se-id/eid/" + e + ";//aa-id/aid/A000000559:1010", 67, "expected '/' between RID and PIX"},
        {"//se-id/eid/" + e + ";//aa-id/aid/A000000559/10G0", 70, "PIX: non-hex character 'G'"},
        {"//se-id/eid/" + e + ";//aa-id/aid/A000000559/" + std::string(24, '1'), 68,
         "PIX longer than 11 bytes"},
    }));
    CAPTURE(text);
    const auto error = codec_error([t = text] { scp81::parse_agent_id(t); });
    CHECK(error.context() == "agent id");
    CHECK(error.offset() == offset);
    CHECK_THAT(error.reason(), Contains(reason));
}

TEST_CASE("scp81: targeted application //aid/RID/PIX (njiwa, pySim format_aid)", "[scp81]") {
    const Bytes isd_p = "A0000005591010FFFFFFFF8900001000"_hex;
    CHECK(scp81::format_targeted_application(isd_p) == "//aid/A000000559/1010FFFFFFFF8900001000");
    CHECK(scp81::parse_targeted_application("//aid/A000000559/1010FFFFFFFF8900001000") == isd_p);
    CHECK(scp81::parse_targeted_application("//aid/a000000559/1010ffffffff8900001000") == isd_p);
    SECTION("a bare RID") {
        CHECK(scp81::format_targeted_application("A000000559"_hex) == "//aid/A000000559/");
        CHECK(scp81::parse_targeted_application("//aid/A000000559/") == "A000000559"_hex);
        CHECK(scp81::parse_targeted_application("//aid/A000000559") == "A000000559"_hex);
    }
    SECTION("errors") {
        CHECK_THROWS_AS(scp81::format_targeted_application("A0000005"_hex), std::invalid_argument);
        auto e = codec_error([] { scp81::parse_targeted_application("/aid/A000000559/10"); });
        CHECK(e.context() == "targeted application");
        CHECK(e.offset() == 0);
        e = codec_error([] { scp81::parse_targeted_application("//aid/A000000559/101"); });
        CHECK(e.offset() == 20);
        CHECK_THAT(e.reason(), Contains("PIX: odd number of hex digits"));
    }
}

TEST_CASE("scp81: X-Admin-Script-Status values (GP Amd B §3.4.1)", "[scp81]") {
    using scp81::ScriptStatus;
    auto [status, text] = GENERATE(table<ScriptStatus, std::string>({
        {ScriptStatus::Ok, "ok"},
        {ScriptStatus::UnknownApplication, "unknown-application"},
        {ScriptStatus::NotASecurityDomain, "not-a-security-domain"},
        {ScriptStatus::SecurityError, "security-error"},
    }));
    CHECK(scp81::to_string(status) == text);
    CHECK(scp81::parse_script_status(text) == status);
    CHECK(scp81::parse_script_status("OK") == ScriptStatus::Ok);
    const auto e = codec_error([] { scp81::parse_script_status("fine"); });
    CHECK(e.context() == "X-Admin-Script-Status");
    CHECK_THAT(e.reason(), Contains("unknown status 'fine'"));
}

TEST_CASE("scp81: X-Admin-Service-Request round trip over every operation and mode", "[scp81]") {
    using trigger::ManagementMode;
    using trigger::OperationType;
    auto [operation, name] = GENERATE(table<OperationType, std::string>({
        {OperationType::ProfileDownload, "profile-download"},
        {OperationType::ProfileInstallation, "profile-installation"},
        {OperationType::ProfileDeletion, "profile-deletion"},
        {OperationType::Enabling, "enabling"},
        {OperationType::Disabling, "disabling"},
        {OperationType::StatusChange, "status-change"},
        {OperationType::SmSrChange, "smsr-change"},
    }));
    const auto mode = GENERATE(ManagementMode::Push, ManagementMode::Pull);
    const scp81::ServiceRequest request{operation, mode};
    const std::string text = scp81::format_service_request(request);
    CHECK(text == "operation=" + name + "; mode=" + (mode == ManagementMode::Push ? "push" : "pull"));
    CHECK(scp81::parse_service_request(text) == request);
    CHECK(scp81::to_header_name(operation) == name);
}

TEST_CASE("scp81: X-Admin-Service-Request parsing", "[scp81]") {
    using trigger::ManagementMode;
    using trigger::OperationType;
    CHECK(scp81::format_service_request({OperationType::ProfileInstallation, ManagementMode::Push}) ==
          "operation=profile-installation; mode=push");
    CHECK(scp81::parse_service_request("mode = PULL ;operation=Enabling") ==
          scp81::ServiceRequest{OperationType::Enabling, ManagementMode::Pull});

    struct Case {
        std::string text;
        std::size_t offset;
        std::string reason;
    };
    auto [text, offset, reason] = GENERATE(values<Case>({
        {"", 0, "expected name=value"},
        {"operation=enabling; mode=push;", 30, "expected name=value"},
        {"operation=switching; mode=push", 10, "unknown operation 'switching'"},
        {"operation=enabling; mode=poll", 25, "unknown mode 'poll'"},
        {"operation=enabling", 18, "missing parameter 'mode'"},
        {"mode=push", 9, "missing parameter 'operation'"},
        {"operation=enabling; mode=push; mode=pull", 30, "duplicate parameter 'mode'"},
        {"operation=enabling; mode=push; retry=1", 30, "unknown parameter 'retry'"},
    }));
    CAPTURE(text);
    const auto e = codec_error([t = text] { scp81::parse_service_request(t); });
    CHECK(e.context() == "X-Admin-Service-Request");
    CHECK(e.offset() == offset);
    CHECK_THAT(e.reason(), Contains(reason));
}
