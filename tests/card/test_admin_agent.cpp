// SPDX-License-Identifier: Apache-2.0
// The virtual eUICC's admin agent (applet_spec/admin_agent.md): trigger -> OPEN CHANNEL -> PSK-TLS (SGP.02 §2.4.4)
// -> GP Amd B POST loop with expanded scripts (TS 102 226 §5.2) -> 204 -> CLOSE CHANNEL; pull mode.
#include "test_admin_agent_harness.hpp"

#include <algorithm>

#include <euicc/apdu/eid.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "card_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using card::test::AdminBench;
using card::test::ReceivedPost;
using State = card::AdminSessionRecord::State;

namespace {

const Bytes ecasd = from_hex(card::test::ecasd_aid);
const Bytes isd_r = from_hex(card::test::isd_r_aid);

std::string agent_id() {
    return scp81::format_agent_id(apdu::eid_to_bytes(card::test::default_eid), isd_r);
}

/// The R-APDU TLVs of a response script as "data SW" hex strings.
std::vector<std::string> answers(const remote::ExpandedResponse& response) {
    std::vector<std::string> out;
    for (const auto& item : response.items) {
        if (const auto* r = std::get_if<remote::ResponseApduTlv>(&item)) {
            out.push_back(to_hex(r->data) + to_hex(Bytes{r->sw.sw1(), r->sw.sw2()}));
        }
    }
    return out;
}

} // namespace

