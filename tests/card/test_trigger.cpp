// SPDX-License-Identifier: Apache-2.0
// Triggers on the virtual eUICC (applet_spec/trigger.md §5): access time from a fixed RNG and clock, TIMER MANAGEMENT
// (ETSI TS 102 223 §6.6.21), timer expiration (§7.4), OPEN CHANNEL (§6.6.27) and the GP Amd B retry policy.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>

#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/trigger.hpp>

#include "card_test_util.hpp"
#include "ota_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using card::test::fetch;
using card::test::fetch_bytes;
using card::test::isd_r_header;
using card::test::por_of;
using card::test::send;
using State = card::AdminSessionRecord::State;

namespace {

/// The card's fixed clock: 2024-06-01 12:00:00 UTC.
const std::chrono::system_clock::time_point noon =
    std::chrono::sys_days{std::chrono::year{2024} / 6 / 1} + 12h;

/// 84: default bearer, buffer 1500, APN "internet", TCP client to 127.0.0.1:8443 (objects as the SM-SR sends them).
const char* connection_hex = "350103"
                             "390205DC"
                             "470908696E7465726E6574"
                             "3C030220FB"
                             "3E05217F000001";

trigger::Trigger make_trigger(std::optional<trigger::AccessControl> access,
                              std::optional<trigger::RetryPolicy> retry = std::nullopt) {
    trigger::AdminSessionParameters session;
    session.connection = ctlv::parse_all(from_hex(connection_hex));
    session.retry = std::move(retry);
    session.http_post = trigger::HttpPostParameters{"smsr.example", std::nullopt, "/gsma/adminagent"};
    trigger::Extension extension;
    extension.operation = trigger::OperationType::ProfileDownload;
    extension.mode = trigger::ManagementMode::Push;
    extension.smsr_id = "smsr.example";
    extension.smsr_address = "127.0.0.1:8443";
    extension.access_control = std::move(access);
    trigger::Trigger t;
    t.session = std::move(session);
    t.extension = std::move(extension);
    return t;
}

card::VirtualEuiccConfig fixed_config(std::uint64_t seed = 42) {
    card::VirtualEuiccConfig config;
    config.rng = std::make_shared<FixedRng>(seed);
    config.clock = [] { return noon; };
    return config;
}

/// Sends `t` with counter `counter`; checks the PoR `01 9000` and returns the ENVELOPE's status word.
apdu::StatusWord push(card::VirtualEuicc& card, const trigger::Trigger& t, std::uint64_t counter) {
    const auto header = isd_r_header(counter);
    const auto answer = card::test::send_packet(card, header, trigger::encode(t));
    CHECK(to_hex(scp80::unwrap_response(answer.data(), header, card::test::test_keys()).data) == "019000");
    return answer.sw();
}

apdu::StatusWord expire_timer(card::VirtualEuicc& card, std::uint8_t timer_id, std::chrono::seconds value) {
    cat::TimerExpiration expiration;
    expiration.timer_id = timer_id;
    expiration.value = value;
    return send(card, cat::envelope_apdu(cat::encode(expiration)).encode()).sw();
}

cat::TerminalResponse open_channel_failed(const cat::ProactiveCommand& command) {
    // The host terminal's default without a BIP relay (shared decision): 3A 07, remote device not reachable.
    return cat::response_to(command, cat::Result::bip_error(cat::BipError::RemoteDeviceNotReachable));
}

/// The OPEN CHANNEL with command number `number`: the 84 objects after command details and device identities.
std::string expected_open_channel(const char* number) {
    return std::string("D027"
                       "8103") +
           number +
           "4001"
           "82028182" +
           connection_hex;
}

} // namespace

