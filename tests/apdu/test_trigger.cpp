// SPDX-License-Identifier: Apache-2.0
// Trigger codec: GP Amd B Table 3-3 vectors (spec/scp81.md, etsi102226.md) and the E1 extension.
#include <catch2/catch.hpp>

#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/trigger.hpp>
#include <euicc/apdu/trigger_connection.hpp>
#include <euicc/error.hpp>

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;

TEST_CASE("trigger: GP Amd B fixture vector decodes and re-encodes byte-exactly", "[trigger]") {
    const Bytes full = "811F831D8404020281828504000201018607B000250301020389068A008B008C00"_hex;
    const auto t = trigger::decode(full);
    REQUIRE(t.session);
    REQUIRE(t.session->connection);
    REQUIRE(t.session->connection->size() == 1);
    CHECK(t.session->connection->front().tag == 0x02);
    REQUIRE(t.session->security);
    CHECK(t.session->security->psk_identity.empty());
    CHECK(t.session->security->kvn == 0x01);
    CHECK(t.session->security->kid == 0x01);
    REQUIRE(t.session->retry);
    CHECK(t.session->retry->retry_counter == 0xB000);
    CHECK_FALSE(t.session->retry->delay_tag_cr);
    CHECK(t.session->retry->waiting_delay == std::chrono::seconds(10 * 3600 + 20 * 60 + 30));  // swapped BCD 01 02 03
    REQUIRE(t.session->http_post);
    CHECK(t.session->http_post->host == std::string());
    CHECK(t.session->http_post->uri == std::string());
    CHECK_FALSE(t.extension);
    CHECK(trigger::encode(t) == full);
}

TEST_CASE("trigger: pySim scp81_trigger example", "[trigger]") {
    const Bytes full = ("8155 8353 8413 350103 39020200 3C03021F90 3E05217F000001"
                        " 8514 10 50534B204964656E7469747920313233 02 41 05"
                        " 8926 8A0A 3137322E39362E302E31 8C18 2F7365727665722F61646D696E6167656E743F636D643D31"_hex);
    const auto t = trigger::decode(full);
    REQUIRE(t.session);
    CHECK(t.session->security->psk_identity == Bytes{'P', 'S', 'K', ' ', 'I', 'd', 'e', 'n', 't', 'i', 't', 'y',
                                                     ' ', '1', '2', '3'});
    CHECK(t.session->security->kvn == 0x41);
    CHECK(t.session->security->kid == 0x05);
    CHECK(t.session->http_post->host == "172.96.0.1");
    CHECK(t.session->http_post->uri == "/server/adminagent?cmd=1");
    CHECK_FALSE(t.session->http_post->agent_id);
    const auto& conn = *t.session->connection;
    REQUIRE(conn.size() == 4);
    CHECK(conn[2].tag == 0x3C);
    CHECK(conn[2].value == "021F90"_hex);  // TCP client, port 8080
    CHECK(conn[3].value == "217F000001"_hex);
    CHECK(trigger::encode(t) == full);
}

TEST_CASE("trigger: single elements from pySim http.py", "[trigger]") {
    const auto wrap = [](const Bytes& inner) {
        Bytes v = "81"_hex;
        v.push_back(static_cast<std::uint8_t>(inner.size() + 2));
        v.push_back(0x83);
        v.push_back(static_cast<std::uint8_t>(inner.size()));
        append(v, inner);
        return v;
    };
    const auto sec = trigger::decode(wrap("850804deadbeef020040"_hex));
    CHECK(sec.session->security->psk_identity == "deadbeef"_hex);
    CHECK(sec.session->security->kvn == 0x00);
    CHECK(sec.session->security->kid == 0x40);
    const auto host = trigger::decode(wrap("890C8a0a61646d696e2e686f7374"_hex));
    CHECK(host.session->http_post->host == "admin.host");
    const auto uri = trigger::decode(wrap("89188c1668747470733a2f2f61646d696e2e686f73742f757269"_hex));
    CHECK(uri.session->http_post->uri == "https://admin.host/uri");
}

