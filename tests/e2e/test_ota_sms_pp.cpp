// SPDX-License-Identifier: Apache-2.0
// Host OtaSession + ToolkitTerminal against the virtual eUICC in-process (TS 102 225 SCP80 over SMS-PP,
// TS 102 226 scripts, triggers per applet_spec/trigger.md), over T=1-style and T=0-style links.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>

#include <euicc/apdu/rng.hpp>
#include <euicc/card/virtual_euicc.hpp>
#include <euicc/error.hpp>
#include <euicc/host/ota_session.hpp>
#include <euicc/host/toolkit_terminal.hpp>
#include <euicc/transport/in_process_channel.hpp>

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;

namespace {

const std::string test_eid = "89049032123451234512345678901235";

/// Card and host side by side, with hand-moved clocks (the card's wall clock, the terminal's steady one).
struct Bench {
    explicit Bench(bool t0)
        : card(config()), channel(card, transport::InProcessChannel::Options{t0}),
          terminal(channel, terminal_options()), session(terminal, parameters(), counters) {
        terminal.start();
    }

    card::VirtualEuiccConfig config() {
        card::VirtualEuiccConfig c;
        c.rng = std::make_shared<FixedRng>(20240506);
        c.clock = [now = card_now] { return *now; };
        return c;
    }
    host::ToolkitTerminalOptions terminal_options() {
        host::ToolkitTerminalOptions o;
        o.clock = [now = terminal_now] { return *now; };
        return o;
    }
    static host::OtaParameters parameters() {
        host::OtaParameters p;
        // The virtual eUICC's public lab TEST keys (applet_spec, issue 3 shared decisions).
        p.keys = {1, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex),
                  SecretBytes("505152535455565758595A5B5C5D5E5F"_hex)};
        p.counter_key = host::make_counter_key(test_eid, p.tar, 1);
        return p;
    }
    void advance(std::chrono::seconds by) {
        *card_now += by;
        *terminal_now += by;
    }

    std::shared_ptr<std::chrono::system_clock::time_point> card_now =
        std::make_shared<std::chrono::system_clock::time_point>(
            std::chrono::sys_days{std::chrono::year{2024} / 5 / 6});
    std::shared_ptr<host::TerminalClock::time_point> terminal_now =
        std::make_shared<host::TerminalClock::time_point>(host::TerminalClock::time_point{} + 1h);
    card::VirtualEuicc card;
    transport::InProcessChannel channel;
    host::ToolkitTerminal terminal;
    host::MemoryCounterStore counters;
    host::OtaSession session;
};

// SELECT ECASD (no response data), GET DATA 5A (proprietary class: the whole TLV).
const std::vector<apdu::CommandApdu> read_eid_script{
    apdu::CommandApdu(0x00, 0xA4, 0x04, 0x0C, "A0000005591010FFFFFFFF8900000200"_hex),
    apdu::CommandApdu(0x80, 0xCA, 0x00, 0x5A, {}, 256)};
const Bytes eid_tlv = "5A1089049032123451234512345678901235"_hex;

} // namespace