TEST_CASE("a trigger with a back-off timer: TIMER MANAGEMENT with the access delay, then OPEN CHANNEL",
          "[card][trigger]") {
    card::VirtualEuicc card(fixed_config(42));
    const apdu::StatusWord announced = push(card, make_trigger(trigger::BackoffTimer{3600s}), 1);
    CHECK(announced == apdu::StatusWord(0x9113));

    // FixedRng(42).unit_interval() = 0.741564878772; x 3600 s = 2669.633 s, rounded up: 2670 s = 00:44:30.
    const Bytes timer = fetch_bytes(card, announced);
    CHECK(to_hex(timer) == "D011"
                           "8103012700"
                           "82028182"
                           "A40101"
                           "A503004403");
    auto session = card.admin_session();
    REQUIRE(session.has_value());
    CHECK(session->state == State::WaitingForTimer);
    CHECK(session->received == noon);
    CHECK(session->access_time == noon + 2669633ms);
    CHECK(session->delay == 2670s);
    CHECK(session->trigger.extension->smsr_address == "127.0.0.1:8443");
    CHECK(session->trigger.extension->operation == trigger::OperationType::ProfileDownload);

    CHECK(card::test::respond_ok(card, cat::parse_proactive_command(timer)).sw() == apdu::sw::ok);

    SECTION("an expiration of another timer changes nothing") {
        CHECK(expire_timer(card, 2, 2670s) == apdu::sw::ok);
        CHECK(card.admin_session()->state == State::WaitingForTimer);
    }

    const apdu::StatusWord due = expire_timer(card, 1, 2670s);
    CHECK(due == apdu::StatusWord(0x9129));
    const Bytes open_channel = fetch_bytes(card, due);
    CHECK(to_hex(open_channel) == expected_open_channel("02"));
    const auto parsed = std::get<cat::OpenChannel>(cat::parse_proactive_command(open_channel));
    CHECK(parsed.immediate_link());
    CHECK(parsed.bearer->type == cat::BearerType::Default);
    CHECK(parsed.buffer_size == 1500);
    CHECK(parsed.network_access_name == "internet");
    CHECK(parsed.transport_level == cat::TransportLevel{cat::TransportProtocol::TcpClientRemote, 8443});
    CHECK(cat::ip_string(*parsed.destination_address) == "127.0.0.1");
    CHECK(card.admin_session()->state == State::OpeningChannel);

    SECTION("the terminal opens the channel") {
        cat::TerminalResponse opened = cat::response_to(parsed, cat::Result::ok());
        opened.channel_statuses = {cat::ChannelStatus{1, true, cat::channel_info::none, 0}};
        opened.bearer = parsed.bearer;
        opened.buffer_size = 1500;
        const apdu::StatusWord next = card::test::respond(card, opened).sw();
        session = card.admin_session();
        CHECK(session->state == State::ChannelOpen);
        CHECK(session->channel_id == std::optional<std::uint8_t>(1));
        // The admin session goes on over the channel (tests/card/test_admin_agent*.cpp): first the BIP events.
        CHECK(to_hex(fetch_bytes(card, next)) == "D00D"
                                                 "8103030500"
                                                 "82028182"
                                                 "9902090A");
    }
    SECTION("the terminal cannot reach the SM-SR and the trigger has no retry policy: 60 s, then again") {
        const apdu::StatusWord next = card::test::respond(card, open_channel_failed(parsed)).sw();
        session = card.admin_session();
        CHECK(session->state == State::WaitingRetry);
        CHECK(session->retries_left == 2); // admin_agent.md §5: without 86, 3 retries 60 s apart
        CHECK(session->last_error.find("remote device") != std::string::npos);
        CHECK(session->last_result == cat::Result::bip_error(cat::BipError::RemoteDeviceNotReachable));
        const Bytes wait = fetch_bytes(card, next);
        CHECK(to_hex(wait).substr(to_hex(wait).size() - 10) == "A503001000");
    }
}

TEST_CASE("a trigger without access control opens the channel at once", "[card][trigger]") {
    card::VirtualEuicc card(fixed_config());
    const apdu::StatusWord announced = push(card, make_trigger(std::nullopt), 1);
    CHECK(to_hex(fetch_bytes(card, announced)) == expected_open_channel("01"));
    CHECK(card.admin_session()->delay == 0s);
}

