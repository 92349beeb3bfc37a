// SPDX-License-Identifier: Apache-2.0
// SCP81 admin agent POST (GP Amd B §3.4.1): round trips, header variants and rejected requests.
#include <catch2/catch.hpp>

#include <euicc/apdu/scp81.hpp>

#include "scp81_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using Catch::Matchers::Contains;
using scp81_test::bytes_of;
using scp81_test::codec_error;
using scp81_test::parse_bytewise;
using scp81_test::parse_whole;
using scp81_test::text_of;

namespace {

const std::string agent =
    "//se-id/eid/89049032123451234512345678901235;//aa-id/aid/A000000559/1010FFFFFFFF8900000100";

std::string head(std::string_view request_line, std::string_view extra_headers) {
    return std::string(request_line) + "\r\nHost: smsr.example\r\nX-Admin-From: " + agent +
           "\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n" + std::string(extra_headers);
}

} // namespace

TEST_CASE("scp81 request: encode/parse round trip", "[scp81]") {
    // Catch2 v2 needs the generators before the sections.
    const bool chunked = GENERATE(false, true);
    const bool bytewise = GENERATE(false, true);
    CAPTURE(chunked, bytewise);
    scp81::AdminRequest request;
    request.uri = "/server/adminagent?cmd=1";
    request.host = "172.96.0.1";
    request.agent_id = agent;
    SECTION("first POST of a push session") {
        request.service_request =
            scp81::ServiceRequest{trigger::OperationType::ProfileInstallation, trigger::ManagementMode::Push};
    }
    SECTION("resumed session") {
        request.resume = true;
        request.script_status = scp81::ScriptStatus::Ok;
        request.body = "AB0780010123026132"_hex;
    }
    SECTION("error status, no body") {
        request.script_status = scp81::ScriptStatus::SecurityError;
    }
    SECTION("absolute URI from the trigger and an empty Host") {
        request.uri = "https://admin.host/uri";
        request.host.clear();
        request.script_status = scp81::ScriptStatus::Ok;
        request.body = Bytes(3000, 0x5A);
    }
    const Bytes wire = scp81::encode_request(request, chunked);
    CHECK((text_of(wire).find("Transfer-Encoding: chunked") != std::string::npos) == chunked);
    scp81::RequestParser parser;
    CHECK((bytewise ? parse_bytewise(parser, wire) : parse_whole(parser, wire)) == request);
}

TEST_CASE("scp81 request: header order and optional headers", "[scp81]") {
    scp81::AdminRequest request;
    request.uri = "/a";
    request.host = "h";
    request.agent_id = "agent";
    request.service_request =
        scp81::ServiceRequest{trigger::OperationType::Enabling, trigger::ManagementMode::Pull};
    request.resume = true;
    CHECK(text_of(scp81::encode_request(request)) ==
          "POST /a HTTP/1.1\r\nHost: h\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\nX-Admin-From: "
          "agent\r\n"
          "X-Admin-Service-Request: operation=enabling; mode=pull\r\nX-Admin-Resume: true\r\n"
          "Content-Length: 0\r\n\r\n");
}

TEST_CASE("scp81 request: encoder rejects values that cannot go on the wire", "[scp81]") {
    scp81::AdminRequest request;
    request.uri = "/a";
    request.agent_id = agent;
    SECTION("empty URI") {
        request.uri.clear();
    }
    SECTION("space in URI") {
        request.uri = "/a b";
    }
    SECTION("CR LF in a header value") {
        request.host = "h\r\nX-Evil: 1";
    }
    SECTION("LF in the agent id") {
        request.agent_id = "a\nb";
    }
    CHECK_THROWS_AS(scp81::encode_request(request), std::invalid_argument);
}

