// SPDX-License-Identifier: Apache-2.0
// `euicc decode` never throws: every prefix of every spec vector is explained, its fault named with an offset;
// detection by shape; the text and JSON renderings.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "explain_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using explain_test::explain_hex;

namespace {

struct Sample {
    const char* hex;
    host::Kind kind;                         ///< what detection must find for the whole vector
    std::vector<std::size_t> complete_at {}; ///< prefix lengths that are complete structures themselves
};

// One vector per structure, from spec/cat.md, sms.md, scp80.md and scp81.md.
const std::vector<Sample> samples = {
    {"80c2000044d14282028381860491214365"
     "8b36400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f",
     host::Kind::CommandApdu},
    {"80100000112301e842010c00030000001f2220000003", host::Kind::CommandApdu},
    {"80140000178103014001820282818301003802810035010339020" "5dc", host::Kind::CommandApdu},
    {"d027810301400182028182350103390205dc470908696e7465726e65743c030201bb3e0521c0a80001",
     host::Kind::ProactiveCommand},
    {"d02a8103011300820281838b1f41000a9121436587097ff613027100000e0ab0001100000000000000016132",
     host::Kind::ProactiveCommand},
    {"d60e99010982028281b8028100b7012a", host::Kind::Envelope},
    // 81, 82, 83 alone already make a TERMINAL RESPONSE, and so does every object boundary after them.
    {"810303420082028281830100b6051703030025b70100", host::Kind::TerminalResponse, {12, 19}},
    {"0408D0E5759A0E7FF6907090307513000824010101BB400101", host::Kind::SmsDeliver},
    {"41000a9121436587097ff613027100000e0ab0001100000000000000016132", host::Kind::SmsSubmit},
    {"00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f", host::Kind::CommandPacket},
    {"00150d00193535b0000000000000000000a40000023f00", host::Kind::CommandPacket},
    {"027100002c12b0001049fb0315f6c6401b553867f412cefaf9355b38271178edb342a3bc9cc7e670cdc1f45eea6ffcbb39",
     host::Kind::SmsUserData, {3}},
    {"000e0ab0001100000000000000016132", host::Kind::ResponsePacket},
    {"8155835384133501033902020" "03C03021F903E05217F00000185141050534B204964656E74697479203132330241058926"
     "8A0A3137322E39362E302E318C182F7365727665722F61646D696E6167656E743F636D643D31",
     host::Kind::Trigger},
    {"aa14220880f24002024f0000220800a40004023f0000", host::Kind::CommandScript},
    {"af802302900023029000230c9888120100004086081490000000", host::Kind::ResponseScript},
    {"d011810301270082028182a40101a5030001309000", host::Kind::ResponseApdu},
    // CLA INS P1 P2 is a case 1 APDU, with one byte more a case 2 APDU, without Le a case 3 APDU.
    {"00a4040010a0000005591010ffffffff890000020000", host::Kind::CommandApdu, {4, 5, 21}},
    {"6a82", host::Kind::ResponseApdu},
};

} // namespace

TEST_CASE("explain: detection by shape", "[host][explain]") {
    for (const Sample& s : samples) {
        CAPTURE(s.hex);
        const host::Explanation e = explain_hex(s.hex);
        host::ExplainOptions forced;
        forced.kind = s.kind;
        CHECK(e == explain_hex(s.hex, forced));
        CHECK_FALSE(e.malformed());
    }
    CHECK(explain_hex("").label == "empty input");
    CHECK(explain_hex("ff").label == "unrecognised");
}

