// SPDX-License-Identifier: Apache-2.0
// StandardTerminal and TimerTable: TS 102 223 §6.6.21 timers, event lists, texts, BIP refusals.
#include <catch2/catch.hpp>
#include <stdexcept>

#include <euicc/apdu/cat_terminal_response.hpp>
#include <euicc/host/standard_terminal.hpp>
#include <euicc/host/timer_table.hpp>

#include "host/host_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using cat::GeneralResult;
using host::StandardTerminal;
using host::TimerTable;

namespace {

cat::TimerManagement timer_command(cat::TimerOperation op, std::uint8_t id,
                                   std::optional<std::chrono::seconds> value = std::nullopt) {
    cat::TimerManagement command;
    command.header.number = 7;
    command.header.qualifier = static_cast<std::uint8_t>(op);
    command.timer_id = id;
    command.value = value;
    return command;
}

} // namespace

TEST_CASE("TimerTable keeps eight timers on the caller's clock", "[host][timer]") {
    const auto t0 = host::TerminalClock::time_point{} + 1h;
    TimerTable table;
    CHECK(table.due(t0).empty());
    CHECK_FALSE(table.next_expiry());

    table.start(3, 10s, t0);
    table.start(1, 5s, t0 + 1s);
    CHECK(table.next_expiry() == t0 + 6s);
    CHECK(table.due(t0 + 5999ms).empty());
    CHECK(table.due(t0 + 6s) == std::vector<host::DueTimer>{{1, 5s}});
    CHECK(table.due(t0 + 12s) == std::vector<host::DueTimer>{{1, 11s}, {3, 12s}});
    // Due timers stay until their expiration was delivered.
    CHECK(table.running(1));
    table.expired(1);
    CHECK_FALSE(table.running(1));
    CHECK(table.remaining(3, t0 + 2500ms) == 8s); // 7.5 s rounded up
    CHECK(table.remaining(3, t0 + 20s) == 0s);
    CHECK_FALSE(table.remaining(2, t0));

    // Restarting replaces the old expiry.
    table.start(3, 1s, t0 + 30s);
    CHECK(table.next_expiry() == t0 + 31s);

    CHECK_THROWS_AS(table.start(0, 1s, t0), std::invalid_argument);
    CHECK_THROWS_AS(table.start(9, 1s, t0), std::invalid_argument);
    CHECK_THROWS_AS(table.start(1, -1s, t0), std::invalid_argument);
    CHECK_THROWS_AS(table.running(9), std::invalid_argument);
}

TEST_CASE("TIMER MANAGEMENT start, get current value, deactivate", "[host][timer]") {
    host::test::FakeClock clock;
    StandardTerminal terminal(clock.fn());

    auto response = terminal.timer_management(timer_command(cat::TimerOperation::Start, 2, 30s));
    CHECK(response.result == cat::Result::ok());
    CHECK(response.timer_id == 2);
    CHECK_FALSE(response.timer_value);
    // §6.8: details echoed, terminal -> UICC; timer id A4 01 02.
    CHECK(cat::encode(response) == "810307270082028281830100A40102"_hex);

    clock.advance(10s);
    response = terminal.timer_management(timer_command(cat::TimerOperation::GetValue, 2));
    CHECK(response.result == cat::Result::ok());
    CHECK(response.timer_value == 20s);
    CHECK(cat::encode(response) == "810307270282028281830100A40102A503000002"_hex);

    clock.advance(2500ms);
    response = terminal.timer_management(timer_command(cat::TimerOperation::Deactivate, 2));
    CHECK(response.timer_value == 18s);
    CHECK_FALSE(terminal.timers().running(2));

    // Not running any more: 24 "action in contradiction with the current timer state".
    response = terminal.timer_management(timer_command(cat::TimerOperation::Deactivate, 2));
    CHECK(response.result == cat::Result::of(GeneralResult::ContradictionWithTimerState));
    CHECK_FALSE(response.timer_value);
    response = terminal.timer_management(timer_command(cat::TimerOperation::GetValue, 5));
    CHECK(response.result == cat::Result::of(GeneralResult::ContradictionWithTimerState));
}

TEST_CASE("TIMER MANAGEMENT with bad data", "[host][timer]") {
    StandardTerminal terminal;
    CHECK(terminal.timer_management(timer_command(cat::TimerOperation::Start, 9, 1s)).result ==
          cat::Result::of(GeneralResult::CommandDataNotUnderstood));
    CHECK(terminal.timer_management(timer_command(cat::TimerOperation::Start, 1)).result ==
          cat::Result::of(GeneralResult::RequiredValuesMissing));
    auto rfu = timer_command(cat::TimerOperation::Start, 1, 1s);
    rfu.header.qualifier = 0x03;
    CHECK(terminal.timer_management(rfu).result == cat::Result::of(GeneralResult::CommandDataNotUnderstood));
    CHECK_FALSE(terminal.timers().running(1));
}