TEST_CASE("a wait longer than 99:59:59 takes several timer runs", "[card][trigger]") {
    card::VirtualEuicc card(fixed_config());
    const auto at = std::chrono::time_point_cast<std::chrono::seconds>(noon + 100h + 30s);
    apdu::StatusWord announced = push(card, make_trigger(trigger::AbsoluteTime{at}), 1);

    auto timer = fetch(card, announced);
    CHECK(std::get<cat::TimerManagement>(timer).value ==
          std::optional<std::chrono::seconds>(99h + 59min + 59s));
    CHECK(card::test::respond_ok(card, timer).sw() == apdu::sw::ok);
    announced = expire_timer(card, 1, 99h + 59min + 59s);

    const Bytes second = fetch_bytes(card, announced);
    CHECK(to_hex(second) == "D011"
                            "8103022700"
                            "82028182"
                            "A40101"
                            "A503000013"); // the 31 s left
    CHECK(card::test::respond_ok(card, cat::parse_proactive_command(second)).sw() == apdu::sw::ok);
    announced = expire_timer(card, 1, 31s);
    CHECK(to_hex(fetch_bytes(card, announced)) == expected_open_channel("03"));
}

TEST_CASE("a failed OPEN CHANNEL is retried as the retry policy says", "[card][trigger]") {
    card::VirtualEuicc card(fixed_config());
    trigger::RetryPolicy retry;
    retry.retry_counter = 2;
    retry.waiting_delay = 60s;
    apdu::StatusWord announced = push(card, make_trigger(std::nullopt, retry), 1);

    for (int attempt = 1; attempt <= 3; ++attempt) {
        CAPTURE(attempt);
        const auto open_channel = fetch(card, announced);
        REQUIRE(std::holds_alternative<cat::OpenChannel>(open_channel));
        announced = card::test::respond(card, open_channel_failed(open_channel)).sw();
        if (attempt == 3) {
            break;
        }
        CHECK(card.admin_session()->retries_left == 2 - attempt);
        // The retry waits the policy's delay, 00:01:00.
        const Bytes timer = fetch_bytes(card, announced);
        CHECK(to_hex(timer).substr(to_hex(timer).size() - 10) == "A503001000");
        CHECK(card::test::respond_ok(card, cat::parse_proactive_command(timer)).sw() == apdu::sw::ok);
        announced = expire_timer(card, 1, 60s);
    }
    CHECK(announced == apdu::sw::ok);
    const auto session = card.admin_session();
    CHECK(session->state == State::Failed);
    CHECK(session->open_channel_attempts == 3);
    CHECK(session->retries_left == 0);
}

TEST_CASE("triggers the card cannot act on are answered in the PoR and schedule nothing", "[card][trigger]") {
    card::VirtualEuicc card(fixed_config());
    const auto header = isd_r_header(1);
    auto pushed = [&](const Bytes& secured) {
        const auto answer = card::test::send_packet(card, header, secured);
        CHECK(answer.sw() == apdu::sw::ok);
        return to_hex(por_of(answer, header).data);
    };

    SECTION("malformed: 01 6A80") {
        CHECK(pushed("8103830184"_hex) == "016A80");
    }
    SECTION("an unknown operation type in the extension: 01 6A80") {
        CHECK(pushed("8108E106800108810101"_hex) == "016A80");
    }
    SECTION("no connection parameters (and none stored): 01 6A88") {
        CHECK(pushed("8100"_hex) == "016A88");
    }
    SECTION("connection parameters an OPEN CHANNEL cannot carry (no buffer size): 01 6A80") {
        CHECK(pushed("8107830584033501 03"_hex) == "016A80");
    }
    SECTION("an OPEN CHANNEL longer than 91xx can announce: 01 6A80") {
        // 47: four 59-character labels (240 bytes), 84 = 4 + 243 bytes, OPEN CHANNEL = 2 + 9 + 247 bytes.
        Bytes apn;
        for (int label = 0; label < 4; ++label) {
            apn.push_back(59);
            apn.insert(apn.end(), 59, 'a');
        }
        trigger::Trigger t;
        t.session = trigger::AdminSessionParameters{};
        t.session->connection =
            std::vector<ctlv::Tlv>{{0x39, false, {0x05, 0xDC}, false}, {0x47, false, apn, false}};
        CHECK(pushed(trigger::encode(t)) == "016A80");
    }
    CHECK_FALSE(card.admin_session().has_value());
    CHECK(card::test::transmit(card, "8012000000"_hex) == "6985");
}

