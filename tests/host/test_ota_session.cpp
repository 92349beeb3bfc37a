// SPDX-License-Identifier: Apache-2.0
// OtaSession against scripted cards answering with PoRs built by scp80::wrap_response (TS 102 225, TS 31.115,
// TS 102 226, TS 31.111 §7.1.1): exact ENVELOPEs, both PoR paths, PoR errors, concatenation, triggers.
#include <catch2/catch.hpp>
#include <chrono>

#include <euicc/apdu/scp80.hpp>
#include <euicc/error.hpp>
#include <euicc/host/file_counter_store.hpp>
#include <euicc/host/ota_session.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "host/host_test_support.hpp"
#include "support/temp_dir.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using host::OtaSession;
using host::test::join;
using host::test::require_script_done;
using transport::InProcessChannel;
using transport::ScriptedCard;

namespace {

/// The virtual eUICC's documented lab test key set (issue 3 shared decisions), KVN 1.
scp80::Keyset lab_keys() {
    return {1, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex),
            SecretBytes("505152535455565758595A5B5C5D5E5F"_hex)};
}

host::OtaParameters parameters(scp80::Spi spi = host::default_ota_spi()) {
    host::OtaParameters p;
    p.keys = lab_keys();
    p.spi = spi;
    p.counter_key = host::make_counter_key("89049032123451234512345678901235", p.tar, 1);
    return p;
}

/// 2024-05-06 07:08:09 UTC: TP-SCTS 42 50 60 70 80 90 00.
host::OtaSessionOptions fixed_time() {
    using namespace std::chrono;
    return {[] { return sys_days{year{2024} / 5 / 6} + 7h + 8min + 9s; }};
}

/// The header the card sees for counter `counter` (what the PoR must echo).
scp80::CommandHeader sent_header(std::uint64_t counter, scp80::Spi spi = host::default_ota_spi()) {
    return {spi, 0x12, 0x12, scp80::Tar{}, counter};
}

Bytes tlv_length(std::size_t n) {
    return n < 0x80 ? Bytes{static_cast<std::uint8_t>(n)} : Bytes{0x81, static_cast<std::uint8_t>(n)};
}

/// The ENVELOPE carrying one SMS-DELIVER with `user_data`, framed by hand (TS 31.111 §7.1.1, TS 23.040
/// §9.2.2.1): D1 { 82 02 83 81, 8B TPDU }; TPDU 44 (UDHI, no more messages) OA +8821234567, PID 7F, DCS F6.
Bytes expected_envelope(ByteView user_data) {
    Bytes tpdu = "44 0A918812325476 7F F6 42506070809000"_hex;
    tpdu.push_back(static_cast<std::uint8_t>(user_data.size()));
    append(tpdu, user_data);
    Bytes value = join("82028381 8B"_hex, tlv_length(tpdu.size()));
    append(value, tpdu);
    const Bytes d1 = join(join("D1"_hex, tlv_length(value.size())), value);
    Bytes apdu = "80C20000"_hex;
    apdu.push_back(static_cast<std::uint8_t>(d1.size()));
    append(apdu, d1);
    apdu.push_back(0x00); // Le: the answer may carry the PoR
    return apdu;
}

/// UD of an unconcatenated command packet: `02 70 00` + packet (TS 31.115 §4).
Bytes single_user_data(ByteView packet) {
    return join("027000"_hex, packet);
}

const Bytes compact_script = "80CA005A00 80E2910003BF2D00"_hex;
const std::vector<apdu::CommandApdu> script_commands{apdu::CommandApdu(0x80, 0xCA, 0x00, 0x5A, {}, 256),
                                                     apdu::CommandApdu(0x80, 0xE2, 0x91, 0x00, "BF2D00"_hex)};

} // namespace

TEST_CASE("compact script round trip: PoR in the ENVELOPE response", "[host][ota]") {
    const Bytes packet = scp80::wrap_command(sent_header(1), lab_keys(), compact_script);
    // §5.1.2: 2 commands executed, last SW 9000, then its data.
    const Bytes por = scp80::wrap_response(sent_header(1), lab_keys(), scp80::ResponseStatus::PorOk,
                                           "029000 BF2D03A00100"_hex);
    ScriptedCard card({{expected_envelope(single_user_data(packet)), join(por, "9000"_hex)}});
    InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    host::MemoryCounterStore counters;
    OtaSession session(terminal, parameters(), counters, fixed_time());

    const auto result = session.send_script(script_commands);
    require_script_done(card);
    CHECK(result.counter() == 1);
    CHECK(result.executed == 2);
    CHECK(result.last_sw == apdu::sw::ok);
    REQUIRE(result.responses.size() == 1);
    CHECK(result.responses[0].data() == "BF2D03A00100"_hex);
    CHECK(result.delivery.por_user_data == por);
    REQUIRE(result.delivery.por);
    CHECK(result.delivery.por->secured);
    CHECK(result.delivery.parts.size() == 1);
    CHECK_FALSE(result.expanded);
    CHECK(counters.current("89049032123451234512345678901235/000000/1") == 1);
}

