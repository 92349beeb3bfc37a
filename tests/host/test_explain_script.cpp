// SPDX-License-Identifier: Apache-2.0
// `euicc decode` on remote scripts and responses (TS 102 226 §5.1, §5.2; vectors of spec/scp81.md, etsi102226.md)
// and on every command packet of spec/scp80.md A with its keys.
#include "explain_test_util.hpp"

using namespace euicc;
using explain_test::check_vector;
using explain_test::explain_hex;
using explain_test::Vector;

TEST_CASE("explain: expanded scripts and responses", "[host][explain]") {
    const Vector v = GENERATE(values<Vector>({
        {"aa0a220880f24002024f0000", "expanded command script", "definite length", {"C-APDU 1: GET STATUS"}},
        {"ae80220580ca00e0000000", "expanded command script", "indefinite length",
         {"C-APDU 1: GET DATA", "Le: 256 bytes expected"}},
        {"ae80220700a4000c023f00220700a4000c022fe2220500b000000a0000", "expanded command script", "indefinite",
         {"C-APDU 1: SELECT", "C-APDU 2: SELECT", "C-APDU 3: READ BINARY", "Le: 10 bytes expected"}},
        {"af80230290002302900023 0c988812010000408608149000 0000", "expanded response", "3 commands executed",
         {"R-APDU 3: SW 9000: normal ending", "data: 10 bytes  [98881201000040860814]"}},
        {"ab0780010123026132", "expanded response", "1 command executed", {"R-APDU 1: SW 6132"}},
        {"ab06800101900101", "expanded response", "1 command executed", {"bad format: unknown tag"}},
        {"ab06800101810101", "expanded response", "1 command executed", {"immediate action response: suspension error"}},
        {"ab06800101830102", "expanded response", "1 command executed",
         {"script chaining response: script chaining not supported"}},
        {"ab15800101 2310 ff210b81010d8202c5d6830209629000", "expanded response", "1 command executed",
         {"R-APDU 1: SW 9000", "data: 14 bytes"}},
    }));
    check_vector(v);
}

TEST_CASE("explain: a malformed expanded script tells what a card would execute", "[host][explain]") {
    // The second item has an unknown tag 99 (TS 102 226 table 5.12: bad format 01).
    const host::Explanation e = explain_hex("aa0c220580ca00e000 9903010203");
    REQUIRE(e.malformed());
    CHECK_THAT(e.find("card's answer")->value, Catch::Matchers::Equals("executes 1 item, then reports bad format: unknown tag"));
}

TEST_CASE("explain: compact scripts and responses by name", "[host][explain]") {
    host::ExplainOptions as_script;
    as_script.kind = host::Kind::CommandScript;
    const host::Explanation script = explain_hex("a0a40000027f20a0c0000016", as_script);
    CHECK(script.label == "compact command script");
    CHECK(script.find("command 2")->value == "GET RESPONSE");
    host::ExplainOptions as_response;
    as_response.kind = host::Kind::ResponseScript;
    const host::Explanation response = explain_hex("029000 0000ffff7f2002000000000009b106350400838a838a", as_response);
    CHECK(response.value == "2 commands executed, last SW 9000: normal ending (TS 102 226 §5.1.2)");
    CHECK(explain_hex("01", as_response).malformed());
}

TEST_CASE("explain: every scp80.md A command packet deciphers and verifies with its keys", "[host][explain]") {
    struct Packet {
        const char* hex;
        std::uint8_t kvn;
        const char* kic_key;
        const char* kid_key;
    };
    const Packet p = GENERATE(values<Packet>({
        {"00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f", 3,
         "300102030405060708090a0b0c0d0e0f", "301102030405060708090a0b0c0d0e0f"},
        {"00201506093535b00011c49ac91ab8159ba5b83a54fb6385e0a5e31694f8b215fafc", 3,
         "300102030405060708090a0b0c0d0e0f", "301102030405060708090a0b0c0d0e0f"},
        {"00201506013535b000113190be334900f52b025f3f7eddfe868e96ebf310023b7769", 3,
         "300102030405060708090a0b0c0d0e0f", "301102030405060708090a0b0c0d0e0f"},
        {"00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058", 2,
         "200102030405060708090a0b0c0d0e0f", "201102030405060708090a0b0c0d0e0f"},
    }));
    CAPTURE(p.hex);
    host::ExplainOptions options;
    options.keys = scp80::Keyset{p.kvn, SecretBytes(from_hex(p.kic_key)), SecretBytes(from_hex(p.kid_key))};
    const host::Explanation e = explain_hex(p.hex, options);
    CHECK(e.find("secured data")->hex == "00A40004023F00");
    CHECK(e.find("verification")->value == "CC verified, deciphered with the given keys");
    CHECK_FALSE(e.malformed());
}