TEST_CASE("a triggered admin session: PSK-TLS, two scripts, 204, CLOSE CHANNEL", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.granted_buffer = 100; // the terminal grants less than the 1500 asked for: SEND DATA stays within it
    bench.answer = [](const ReceivedPost& post) {
        switch (post.index) {
        case 0:
            // Targeted at the ECASD: the card selects it first (GP Amd B §3.4.2).
            return card::test::script_response({gp::get_data(0x5A)}, 1, ecasd);
        case 1:
            // No target: the ECASD selected by the last script still holds; then back to the ISD-R.
            return card::test::script_response(
                {gp::get_data(0x5A), gp::select(isd_r), sgp02::audit_card_resources()}, 2);
        default:
            return card::test::end_response();
        }
    };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger()));

    // Proactive commands: OPEN CHANNEL, SET UP EVENT LIST (data available, channel status), then BIP traffic.
    REQUIRE(bench.commands.size() > 3);
    const auto open = std::get<cat::OpenChannel>(bench.commands[0]);
    CHECK(open.buffer_size == 1500);
    const auto events = std::get<cat::SetUpEventList>(bench.commands[1]);
    CHECK(events.events == std::vector<cat::Event>{cat::Event::DataAvailable, cat::Event::ChannelStatus});
    CHECK(bench.connections == 1);
    CHECK(bench.all<cat::SetUpEventList>().size() == 1);
    for (const std::size_t size : bench.send_sizes) {
        CHECK(size <= 100);
    }
    for (const auto& send : bench.all<cat::SendData>()) {
        CHECK(cat::encode(cat::ProactiveCommand{send}).size() <= 255);
        CHECK(send.header.devices.destination == 0x21);
    }

    // TLS: the SGP.02 PSK identity, TLS 1.2, the GCM suite first.
    CHECK(bench.server->version == "TLSv1.2");
    CHECK(bench.server->cipher == "PSK-AES128-GCM-SHA256");
    REQUIRE(bench.identities.size() == 1);
    CHECK(bench.identities[0] == card::test::default_psk_identity);

    // The POSTs (GP Amd B §3.4.1).
    REQUIRE(bench.posts.size() == 3);
    const scp81::AdminRequest& first = bench.posts[0].request;
    CHECK(first.uri == "/gsma/adminagent");
    CHECK(first.host == "smsr.example");
    CHECK(first.agent_id == agent_id());
    CHECK(first.agent_id == "//se-id/eid/89049032123451234512345678901235;//aa-id/aid/A000000559/1010FFFFFFFF8900000100");
    CHECK(first.service_request ==
          scp81::ServiceRequest{trigger::OperationType::ProfileDownload, trigger::ManagementMode::Push});
    CHECK_FALSE(first.script_status);
    CHECK_FALSE(first.resume);
    CHECK(first.body.empty());

    const scp81::AdminRequest& second = bench.posts[1].request;
    CHECK(second.uri == "/next/1");
    CHECK(second.host == "smsr.example");
    CHECK(second.script_status == scp81::ScriptStatus::Ok);
    CHECK_FALSE(second.service_request);
    const remote::ExpandedResponse one = card::test::response_script(bench.posts[1]);
    CHECK(one.executed == std::optional<std::uint32_t>(1));
    CHECK(answers(one) == std::vector<std::string>{"5A10" + std::string(card::test::default_eid) + "9000"});

    const scp81::AdminRequest& third = bench.posts[2].request;
    CHECK(third.uri == "/next/2");
    CHECK(third.script_status == scp81::ScriptStatus::Ok);
    const remote::ExpandedResponse two = card::test::response_script(bench.posts[2]);
    CHECK(two.executed == std::optional<std::uint32_t>(3));
    const std::vector<std::string> got = answers(two);
    REQUIRE(got.size() == 3);
    CHECK(got[0] == "5A10" + std::string(card::test::default_eid) + "9000");
    CHECK(got[1].substr(got[1].size() - 4) == "9000");            // SELECT ISD-R
    CHECK(got[2].substr(0, 4) == "FF21");                         // card resources of the ISD-R
    CHECK(got[2].substr(got[2].size() - 4) == "9000");

    // 204: close_notify, then CLOSE CHANNEL of channel 1; nothing more.
    CHECK(bench.closes == 1);
    CHECK(bench.close_notify == std::vector<bool>{true});
    CHECK(std::holds_alternative<cat::CloseChannel>(bench.commands.back()));
    CHECK(std::get<cat::CloseChannel>(bench.commands.back()).header.devices.destination == 0x21);
    CHECK(card::test::transmit(card, "8012000000"_hex) == "6985");

    const auto record = card.admin_session();
    REQUIRE(record);
    CHECK(record->state == State::Done);
    CHECK(card::to_string(record->state) == "done");
    CHECK(record->mode == trigger::ManagementMode::Push);
    CHECK(record->posts == 3);
    CHECK(record->scripts_run == 2);
    CHECK(record->handshakes == 1);
    CHECK(record->last_http_status == std::optional<unsigned>(204));
    CHECK(record->retries == 0);
    CHECK(record->retries_left == 3); // no 86: the default policy
    CHECK(record->buffer_size == std::optional<std::uint16_t>(100));
    CHECK_FALSE(record->channel_id);
    std::size_t sent = 0;
    for (const std::size_t size : bench.send_sizes) {
        sent += size;
    }
    CHECK(record->bytes_sent == sent);
    CHECK(record->bytes_received > 0);
    CHECK(record->failure.empty());
}

