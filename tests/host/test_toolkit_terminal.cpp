// SPDX-License-Identifier: Apache-2.0
// ToolkitTerminal against scripted cards: exact TERMINAL PROFILE / ENVELOPE / FETCH / TERMINAL RESPONSE
// bytes.
#include <catch2/catch.hpp>
#include <vector>

#include <euicc/apdu/sms_tpdu.hpp>
#include <euicc/error.hpp>
#include <euicc/host/toolkit_terminal.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "host/host_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using host::EnvelopeStatus;
using host::TerminalEventKind;
using host::ToolkitTerminal;
using host::test::join;
using host::test::require_script_done;
using transport::InProcessChannel;
using transport::ScriptedCard;

namespace {

// spec/cat.md §6.6 "data available" envelope; any BER-TLV will do for the loop tests.
const Bytes data_available = "D60E990109820282 81B8028100B7012A"_hex;
const Bytes data_available_apdu = "80C2000010 D60E99010982028281B8028100B7012A 00"_hex;

const Bytes fetch_more_time = "D009810301020082028182"_hex;
const Bytes tr_more_time_ok = "801400000C 810301020082028281830100"_hex;

} // namespace

TEST_CASE("start sends the default TERMINAL PROFILE", "[host][terminal]") {
    // Byte by byte (TS 102 223 §5.2): 1: SMS-PP download b2, timer expiration b6 -> 22; 3: DISPLAY TEXT,
    // MORE TIME, POLL INTERVAL, POLLING OFF, REFRESH -> E9; 4: SEND SHORT MESSAGE -> 02; 5: SET UP EVENT LIST
    // -> 01; 6: data available, channel status -> 0C; 8: TIMER MANAGEMENT start/stop + get value -> 03;
    // 12: OPEN/CLOSE/RECEIVE/SEND/GET CHANNEL STATUS -> 1F; 13: packet bearer b2 + 1 channel (b6) -> 22;
    // 17: TCP client remote -> 01.
    ScriptedCard card({{"8010000011 2200E902010C00030000001F2200000001"_hex, "9000"_hex}});
    InProcessChannel channel(card);
    ToolkitTerminal terminal(channel);
    CHECK(terminal.start().empty());
    require_script_done(card);
    REQUIRE(terminal.events().size() == 1);
    CHECK(terminal.events()[0].kind == TerminalEventKind::TerminalProfile);
    CHECK(terminal.events()[0].sw == apdu::sw::ok);
}

