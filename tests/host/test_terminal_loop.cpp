// SPDX-License-Identifier: Apache-2.0
// TerminalLoop with a scripted card and a real TCP peer: event download on data arrival (ETSI TS 102 223
// §7.5.10) and the proactive session it starts, busy retries, timer expirations (§7.4), stop conditions.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>

#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/host/terminal_loop.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "host/host_test_support.hpp"
#include "host/test_tcp_bip_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using host::EnvelopeStatus;
using host::LoopStopReason;
using host::StandardTerminal;
using host::TcpBipHandler;
using host::TerminalLoop;
using host::TerminalLoopLimits;
using host::ToolkitTerminal;
using host::test::join;
using host::test::require_script_done;
using transport::InProcessChannel;
using transport::ScriptedCard;
using Step = ScriptedCard::Step;

namespace {

const Bytes terminal_profile_apdu = "8010000011 2200E902010C00030000001F2200000001"_hex;
const Bytes ok = "9000"_hex;
const Bytes busy = "9300"_hex;

/// 91xx announcing `command`, and the FETCH for it.
Bytes pending(const Bytes& command) {
    return Bytes{0x91, static_cast<std::uint8_t>(command.size())};
}
Bytes fetch(const Bytes& command) {
    return Bytes{0x80, 0x12, 0x00, 0x00, static_cast<std::uint8_t>(command.size())};
}
Bytes terminal_response(const Bytes& data) {
    return join(Bytes{0x80, 0x14, 0x00, 0x00, static_cast<std::uint8_t>(data.size())}, data);
}
Bytes envelope(const Bytes& ber_tlv) {
    return join(join(Bytes{0x80, 0xC2, 0x00, 0x00, static_cast<std::uint8_t>(ber_tlv.size())}, ber_tlv),
                Bytes{0x00});
}

/// The card's session after TERMINAL PROFILE: register both BIP events, open channel 1 to the peer, send
/// "hello" immediately; the card is then idle (9000).
std::vector<Step> open_and_send(std::uint16_t port) {
    cat::SetUpEventList event_list;
    event_list.events = host::test::both_events;
    const Bytes events_cmd = cat::encode(cat::ProactiveCommand{event_list});
    const Bytes open_cmd = cat::encode(cat::ProactiveCommand{host::test::open_command(port)});
    const Bytes send_cmd =
        cat::encode(cat::ProactiveCommand{host::test::send_command(1, "68656C6C6F"_hex, true)});
    return {
        {terminal_profile_apdu, pending(events_cmd)},
        {fetch(events_cmd), join(events_cmd, ok)},
        {terminal_response("810301050082028281830100"_hex), pending(open_cmd)},
        {fetch(open_cmd), join(open_cmd, ok)},
        // Channel 1 up, default bearer, 1500 bytes (spec/cat.md TERMINAL RESPONSE vector).
        {terminal_response("810301400182028281830100 38028100 350103 390205DC"_hex), pending(send_cmd)},
        {fetch(send_cmd), join(send_cmd, ok)},
        {terminal_response("810302430182028281830100 B701FF"_hex), ok},
    };
}

// The echo of "hello" on channel 1 (link up), 5 bytes waiting.
const Bytes hello_available = "D60E 990109 82028281 B8028100 B70105"_hex;

std::vector<Step> with(std::vector<Step> steps, const std::vector<Step>& more) {
    steps.insert(steps.end(), more.begin(), more.end());
    return steps;
}

TerminalLoopLimits until_done(const ScriptedCard& card) {
    TerminalLoopLimits limits;
    limits.stop = [&card] { return card.finished() || !card.failures().empty(); };
    // Safety net only: a passing run ends on the predicate long before.
    limits.deadline = host::TerminalClock::now() + host::test::peer_timeout;
    return limits;
}

} // namespace

TEST_CASE("data from the peer becomes a data available ENVELOPE and the session it starts", "[host][loop]") {
    host::test::TcpTestPeer peer;
    const Bytes receive_cmd = cat::encode(cat::ProactiveCommand{host::test::receive_command(1, 5)});
    const Bytes close_cmd = cat::encode(cat::ProactiveCommand{host::test::close_command(1)});
    ScriptedCard card(with(
        open_and_send(peer.port()),
        {
            {envelope(hello_available), pending(receive_cmd)},
            {fetch(receive_cmd), join(receive_cmd, ok)},
            {terminal_response("810303420082028281830100 B60568656C6C6F B70100"_hex), pending(close_cmd)},
            {fetch(close_cmd), join(close_cmd, ok)},
            {terminal_response("810304410082028281830100"_hex), ok},
        }));
    InProcessChannel channel(card);
    auto bip = std::make_shared<TcpBipHandler>();
    StandardTerminal standard({}, bip);
    ToolkitTerminal terminal(channel, standard);
    REQUIRE(terminal.start().size() == 3);
    REQUIRE(peer.wait_received(0, 5));

    std::vector<std::size_t> events_per_step;
    host::TerminalLoopOptions options;
    options.on_step = [&events_per_step](const host::TerminalLoopStep& step) {
        events_per_step.push_back(step.events.size());
    };
    TerminalLoop loop(terminal, *bip, options);
    const auto summary = loop.run(until_done(card));

    require_script_done(card);
    CHECK(summary.reason == LoopStopReason::Predicate);
    CHECK(summary.envelopes == 1);
    CHECK(summary.proactive_commands == 2);
    CHECK(summary.steps == events_per_step.size());
    CHECK(std::count(events_per_step.begin(), events_per_step.end(), 1U) == 1);
    CHECK(peer.wait_closed_by_relay(0));
    CHECK(bip->channel_statuses().empty());
}