TEST_CASE("explain: every truncation of every vector is explained with the fault's offset", "[host][explain]") {
    for (const Sample& s : samples) {
        const Bytes whole = from_hex(s.hex);
        host::ExplainOptions forced;
        forced.kind = s.kind;
        for (std::size_t n = 0; n < whole.size(); ++n) {
            const ByteView prefix = ByteView(whole).first(n);
            CAPTURE(s.hex, n);
            host::Explanation e;
            REQUIRE_NOTHROW(e = host::explain(prefix, forced));
            REQUIRE_NOTHROW(static_cast<void>(host::explain(prefix)));
            if (n == 0) {
                CHECK(e.label == "empty input");
                continue;
            }
            const std::string text = host::to_text(e);
            CAPTURE(text);
            // Any 2 bytes end an R-APDU in a status word (its data may then be a malformed part of anything).
            if (s.kind == host::Kind::ResponseApdu && n >= 2) {
                continue;
            }
            if (std::find(s.complete_at.begin(), s.complete_at.end(), n) != s.complete_at.end()) {
                CHECK_FALSE(e.malformed());
                continue;
            }
            CHECK(e.malformed());
            CHECK_THAT(text, Catch::Matchers::Contains(" at offset "));
        }
    }
}

TEST_CASE("explain: arbitrary bytes never throw, whatever kind is forced", "[host][explain]") {
    // A fixed linear congruential sequence: reproducible, and rich enough to hit odd lengths and tags.
    std::uint32_t state = 12345;
    const auto next = [&state] {
        state = state * 1103515245u + 12345u;
        return static_cast<std::uint8_t>(state >> 16);
    };
    for (int round = 0; round < 300; ++round) {
        Bytes data(static_cast<std::size_t>(next() % 64));
        for (auto& b : data) {
            b = next();
        }
        if (!data.empty() && round % 3 == 0) {
            data[0] = static_cast<std::uint8_t>(0xD0 + round % 8); // steer into the toolkit explainers
        }
        for (const host::Kind kind : host::all_kinds()) {
            host::ExplainOptions options;
            options.kind = kind;
            CAPTURE(to_hex(data), host::kind_name(kind));
            REQUIRE_NOTHROW(static_cast<void>(host::to_json(host::explain(data, options))));
        }
    }
}

TEST_CASE("explain: text rendering", "[host][explain]") {
    const host::Explanation e = explain_hex("d009810301020082028182");
    CHECK(host::to_text(e) == "proactive command: MORE TIME (02)  [D009810301020082028182]\n"
                              "  command details: command 1, MORE TIME (02), qualifier 00  [8103010200]\n"
                              "  device identities: UICC -> terminal  [82028182]\n");
}

TEST_CASE("explain: JSON rendering has label, value, hex and children on every node", "[host][explain]") {
    const host::Explanation e = explain_hex("80c2000010 d60e99010982028281b8028100b7012a");
    const nlohmann::json json = nlohmann::json::parse(host::to_json(e));
    CHECK(json["label"] == "C-APDU");
    CHECK(json["value"] == "ENVELOPE");
    CHECK(json["hex"] == "80C2000010D60E99010982028281B8028100B7012A");
    const auto check_node = [](const nlohmann::json& node, const auto& self) -> void {
        REQUIRE(node.is_object());
        CHECK(node.size() == 4);
        CHECK(node["label"].is_string());
        CHECK(node["value"].is_string());
        CHECK(node["hex"].is_string());
        REQUIRE(node["children"].is_array());
        for (const auto& child : node["children"]) {
            self(child, self);
        }
    };
    check_node(json, check_node);
    const auto& envelope = json["children"][4];
    CHECK(envelope["label"] == "ENVELOPE");
    CHECK(envelope["value"] == "event download: data available (D6)");
    CHECK(envelope["children"][3] == nlohmann::json{{"label", "channel data length"},
                                                    {"value", "42 bytes waiting in the Rx buffer"},
                                                    {"hex", "B7012A"},
                                                    {"children", nlohmann::json::array()}});
    CHECK(host::to_json(e, -1).find('\n') == std::string::npos);
}

TEST_CASE("explain: kind names round-trip", "[host][explain]") {
    for (const host::Kind kind : host::all_kinds()) {
        CHECK(host::parse_kind(host::kind_name(kind)) == kind);
    }
    CHECK(host::all_kinds().front() == host::Kind::Auto);
    CHECK(host::parse_kind("por") == host::Kind::ResponsePacket);
    CHECK_FALSE(host::parse_kind("nonsense"));
}