namespace {

trigger::Trigger sample_with_extension() {
    trigger::Trigger t;
    trigger::AdminSessionParameters s;
    s.connection = ctlv::parse_all("350103 39020200 3C03021F90 3E05217F000001"_hex);
    s.security = trigger::SecurityParameters{"deadbeef"_hex, 0x40, 0x01, {}};
    s.retry = trigger::RetryPolicy{3, 90s, true, {}};
    s.http_post = trigger::HttpPostParameters{"127.0.0.1", "//se-id/eid/89049032123451234512345678901235", "/admin"};
    t.session = s;
    t.extension = trigger::Extension{trigger::OperationType::ProfileDownload,
                                     trigger::ManagementMode::Push,
                                     "smsr.example",
                                     "127.0.0.1:8443",
                                     trigger::TimeWindow{30min},
                                     "0102"_hex};
    return t;
}

} // namespace

TEST_CASE("trigger: extension round trip and exact layout", "[trigger]") {
    auto t = sample_with_extension();
    const Bytes encoded = trigger::encode(t);
    CHECK(trigger::decode(encoded) == t);

    // The extension is the last element inside 81 and has the layout of trigger.md §3.
    const Bytes ext = "E130 800101 810101 820C736D73722E6578616D706C65 830E3132372E302E302E313A38343433"
                      " A406 810400000708 85020102"_hex;
    REQUIRE(encoded.size() > ext.size());
    CHECK(Bytes(encoded.end() - static_cast<std::ptrdiff_t>(ext.size()), encoded.end()) == ext);

    SECTION("every access control form") {
        for (const trigger::AccessControl ac :
             {trigger::AccessControl{trigger::BackoffTimer{40min}}, trigger::AccessControl{trigger::TimeWindow{0s}},
              trigger::AccessControl{trigger::AbsoluteTime{std::chrono::sys_seconds(1'800'000'000s)}}}) {
            t.extension->access_control = ac;
            CHECK(trigger::decode(trigger::encode(t)) == t);
        }
        t.extension->access_control.reset();
        CHECK(trigger::decode(trigger::encode(t)) == t);
    }
    SECTION("every operation type and mode") {
        for (std::uint8_t op = 1; op <= 7; ++op) {
            t.extension->operation = static_cast<trigger::OperationType>(op);
            t.extension->mode = op % 2 ? trigger::ManagementMode::Push : trigger::ManagementMode::Pull;
            CHECK(trigger::decode(trigger::encode(t)) == t);
            CHECK(trigger::to_string(t.extension->operation) != "unknown");
        }
    }
}

TEST_CASE("trigger: a card that ignores E1 sees the same standard part", "[trigger]") {
    const auto with = sample_with_extension();
    auto without = with;
    without.extension.reset();
    // Decoding only the standard elements of the extended encoding gives exactly the plain trigger.
    CHECK(trigger::standard_part(trigger::decode(trigger::encode(with))) == trigger::decode(trigger::encode(without)));
    // A standard decoder keeps unknown elements opaque: E1 is a well-formed TLV it can skip.
    const auto children = ber::parse_all(ber::parse_one(trigger::encode(with)).value);
    REQUIRE(children.size() == 2);
    CHECK(children[0].tag == 0x83);
    CHECK(children[1].tag == 0xE1);
}

TEST_CASE("trigger: unknown elements are kept", "[trigger]") {
    const Bytes v = "810B 8306 8400 9F7001AA DF0100"_hex;  // 9F70 inside 83, DF01 inside 81 (kept after known ones)
    const auto t = trigger::decode(v);
    REQUIRE(t.session);
    REQUIRE(t.session->unknown.size() == 1);
    CHECK(t.session->unknown[0].tag == 0x9F70);
    REQUIRE(t.unknown.size() == 1);
    CHECK(t.unknown[0].tag == 0xDF01);
    CHECK(trigger::encode(t) == v);
    CHECK(trigger::encode(trigger::decode("8100"_hex)) == "8100"_hex);
}

TEST_CASE("trigger: malformed input gives CodecError", "[trigger]") {
    const Bytes bad[] = {
        ""_hex,
        "8200"_hex,                                  // not 81
        "8105 8303 850100"_hex,                      // 85: key reference missing
        "8103 8301"_hex,                             // truncated
        "8106 E104 800101"_hex,                      // E1 truncated
        "8106 E104 800108 810101"_hex,               // unknown operation type 08 (length mismatch too)
        "8108 E106 800108 810101"_hex,               // unknown operation type 08
        "8108 E106 800101 810103"_hex,               // unknown mode
        "8105 E103 800101"_hex,                      // mode missing
        "810B E109 800101 810101 A402 8000"_hex,     // back-off with 0 bytes
        "810B E109 800101 810101 8F0100"_hex,        // unknown extension element
        "810A 8308 8606 0001 A50301FF00"_hex,        // timer value with non-BCD digit
    };
    for (const auto& b : bad) {
        CAPTURE(to_hex(b));
        CHECK_THROWS_AS(trigger::decode(b), CodecError);
    }
}

TEST_CASE("trigger: access time point = r x access control", "[trigger]") {
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    const trigger::AccessControl backoff = trigger::BackoffTimer{30min};
    CHECK(trigger::access_time(backoff, 0.0, now) == now);
    CHECK(trigger::access_time(backoff, 1.0, now) == now + 30min);
    CHECK(trigger::access_time(backoff, 0.5, now) == now + 15min);
    CHECK(trigger::access_time(trigger::TimeWindow{10s}, 0.25, now) == now + 2500ms);
    const trigger::AccessControl past = trigger::AbsoluteTime{std::chrono::sys_seconds(1'600'000'000s)};
    CHECK(trigger::access_time(past, 0.7, now) == now);
    const trigger::AccessControl future = trigger::AbsoluteTime{std::chrono::sys_seconds(1'700'000'600s)};
    CHECK(trigger::access_time(future, 0.7, now) == now + 600s);
    CHECK_THROWS_AS(trigger::access_time(backoff, 1.5, now), std::invalid_argument);
    CHECK_THROWS_AS(trigger::access_time(backoff, -0.1, now), std::invalid_argument);
}

TEST_CASE("trigger: values that cannot be coded are refused", "[trigger]") {
    auto t = sample_with_extension();
    t.session->retry->waiting_delay = std::chrono::hours(100);
    CHECK_THROWS_AS(trigger::encode(t), std::invalid_argument);
    t = sample_with_extension();
    t.extension->access_control = trigger::BackoffTimer{std::chrono::seconds(-1)};
    CHECK_THROWS_AS(trigger::encode(t), std::invalid_argument);
}

TEST_CASE("trigger: connection parameters <-> OPEN CHANNEL", "[trigger]") {
    // scp81.md full trigger: 84 = 350103 39020200 3C03021F90 3E05217F000001.
    const auto conn = ctlv::parse_all("350103 39020200 3C03021F90 3E05217F000001"_hex);
    const cat::OpenChannel oc = trigger::open_channel_from(conn);
    CHECK(oc.buffer_size == 0x0200);
    REQUIRE(oc.transport_level);
    CHECK(oc.transport_level->port == 8080);
    REQUIRE(oc.destination_address);
    CHECK(cat::ip_string(*oc.destination_address) == "127.0.0.1");
    CHECK(oc.immediate_link());
    CHECK(trigger::connection_from(oc) == conn);

    const cat::OpenChannel built = trigger::tcp_client_open_channel("192.168.0.1", 443, 1500, "internet");
    CHECK(ctlv::encode_all(trigger::connection_from(built)) ==
          "350103 390205DC 470908696E7465726E6574 3C030201BB 3E0521C0A80001"_hex);
    CHECK(trigger::open_channel_from(trigger::connection_from(built)) == built);
    CHECK_THROWS_AS(trigger::tcp_client_open_channel("not-an-ip", 1), std::invalid_argument);
    CHECK_THROWS_AS(trigger::open_channel_from(ctlv::parse_all("350103"_hex)), CodecError);  // no buffer size
}