TEST_CASE("an event envelope answered 9300 is offered again", "[host][loop]") {
    host::test::TcpTestPeer peer;
    ScriptedCard card(with(open_and_send(peer.port()), {
                                                           {envelope(hello_available), busy},
                                                           {envelope(hello_available), ok},
                                                       }));
    InProcessChannel channel(card);
    auto bip = std::make_shared<TcpBipHandler>();
    StandardTerminal standard({}, bip);
    ToolkitTerminal terminal(channel, standard);
    terminal.start();

    std::vector<EnvelopeStatus> statuses;
    host::TerminalLoopOptions options;
    options.busy_retry = 1ms;
    options.on_step = [&statuses](const host::TerminalLoopStep& step) {
        for (const auto& event : step.events) {
            CHECK(event.envelope == hello_available);
            statuses.push_back(event.outcome.status);
        }
    };
    TerminalLoop loop(terminal, *bip, options);
    const auto summary = loop.run(until_done(card));
    require_script_done(card);
    CHECK(statuses == std::vector{EnvelopeStatus::Busy, EnvelopeStatus::Accepted});
    CHECK(summary.envelopes == 2);
    CHECK_FALSE(loop.busy_envelope());
}

TEST_CASE("the loop sends timer expirations when the terminal clock reaches them", "[host][loop]") {
    host::test::FakeClock clock;
    // TIMER MANAGEMENT start timer 1 with 5 s (00 00 50, swapped BCD) during the TERMINAL PROFILE session.
    const Bytes timer_cmd = "D011 810301270082028182 A40101 A503000050"_hex;
    ScriptedCard card({
        {terminal_profile_apdu, pending(timer_cmd)},
        {fetch(timer_cmd), join(timer_cmd, ok)},
        {terminal_response("810301270082028281830100A40101"_hex), ok},
        // §7.4: elapsed time since the start, 6 s (00 00 60).
        {envelope("D70C 82028281 A40101 A503000060"_hex), ok},
    });
    InProcessChannel channel(card);
    auto bip = std::make_shared<TcpBipHandler>();
    StandardTerminal standard(clock.fn(), bip);
    host::ToolkitTerminalOptions terminal_options;
    terminal_options.clock = clock.fn();
    ToolkitTerminal terminal(channel, standard, terminal_options);
    terminal.start();

    host::TerminalLoopOptions options;
    options.clock = clock.fn();
    options.max_wait = 1ms;
    std::vector<std::size_t> timers_per_step;
    options.on_step = [&](const host::TerminalLoopStep& step) {
        timers_per_step.push_back(step.timers.size());
        clock.advance(3s);
    };
    TerminalLoop loop(terminal, *bip, options);
    TerminalLoopLimits limits;
    limits.stop = [&card] { return card.finished() || !card.failures().empty(); };
    limits.max_steps = 10; // safety net
    const auto summary = loop.run(limits);
    require_script_done(card);
    CHECK(summary.reason == LoopStopReason::Predicate);
    CHECK(timers_per_step == std::vector<std::size_t>{0, 0, 1});
    CHECK(summary.envelopes == 1);
    CHECK(summary.proactive_commands == 0);
}

TEST_CASE("the loop stops on its predicate, deadline or step limit", "[host][loop]") {
    ScriptedCard card({});
    InProcessChannel channel(card);
    auto bip = std::make_shared<TcpBipHandler>();
    StandardTerminal standard({}, bip);
    ToolkitTerminal terminal(channel, standard);
    host::TerminalLoopOptions options;
    options.max_wait = 5ms;
    TerminalLoop loop(terminal, *bip, options);

    TerminalLoopLimits limits;
    SECTION("predicate already true: no step") {
        limits.stop = [] { return true; };
        const auto summary = loop.run(limits);
        CHECK(summary.reason == LoopStopReason::Predicate);
        CHECK(summary.steps == 0);
    }
    SECTION("step limit") {
        limits.max_steps = 3;
        const auto summary = loop.run(limits);
        CHECK(summary.reason == LoopStopReason::StepLimit);
        CHECK(summary.steps == 3);
        CHECK(summary.envelopes == 0);
    }
    SECTION("deadline") {
        limits.deadline = host::TerminalClock::now() + 20ms;
        limits.max_steps = 100000; // safety net
        CHECK(loop.run(limits).reason == LoopStopReason::Deadline);
    }
    SECTION("a deadline already past: no step") {
        limits.deadline = host::TerminalClock::now() - 1s;
        const auto summary = loop.run(limits);
        CHECK(summary.reason == LoopStopReason::Deadline);
        CHECK(summary.steps == 0);
    }
    CHECK(card.failures().empty());
}
