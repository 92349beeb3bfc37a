// SPDX-License-Identifier: Apache-2.0
// AdminTunnelChannel: one C-APDU per expanded command script, the R-APDU from the card's next POST (ETSI TS
// 102 226 §5.2; spec/scp81.md §5.3, §7 worked example), and every way the card's answer can be wrong.
#include <catch2/catch.hpp>

#include <deque>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/error.hpp>
#include <euicc/host/admin_tunnel_channel.hpp>

using namespace euicc;
using namespace euicc::literals;
using host::AdminScriptError;
using host::AdminTunnelChannel;

namespace {

/// Hands out canned POSTs and keeps the scripts it was given.
class FakeExchange final : public host::AdminExchange {
public:
    std::deque<scp81::AdminRequest> posts;
    std::vector<Bytes> scripts;

    scp81::AdminRequest send_script(const Bytes& script) override {
        scripts.push_back(script);
        if (posts.empty()) {
            throw CardRemovedError("test: the card closed the connection");
        }
        scp81::AdminRequest next = posts.front();
        posts.pop_front();
        return next;
    }

    void answer(const Bytes& body, scp81::ScriptStatus status = scp81::ScriptStatus::Ok) {
        scp81::AdminRequest post;
        post.uri = "/next";
        post.host = "smsr";
        post.agent_id = "agent";
        post.script_status = status;
        post.body = body;
        posts.push_back(post);
    }
};

} // namespace

TEST_CASE("tunnel channel: the spec/scp81.md §7 GET DATA exchange", "[host][admin]") {
    FakeExchange exchange;
    AdminTunnelChannel channel(exchange);
    SECTION("definite response script (AB)") {
        exchange.answer("AB15800101 2310 FF210B81010D8202C5D683020962 9000"_hex);
    }
    SECTION("indefinite response script (AF), as a live eUICC sends it") {
        exchange.answer("AF80 2310 FF210B81010D8202C5D683020962 9000 0000"_hex);
    }
    const apdu::ResponseApdu answer = channel.transmit(apdu::CommandApdu::parse("80CAFF2100"_hex));
    REQUIRE(exchange.scripts.size() == 1);
    CHECK(to_hex(exchange.scripts[0]) == "AA07220580CAFF2100");
    CHECK(to_hex(answer.data()) == "FF210B81010D8202C5D683020962");
    CHECK(answer.sw() == apdu::sw::ok);
    CHECK(channel.scripts() == 1);
}

TEST_CASE("tunnel channel: 61xx from the card is fetched with GET RESPONSE in the next script",
          "[host][admin]") {
    FakeExchange exchange;
    AdminTunnelChannel channel(exchange);
    exchange.answer("AB07800101 2302 6104"_hex);
    exchange.answer("AB0B800101 2306 01020304 9000"_hex);
    const apdu::ResponseApdu answer = channel.transmit(apdu::CommandApdu::parse("80CA00E000"_hex));
    CHECK(answer.data() == "01020304"_hex);
    REQUIRE(exchange.scripts.size() == 2);
    CHECK(to_hex(exchange.scripts[1]) == "AA07220580C0000004");
}

TEST_CASE("tunnel channel: script status other than ok is a typed error naming it", "[host][admin]") {
    const auto status = GENERATE(scp81::ScriptStatus::UnknownApplication,
                                 scp81::ScriptStatus::NotASecurityDomain, scp81::ScriptStatus::SecurityError);
    FakeExchange exchange;
    AdminTunnelChannel channel(exchange);
    exchange.answer({}, status);
    try {
        channel.transmit(apdu::CommandApdu::parse("80CA00E000"_hex));
        FAIL("no exception");
    } catch (const AdminScriptError& e) {
        CHECK(e.status() == status);
        CHECK(std::string(e.what()).find(std::string(scp81::to_string(status))) != std::string::npos);
    }
}

TEST_CASE("tunnel channel: a response script must hold exactly one R-APDU", "[host][admin]") {
    FakeExchange exchange;
    AdminTunnelChannel channel(exchange);
    SECTION("no body") {
        exchange.answer({});
    }
    SECTION("two R-APDUs") {
        exchange.answer("AB0B800102 23029000 23029000"_hex);
    }
    SECTION("none executed") {
        exchange.answer("AB03800100"_hex);
    }
    SECTION("bad format reported by the card") {
        exchange.answer("AB06800101900101"_hex);
    }
    SECTION("not a response script") {
        exchange.answer("AA07220580CAFF2100"_hex);
    }
    SECTION("no script status") {
        exchange.answer("AB07800101 23029000"_hex);
        exchange.posts.back().script_status.reset();
    }
    CHECK_THROWS_AS(channel.transmit(apdu::CommandApdu::parse("80CA00E000"_hex)), CodecError);
}

TEST_CASE("tunnel channel: transport errors pass through; no ATR, no reset", "[host][admin]") {
    FakeExchange exchange;
    AdminTunnelChannel channel(exchange);
    CHECK_THROWS_AS(channel.transmit(apdu::CommandApdu::parse("80CA00E000"_hex)), CardRemovedError);
    CHECK_THROWS_AS(channel.atr(), TransportError);
    CHECK_THROWS_AS(channel.reset(), TransportError);
}
