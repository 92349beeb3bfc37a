// SPDX-License-Identifier: Apache-2.0
// OTA over SMS-PP scenarios: RAM scripts and triggers against any CardChannel (TS 102 225, TS 102 226, TS 102 223).
#include "scenarios/ota_sms_pp.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>

#include <euicc/apdu/cat_objects.hpp>
#include <euicc/apdu/trigger.hpp>
#include <euicc/apdu/trigger_connection.hpp>
#include <euicc/error.hpp>
#include <euicc/host/ota_session.hpp>
#include <euicc/host/standard_terminal.hpp>
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::scenarios {

using namespace std::chrono_literals;
using namespace euicc::literals;

host::OtaParameters lab_parameters(const std::string& eid) {
    host::OtaParameters p;
    p.keys = {1, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex), SecretBytes("505152535455565758595A5B5C5D5E5F"_hex)};
    p.counter_key = host::make_counter_key(eid, p.tar, 1);
    return p;
}

namespace {

// SELECT ECASD (no response data), GET DATA 5A (proprietary class: the whole TLV).
std::vector<apdu::CommandApdu> read_eid_script() {
    return {apdu::CommandApdu(0x00, 0xA4, 0x04, 0x0C, "A0000005591010FFFFFFFF8900000200"_hex),
            apdu::CommandApdu(0x80, 0xCA, 0x00, 0x5A, {}, 256)};
}

Bytes eid_tlv(const std::string& eid) {
    Bytes tlv{0x5A, 0x10};
    append(tlv, from_hex(eid));
    return tlv;
}

/// A terminal clock the scenario moves by hand: the card counts timer expirations, not its own clock.
struct ManualClock {
    std::shared_ptr<host::TerminalClock::time_point> now =
        std::make_shared<host::TerminalClock::time_point>(host::TerminalClock::now());
    host::TerminalClockFn fn() const {
        return [now = now] { return *now; };
    }
};

} // namespace

void ota_ram_scripts(transport::CardChannel& channel, host::CounterStore& counters, const std::string& eid) {
    host::ToolkitTerminal terminal(channel);
    terminal.start();
    host::OtaSession session(terminal, lab_parameters(eid), counters);
    const auto script = read_eid_script();

    const auto compact = session.send_script(script);
    REQUIRE(compact.delivery.por);
    CHECK(compact.delivery.por->secured);
    CHECK(compact.delivery.parts[0].por_source == host::PorSource::EnvelopeResponse);
    CHECK(compact.executed == 2);
    CHECK(compact.last_sw == apdu::sw::ok);
    REQUIRE(compact.responses.size() == 1);
    CHECK(compact.responses[0].data() == eid_tlv(eid));

    const auto expanded = session.send_script(remote::ExpandedCommandScript::from_commands(script));
    CHECK(expanded.executed == 2);
    REQUIRE(expanded.responses.size() == 2);
    CHECK(expanded.responses[1] == apdu::ResponseApdu(eid_tlv(eid), apdu::sw::ok));
    CHECK(expanded.counter() > compact.counter());

    // SPI 16 39: the PoR comes back by SEND SHORT MESSAGE (TS 102 225 §5.1.1 SPI byte 2 b6).
    auto submit_parameters = lab_parameters(eid);
    submit_parameters.spi = scp80::Spi::decode(0x16, 0x39);
    host::OtaSession submit(terminal, std::move(submit_parameters), counters);
    const auto by_sms = submit.send_script(script);
    CHECK(by_sms.delivery.parts[0].por_source == host::PorSource::ShortMessage);
    REQUIRE(by_sms.responses.size() == 1);
    CHECK(by_sms.responses[0].data() == eid_tlv(eid));

    // Seven SELECTs (21 bytes each) and the GET DATA: beyond one SMS, so concatenated (TS 31.115 §4).
    std::vector<apdu::CommandApdu> long_script(7, script[0]);
    long_script.push_back(script[1]);
    const auto concatenated = session.send_script(long_script);
    CHECK(concatenated.delivery.parts.size() == 2);
    CHECK(concatenated.executed == long_script.size());

    // A counter the card has seen: PoR status 02 (CNTR low), nothing executed.
    host::MemoryCounterStore stale;
    host::OtaSession replay(terminal, lab_parameters(eid), stale);
    try {
        replay.send_script(script);
        FAIL("a replayed counter was accepted");
    } catch (const PorError& e) {
        CHECK(e.status() == scp80::ResponseStatus::CounterLow);
    }

    // A wrong KID key: the card's CC check fails, PoR status 01 (TS 102 225 §5.1.3).
    auto wrong = lab_parameters(eid);
    wrong.keys.kid_key = SecretBytes("00000000000000000000000000000000"_hex);
    host::OtaSession forged(terminal, std::move(wrong), counters);
    try {
        forged.send_script(script);
        FAIL("a packet with a wrong CC was accepted");
    } catch (const PorError& e) {
        CHECK(e.status() == scp80::ResponseStatus::RcCcDsFailed);
    }
    // The card still talks to the right keys afterwards.
    CHECK(session.send_script(script).responses.at(0).data() == eid_tlv(eid));
}

