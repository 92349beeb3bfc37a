// SPDX-License-Identifier: Apache-2.0
// The admin agent's failures and retries (applet_spec/admin_agent.md §5): TLS failure, 503 Busy with Retry-After
// (the patent's failure message), a dropped link (TS 102 223 §7.5.11), the GP Amd B §3.8.3 retry policy.
#include "test_admin_agent_harness.hpp"

#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/gp.hpp>

#include "card_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using card::test::AdminBench;
using card::test::ReceivedPost;
using State = card::AdminSessionRecord::State;

TEST_CASE("a server with the wrong PSK: the handshake fails, the card closes and retries", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.hold_timers = true;
    bench.server_psk = SecretBytes("000102030405060708090A0B0C0D0E0F"_hex);
    bench.answer = [](const ReceivedPost&) { return card::test::end_response(); };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger()));

    CHECK(bench.posts.empty());
    CHECK(bench.closes == 1);
    CHECK(bench.close_notify == std::vector<bool>{false}); // a failed handshake has nothing to close
    auto record = card.admin_session();
    CHECK(record->state == State::WaitingRetry);
    CHECK(card::to_string(record->state) == "waiting retry");
    CHECK(record->retries == 1);
    CHECK(record->retries_left == 2);
    CHECK(record->handshakes == 0);
    CHECK(record->last_error.find("TLS") != std::string::npos);
    CHECK(record->last_error.find("7071") == std::string::npos); // never a key in a message
    // No 86: the default waiting delay, 60 s, by TIMER MANAGEMENT.
    REQUIRE(bench.timers.size() == 1);
    CHECK(bench.timers[0] == 60s);

    // The server gets the right key; the retry succeeds.
    bench.server_psk = card::test::scp81_test_psk();
    bench.pump(bench.expire_timer());
    CHECK(bench.connections == 2);
    REQUIRE(bench.posts.size() == 1);
    CHECK_FALSE(bench.posts[0].request.resume); // nothing ran before: nothing to resume
    record = card.admin_session();
    CHECK(record->state == State::Done);
    CHECK(record->retries == 1);
    CHECK(record->open_channel_attempts == 2);
    CHECK(record->handshakes == 1);
}

TEST_CASE("503 Busy with Retry-After: the card closes, waits that long, then retries", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.hold_timers = true;
    bench.answer = [](const ReceivedPost& post) {
        if (post.connection == 1) {
            return card::test::busy_response(30s);
        }
        return card::test::end_response();
    };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger()));

    REQUIRE(bench.posts.size() == 1);
    CHECK(bench.closes == 1);
    CHECK(bench.close_notify == std::vector<bool>{true});
    REQUIRE(bench.timers.size() == 1);
    CHECK(bench.timers[0] == 30s); // Retry-After, not the policy's 60 s
    auto record = card.admin_session();
    CHECK(record->state == State::WaitingRetry);
    CHECK(record->last_http_status == std::optional<unsigned>(503));
    CHECK(record->retry_after == std::optional<std::chrono::seconds>(30s));
    CHECK(record->retries_left == 2); // counts against the retry policy
    CHECK(record->last_error.find("busy") != std::string::npos);
    // The last command of the attempt is CLOSE CHANNEL, then the wait.
    REQUIRE(bench.commands.size() >= 2);
    CHECK(std::holds_alternative<cat::CloseChannel>(bench.commands[bench.commands.size() - 2]));
    CHECK(std::holds_alternative<cat::TimerManagement>(bench.commands.back()));

    bench.pump(bench.expire_timer());
    REQUIRE(bench.posts.size() == 2);
    CHECK(bench.posts[1].connection == 2);
    CHECK(bench.posts[1].index == 0);
    // The retry is a new first POST: service request again, no script status.
    CHECK(bench.posts[1].request.service_request == bench.posts[0].request.service_request);
    CHECK_FALSE(bench.posts[1].request.script_status);
    CHECK_FALSE(bench.posts[1].request.resume);
    record = card.admin_session();
    CHECK(record->state == State::Done);
    CHECK(record->retries == 1);
    CHECK(record->posts == 2);
}

TEST_CASE("503 without Retry-After waits the policy's delay; retries run out", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    trigger::RetryPolicy policy;
    policy.retry_counter = 1;
    policy.waiting_delay = 5s;
    bench.answer = [](const ReceivedPost&) { return card::test::busy_response(std::nullopt); };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger(policy)));

    CHECK(bench.timers == std::vector<std::chrono::seconds>{5s});
    CHECK(bench.connections == 2);
    CHECK(bench.closes == 2);
    const auto record = card.admin_session();
    CHECK(record->state == State::Failed);
    CHECK(record->retries == 1);
    CHECK(record->retries_left == 0);
    CHECK(record->failure.find("busy") != std::string::npos);
    CHECK(record->failure.find("no retry left") != std::string::npos);
    CHECK(card::test::transmit(card, "8012000000"_hex) == "6985");
}

