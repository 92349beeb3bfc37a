// SPDX-License-Identifier: Apache-2.0
// `euicc decode` on triggers: spec/scp81.md vectors (GP Amd B Table 3-3) and an E1 trigger (applet_spec/trigger.md)
// pushed the whole way: trigger -> SCP80 (lab keys) -> SMS-DELIVER -> ENVELOPE SMS-PP download.
#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/apdu/trigger.hpp>

#include "explain_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using explain_test::check_vector;
using explain_test::explain_hex;
using explain_test::Vector;

namespace {

// Issue 3 shared decisions: the public lab test keyset of the virtual eUICC.
scp80::Keyset lab_keys() {
    return scp80::Keyset{1, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex),
                         SecretBytes("505152535455565758595A5B5C5D5E5F"_hex)};
}

trigger::Trigger trigger_with_extension(trigger::AccessControl access) {
    trigger::Trigger t;
    trigger::AdminSessionParameters s;
    s.connection = ctlv::parse_all("350103 39020200 3C03021F90 3E05217F000001"_hex);
    t.session = s;
    trigger::Extension e;
    e.operation = trigger::OperationType::Enabling;
    e.mode = trigger::ManagementMode::Push;
    e.smsr_id = "smsr.example";
    e.smsr_address = "127.0.0.1:8443";
    e.access_control = access;
    e.request_id = "0102"_hex;
    t.extension = e;
    return t;
}

/// ENVELOPE SMS-PP download C-APDU carrying `secured_data` for the ISD-R TAR under SPI 16 19, CNTR 1.
Bytes push(ByteView secured_data) {
    const scp80::CommandHeader header{scp80::Spi::decode(0x16, 0x19), 0x12, 0x12, scp80::Tar{}, 1};
    sms::UserData ud{sms::Udh{{{sms::iei::command_packet, {}}}}, scp80::wrap_command(header, lab_keys(), secured_data)};
    const sms::Deliver deliver = sms::make_sms_pp_deliver(sms::Address::international("8821234567"),
                                                          sms::Timestamp{24, 5, 17, 12, 0, 0, 4}, std::move(ud));
    cat::SmsPpDownload download;
    download.tpdu = deliver.encode();
    return cat::envelope_apdu(cat::encode(download)).encode();
}

} // namespace

TEST_CASE("explain: spec/scp81.md trigger vectors", "[host][explain]") {
    const Vector v = GENERATE(values<Vector>({
        {"8155 8353 8413 350103 39020200 3C03021F90 3E05217F000001 8514 10 50534B204964656E7469747920313233 02 41 05 "
         "8926 8A0A 3137322E39362E302E31 8C18 2F7365727665722F61646D696E6167656E743F636D643D31",
         "trigger", "administration session triggering parameters",
         {"connection parameters: OPEN CHANNEL objects (84)", "bearer description: default bearer",
          "buffer size: 512 bytes", "transport level: TCP, UICC in client mode, remote connection, port 8080",
          "data destination address: IPv4 127.0.0.1", "PSK identity: \"PSK Identity 123\"", "key version: 41",
          "key identifier: 05", "administration host (Host:): \"172.96.0.1\"",
          "administration URI: \"/server/adminagent?cmd=1\""}},
        {"811F831D8404020281828504000201018607B000250301020389068A008B008C00", "trigger", "(GP Amd B Table 3-3, 81)",
         {"retry counter: 45056", "waiting delay: 37230 s (10:20:30)", "PSK identity: empty",
          "agent id (X-Admin-From:): \"\""}},
        {"810C830A 850804deadbeef020040", "trigger", "", {"PSK identity: 4 bytes DEADBEEF", "key identifier: 40"}},
        {"8100", "trigger", "", {"session parameters: absent: the card uses the parameters stored in the ISD-R"}},
    }));
    check_vector(v);
}