TEST_CASE("RAM script to the ISD-R over SMS-PP returns the right PoR", "[e2e][ota]") {
    const bool t0 = GENERATE(false, true);
    CAPTURE(t0);
    Bench bench(t0);

    SECTION("compact") {
        const auto result = bench.session.send_script(read_eid_script);
        REQUIRE(result.delivery.por);
        CHECK(result.delivery.por->secured);
        CHECK(result.delivery.parts[0].por_source == host::PorSource::EnvelopeResponse);
        CHECK(result.executed == 2);
        CHECK(result.last_sw == apdu::sw::ok);
        REQUIRE(result.responses.size() == 1);
        CHECK(result.responses[0].data() == eid_tlv);
        // The card's counter moved on: the next packet uses 2 and is accepted.
        CHECK(bench.session.send_script(read_eid_script).counter() == 2);
    }
    SECTION("expanded") {
        const auto result =
            bench.session.send_script(remote::ExpandedCommandScript::from_commands(read_eid_script));
        CHECK(result.executed == 2);
        REQUIRE(result.responses.size() == 2);
        CHECK(result.responses[0] == apdu::ResponseApdu({}, apdu::sw::ok));
        CHECK(result.responses[1] == apdu::ResponseApdu(eid_tlv, apdu::sw::ok));
    }
    SECTION("PoR via SMS-SUBMIT (SPI 16 39)") {
        auto p = Bench::parameters();
        p.spi = scp80::Spi::decode(0x16, 0x39);
        host::OtaSession submit_session(bench.terminal, p, bench.counters);
        const auto result = submit_session.send_script(read_eid_script);
        CHECK(result.delivery.parts[0].por_source == host::PorSource::ShortMessage);
        REQUIRE(result.responses.size() == 1);
        CHECK(result.responses[0].data() == eid_tlv);
    }
    SECTION("a long script goes as concatenated SMS") {
        // Seven SELECTs of the ECASD (21 bytes each) and the GET DATA: a 152-byte script, beyond one SMS.
        std::vector<apdu::CommandApdu> commands(7, read_eid_script[0]);
        commands.push_back(read_eid_script[1]);
        const auto result = bench.session.send_script(commands);
        CHECK(result.delivery.parts.size() == 2);
        CHECK(result.executed == commands.size());
        CHECK(result.responses[0].data() == eid_tlv);
    }
    SECTION("a replayed counter is refused with PoR status 02") {
        bench.session.send_script(read_eid_script);
        bench.counters.ensure_at_least("other", 0); // unrelated key: no effect
        auto p = Bench::parameters();
        p.counter_key = "replay";
        host::MemoryCounterStore fresh; // starts again at 1, which the card already saw
        host::OtaSession replay(bench.terminal, p, fresh);
        try {
            replay.send_script(read_eid_script);
            FAIL("no exception");
        } catch (const PorError& e) {
            CHECK(e.status() == scp80::ResponseStatus::CounterLow);
        }
    }
}

TEST_CASE("a trigger asks for TIMER MANAGEMENT, then OPEN CHANNEL to the trigger's address",
          "[e2e][ota][trigger]") {
    const bool t0 = GENERATE(false, true);
    CAPTURE(t0);
    Bench bench(t0);

    trigger::Trigger t;
    trigger::AdminSessionParameters admin;
    // 84: default bearer, buffer 1500, TCP client to 192.168.0.1:8443.
    admin.connection = ctlv::parse_all("350103 390205DC 3C030220FB 3E0521C0A80001"_hex);
    t.session = admin;
    trigger::Extension extension;
    extension.smsr_id = "SM-SR-LAB";
    extension.smsr_address = "192.168.0.1:8443";
    extension.access_control = trigger::BackoffTimer{std::chrono::seconds(1800)};
    t.extension = extension;

    const auto delivery = bench.session.send_trigger(t);
    REQUIRE(delivery.parts.size() == 1);
    const auto& session = delivery.parts[0].envelope.proactive;
    REQUIRE_FALSE(session.empty());
    const auto* timer = std::get_if<cat::TimerManagement>(&*session.front().command);
    REQUIRE(timer != nullptr);
    CHECK(timer->operation() == cat::TimerOperation::Start);
    CHECK(timer->timer_id == 1);
    REQUIRE(timer->value);
    CHECK(*timer->value <= 1800s);
    CHECK(session.front().response.result == cat::Result::ok());
    const auto delay = *timer->value;
    REQUIRE(delay > 0s); // r x 1800 s with the seeded RNG

    // Nothing before the time comes.
    bench.advance(delay - 1s);
    CHECK(bench.terminal.poll_timers().empty());
    bench.advance(1s);
    const auto polls = bench.terminal.poll_timers();
    REQUIRE(polls.size() == 1);
    CHECK(polls[0].timer.timer_id == 1);
    const auto& opened = polls[0].outcome.proactive;
    REQUIRE_FALSE(opened.empty());
    const auto* open = std::get_if<cat::OpenChannel>(&*opened.front().command);
    REQUIRE(open != nullptr);
    CHECK(open->immediate_link());
    CHECK(open->bearer == cat::BearerDescription{cat::BearerType::Default, {}});
    CHECK(open->buffer_size == 1500);
    CHECK(open->transport_level == cat::TransportLevel{cat::TransportProtocol::TcpClientRemote, 8443});
    CHECK(open->destination_address == cat::OtherAddress{cat::AddressType::Ipv4, "C0A80001"_hex});
    // The default terminal has no data connection yet: 3A 07.
    CHECK(opened.front().response.result == cat::Result::bip_error(cat::BipError::RemoteDeviceNotReachable));
    REQUIRE(bench.terminal.standard_terminal()->recording_bip()->open_requests().size() == 1);
}