TEST_CASE("an admin session creates an ISD-P and establishes its keys under the SCP81 DEK", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    const Bytes isdp = sgp02::isdp_aid(0x10);
    const Bytes enc = "11111111111111111111111111111111"_hex;
    const Bytes mac = "22222222222222222222222222222222"_hex;
    const Bytes dek = "33333333333333333333333333333333"_hex;
    const SecretBytes session_dek = card::test::scp81_test_dek();
    SecretBytes put_key_dek = session_dek;
    std::string expected_put_key_sw = "9000";
    SECTION("keys encrypted under the DEK of the session's SCP81 keyset") {}
    SECTION("keys encrypted under another key: 6982") {
        put_key_dek = card::test::scp81_test_psk();
        expected_put_key_sw = "6982";
    }
    bench.answer = [&](const ReceivedPost& post) {
        sgp02::CreateIsdp create;
        create.isdp_aid = isdp;
        switch (post.index) {
        case 0:
            return card::test::script_response({sgp02::create_isdp(create)}, 1);
        case 1:
            // Lab key establishment: INSTALL [for personalization] + PUT KEY (applet_spec/sgp02.md §3.3).
            return card::test::script_response(
                {gp::install_for_personalization(isdp),
                 gp::put_key_aes(0x30, {enc, mac, dek}, put_key_dek.view())},
                2);
        case 2:
            return card::test::script_response({gp::select(isdp)}, 3, isdp);
        default:
            return card::test::end_response();
        }
    };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger()));

    REQUIRE(bench.posts.size() == 4);
    // The terminal granted 1500: a POST with its response script goes out in SEND DATAs of up to 240 bytes, what
    // one proactive command (D0 of at most 255 bytes) carries.
    CHECK(*std::max_element(bench.send_sizes.begin(), bench.send_sizes.end()) == 240);
    const std::vector<std::string> created = answers(card::test::response_script(bench.posts[1]));
    REQUIRE(created.size() == 1);
    CHECK(created[0].substr(created[0].size() - 4) == "9000"); // INSTALL [for install] under AdminSession
    const std::vector<std::string> keys = answers(card::test::response_script(bench.posts[2]));
    REQUIRE(keys.size() == 2);
    CHECK(keys[0].substr(keys[0].size() - 4) == "9000");
    CHECK(keys[1].substr(keys[1].size() - 4) == expected_put_key_sw);
    if (expected_put_key_sw == "9000") {
        CHECK(keys[1] == "30" + to_hex(gp::aes_key_check_value(enc)) + to_hex(gp::aes_key_check_value(mac)) +
                             to_hex(gp::aes_key_check_value(dek)) + "9000");
    }
    // The targeted ISD-P is selectable (CreateISDP made it SELECTABLE): script status ok.
    CHECK(bench.posts[3].request.script_status == scp81::ScriptStatus::Ok);
    CHECK(card.admin_session()->state == State::Done);

    // The ISD-P exists for everybody afterwards: the terminal can select it.
    CHECK(card::test::send(card, gp::select(isdp).encode()).sw() == apdu::sw::ok);
}

TEST_CASE("scripts the card cannot run get an error status and no body", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.answer = [](const ReceivedPost& post) {
        switch (post.index) {
        case 0:
            // No such application: unknown-application, nothing runs (GP Amd B §3.4.1).
            return card::test::script_response({gp::get_data(0x5A)}, 1, sgp02::isdp_aid(0x77));
        case 1: {
            // A compact script is no expanded script: refused as security-error (admin_agent.md §6).
            scp81::AdminResponse compact;
            compact.kind = scp81::AdminResponse::Kind::Script;
            compact.next_uri = "/next/2";
            compact.body = "80CA005A00"_hex;
            return compact;
        }
        case 2:
            // Authority::AdminSession reaches the ISD-R only: the ISD-P's own commands still need its SCP03.
            return card::test::script_response({gp::select(isd_r), gp::get_data(0xE0)}, 3);
        default:
            return card::test::end_response();
        }
    };
    bench.pump(card::test::push_trigger(card, card::test::lab_trigger()));
    REQUIRE(bench.posts.size() == 4);
    CHECK(bench.posts[1].request.script_status == scp81::ScriptStatus::UnknownApplication);
    CHECK(bench.posts[1].request.body.empty());
    CHECK(bench.posts[2].request.script_status == scp81::ScriptStatus::SecurityError);
    CHECK(bench.posts[2].request.body.empty());
    // GET DATA E0: the ISD-R's keys now include the SCP81 keyset 40 (PSK type 85, DEK type 88).
    const std::vector<std::string> got = answers(card::test::response_script(bench.posts[3]));
    REQUIRE(got.size() == 2);
    CHECK(got[1].find("C00401408510C00402408810") != std::string::npos);
    const auto record = card.admin_session();
    CHECK(record->state == State::Done);
    CHECK(record->scripts_run == 1);
}