TEST_CASE("TERMINAL PROFILE answered 91xx runs the proactive session; other SWs throw", "[host][terminal]") {
    SECTION("91xx") {
        ScriptedCard card({{"8010000011 2200E902010C00030000001F2200000001"_hex, "910B"_hex},
                           {"801200000B"_hex, join(fetch_more_time, "9000"_hex)},
                           {tr_more_time_ok, "9000"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        CHECK(terminal.start().size() == 1);
        require_script_done(card);
    }
    SECTION("6D00") {
        ScriptedCard card({{"8010000011 2200E902010C00030000001F2200000001"_hex, "6D00"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        try {
            terminal.start();
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "TERMINAL PROFILE");
            CHECK(e.sw() == apdu::sw::ins_not_supported);
        }
    }
}

TEST_CASE("ENVELOPE 91xx -> FETCH -> TERMINAL RESPONSE -> 9000", "[host][terminal]") {
    ScriptedCard card({{data_available_apdu, "910B"_hex},
                       {"801200000B"_hex, join(fetch_more_time, "9000"_hex)},
                       {tr_more_time_ok, "9000"_hex}});
    InProcessChannel channel(card);
    std::vector<TerminalEventKind> seen;
    host::ToolkitTerminalOptions options;
    options.on_event = [&seen](const host::TerminalEvent& e) { seen.push_back(e.kind); };
    ToolkitTerminal terminal(channel, options);

    const auto outcome = terminal.envelope(data_available);
    require_script_done(card);
    CHECK(outcome.status == EnvelopeStatus::Accepted);
    CHECK(outcome.sw == apdu::StatusWord{0x910B});
    CHECK(outcome.response_data.empty());
    REQUIRE(outcome.proactive.size() == 1);
    CHECK(std::holds_alternative<cat::MoreTime>(*outcome.proactive[0].command));
    CHECK(outcome.proactive[0].response.result == cat::Result::ok());
    CHECK(outcome.proactive[0].sw == apdu::sw::ok);
    CHECK(seen == std::vector{TerminalEventKind::Envelope, TerminalEventKind::ProactiveCommand,
                              TerminalEventKind::TerminalResponse});
    REQUIRE(terminal.events().size() == 3);
    CHECK(terminal.events()[1].data == fetch_more_time);
    CHECK(host::describe(terminal.events()[1]) ==
          "PROACTIVE COMMAND MORE TIME (02) #1 q00: D009810301020082028182 [9000]");
    CHECK(host::describe(terminal.events()[2]) ==
          "TERMINAL RESPONSE result 00 (command performed successfully): 810301020082028281830100 [9000]");
}

TEST_CASE("a TERMINAL RESPONSE answered 91xx continues the session", "[host][terminal]") {
    ScriptedCard card({{data_available_apdu, "910B"_hex},
                       {"801200000B"_hex, join(fetch_more_time, "9000"_hex)},
                       {tr_more_time_ok, "910F"_hex},
                       {"801200000F"_hex, "D00D 810302030082028182 84020105 9000"_hex},
                       // POLL INTERVAL: the terminal uses and echoes the asked 5 s (§6.6.6).
                       {"8014000010 810302030082028281830100 84020105"_hex, "9000"_hex}});
    InProcessChannel channel(card);
    ToolkitTerminal terminal(channel);
    const auto outcome = terminal.envelope(data_available);
    require_script_done(card);
    CHECK(outcome.proactive.size() == 2);
    REQUIRE(terminal.standard_terminal() != nullptr);
    CHECK(terminal.standard_terminal()->poll_interval() == cat::Duration{cat::TimeUnit::Seconds, 5});
}

TEST_CASE("commands the terminal cannot act on are answered, never dropped", "[host][terminal]") {
    struct Case {
        const char* name;
        Bytes command;
        Bytes terminal_response;
    };
    const auto c = GENERATE(
        // PLAY TONE is not modelled: 30 "beyond terminal's capabilities".
        Case{"unknown command", "D009810301200082028103"_hex, "801400000C 810301200082028281830130"_hex},
        // MORE TIME with an unknown object with CR set (F0 = CR | 70): 32 "command data not understood".
        Case{"unknown CR object", "D00C810301020082028182F00100"_hex,
             "801400000C 810301020082028281830132"_hex},
        // The same object without CR is ignored: 01 "performed with partial comprehension" (§6.10).
        Case{"unknown object", "D00C810301020082028182700100"_hex, "801400000C 810301020082028281830101"_hex},
        // TIMER MANAGEMENT without its mandatory timer identifier: 32, command details echoed.
        Case{"unparsable", "D009810301270082028182"_hex, "801400000C 810301270082028281830132"_hex});
    CAPTURE(c.name);
    const auto fetch = Bytes{0x80, 0x12, 0x00, 0x00, static_cast<std::uint8_t>(c.command.size())};
    ScriptedCard card({{data_available_apdu, Bytes{0x91, static_cast<std::uint8_t>(c.command.size())}},
                       {fetch, join(c.command, "9000"_hex)},
                       {c.terminal_response, "9000"_hex}});
    InProcessChannel channel(card);
    ToolkitTerminal terminal(channel);
    const auto outcome = terminal.envelope(data_available);
    require_script_done(card);
    REQUIRE(outcome.proactive.size() == 1);
}

TEST_CASE("ENVELOPE status words: 9300 busy, 62xx/63xx download error, others throw", "[host][terminal]") {
    SECTION("9300") {
        ScriptedCard card({{data_available_apdu, "9300"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        const auto outcome = terminal.envelope(data_available);
        CHECK(outcome.status == EnvelopeStatus::Busy);
        CHECK(outcome.sw == apdu::StatusWord{0x9300});
        CHECK(outcome.proactive.empty());
    }
    SECTION("62xx keeps the data") {
        ScriptedCard card({{data_available_apdu, "027100000B0A000000000000000006 6200"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        const auto outcome = terminal.envelope(data_available);
        CHECK(outcome.status == EnvelopeStatus::DataDownloadError);
        CHECK(outcome.sw == apdu::StatusWord{0x6200});
        CHECK(outcome.response_data == "027100000B0A000000000000000006"_hex);
    }
    SECTION("6A80") {
        ScriptedCard card({{data_available_apdu, "6A80"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        try {
            terminal.envelope(data_available);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "ENVELOPE");
            CHECK(e.sw() == apdu::sw::wrong_data);
        }
        // The exchange is in the log even though it failed.
        REQUIRE(terminal.events().size() == 1);
        CHECK(terminal.events()[0].sw == apdu::sw::wrong_data);
    }
}

TEST_CASE("FETCH and TERMINAL RESPONSE failures name the command", "[host][terminal]") {
    SECTION("FETCH refused") {
        ScriptedCard card({{data_available_apdu, "910B"_hex}, {"801200000B"_hex, "6F00"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        try {
            terminal.envelope(data_available);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "FETCH");
        }
    }
    SECTION("TERMINAL RESPONSE refused") {
        ScriptedCard card({{data_available_apdu, "910B"_hex},
                           {"801200000B"_hex, join(fetch_more_time, "9000"_hex)},
                           {tr_more_time_ok, "6A80"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        try {
            terminal.envelope(data_available);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "TERMINAL RESPONSE");
        }
    }
    SECTION("FETCH without a command") {
        ScriptedCard card({{data_available_apdu, "910B"_hex}, {"801200000B"_hex, "9000"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        CHECK_THROWS_AS(terminal.envelope(data_available), CodecError);
    }
}

TEST_CASE("a card that never becomes idle stops the loop after max_proactive_commands", "[host][terminal]") {
    std::vector<ScriptedCard::Step> steps{{data_available_apdu, "910B"_hex}};
    for (int i = 0; i < 3; ++i) {
        steps.push_back({"801200000B"_hex, join(fetch_more_time, "9000"_hex)});
        steps.push_back({tr_more_time_ok, "910B"_hex});
    }
    ScriptedCard card(steps);
    InProcessChannel channel(card);
    host::ToolkitTerminalOptions options;
    options.max_proactive_commands = 3;
    ToolkitTerminal terminal(channel, options);
    CHECK_THROWS_AS(terminal.envelope(data_available), Error);
    require_script_done(card);
}

TEST_CASE("OPEN CHANNEL is recorded and refused with 3A 07 by default", "[host][terminal]") {
    // spec/cat.md §6 vector: immediate, default bearer, buffer 1500, APN "internet", TCP to 192.168.0.1:443.
    const Bytes open_channel =
        "D027810301400182028182350103390205DC470908696E7465726E65743C030201BB3E0521C0A80001"_hex;
    ScriptedCard card(
        {{data_available_apdu, "9129"_hex},
         {"8012000029"_hex, join(open_channel, "9000"_hex)},
         // §6.4.27: a refused channel still reports bearer and buffer size (CR clear, as terminals send).
         {"8014000014 810301400182028281 83023A07 350103 390205DC"_hex, "9000"_hex}});
    InProcessChannel channel(card);
    ToolkitTerminal terminal(channel);
    terminal.envelope(data_available);
    require_script_done(card);
    const auto* bip = terminal.standard_terminal()->recording_bip();
    REQUIRE(bip != nullptr);
    REQUIRE(bip->open_requests().size() == 1);
    const auto& request = bip->open_requests()[0];
    CHECK(request.immediate_link());
    CHECK(request.buffer_size == 1500);
    CHECK(request.network_access_name == "internet");
    CHECK(request.transport_level == cat::TransportLevel{cat::TransportProtocol::TcpClientRemote, 443});
    CHECK(request.destination_address == cat::OtherAddress{cat::AddressType::Ipv4, "C0A80001"_hex});
}

TEST_CASE("sms_pp_download builds D1 and finds the PoR", "[host][terminal][sms]") {
    const sms::Deliver deliver = sms::make_sms_pp_deliver(
        sms::Address::international("1234567890"), sms::Timestamp{24, 5, 6, 7, 8, 9, 0},
        sms::UserData{sms::Udh{{{sms::iei::command_packet, {}}}}, "0011223344"_hex});
    const Bytes tpdu = deliver.encode();
    REQUIRE(tpdu.size() == 0x1A);
    // D1 { 82 02 83 81 (network -> UICC), 86 RP-OA "447785016005", 8B TPDU } (TS 31.111 §7.1.1).
    const Bytes envelope = join(join("80C200002B D129 82028381 860791447758100650 8B1A"_hex, tpdu), "00"_hex);

    SECTION("PoR in the ENVELOPE response") {
        ScriptedCard card({{envelope, "027100000E0AB0001100000000000000016132 9000"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        const auto outcome = terminal.sms_pp_download(deliver, sms::Address::international("447785016005"));
        require_script_done(card);
        CHECK(outcome.por_source == host::PorSource::EnvelopeResponse);
        CHECK(outcome.por == "027100000E0AB0001100000000000000016132"_hex);
    }
    SECTION("the same through a T=0 link: 61xx and GET RESPONSE") {
        ScriptedCard card({{envelope, "027100000E0AB0001100000000000000016132 9000"_hex}});
        InProcessChannel channel(card, InProcessChannel::Options{true});
        ToolkitTerminal terminal(channel);
        const auto outcome = terminal.sms_pp_download(deliver, sms::Address::international("447785016005"));
        require_script_done(card);
        CHECK(outcome.envelope.sw == apdu::sw::ok);
        CHECK(outcome.por == "027100000E0AB0001100000000000000016132"_hex);
    }
    SECTION("PoR by SEND SHORT MESSAGE") {
        // spec/cat.md: SEND SHORT MESSAGE carrying an SMS-SUBMIT to +1234567890, PID 7F, DCS F6, UD 02 71 00
        // + PoR.
        const Bytes send_sm =
            "D02A810301130082028183 8B1F 41000A9121436587097FF613027100000E0AB0001100000000000000016132"_hex;
        ScriptedCard card({{envelope, "912C"_hex},
                           {"801200002C"_hex, join(send_sm, "9000"_hex)},
                           {"801400000C 810301130082028281830100"_hex, "9000"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        const auto outcome = terminal.sms_pp_download(deliver, sms::Address::international("447785016005"));
        require_script_done(card);
        CHECK(outcome.por_source == host::PorSource::ShortMessage);
        CHECK(outcome.por == "027100000E0AB0001100000000000000016132"_hex);
        REQUIRE(terminal.standard_terminal()->short_messages().size() == 1);
        CHECK(terminal.standard_terminal()->short_messages()[0].tpdu ==
              "41000A9121436587097FF613027100000E0AB0001100000000000000016132"_hex);
    }
    SECTION("no PoR") {
        ScriptedCard card({{envelope, "9000"_hex}});
        InProcessChannel channel(card);
        ToolkitTerminal terminal(channel);
        const auto outcome = terminal.sms_pp_download(deliver, sms::Address::international("447785016005"));
        CHECK(outcome.por_source == host::PorSource::None);
        CHECK_FALSE(outcome.por);
    }
}

TEST_CASE("TIMER MANAGEMENT then poll_timers sends D7 when the fake clock says so",
          "[host][terminal][timer]") {
    host::test::FakeClock clock;
    // Start timer 1 with 00 01 30 = 0 h 10 min 3 s (swapped BCD, spec/cat.md vector).
    const Bytes start_timer = "D011810301270082028182A40101A503000130"_hex;
    // Expiration after 603 s: D7 { 82 02 82 81, A4 01 01, A5 03 00 01 30 } (§7.4).
    const Bytes expiration = "80C200000E D70C82028281A40101A503000130 00"_hex;
    ScriptedCard card({{data_available_apdu, "9113"_hex},
                       {"8012000013"_hex, join(start_timer, "9000"_hex)},
                       {"801400000F 810301270082028281830100A40101"_hex, "9000"_hex},
                       {expiration, "9300"_hex}, // busy: the timer stays due
                       // Offered again 10 s later with the time elapsed by then: 613 s = 00:10:13.
                       {"80C200000E D70C82028281A40101A503000131 00"_hex, "910B"_hex},
                       {"801200000B"_hex, join(fetch_more_time, "9000"_hex)},
                       {tr_more_time_ok, "9000"_hex}});
    InProcessChannel channel(card);
    host::ToolkitTerminalOptions options;
    options.clock = clock.fn();
    ToolkitTerminal terminal(channel, options);

    terminal.envelope(data_available);
    CHECK(terminal.standard_terminal()->timers().running(1));
    clock.advance(std::chrono::seconds(602));
    CHECK(terminal.poll_timers().empty());

    clock.advance(std::chrono::seconds(1));
    auto polls = terminal.poll_timers();
    REQUIRE(polls.size() == 1);
    CHECK(polls[0].timer == host::DueTimer{1, std::chrono::seconds(603)});
    CHECK(polls[0].outcome.status == EnvelopeStatus::Busy);

    clock.advance(std::chrono::seconds(10));
    polls = terminal.poll_timers();
    REQUIRE(polls.size() == 1);
    CHECK(polls[0].outcome.status == EnvelopeStatus::Accepted);
    CHECK(polls[0].outcome.proactive.size() == 1);
    CHECK_FALSE(terminal.standard_terminal()->timers().running(1));
    CHECK(terminal.poll_timers().empty());
    require_script_done(card);
}

TEST_CASE("a timer restarted in the expiration's own session keeps running", "[host][terminal][timer]") {
    host::test::FakeClock clock;
    const Bytes start_timer = "D011810301270082028182A40101A503000030"_hex; // 3 s
    const Bytes tr_start = "801400000F 810301270082028281830100A40101"_hex;
    ScriptedCard card({{data_available_apdu, "9113"_hex},
                       {"8012000013"_hex, join(start_timer, "9000"_hex)},
                       {tr_start, "9000"_hex},
                       // The card answers the expiration by starting the same timer again (long delays).
                       {"80C200000E D70C82028281A40101A503000030 00"_hex, "9113"_hex},
                       {"8012000013"_hex, join(start_timer, "9000"_hex)},
                       {tr_start, "9000"_hex}});
    InProcessChannel channel(card);
    host::ToolkitTerminalOptions options;
    options.clock = clock.fn();
    ToolkitTerminal terminal(channel, options);
    terminal.envelope(data_available);
    clock.advance(std::chrono::seconds(3));
    CHECK(terminal.poll_timers().size() == 1);
    CHECK(terminal.standard_terminal()->timers().running(1));
    require_script_done(card);
}

TEST_CASE("a borrowed handler receives the commands", "[host][terminal]") {
    host::test::FakeClock clock;
    host::StandardTerminal handler(clock.fn());
    ScriptedCard card({{data_available_apdu, "910B"_hex},
                       {"801200000B"_hex, "D009810301040082028182 9000"_hex}, // POLLING OFF
                       {"801400000C 810301040082028281830100"_hex, "9000"_hex}});
    InProcessChannel channel(card);
    ToolkitTerminal terminal(channel, handler);
    CHECK(&terminal.handler() == &handler);
    CHECK(terminal.standard_terminal() == &handler);
    terminal.envelope(data_available);
    require_script_done(card);
}