TEST_CASE("expanded script round trip", "[host][ota]") {
    // TS 102 226 §5.2.1: AA { 22 C-APDU, 22 C-APDU }.
    const Bytes expanded = "AA11 2205 80CA005A00 2208 80E2910003BF2D00"_hex;
    const Bytes packet = scp80::wrap_command(sent_header(1), lab_keys(), expanded);
    // §5.2.2: AB { 80 01 02, 23 R-APDU, 23 R-APDU }.
    const Bytes response = "AB11 800102 2308 BF2D03A00100 9000 2302 6A88"_hex;
    const Bytes por =
        scp80::wrap_response(sent_header(1), lab_keys(), scp80::ResponseStatus::PorOk, response);
    ScriptedCard card({{expected_envelope(single_user_data(packet)), join(por, "9000"_hex)}});
    InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    host::MemoryCounterStore counters;
    OtaSession session(terminal, parameters(), counters, fixed_time());

    const auto result = session.send_script(remote::ExpandedCommandScript::from_commands(script_commands));
    require_script_done(card);
    CHECK(result.executed == 2);
    CHECK(result.last_sw == apdu::sw::referenced_data_not_found);
    REQUIRE(result.responses.size() == 2);
    CHECK(result.responses[0] == apdu::ResponseApdu("BF2D03A00100"_hex, apdu::sw::ok));
    CHECK(result.responses[1] == apdu::ResponseApdu({}, apdu::sw::referenced_data_not_found));
    REQUIRE(result.expanded);
    CHECK(result.expanded->executed == 2u);
}

TEST_CASE("a PoR with an error status throws PorError with the status", "[host][ota]") {
    const auto status = GENERATE(scp80::ResponseStatus::CounterLow, scp80::ResponseStatus::InsufficientMemory,
                                 scp80::ResponseStatus::TarUnknown);
    CAPTURE(static_cast<int>(status));
    const Bytes packet = scp80::wrap_command(sent_header(1), lab_keys(), compact_script);
    // Security failures come back in the unsecured error form, others secured (scp80::wrap_response).
    const Bytes por = scp80::wrap_response(sent_header(1), lab_keys(), status, {});
    ScriptedCard card({{expected_envelope(single_user_data(packet)), join(por, "9000"_hex)}});
    InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    host::MemoryCounterStore counters;
    OtaSession session(terminal, parameters(), counters, fixed_time());
    try {
        session.send_script(compact_script, host::ScriptFormat::Compact);
        FAIL("no exception");
    } catch (const PorError& e) {
        CHECK(e.status() == status);
        CHECK(e.description() == scp80::describe(status));
        CHECK_THAT(e.what(), Catch::StartsWith("PoR status 0"));
    }
    require_script_done(card);
}

TEST_CASE("a PoR that fails its CC throws SecurityError", "[host][ota]") {
    const Bytes packet = scp80::wrap_command(sent_header(1), lab_keys(), compact_script);
    scp80::Keyset wrong = lab_keys();
    wrong.kid_key = SecretBytes("505152535455565758595A5B5C5D5E00"_hex);
    const Bytes por = scp80::wrap_response(sent_header(1), wrong, scp80::ResponseStatus::PorOk, "019000"_hex);
    ScriptedCard card({{expected_envelope(single_user_data(packet)), join(por, "9000"_hex)}});
    InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    host::MemoryCounterStore counters;
    OtaSession session(terminal, parameters(), counters, fixed_time());
    try {
        session.send_script(compact_script, host::ScriptFormat::Compact);
        FAIL("no exception");
    } catch (const SecurityError& e) {
        // Keys never show up in error texts.
        CHECK_THAT(e.what(), !Catch::Contains("505152535455"));
    }
}