void ota_trigger(transport::CardChannel& channel, host::CounterStore& counters, const std::string& eid) {
    ManualClock clock;
    host::ToolkitTerminal::Options options;
    options.clock = clock.fn();
    host::ToolkitTerminal terminal(channel, options);
    terminal.start();
    host::OtaSession session(terminal, lab_parameters(eid), counters);

    trigger::Trigger t;
    trigger::AdminSessionParameters admin;
    admin.connection = trigger::connection_from(trigger::tcp_client_open_channel("192.168.0.1", 8443, 1500));
    t.session = admin;
    trigger::Extension extension;
    extension.smsr_id = "SM-SR-LAB";
    extension.smsr_address = "192.168.0.1:8443";
    extension.access_control = trigger::BackoffTimer{1800s};
    t.extension = extension;

    const auto delivery = session.send_trigger(t);
    REQUIRE(delivery.parts.size() == 1);
    const auto& first = delivery.parts[0].envelope.proactive;
    REQUIRE_FALSE(first.empty());
    std::vector<host::ProactiveExchange> opened;
    if (const auto* timer = std::get_if<cat::TimerManagement>(&*first.front().command)) {
        CHECK(timer->operation() == cat::TimerOperation::Start);
        CHECK(timer->timer_id == 1);
        REQUIRE(timer->value);
        CHECK(*timer->value <= 1800s);  // r x T with r in [0, 1]
        CHECK(first.front().response.result == cat::Result::ok());
        // Nothing before the access time, the OPEN CHANNEL when it comes.
        *clock.now += *timer->value - 1s;
        CHECK(terminal.poll_timers().empty());
        *clock.now += 1s;
        const auto polls = terminal.poll_timers();
        REQUIRE(polls.size() == 1);
        CHECK(polls[0].timer.timer_id == 1);
        opened = polls[0].outcome.proactive;
    } else {
        opened = first;  // r x 1800 s rounded to 0: the card connects at once (trigger.md §5)
    }
    REQUIRE_FALSE(opened.empty());
    const auto* open = std::get_if<cat::OpenChannel>(&*opened.front().command);
    REQUIRE(open != nullptr);
    CHECK(open->immediate_link());
    CHECK(open->buffer_size == 1500);
    CHECK(open->transport_level == cat::TransportLevel{cat::TransportProtocol::TcpClientRemote, 8443});
    CHECK(open->destination_address == cat::OtherAddress{cat::AddressType::Ipv4, "C0A80001"_hex});
    // No BIP relay in this terminal yet: 3A 07, which the card takes as a failed attempt.
    CHECK(opened.front().response.result == cat::Result::bip_error(cat::BipError::RemoteDeviceNotReachable));
    REQUIRE(terminal.standard_terminal()->recording_bip()->open_requests().size() == 1);
}

} // namespace euicc::scenarios
