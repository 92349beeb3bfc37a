// SPDX-License-Identifier: Apache-2.0
// `euicc decode` as a person runs it: the built binary, text and JSON output, keys from a file or the
// environment (never printed), exit codes.
#include <cstdio>
#include <fstream>
#include <string>

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <euicc/apdu/cat_envelope.hpp>
#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/apdu/trigger.hpp>

#include "support/temp_dir.hpp"

#ifdef EUICC_CLI

using namespace euicc;
using namespace euicc::literals;

namespace {

struct Run {
    int exit_code = -1;
    std::string output; ///< stdout (and stderr when asked)
};

/// Runs `euicc <arguments>` through the shell; `prefix` goes before the binary (environment assignments).
Run run(const std::string& arguments, const std::string& prefix = "", bool with_stderr = false) {
    const std::string command = prefix + " '" + EUICC_CLI + "' " + arguments + (with_stderr ? " 2>&1" : " 2>/dev/null");
    Run result;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        result.output.append(buffer, n);
    }
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

const char* const envelope_hex =
    "80c2000044d142820283818604912143658b36"
    "400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f";

/// An ENVELOPE with an E1 trigger for the ISD-R under the lab keys (issue 3 shared decisions), as hex.
std::string pushed_trigger() {
    trigger::Trigger t;
    trigger::Extension e;
    e.operation = trigger::OperationType::ProfileDownload;
    e.smsr_address = "127.0.0.1:8443";
    t.extension = e;
    const scp80::Keyset keys{1, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex),
                             SecretBytes("505152535455565758595A5B5C5D5E5F"_hex)};
    const scp80::CommandHeader header{scp80::Spi::decode(0x16, 0x19), 0x12, 0x12, scp80::Tar{}, 5};
    sms::UserData ud{sms::Udh{{{sms::iei::command_packet, {}}}}, scp80::wrap_command(header, keys, trigger::encode(t))};
    cat::SmsPpDownload download;
    download.tpdu =
        sms::make_sms_pp_deliver(sms::Address::international("8821234567"), sms::Timestamp{}, std::move(ud)).encode();
    return to_hex(cat::envelope_apdu(cat::encode(download)).encode());
}

} // namespace

TEST_CASE("euicc decode --json prints the explanation as JSON", "[host][cli]") {
    const Run r = run(std::string("decode --json ") + envelope_hex);
    REQUIRE(r.exit_code == 0);
    const nlohmann::json json = nlohmann::json::parse(r.output);
    CHECK(json["label"] == "C-APDU");
    CHECK(json["value"] == "ENVELOPE");
    const auto& envelope = json["children"][4];
    CHECK(envelope["label"] == "ENVELOPE");
    CHECK(envelope["value"] == "SMS-PP data download (D1)");
    CHECK(envelope["children"][0]["value"] == "network -> UICC");
}

TEST_CASE("euicc decode prints text; hex may be split over arguments", "[host][cli]") {
    const Run r = run("decode d009 8103010200 82028182");
    CHECK(r.exit_code == 0);
    CHECK(r.output == "proactive command: MORE TIME (02)  [D009810301020082028182]\n"
                      "  command details: command 1, MORE TIME (02), qualifier 00  [8103010200]\n"
                      "  device identities: UICC -> terminal  [82028182]\n");
    const Run stdin_run = run("decode -", "echo 'd009 810301020082028182' |");
    CHECK(stdin_run.output == r.output);
    const Run forced = run("decode --as por 000e0ab0001100000000000000016132");
    CHECK_THAT(forced.output, Catch::Matchers::StartsWith("response packet: SCP80 proof of receipt"));
}

TEST_CASE("euicc decode exit codes", "[host][cli]") {
    SECTION("malformed input that was explained: 0") {
        const Run r = run("decode d0058103012700");
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.output, Catch::Matchers::Contains("malformed: proactive command at offset"));
    }
    SECTION("bad hex: 1 with a message") {
        const Run r = run("decode 80c2zz", "", true);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Matchers::Contains("hex"));
    }
    SECTION("usage errors are CLI11's: not 0 and not 1") {
        CHECK(run("decode").exit_code > 1);
        CHECK(run("decode --as nonsense 00").exit_code > 1);
        CHECK(run("decode --keys /nonexistent/keys.json 00").exit_code > 1);
    }
}

TEST_CASE("euicc decode with keys from a file or the environment, never printing them", "[host][cli]") {
    const std::string apdu = pushed_trigger();
    SECTION("no keys: the ciphered part stays ciphered") {
        const Run r = run("decode " + apdu);
        CHECK_THAT(r.output, Catch::Matchers::Contains("give keys to decipher"));
    }
    SECTION("--keys FILE") {
        test::TempDir dir;
        std::filesystem::create_directories(dir.path());
        const auto file = dir.path() / "keys.json";
        std::ofstream(file) << R"({"tar": "000000", "spi": "1619", "kic": "12", "kid": "12", "kvn": 1,
            "kic_key": "404142434445464748494A4B4C4D4E4F", "kid_key": "505152535455565758595A5B5C5D5E5F"})";
        const Run r = run("decode --keys '" + file.string() + "' " + apdu);
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.output, Catch::Matchers::Contains("operation type: profile download"));
        CHECK_THAT(r.output, Catch::Matchers::Contains("SM-SR address: \"127.0.0.1:8443\""));
        CHECK_THAT(r.output, Catch::Matchers::Contains("verification: CC verified, deciphered with the given keys"));
        CHECK_THAT(r.output, !Catch::Matchers::Contains("404142434445"));
        CHECK_THAT(r.output, !Catch::Matchers::Contains("505152535455"));
    }
    SECTION("EUICC_OTA_KIC_KEY / EUICC_OTA_KID_KEY") {
        const Run r = run("decode --json " + apdu, "EUICC_OTA_KIC_KEY=404142434445464748494A4B4C4D4E4F "
                                                   "EUICC_OTA_KID_KEY=505152535455565758595A5B5C5D5E5F");
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.output, Catch::Matchers::Contains(R"("label": "operation type")"));
        CHECK_THAT(r.output, !Catch::Matchers::Contains("404142434445"));
    }
}

TEST_CASE("euicc decode --command matches a PoR to its command", "[host][cli]") {
    // scp80.md C: the live SJA2 exchange with CNTR 100.
    test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    const auto file = dir.path() / "sja2.json";
    std::ofstream(file) << R"({"tar": "b00010", "spi": "1619", "kic": "15", "kid": "15", "kvn": 1,
        "kic_key": "F09C43EE1A0391665CC9F05AF4E0BD10", "kid_key": "01981F4A20999F62AF99988107BAF6CA"})";
    const Run r = run("decode --keys '" + file.string() +
                      "' --command 02700000281516191515b000103a4f599e94f2b5dcfbbda984761b7977df6514c57a580fb4844787c436d2eade "
                      "027100002c12b0001049fb0315f6c6401b553867f412cefaf9355b38271178edb342a3bc9cc7e670cdc1f45eea6ffcbb39");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Matchers::Contains("CNTR: 100, the command's CNTR"));
    CHECK_THAT(r.output, Catch::Matchers::Contains("TAR matches the command, CNTR matches"));
    const Run none = run("decode --command 9000 000e0ab0001100000000000000016132", "", true);
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.output, Catch::Matchers::Contains("no SCP80 command packet"));
}

#endif