TEST_CASE("a new trigger replaces the pending session", "[card][trigger]") {
    card::VirtualEuicc card(fixed_config());
    const apdu::StatusWord first = push(card, make_trigger(trigger::BackoffTimer{3600s}), 1);
    CHECK(first == apdu::StatusWord(0x9113)); // TIMER MANAGEMENT waits, not fetched

    const apdu::StatusWord second = push(card, make_trigger(std::nullopt), 2);
    // The old TIMER MANAGEMENT is withdrawn: the OPEN CHANNEL of the new session is next.
    CHECK(std::holds_alternative<cat::OpenChannel>(fetch(card, second)));
    CHECK(card.admin_session()->delay == 0s);
    // An expiration of the old session's timer is not taken for the new session's.
    CHECK(expire_timer(card, 1, 3600s) == apdu::sw::ok);
    CHECK(card.admin_session()->state == State::OpeningChannel);
}

TEST_CASE("after a reset the pending session resumes at TERMINAL PROFILE", "[card][trigger]") {
    card::VirtualEuicc card(fixed_config(42));
    push(card, make_trigger(trigger::BackoffTimer{3600s}), 1);
    card.reset();
    CHECK(card::test::transmit(card, "8012000000"_hex) == "6985"); // the proactive queue went with the reset
    const auto profile = send(card, "8010000003FFFFFF"_hex);
    CHECK(to_hex(fetch_bytes(card, profile.sw())) == "D011"
                                                     "8103022700"
                                                     "82028182"
                                                     "A40101"
                                                     "A503004403");
}

TEST_CASE("a terminal that refuses TIMER MANAGEMENT ends the session", "[card][trigger]") {
    card::VirtualEuicc card(fixed_config());
    const auto timer = fetch(card, push(card, make_trigger(trigger::BackoffTimer{3600s}), 1));
    const auto answer = card::test::respond(
        card, cat::response_to(timer, cat::Result::of(cat::GeneralResult::BeyondTerminalCapabilities)));
    CHECK(answer.sw() == apdu::sw::ok);
    CHECK(card.admin_session()->state == State::Failed);
    CHECK(expire_timer(card, 1, 3600s) == apdu::sw::ok);
}

TEST_CASE("a trigger whose SPI asks for the PoR by SMS-SUBMIT sends it before the session starts",
          "[card][trigger]") {
    card::VirtualEuicc card(fixed_config());
    const auto header = isd_r_header(1, 0x16, 0x39);
    const auto answer = card::test::send_packet(card, header, trigger::encode(make_trigger(std::nullopt)));
    CHECK(answer.data().empty());
    const auto sms = fetch(card, answer.sw());
    const sms::Submit submit = sms::Submit::decode(std::get<cat::SendShortMessage>(sms).tpdu);
    Bytes user_data = submit.user_data.header->encode();
    append(user_data, submit.user_data.body);
    CHECK(to_hex(scp80::unwrap_response(user_data, header, card::test::test_keys()).data) == "019000");
    const auto next = card::test::respond_ok(card, sms);
    CHECK(to_hex(fetch_bytes(card, next.sw())) == expected_open_channel("02"));
}

TEST_CASE("the default RNG and clock are used when the test does not inject them", "[card][trigger]") {
    card::VirtualEuicc card({});
    const auto before = std::chrono::system_clock::now();
    push(card, make_trigger(trigger::TimeWindow{600s}), 1);
    const auto session = card.admin_session();
    REQUIRE(session.has_value());
    CHECK(session->received >= before);
    CHECK(session->delay <= 600s);
}

TEST_CASE("a configuration without RNG or clock is refused", "[card][trigger]") {
    card::VirtualEuiccConfig no_rng;
    no_rng.rng = nullptr;
    CHECK_THROWS_AS(card::VirtualEuicc(std::move(no_rng)), std::invalid_argument);
    card::VirtualEuiccConfig no_clock;
    no_clock.clock = nullptr;
    CHECK_THROWS_AS(card::VirtualEuicc(std::move(no_clock)), std::invalid_argument);
}