TEST_CASE("a long script travels as concatenated SMS with the counter as reference", "[host][ota]") {
    // Three STORE DATA-like commands of 60 bytes: 195 script bytes, a 234-byte packet, two parts.
    std::vector<apdu::CommandApdu> commands;
    Bytes script;
    for (std::uint8_t i = 0; i < 3; ++i) {
        commands.emplace_back(0x80, 0xE2, 0x11, i, Bytes(60, static_cast<std::uint8_t>(0xA0 + i)));
        append(script, commands.back().encode());
    }
    REQUIRE(script.size() == 195);
    host::MemoryCounterStore counters;
    counters.ensure_at_least("89049032123451234512345678901235/000000/1", 0x1233); // next: 0x1234
    const Bytes packet = scp80::wrap_command(sent_header(0x1234), lab_keys(), script);
    REQUIRE(packet.size() == 234);
    // TS 31.115 §4 / TS 23.040 §9.2.3.24.1: part 1 `07 70 00 00 03 ref 02 01` + 132 octets, part 2
    // `05 00 03 ref 02 02` + the rest; ref = counter mod 256 = 34.
    const ByteView whole(packet);
    const Bytes part1 = join("0770000003340201"_hex, whole.first(132));
    const Bytes part2 = join("050003340202"_hex, whole.subspan(132));
    const Bytes por =
        scp80::wrap_response(sent_header(0x1234), lab_keys(), scp80::ResponseStatus::PorOk, "039000"_hex);
    ScriptedCard card(
        {{expected_envelope(part1), "9000"_hex}, {expected_envelope(part2), join(por, "9000"_hex)}});
    InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    OtaSession session(terminal, parameters(), counters, fixed_time());

    const auto result = session.send_script(commands);
    require_script_done(card);
    CHECK(result.counter() == 0x1234);
    CHECK(result.delivery.parts.size() == 2);
    CHECK(result.executed == 3);
}

TEST_CASE("PoR by SEND SHORT MESSAGE (SPI 16 39)", "[host][ota]") {
    const scp80::Spi spi = scp80::Spi::decode(0x16, 0x39);
    REQUIRE(spi.por_via_sms_submit);
    const Bytes packet = scp80::wrap_command(sent_header(1, spi), lab_keys(), compact_script);
    const Bytes por =
        scp80::wrap_response(sent_header(1, spi), lab_keys(), scp80::ResponseStatus::PorOk, "029000"_hex);
    // SMS-SUBMIT 41 (UDHI), MR 00, DA = the command's originator, PID 7F, DCS F6, UD = PoR (TS 31.115 §4).
    Bytes submit = "41 00 0A918812325476 7F F6"_hex;
    submit.push_back(static_cast<std::uint8_t>(por.size()));
    append(submit, por);
    Bytes send_sm = "810301130082028183 8B"_hex;
    send_sm.push_back(static_cast<std::uint8_t>(submit.size()));
    append(send_sm, submit);
    send_sm.insert(send_sm.begin(), {0xD0, static_cast<std::uint8_t>(send_sm.size())});
    const auto length = static_cast<std::uint8_t>(send_sm.size());

    ScriptedCard card({{expected_envelope(single_user_data(packet)), Bytes{0x91, length}},
                       {Bytes{0x80, 0x12, 0x00, 0x00, length}, join(send_sm, "9000"_hex)},
                       {"801400000C 810301130082028281830100"_hex, "9000"_hex}});
    InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    host::MemoryCounterStore counters;
    OtaSession session(terminal, parameters(spi), counters, fixed_time());

    const auto result = session.send_script(script_commands);
    require_script_done(card);
    CHECK(result.delivery.parts[0].por_source == host::PorSource::ShortMessage);
    CHECK(result.executed == 2);
}

TEST_CASE("SPI without PoR: the result has none; a required PoR that never comes is an error",
          "[host][ota]") {
    SECTION("no PoR asked") {
        scp80::Spi spi = host::default_ota_spi();
        spi.por = scp80::PorRequest::None;
        const Bytes packet = scp80::wrap_command(sent_header(1, spi), lab_keys(), compact_script);
        ScriptedCard card({{expected_envelope(single_user_data(packet)), "9000"_hex}});
        InProcessChannel channel(card);
        host::ToolkitTerminal terminal(channel);
        host::MemoryCounterStore counters;
        OtaSession session(terminal, parameters(spi), counters, fixed_time());
        const auto result = session.send_script(script_commands);
        require_script_done(card);
        CHECK_FALSE(result.delivery.por_user_data);
        CHECK_FALSE(result.delivery.por);
        CHECK(result.executed == 0);
        CHECK_FALSE(result.last_sw);
    }
    SECTION("PoR required, none came") {
        const Bytes packet = scp80::wrap_command(sent_header(1), lab_keys(), compact_script);
        ScriptedCard card({{expected_envelope(single_user_data(packet)), "9000"_hex}});
        InProcessChannel channel(card);
        host::ToolkitTerminal terminal(channel);
        host::MemoryCounterStore counters;
        OtaSession session(terminal, parameters(), counters, fixed_time());
        CHECK_THROWS_WITH(session.send_script(script_commands), Catch::Contains("no PoR"));
    }
}