TEST_CASE("explain: an E1 trigger in words, every extension field", "[host][explain]") {
    const Bytes encoded = trigger::encode(trigger_with_extension(trigger::TimeWindow{30min}));
    const host::Explanation e = host::explain(encoded);
    CHECK(e.label == "trigger");
    const auto* extension = e.find("extension");
    REQUIRE(extension != nullptr);
    CHECK(extension->value == "euicc-host extension (E1); cards that do not know it act on 83 alone");
    CHECK(e.find("operation type")->value == "enabling");
    CHECK(e.find("management mode")->value == "push");
    CHECK(e.find("SM-SR identifier")->value == "\"smsr.example\"");
    CHECK(e.find("SM-SR address")->value == "\"127.0.0.1:8443\"");
    CHECK(e.find("access control")->value == "time window: the card connects at a random point within 1800 s (00:30:00)");
    CHECK(e.find("access control")->hex == "A406810400000708");
    CHECK(e.find("request identifier")->value == "0102");
    CHECK_FALSE(e.malformed());

    SECTION("back-off timer and absolute time") {
        const host::Explanation backoff = host::explain(trigger::encode(trigger_with_extension(trigger::BackoffTimer{90s})));
        CHECK(backoff.find("access control")->value ==
              "back-off timer: the card connects after random[0,1] x 90 s (00:01:30)");
        const trigger::AbsoluteTime at{std::chrono::sys_days{std::chrono::year{2024} / 5 / 17} + 12h + 30min};
        const host::Explanation absolute = host::explain(trigger::encode(trigger_with_extension(at)));
        CHECK(absolute.find("access control")->value ==
              "absolute access time: the card connects at 2024-05-17T12:30:00Z");
    }
}

TEST_CASE("explain: a pushed E1 trigger through ENVELOPE, SMS-DELIVER and SCP80 with the lab keys", "[host][explain]") {
    const Bytes apdu = push(trigger::encode(trigger_with_extension(trigger::BackoffTimer{600s})));

    SECTION("without keys: the clear header in words") {
        const host::Explanation e = host::explain(apdu);
        CHECK(e.label == "C-APDU");
        CHECK(e.value == "ENVELOPE");
        CHECK(e.find("ENVELOPE")->value == "SMS-PP data download (D1)");
        CHECK(e.find("TP-OA")->value == "originating address +8821234567 (international, ISDN/E.164)");
        CHECK(e.find("TP-SCTS")->value == "service centre time stamp 2024-05-17 12:00:00 UTC+1:00");
        CHECK(e.find("SPI")->value == "counter must be higher, ciphered, cryptographic checksum (CC); PoR required, "
                                      "ciphered, cryptographic checksum (CC), in the SMS-DELIVER-REPORT");
        CHECK(e.find("KIc")->value == "key version 1, AES-CBC");
        CHECK(e.find("KID")->value == "key version 1, AES-CMAC");
        CHECK(e.find("TAR")->value == "issuer security domain (TS 101 220 Annex D; on an eUICC the ISD-R)");
        CHECK(e.find("trigger") == nullptr);
        CHECK_FALSE(e.malformed());
    }
    SECTION("with the keys: deciphered, verified and read as a trigger") {
        host::ExplainOptions options;
        options.keys = lab_keys();
        const host::Explanation e = host::explain(apdu, options);
        CHECK(e.find("CNTR")->value == "1");
        CHECK(e.find("verification")->value == "CC verified, deciphered with the given keys");
        REQUIRE(e.find("trigger") != nullptr);
        CHECK(e.find("operation type")->value == "enabling");
        CHECK(e.find("access control")->value ==
              "back-off timer: the card connects after random[0,1] x 600 s (00:10:00)");
        CHECK(e.find("data destination address")->value == "IPv4 127.0.0.1");
        CHECK_FALSE(e.malformed());
        const std::string json = host::to_json(e);
        CHECK_THAT(json, !Catch::Matchers::Contains("404142434445"));
        CHECK_THAT(json, !Catch::Matchers::Contains("505152535455"));
    }
}

TEST_CASE("explain: malformed triggers name the fault and its offset", "[host][explain]") {
    SECTION("unknown operation type in E1") {
        const host::Explanation e = explain_hex("8108 E106 800109 810101");
        CHECK_THAT(e.find("malformed")->value, Catch::Matchers::Contains("unknown operation type 9"));
    }
    SECTION("an element running past its parent") {
        const host::Explanation e = explain_hex("8107 8305 8404 350103");
        CHECK_THAT(e.find("malformed")->value, Catch::Matchers::StartsWith("trigger at offset 4: element cannot be framed"));
    }
}