TEST_CASE("scp81 request: lenient where HTTP allows it", "[scp81]") {
    scp81::RequestParser parser;
    SECTION("case and whitespace of names and media type parameters") {
        const Bytes wire =
            bytes_of("POST /x HTTP/1.1\r\nhost: h\r\nx-admin-protocol: "
                     "GlobalPlatform-Remote-Admin/1.0\r\nx-admin-from: a\r\n"
                     "content-type: Application/vnd.globalplatform.card-content-mgt-response; version=1.0\r\n"
                     "x-admin-script-status: OK\r\nx-admin-resume: false\r\ncontent-length: 2\r\n\r\nAB");
        const auto request = parse_whole(parser, wire);
        CHECK(request.script_status == scp81::ScriptStatus::Ok);
        CHECK_FALSE(request.resume);
        CHECK(request.body == bytes_of("AB"));
    }
    SECTION("a chunked body in several chunks with an extension") {
        const Bytes wire = bytes_of(
            head("POST /x HTTP/1.1", "Content-Type: application/vnd.globalplatform.card-content-mgt-response;"
                                     "version=1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                                     "2;ext=1\r\nAB\r\n1\r\nC\r\n0\r\n\r\n"));
        CHECK(parse_bytewise(parser, wire).body == bytes_of("ABC"));
    }
    SECTION("no Content-Length and no body") {
        CHECK(parse_whole(parser, bytes_of(head("POST /x HTTP/1.1", "\r\n"))).body.empty());
    }
}

TEST_CASE("scp81 request: rejected requests name the fault", "[scp81]") {
    const std::string protocol_line = "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n";
    const std::string body_type =
        "Content-Type: application/vnd.globalplatform.card-content-mgt-response;version=1.0\r\n";
    struct Case {
        std::string wire;
        std::string reason;
    };
    auto [wire, reason] = GENERATE_COPY(values<Case>({
        {head("GET /x HTTP/1.1", "\r\n"), "method GET not allowed"},
        {head("POST /x HTTP/1.0", "\r\n"), "HTTP version 1.0 not supported"},
        {"POST /x HTTP/1.1\r\nHost: h\r\nX-Admin-From: a\r\n\r\n", "missing X-Admin-Protocol"},
        {"POST /x HTTP/1.1\r\nHost: h\r\nX-Admin-From: a\r\nX-Admin-Protocol: "
         "globalplatform-remote-admin/2.0\r\n\r\n",
         "X-Admin-Protocol 'globalplatform-remote-admin/2.0' is not"},
        {head("POST /x HTTP/1.1", protocol_line + "\r\n"), "X-Admin-Protocol repeated"},
        {"POST /x HTTP/1.1\r\nX-Admin-From: a\r\n" + protocol_line + "\r\n", "missing Host"},
        {"POST /x HTTP/1.1\r\nHost: h\r\n" + protocol_line + "\r\n", "missing X-Admin-From"},
        {head("POST /x HTTP/1.1", "X-Admin-Script-Status: fine\r\n\r\n"),
         "X-Admin-Script-Status: unknown status 'fine'"},
        {head("POST /x HTTP/1.1", "X-Admin-Resume: yes\r\n\r\n"), "X-Admin-Resume: expected true or false"},
        {head("POST /x HTTP/1.1", "X-Admin-Service-Request: operation=reboot; mode=push\r\n\r\n"),
         "X-Admin-Service-Request: unknown operation 'reboot'"},
        {head("POST /x HTTP/1.1", "Content-Type: text/plain\r\nContent-Length: 1\r\n\r\nA"),
         "unsupported Content-Type 'text/plain'"},
        {head("POST /x HTTP/1.1", "Content-Length: 1\r\n\r\nA"), "body without Content-Type"},
        {head("POST /x HTTP/1.1", body_type + "Content-Length: 65537\r\n\r\n"),
         "body over the limit of 65536 bytes"},
        {head("POST /x HTTP/1.1", body_type + "Transfer-Encoding: chunked\r\n\r\n10001\r\n"),
         "body over the limit of 65536 bytes"},
        {head("POST /x HTTP/1.1", body_type + "Transfer-Encoding: chunked\r\n\r\nZZZZ\r\n"),
         "malformed HTTP"},
        {"POST /x HTTP/1.1\r\nHost h\r\n\r\n", "malformed HTTP"},
        {"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 TLS ClientHello\r\n\r\n", "malformed HTTP"},
    }));
    CAPTURE(wire);
    scp81::RequestParser parser;
    const auto e = codec_error([&, w = wire] { parser.feed(bytes_of(w)); });
    CHECK(e.context() == "HTTP request");
    CHECK_THAT(e.reason(), Contains(reason));
    // The connection is done for: the parser refuses further use instead of resynchronising.
    CHECK_THROWS_AS(parser.feed(bytes_of("POST")), std::logic_error);
}

TEST_CASE("scp81 request: errors surface no matter how the input is split", "[scp81]") {
    const Bytes wire = bytes_of(head("PUT /x HTTP/1.1", "\r\n"));
    scp81::RequestParser parser;
    const auto e = codec_error([&] {
        for (std::size_t i = 0; i < wire.size(); ++i) {
            parser.feed(ByteView(wire).subspan(i, 1));
        }
    });
    CHECK_THAT(e.reason(), Contains("method PUT not allowed"));
}

TEST_CASE("scp81 request: body limit and misuse", "[scp81]") {
    scp81::AdminRequest request;
    request.uri = "/x";
    request.agent_id = agent;
    request.script_status = scp81::ScriptStatus::Ok;
    request.body = Bytes(100, 0xAB);
    scp81::RequestParser small(100);
    CHECK(parse_whole(small, scp81::encode_request(request)) == request);
    request.body.push_back(0xCD);
    const auto e = codec_error([&] { small.feed(scp81::encode_request(request)); });
    CHECK_THAT(e.reason(), Contains("body over the limit of 100 bytes"));

    scp81::RequestParser fresh;
    CHECK_THROWS_AS(fresh.take(), std::logic_error);
}