TEST_CASE("toolkit busy is a StatusWordError; the counter stays spent", "[host][ota][counter]") {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path());
    host::FileCounterStore counters(dir.path() / "counters.json");
    const Bytes first = scp80::wrap_command(sent_header(1), lab_keys(), compact_script);
    const Bytes second = scp80::wrap_command(sent_header(2), lab_keys(), compact_script);
    const Bytes por =
        scp80::wrap_response(sent_header(2), lab_keys(), scp80::ResponseStatus::PorOk, "029000"_hex);
    ScriptedCard card({{expected_envelope(single_user_data(first)), "9300"_hex},
                       {expected_envelope(single_user_data(second)), join(por, "9000"_hex)}});
    InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    OtaSession session(terminal, parameters(), counters, fixed_time());
    try {
        session.send_script(script_commands);
        FAIL("no exception");
    } catch (const StatusWordError& e) {
        CHECK(e.sw() == apdu::StatusWord{0x9300});
    }
    // The retry gets a fresh counter: 1 may have reached the card and is never sent again.
    CHECK(session.send_script(script_commands).counter() == 2);
    require_script_done(card);
}

TEST_CASE("a trigger leads to TIMER MANAGEMENT, then OPEN CHANNEL after poll_timers",
          "[host][ota][trigger]") {
    host::test::FakeClock clock;
    scp80::Spi spi = host::default_ota_spi();
    spi.por = scp80::PorRequest::None; // triggers want no PoR unless asked
    trigger::Trigger t;
    trigger::AdminSessionParameters session_parameters;
    session_parameters.connection = ctlv::parse_all("350103 390205DC 3C030201BB 3E0521C0A80001"_hex);
    t.session = session_parameters;
    const Bytes packet = scp80::wrap_command(sent_header(1, spi), lab_keys(), trigger::encode(t));

    const Bytes start_timer = "D011810301270082028182A40101A503000030"_hex; // timer 1, 3 s
    const Bytes open_channel = "D01C810301400182028182 350103 390205DC 3C030201BB 3E0521C0A80001"_hex;
    ScriptedCard card({{expected_envelope(single_user_data(packet)), "9113"_hex},
                       {"8012000013"_hex, join(start_timer, "9000"_hex)},
                       {"801400000F 810301270082028281830100A40101"_hex, "9000"_hex},
                       {"80C200000E D70C82028281A40101A503000030 00"_hex, "911E"_hex},
                       {"801200001E"_hex, join(open_channel, "9000"_hex)},
                       {"8014000014 810301400182028281 83023A07 350103 390205DC"_hex, "9000"_hex}});
    InProcessChannel channel(card);
    host::ToolkitTerminalOptions options;
    options.clock = clock.fn();
    host::ToolkitTerminal terminal(channel, options);
    host::MemoryCounterStore counters;
    OtaSession session(terminal, parameters(spi), counters, fixed_time());

    const auto delivery = session.send_trigger(t);
    REQUIRE(delivery.parts.size() == 1);
    REQUIRE(delivery.parts[0].envelope.proactive.size() == 1);
    CHECK(std::holds_alternative<cat::TimerManagement>(*delivery.parts[0].envelope.proactive[0].command));
    CHECK_FALSE(delivery.por);

    CHECK(terminal.poll_timers().empty());
    clock.advance(3s);
    const auto polls = terminal.poll_timers();
    REQUIRE(polls.size() == 1);
    REQUIRE(polls[0].outcome.proactive.size() == 1);
    const auto* open = std::get_if<cat::OpenChannel>(&*polls[0].outcome.proactive[0].command);
    REQUIRE(open != nullptr);
    CHECK(open->transport_level == cat::TransportLevel{cat::TransportProtocol::TcpClientRemote, 443});
    CHECK(polls[0].outcome.proactive[0].response.result ==
          cat::Result::bip_error(cat::BipError::RemoteDeviceNotReachable));
    require_script_done(card);
}

TEST_CASE("OtaSession helpers", "[host][ota]") {
    CHECK(host::default_ota_spi().encode() == std::array<std::uint8_t, 2>{0x16, 0x19});
    CHECK(host::make_counter_key("card", scp80::Tar{{0xB0, 0x00, 0x10}}, 2) == "card/B00010/2");
    ScriptedCard card({});
    InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    host::MemoryCounterStore counters;
    host::OtaParameters p = parameters();
    p.counter_key.clear();
    CHECK_THROWS_AS(OtaSession(terminal, p, counters), std::invalid_argument);
    OtaSession session(terminal, parameters(), counters);
    CHECK_THROWS_AS(session.send_script(Bytes{}, host::ScriptFormat::Compact), std::invalid_argument);
}