TEST_CASE("due timers are reported until delivered", "[host][timer]") {
    host::test::FakeClock clock;
    StandardTerminal terminal(clock.fn());
    terminal.timer_management(timer_command(cat::TimerOperation::Start, 4, 2s));
    CHECK(terminal.due_timers().empty());
    clock.advance(3s);
    CHECK(terminal.due_timers() == std::vector<host::DueTimer>{{4, 3s}});
    CHECK(terminal.due_timers().size() == 1);
    terminal.timer_expiration_delivered(4);
    CHECK(terminal.due_timers().empty());
}

TEST_CASE("SET UP EVENT LIST replaces the registered events", "[host][terminal]") {
    StandardTerminal terminal;
    cat::SetUpEventList command;
    command.events = {cat::Event::DataAvailable, cat::Event::ChannelStatus};
    CHECK(terminal.set_up_event_list(command).result == cat::Result::ok());
    CHECK(terminal.event_registered(cat::Event::ChannelStatus));
    command.events = {};
    terminal.set_up_event_list(command);
    CHECK(terminal.events().empty());
    CHECK_FALSE(terminal.event_registered(cat::Event::ChannelStatus));
}

TEST_CASE("POLL INTERVAL is echoed, POLLING OFF clears it", "[host][terminal]") {
    StandardTerminal terminal;
    cat::PollInterval command;
    command.interval = {cat::TimeUnit::Minutes, 2};
    const auto response = terminal.poll_interval(command);
    CHECK(response.duration == command.interval);
    CHECK(terminal.poll_interval() == command.interval);
    terminal.polling_off(cat::PollingOff{});
    CHECK_FALSE(terminal.poll_interval());
}

TEST_CASE("DISPLAY TEXT and SEND SHORT MESSAGE are recorded", "[host][terminal]") {
    StandardTerminal terminal;
    cat::DisplayText display;
    display.text = cat::text_from_utf8("Hello", cat::dcs::gsm8);
    CHECK(terminal.display_text(display).result == cat::Result::ok());
    REQUIRE(terminal.displayed_texts().size() == 1);
    CHECK(terminal.displayed_texts()[0].utf8 == "Hello");

    cat::SendShortMessage sms;
    sms.tpdu = "0100039121F300000100"_hex;
    CHECK(terminal.send_short_message(sms).result == cat::Result::ok());
    REQUIRE(terminal.short_messages().size() == 1);
    CHECK(terminal.short_messages()[0].tpdu == sms.tpdu);
    CHECK_FALSE(terminal.short_messages()[0].smsc);
}

TEST_CASE("the default BIP handler has no channel", "[host][bip]") {
    StandardTerminal terminal;
    cat::CloseChannel close;
    CHECK(cat::encode(terminal.close_channel(close)) == "810301410082028281 83023A03"_hex);
    cat::SendData send;
    send.data = "0102"_hex;
    CHECK(terminal.send_data(send).result ==
          cat::Result::bip_error(cat::BipError::ChannelIdentifierNotValid));
    cat::ReceiveData receive;
    receive.requested_length = 10;
    CHECK(terminal.receive_data(receive).result ==
          cat::Result::bip_error(cat::BipError::ChannelIdentifierNotValid));
    // §8.56: channel 0 = "no channel available".
    CHECK(cat::encode(terminal.get_channel_status(cat::GetChannelStatus{})) ==
          "810301440082028281830100B8020000"_hex);
}

TEST_CASE("a plugged-in BIP handler gets the BIP commands", "[host][bip]") {
    struct Accepting : host::RecordingBipHandler {
        cat::TerminalResponse open_channel(const cat::OpenChannel& command) override {
            auto response = host::respond(command, cat::Result::ok());
            response.channel_statuses.push_back({1, true, cat::channel_info::none, 0});
            return response;
        }
    };
    auto bip = std::make_shared<Accepting>();
    StandardTerminal terminal({}, bip);
    CHECK(&terminal.bip() == bip.get());
    CHECK(terminal.recording_bip() == bip.get());
    CHECK(terminal.open_channel(cat::OpenChannel{}).result == cat::Result::ok());
    CHECK(bip->open_requests().empty());
}
