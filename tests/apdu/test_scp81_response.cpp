// SPDX-License-Identifier: Apache-2.0
// SCP81 admin server response (GP Amd B §3.4.2): script, end, busy (503 + Retry-After), errors, rejected
// answers.
#include <catch2/catch.hpp>

#include <euicc/apdu/scp81.hpp>

#include "scp81_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Kind = euicc::scp81::AdminResponse::Kind;
using scp81_test::bytes_of;
using scp81_test::codec_error;
using scp81_test::parse_bytewise;
using scp81_test::parse_whole;
using scp81_test::text_of;

namespace {

scp81::AdminResponse make(Kind kind, unsigned status) {
    scp81::AdminResponse r;
    r.kind = kind;
    r.status = status;
    return r;
}

const std::string protocol_line = "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n";
const std::string command_type =
    "Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\n";

} // namespace

TEST_CASE("scp81 response: encode/parse round trip", "[scp81]") {
    // Catch2 v2 needs the generators before the sections.
    const bool chunked = GENERATE(false, true);
    const bool bytewise = GENERATE(false, true);
    CAPTURE(chunked, bytewise);
    auto response = make(Kind::Script, 200);
    response.next_uri = "/ramNext/7";
    response.body = "AA0A220880F24002024F0000"_hex;
    SECTION("script for the ISD-R") {}
    SECTION("script for an ISD-P (X-Admin-Targeted-Application)") {
        response.targeted_application = "A0000005591010FFFFFFFF8900001000"_hex;
    }
    SECTION("end") {
        response = make(Kind::End, 204);
    }
    SECTION("busy") {
        response = make(Kind::Busy, 503);
        response.retry_after = 30s;
    }
    SECTION("busy without Retry-After") {
        response = make(Kind::Busy, 503);
    }
    SECTION("bad request") {
        response = make(Kind::BadRequest, 400);
        response.body = bytes_of("malformed request");
    }
    SECTION("other error status, default body") {
        response = make(Kind::BadRequest, 404);
        response.body = bytes_of("Not Found");
    }
    const Bytes wire = scp81::encode_response(response, chunked);
    scp81::ResponseParser parser;
    CHECK((bytewise ? parse_bytewise(parser, wire) : parse_whole(parser, wire)) == response);
}

TEST_CASE("scp81 response: exact busy and bad-request answers", "[scp81]") {
    auto busy = make(Kind::Busy, 0);
    busy.retry_after = 120s;
    CHECK(text_of(scp81::encode_response(busy)) ==
          "HTTP/1.1 503 Service Unavailable\r\n" + protocol_line +
              "Retry-After: 120\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    CHECK(text_of(scp81::encode_response(make(Kind::BadRequest, 0))) ==
          "HTTP/1.1 400 Bad Request\r\n" + protocol_line +
              "Connection: close\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nBad Request");
    auto targeted = make(Kind::Script, 0);
    targeted.next_uri = "/n";
    targeted.targeted_application = "A0000005591010FFFFFFFF8900001000"_hex;
    CHECK(text_of(scp81::encode_response(targeted)) ==
          "HTTP/1.1 200 OK\r\n" + protocol_line + "X-Admin-Next-URI: /n\r\n" + command_type +
              "X-Admin-Targeted-Application: //aid/A000000559/1010FFFFFFFF8900001000\r\nContent-Length: "
              "0\r\n\r\n");
}

TEST_CASE("scp81 response: encoder rejects impossible answers", "[scp81]") {
    CHECK_THROWS_AS(scp81::encode_response(make(Kind::Script, 200)), std::invalid_argument); // no next URI
    CHECK_THROWS_AS(scp81::encode_response(make(Kind::BadRequest, 503)), std::invalid_argument);
    CHECK_THROWS_AS(scp81::encode_response(make(Kind::BadRequest, 302)), std::invalid_argument);
    auto evil = make(Kind::Script, 200);
    evil.next_uri = "/n\r\nX-Evil: 1";
    CHECK_THROWS_AS(scp81::encode_response(evil), std::invalid_argument);
    auto negative = make(Kind::Busy, 503);
    negative.retry_after = -1s;
    CHECK_THROWS_AS(scp81::encode_response(negative), std::invalid_argument);
}

