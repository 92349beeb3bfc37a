// SPDX-License-Identifier: Apache-2.0
// SCP81 HTTP loop: the worked example exchange of spec/scp81.md §7 (GP Amd B §3.4), byte-exact both ways.
#include <catch2/catch.hpp>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/remote_script.hpp>
#include <euicc/apdu/scp81.hpp>

#include "scp81_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using scp81_test::bytes_of;
using scp81_test::parse_bytewise;
using scp81_test::parse_whole;

namespace {

const std::string agent =
    "//se-id/eid/89049032123451234512345678901235;//aa-id/aid/A000000559/1010FFFFFFFF8900000100";
const Bytes command_script = "AA07 2205 80CAFF2100"_hex;
// Real-card GET DATA FF21 answer (spec/scp81.md vectors) in a definite response script: 1 command executed.
const Bytes response_script = "AB15 800101 2310 FF210B81010D8202C5D6830209629000"_hex;

Bytes concat(std::string_view head, const Bytes& body, std::string_view tail = {}) {
    Bytes out = bytes_of(head);
    append(out, body);
    append(out, bytes_of(tail));
    return out;
}

const Bytes first_post = bytes_of("POST /ramhttp/12 HTTP/1.1\r\n"
                                  "Host: 10.0.0.1\r\n"
                                  "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
                                  "X-Admin-From: " +
                                  agent +
                                  "\r\n"
                                  "Content-Length: 0\r\n"
                                  "\r\n");
const Bytes first_answer =
    concat("HTTP/1.1 200 OK\r\n"
           "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
           "X-Admin-Next-URI: /ramNext/12\r\n"
           "Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\n"
           "Content-Length: 9\r\n"
           "\r\n",
           command_script);
const Bytes second_post =
    concat("POST /ramNext/12 HTTP/1.1\r\n"
           "Host: 10.0.0.1\r\n"
           "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
           "X-Admin-From: " +
               agent +
               "\r\n"
               "Content-Type: application/vnd.globalplatform.card-content-mgt-response;version=1.0\r\n"
               "X-Admin-Script-Status: ok\r\n"
               "Transfer-Encoding: chunked\r\n"
               "\r\n"
               "17\r\n",
           response_script, "\r\n0\r\n\r\n");
const Bytes last_answer = bytes_of("HTTP/1.1 204 No Content\r\n"
                                   "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
                                   "\r\n");

scp81::AdminRequest first_request() {
    scp81::AdminRequest r;
    r.uri = "/ramhttp/12";
    r.host = "10.0.0.1";
    r.agent_id = agent;
    return r;
}

scp81::AdminRequest second_request() {
    scp81::AdminRequest r = first_request();
    r.uri = "/ramNext/12";
    r.script_status = scp81::ScriptStatus::Ok;
    r.body = response_script;
    return r;
}

scp81::AdminResponse script_response() {
    scp81::AdminResponse r;
    r.kind = scp81::AdminResponse::Kind::Script;
    r.status = 200;
    r.next_uri = "/ramNext/12";
    r.body = command_script;
    return r;
}

scp81::AdminResponse end_response() {
    scp81::AdminResponse r;
    r.kind = scp81::AdminResponse::Kind::End;
    r.status = 204;
    return r;
}

} // namespace

TEST_CASE("scp81 §7: the card's POSTs encode byte-exactly", "[scp81]") {
    CHECK(scp81::encode_request(first_request()) == first_post);
    CHECK(scp81::encode_request(second_request(), true) == second_post);
    CHECK(scp81::format_agent_id("89049032123451234512345678901235"_hex,
                                 Bytes(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end())) == agent);
}

TEST_CASE("scp81 §7: the server's answers encode byte-exactly", "[scp81]") {
    CHECK(scp81::encode_response(script_response()) == first_answer);
    CHECK(scp81::encode_response(end_response()) == last_answer);
}

TEST_CASE("scp81 §7: the server parses the card's POSTs, whole or a byte at a time", "[scp81]") {
    const bool bytewise = GENERATE(false, true);
    CAPTURE(bytewise);
    scp81::RequestParser parser;
    const auto parse = [&](const Bytes& wire) {
        return bytewise ? parse_bytewise(parser, wire) : parse_whole(parser, wire);
    };
    CHECK(parse(first_post) == first_request());
    const auto second = parse(second_post);
    CHECK(second == second_request());
    // The chunked body is the definite response script: one command, GET DATA FF21 answered 9000.
    const auto script = remote::ExpandedResponse::decode(second.body);
    CHECK(script.executed_count() == 1);
    REQUIRE(script.last_response() != nullptr);
}

TEST_CASE("scp81 §7: the card parses the server's answers, whole or a byte at a time", "[scp81]") {
    const bool bytewise = GENERATE(false, true);
    CAPTURE(bytewise);
    scp81::ResponseParser parser;
    const auto parse = [&](const Bytes& wire) {
        return bytewise ? parse_bytewise(parser, wire) : parse_whole(parser, wire);
    };
    const auto script = parse(first_answer);
    CHECK(script == script_response());
    CHECK(remote::ExpandedCommandScript::decode(script.body).commands().size() == 1);
    CHECK(parse(last_answer) == end_response());
}

TEST_CASE("scp81 §7: pipelined messages are split at their boundaries", "[scp81]") {
    SECTION("requests") {
        Bytes wire = first_post;
        append(wire, second_post);
        scp81::RequestParser parser;
        REQUIRE(parser.feed(wire) == first_post.size());
        REQUIRE(parser.done());
        CHECK(parser.feed(ByteView(wire).subspan(first_post.size())) == 0); // done: nothing taken
        CHECK(parser.take() == first_request());
        REQUIRE(parser.feed(ByteView(wire).subspan(first_post.size())) == second_post.size());
        CHECK(parser.take() == second_request());
    }
    SECTION("responses, the second arriving with the end of the first") {
        Bytes wire = first_answer;
        append(wire, last_answer);
        const std::size_t split = first_answer.size() - 3;
        scp81::ResponseParser parser;
        REQUIRE(parser.feed(ByteView(wire).first(split)) == split);
        REQUIRE_FALSE(parser.done());
        REQUIRE(parser.feed(ByteView(wire).subspan(split)) == 3);
        CHECK(parser.take() == script_response());
        REQUIRE(parser.feed(ByteView(wire).subspan(first_answer.size())) == last_answer.size());
        CHECK(parser.take() == end_response());
    }
}