TEST_CASE("pull mode: the card starts a session on its own", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.answer = [](const ReceivedPost&) { return card::test::end_response(); };
    card::AdminSessionRequest request;
    request.operation = trigger::OperationType::Enabling;
    request.connection = card::test::lab_connection();
    std::string uri = "/gpadmin";       // the stored URI (PlatformSettings::admin_uri)
    std::string host = "127.0.0.1:8443"; // the destination address and port of the channel
    std::string from = agent_id();
    SECTION("stored URI, Host from the destination address") {}
    SECTION("URI, Host and agent id given") {
        request.http_post = trigger::HttpPostParameters{"smsr.lab", "agent-7", "/pull"};
        uri = "/pull";
        host = "smsr.lab";
        from = "agent-7";
    }
    card.request_admin_session(request);
    CHECK(card.admin_session()->state == State::OpeningChannel);
    CHECK(card.admin_session()->mode == trigger::ManagementMode::Pull);
    // The OPEN CHANNEL is announced with the next 91xx: any command the terminal sends (here SELECT ISD-R).
    bench.pump(card::test::send(card, gp::select(isd_r).encode()).sw());

    REQUIRE(bench.posts.size() == 1);
    const scp81::AdminRequest& first = bench.posts[0].request;
    CHECK(first.service_request ==
          scp81::ServiceRequest{trigger::OperationType::Enabling, trigger::ManagementMode::Pull});
    CHECK(first.uri == uri);
    CHECK(first.host == host);
    CHECK(first.agent_id == from);
    CHECK(bench.timers.empty()); // pull: no wait
    const auto record = card.admin_session();
    CHECK(record->state == State::Done);
    CHECK(record->trigger.extension->mode == trigger::ManagementMode::Pull);
    CHECK(record->trigger.extension->operation == trigger::OperationType::Enabling);
}

TEST_CASE("a pull request whose connection an OPEN CHANNEL cannot carry is refused", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    card::AdminSessionRequest request; // no objects at all: no buffer size
    CHECK_THROWS_AS(card.request_admin_session(request), std::invalid_argument);
    CHECK_FALSE(card.admin_session());
}

TEST_CASE("a trigger without 85, 86 and 89 uses the stored values", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.answer = [](const ReceivedPost&) { return card::test::end_response(); };
    trigger::Trigger t;
    t.session = trigger::AdminSessionParameters{};
    t.session->connection = card::test::lab_connection();
    bench.pump(card::test::push_trigger(card, t));
    REQUIRE(bench.posts.size() == 1);
    CHECK(bench.posts[0].request.uri == "/gpadmin");
    CHECK(bench.posts[0].request.host == "127.0.0.1:8443");
    CHECK(bench.posts[0].request.agent_id == agent_id());
    CHECK_FALSE(bench.posts[0].request.service_request); // no E1: no operation to ask for
    CHECK(bench.identities == std::vector<std::string>{card::test::default_psk_identity});
    CHECK(card.admin_session()->state == State::Done);
}

TEST_CASE("the trigger's 85 names the PSK identity and key", "[card][scp81]") {
    card::VirtualEuicc card(card::test::bench_config());
    AdminBench bench(card);
    bench.answer = [](const ReceivedPost&) { return card::test::end_response(); };
    trigger::Trigger t = card::test::lab_trigger();
    const std::string identity = "lab-card-0001";
    SECTION("KVN 40 KID 1 under another identity: the session runs") {
        t.session->security = trigger::SecurityParameters{Bytes(identity.begin(), identity.end()), 0x40, 0x01, {}};
        bench.pump(card::test::push_trigger(card, t));
        CHECK(bench.identities == std::vector<std::string>{identity});
        CHECK(card.admin_session()->state == State::Done);
    }
    SECTION("a key the ISD-R does not hold: the channel closes and the session fails without retrying") {
        t.session->security = trigger::SecurityParameters{Bytes(identity.begin(), identity.end()), 0x41, 0x01, {}};
        bench.pump(card::test::push_trigger(card, t));
        CHECK(bench.posts.empty());
        CHECK(bench.closes == 1);
        const auto record = card.admin_session();
        CHECK(record->state == State::Failed);
        CHECK(record->failure.find("no PSK 41/01") != std::string::npos);
        CHECK(record->retries == 0);
    }
}