TEST_CASE("HTTP 400 ends the connection like a failure", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    trigger::RetryPolicy policy;
    policy.retry_counter = 0;
    bench.answer = [](const ReceivedPost&) {
        scp81::AdminResponse bad;
        bad.kind = scp81::AdminResponse::Kind::BadRequest;
        return bad;
    };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger(policy)));
    CHECK(bench.closes == 1);
    const auto record = card.admin_session();
    CHECK(record->state == State::Failed);
    CHECK(record->last_http_status == std::optional<unsigned>(400));
    CHECK(record->failure == "HTTP 400 from the admin server; no retry left");
}

TEST_CASE("a link dropped after the first script: close, retry with X-Admin-Resume", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.hold_timers = true;
    trigger::RetryPolicy policy;
    policy.retry_counter = 2;
    policy.waiting_delay = 10s;
    bench.answer = [](const ReceivedPost& post) {
        if (post.connection == 1 && post.index == 0) {
            return card::test::script_response({gp::get_data(0x5A)}, 1, from_hex(card::test::ecasd_aid));
        }
        if (post.connection == 2 && post.index == 0) {
            return card::test::script_response({gp::get_data(0x5A)}, 2);
        }
        return card::test::end_response();
    };
    // The answer to the second POST (the script's response) never reaches the card: the link drops.
    bench.drop_after = [](const ReceivedPost& post) { return post.connection == 1 && post.index == 1; };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger(policy)));
    REQUIRE(bench.posts.size() == 2);
    CHECK(card.admin_session()->state == State::Posting);
    CHECK(card.admin_session()->scripts_run == 1);

    bench.pump(bench.drop_link());
    CHECK(bench.closes == 1);
    auto record = card.admin_session();
    CHECK(record->state == State::WaitingRetry);
    CHECK(record->last_error.find("link dropped") != std::string::npos);
    CHECK(record->retries_left == 1);
    CHECK(bench.timers == std::vector<std::chrono::seconds>{10s});

    bench.pump(bench.expire_timer());
    REQUIRE(bench.posts.size() == 4);
    const scp81::AdminRequest& again = bench.posts[2].request;
    CHECK(again.resume); // a connection of this session ran a script before it broke
    CHECK(again.uri == "/gsma/adminagent");
    CHECK(again.service_request);
    // A new connection starts with the ISD-R selected: GET DATA 5A is not the ISD-R's (the ECASD holds the EID).
    const auto script = card::test::response_script(bench.posts[3]);
    REQUIRE(script.last_response() != nullptr);
    CHECK(script.last_response()->sw != apdu::sw::ok);
    record = card.admin_session();
    CHECK(record->state == State::Done);
    CHECK(record->scripts_run == 2);
    CHECK(record->retries == 1);
}

TEST_CASE("a dropped link of another channel is not the session's", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.answer = [](const ReceivedPost&) { return card::test::script_response({gp::get_data(0x5A)}, 1); };
    bench.drop_after = [](const ReceivedPost&) { return true; };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger()));
    REQUIRE(bench.posts.size() == 1);
    cat::ChannelStatusEvent other;
    other.status = cat::ChannelStatus{2, false, cat::channel_info::link_dropped, 0};
    CHECK(bench.envelope(cat::encode(other)) == apdu::sw::ok);
    CHECK(card.admin_session()->state == State::Posting);
}

TEST_CASE("OPEN CHANNEL refused without a retry policy: three retries 60 s apart, then Failed", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.open_channel_result = cat::Result::bip_error(cat::BipError::RemoteDeviceNotReachable);
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger()));
    CHECK(bench.timers == std::vector<std::chrono::seconds>{60s, 60s, 60s});
    const auto record = card.admin_session();
    CHECK(record->state == State::Failed);
    CHECK(record->open_channel_attempts == 4);
    CHECK(record->retries == 3);
    CHECK(record->failure == "OPEN CHANNEL failed: Bearer Independent Protocol error (remote device is not reachable); "
                             "no retry left");
}

TEST_CASE("a reset during the connection counts as a failed attempt; the retry follows TERMINAL PROFILE",
          "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.answer = [](const ReceivedPost& post) {
        return post.connection == 1 ? card::test::script_response({gp::get_data(0x5A)}, 1)
                                    : card::test::end_response();
    };
    // The first script runs; the answer to its response is lost in the reset.
    bench.drop_after = [](const ReceivedPost& post) { return post.connection == 1 && post.index == 1; };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger()));
    CHECK(card.admin_session()->state == State::Posting);
    CHECK(card.admin_session()->scripts_run == 1);
    card.reset();
    CHECK(card.admin_session()->state == State::WaitingRetry);
    CHECK(card::test::transmit(card, "8012000000"_hex) == "6985");
    // TERMINAL PROFILE: the wait, then a new connection that sets up the event list again.
    const std::size_t lists = bench.all<cat::SetUpEventList>().size();
    bench.pump(card::test::send(card, "8010000003FFFFFF"_hex).sw());
    CHECK(bench.all<cat::SetUpEventList>().size() == lists + 1);
    CHECK(bench.connections == 2);
    CHECK(bench.posts.back().request.resume);
    CHECK(card.admin_session()->state == State::Done);
}