TEST_CASE("scp81 response: interim and connection-delimited answers", "[scp81]") {
    scp81::ResponseParser parser;
    SECTION("100 Continue before the real answer is skipped (pySim sends it)") {
        const Bytes wire =
            bytes_of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n" + protocol_line + "\r\n");
        CHECK(parse_bytewise(parser, wire).kind == Kind::End);
    }
    SECTION("503 without a length completes at the end of the header") {
        const Bytes wire = bytes_of("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n\r\n");
        const auto busy = parse_whole(parser, wire);
        CHECK(busy.kind == Kind::Busy);
        CHECK(busy.retry_after == 5s);
    }
    SECTION("204 with a Content-Length has no body") {
        const Bytes wire =
            bytes_of("HTTP/1.1 204 No Content\r\n" + protocol_line + "Content-Length: 5\r\n\r\n");
        CHECK(parse_whole(parser, wire) == make(Kind::End, 204));
    }
    SECTION("a script in several chunks") {
        const Bytes wire =
            bytes_of("HTTP/1.1 200 OK\r\n" + protocol_line + "X-Admin-Next-URI: /n\r\n" + command_type +
                     "Transfer-Encoding: chunked\r\n\r\n1\r\nA\r\n2\r\nBC\r\n0\r\n\r\n");
        CHECK(parse_bytewise(parser, wire).body == bytes_of("ABC"));
    }
}

TEST_CASE("scp81 response: rejected answers name the fault", "[scp81]") {
    const std::string ok = "HTTP/1.1 200 OK\r\n";
    const std::string next = "X-Admin-Next-URI: /n\r\n";
    struct Case {
        std::string wire;
        std::string reason;
    };
    auto [wire, reason] = GENERATE_COPY(values<Case>({
        {"HTTP/1.0 204 No Content\r\n" + protocol_line + "\r\n", "HTTP version 1.0 not supported"},
        {"HTTP/1.1 302 Found\r\nLocation: /x\r\n\r\n", "unexpected status 302"},
        {"HTTP/1.1 201 Created\r\n" + protocol_line + "\r\n", "unexpected status 201"},
        {ok + next + "Content-Length: 0\r\n\r\n", "missing X-Admin-Protocol"},
        {"HTTP/1.1 204 No Content\r\n\r\n", "missing X-Admin-Protocol"},
        {"HTTP/1.1 503 Busy\r\nX-Admin-Protocol: x\r\n\r\n", "X-Admin-Protocol 'x' is not"},
        {ok + protocol_line + "Content-Length: 0\r\n\r\n", "200 without X-Admin-Next-URI"},
        {ok + protocol_line + next + next + "Content-Length: 0\r\n\r\n", "X-Admin-Next-URI repeated"},
        {ok + protocol_line + next + command_type + "\r\nAA00", "200 without Content-Length or chunked body"},
        {ok + protocol_line + next + "Content-Type: text/html\r\nContent-Length: 1\r\n\r\nA",
         "unsupported Content-Type 'text/html'"},
        {ok + protocol_line + next + "Content-Length: 1\r\n\r\nA", "script without Content-Type"},
        {ok + protocol_line + next +
             "X-Admin-Targeted-Application: //aid/A0000005\r\nContent-Length: 0\r\n\r\n",
         "X-Admin-Targeted-Application: RID: expected 10 hex digits"},
        {"HTTP/1.1 503 Service Unavailable\r\nRetry-After: Fri, 31 Dec 1999 23:59:59 GMT\r\n\r\n",
         "Retry-After: expected delta-seconds"},
        {"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 99999999999\r\n\r\n",
         "Retry-After: expected delta-seconds"},
        {ok + protocol_line + next + command_type + "Content-Length: 65537\r\n\r\n",
         "body over the limit of 65536"},
        {"HTTP/1.1 2000 OK\r\n\r\n", "malformed HTTP"},
        {"HTTP/1.1 200 OK\r\nX-Admin-Next-URI /n\r\n\r\n", "malformed HTTP"},
    }));
    CAPTURE(wire);
    scp81::ResponseParser parser;
    const auto e = codec_error([&, w = wire] { parser.feed(bytes_of(w)); });
    CHECK(e.context() == "HTTP response");
    CHECK_THAT(e.reason(), Contains(reason));
    CHECK_THROWS_AS(parser.take(), std::logic_error);
}
