// SPDX-License-Identifier: Apache-2.0
// Push server and client over loopback (host/docs/push_server.md): SCP80 triggers delivered as ENVELOPE SMS-PP
// download (TS 31.111 §7.1.1.2) to in-process virtual eUICCs, per-identity reports, auth, errors, retries.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>
#include <variant>

#include <euicc/apdu/cat_proactive.hpp>
#include <euicc/apdu/scp80.hpp>
#include <euicc/apdu/trigger_connection.hpp>
#include <euicc/card/virtual_euicc.hpp>
#include <euicc/host/counter_store.hpp>
#include <euicc/host/ota_session.hpp>
#include <euicc/host/smsr/push_client.hpp>
#include <euicc/host/smsr/push_server.hpp>
#include <euicc/transport/in_process_channel.hpp>

using namespace euicc;
using namespace euicc::literals;
using namespace std::chrono_literals;
using host::smsr::PushClient;
using host::smsr::PushClientOptions;
using push_api::DeliveryStatus;
using push_api::Identity;
using push_api::IdentityType;

namespace {

const std::string token_text = "lab-push-token-0123456789";
const Identity imsi_a{IdentityType::Imsi, "001010123456789"};
const Identity imsi_b{IdentityType::Imsi, "001010123456780"};
const Identity unknown{IdentityType::Msisdn, "+447700900123"};

SecretBytes secret(const std::string& text) {
    return SecretBytes(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

/// The virtual eUICC's lab SCP80 keyset (tests/scenarios/ota_sms_pp.cpp lab_parameters).
host::OtaParameters lab_parameters(const std::string& card) {
    host::OtaParameters p;
    p.keys = {1, SecretBytes("404142434445464748494A4B4C4D4E4F"_hex), SecretBytes("505152535455565758595A5B5C5D5E5F"_hex)};
    p.counter_key = host::make_counter_key(card, p.tar, 1);
    return p;
}

trigger::Trigger lab_trigger() {
    trigger::Trigger t;
    trigger::AdminSessionParameters admin;
    admin.connection = trigger::connection_from(trigger::tcp_client_open_channel("192.168.0.1", 8443, 1500));
    t.session = admin;
    trigger::Extension extension;
    extension.smsr_id = "SM-SR-LAB";
    extension.smsr_address = "192.168.0.1:8443";
    extension.access_control = trigger::BackoffTimer{1800s};
    t.extension = extension;
    return t;
}

/// One virtual card in one "reader": the terminal stays with the fixture so the test can read its events.
struct Bench {
    card::VirtualEuicc card{card::VirtualEuiccConfig{}};
    transport::InProcessChannel channel{card};
    host::ToolkitTerminal terminal{channel};
    bool started = false;
};

class BorrowedTerminal : public host::smsr::PushTerminal {
public:
    explicit BorrowedTerminal(host::ToolkitTerminal& terminal) : m_terminal(terminal) {}
    host::ToolkitTerminal& terminal() override { return m_terminal; }

private:
    host::ToolkitTerminal& m_terminal;
};

/// Two readers with a card each, a third without; the SM-SR side (counters, keys) and a running server.
struct Fixture {
    std::map<std::string, std::unique_ptr<Bench>> benches;
    host::MemoryCounterStore counters;
    std::unique_ptr<host::smsr::PushDelivery> delivery;
    std::unique_ptr<host::smsr::PushServer> server;

    explicit Fixture(std::uint16_t port = 0) {
        benches["reader A"] = std::make_unique<Bench>();
        benches["reader B"] = std::make_unique<Bench>();
        host::smsr::PushTerminalMap map;
        map.add(imsi_a, "reader A");
        map.add(imsi_b, "reader B");
        map.add(Identity{IdentityType::Imsi, "001010000000001"}, "empty reader");
        delivery = std::make_unique<host::smsr::PushDelivery>(
            std::move(map), [this](const std::string& reader) -> std::unique_ptr<host::smsr::PushTerminal> {
                const auto found = benches.find(reader);
                if (found == benches.end()) {
                    throw NoCardError("no card in " + reader);
                }
                Bench& bench = *found->second;
                if (!bench.started) {
                    bench.terminal.start();
                    bench.started = true;
                }
                return std::make_unique<BorrowedTerminal>(bench.terminal);
            });
        host::smsr::PushServerOptions options;
        options.port = port;
        options.token = secret(token_text);
        server = std::make_unique<host::smsr::PushServer>(std::move(options), *delivery);
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()) + "/push"; }

    /// The trigger for `card`, secured with the lab keys as the SM-SR would.
    host::PreparedPacket prepare(const std::string& card) {
        return host::prepare_trigger(lab_parameters(card), counters, lab_trigger(), std::chrono::system_clock::now());
    }
};

push_api::PushItem item_for(const Identity& identity, const host::PreparedPacket& packet) {
    push_api::PushItem item{identity, std::nullopt, {}};
    for (const sms::Deliver& part : packet.parts) {
        item.tpdus.push_back(part.encode());
    }
    return item;
}

PushClientOptions client_options(const std::string& url, const std::string& token = token_text) {
    PushClientOptions options;
    options.url = url;
    options.token = secret(token);
    options.attempts = 3;
    options.first_backoff = 10ms;
    options.request_timeout = 60s; // safety net only
    return options;
}

/// The first proactive command the card issued after the trigger's ENVELOPE.
std::optional<cat::ProactiveCommand> first_proactive(const host::ToolkitTerminal& terminal) {
    bool after_envelope = false;
    for (const host::TerminalEvent& event : terminal.events()) {
        after_envelope = after_envelope || event.kind == host::TerminalEventKind::Envelope;
        if (after_envelope && event.kind == host::TerminalEventKind::ProactiveCommand) {
            return event.command;
        }
    }
    return std::nullopt;
}

/// A raw HTTP exchange over a loopback socket (10 s receive timeout as a safety net); the whole answer.
std::string raw_http(std::uint16_t port, const std::string& text) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::send(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()));
    std::string answer;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            break;
        }
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
}

std::string post(const std::string& body, const std::string& authorization = "Bearer " + token_text) {
    return "POST /push HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n" +
           (authorization.empty() ? std::string() : "Authorization: " + authorization + "\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    socklen_t size = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

} // namespace

TEST_CASE("push: triggers delivered to virtual eUICCs, unknown identities reported", "[smsr][push]") {
    Fixture fixture;
    fixture.server->start();
    const host::PreparedPacket packet_a = fixture.prepare("card A");
    const host::PreparedPacket packet_b = fixture.prepare("card B");
    push_api::PushRequest request{"push-1", {item_for(imsi_a, packet_a), item_for(unknown, packet_a),
                                             item_for(imsi_b, packet_b),
                                             item_for(Identity{IdentityType::Imsi, "001010000000001"}, packet_b)}};

    PushClient client(client_options(fixture.url()));
    const push_api::PushResult result = client.send(request);
    CHECK(result.request_id == "push-1");
    REQUIRE(result.items.size() == 4);

    for (const std::size_t i : {0u, 2u}) {
        CAPTURE(i, result.items[i].detail);
        CHECK(result.items[i].identity == request.items[i].identity);
        CHECK(result.items[i].status == DeliveryStatus::Delivered);
        REQUIRE(result.items[i].por);
        // The SM-SR, which holds the keys and the header, reads the PoR (TS 102 225 §5.2).
        const host::PreparedPacket& packet = i == 0 ? packet_a : packet_b;
        const auto por = scp80::unwrap_response(*result.items[i].por, packet.header,
                                                lab_parameters(i == 0 ? "card A" : "card B").keys);
        CHECK(por.status == scp80::ResponseStatus::PorOk);
    }
    // The cards act on the trigger: TIMER MANAGEMENT for the access time, or OPEN CHANNEL at once.
    for (const char* reader : {"reader A", "reader B"}) {
        const auto command = first_proactive(fixture.benches.at(reader)->terminal);
        REQUIRE(command);
        CHECK((std::holds_alternative<cat::TimerManagement>(*command) ||
               std::holds_alternative<cat::OpenChannel>(*command)));
    }
    CHECK(result.items[1].identity == unknown);
    CHECK(result.items[1].status == DeliveryStatus::NoTerminal);
    CHECK_FALSE(result.items[1].por);
    CHECK(result.items[3].status == DeliveryStatus::NoTerminal);
    CHECK(result.items[3].detail.find("empty reader") != std::string::npos);

    // A replayed trigger is delivered too, but the card refuses its counter in the PoR (TS 102 225 §5.1.1).
    const push_api::PushResult again = client.send(push_api::PushRequest{"push-2", {item_for(imsi_a, packet_a)}});
    REQUIRE(again.items.at(0).por);
    CHECK(scp80::unwrap_response(*again.items[0].por, packet_a.header, lab_parameters("card A").keys).status ==
          scp80::ResponseStatus::CounterLow);
}

TEST_CASE("push: the reader hint overrides the map", "[smsr][push]") {
    Fixture fixture;
    fixture.server->start();
    push_api::PushItem item = item_for(unknown, fixture.prepare("card B"));
    item.reader = "reader B";
    const auto result = PushClient(client_options(fixture.url())).send(push_api::PushRequest{"hint", {item}});
    CHECK(result.items.at(0).status == DeliveryStatus::Delivered);
    CHECK(result.items.at(0).detail.find("reader B") != std::string::npos);
}

TEST_CASE("push: authentication, routing and malformed requests", "[smsr][push]") {
    Fixture fixture;
    fixture.server->start();
    const std::uint16_t port = fixture.server->port();

    SECTION("wrong or missing token: 401, and the client names the URL but not the token") {
        PushClient client(client_options(fixture.url(), "not-the-token"));
        try {
            client.send(push_api::PushRequest{"r", {item_for(imsi_a, fixture.prepare("card A"))}});
            FAIL("accepted a wrong token");
        } catch (const host::smsr::PushRejectedError& e) {
            CHECK(e.http_status() == 401);
            CHECK(std::string(e.what()).find(fixture.url()) != std::string::npos);
            CHECK(std::string(e.what()).find("not-the-token") == std::string::npos);
        }
        CHECK(raw_http(port, post("{}", "")).rfind("HTTP/1.1 401", 0) == 0);
        CHECK(raw_http(port, post("{}", "Basic " + token_text)).rfind("HTTP/1.1 401", 0) == 0);
        // Nothing reached a card.
        CHECK_FALSE(fixture.benches.at("reader A")->started);
    }
    SECTION("malformed JSON or TPDU: 400 naming the member") {
        const std::string bad_json = raw_http(port, post("{\"request_id\":"));
        CHECK(bad_json.rfind("HTTP/1.1 400", 0) == 0);
        const std::string bad_member = raw_http(port, post(R"({"request_id":"r","items":[]})"));
        CHECK(bad_member.rfind("HTTP/1.1 400", 0) == 0);
        CHECK(bad_member.find("/items") != std::string::npos);
        const std::string bad_tpdu = raw_http(
            port, post(R"({"request_id":"r","items":[{"identity":{"type":"imsi","value":"001010123456789"},)"
                       R"("tpdus":["0100"]}]})"));
        CHECK(bad_tpdu.rfind("HTTP/1.1 400", 0) == 0);
        CHECK(bad_tpdu.find("/items/0/tpdus/0") != std::string::npos);
        CHECK_FALSE(fixture.benches.at("reader A")->started);
    }
    SECTION("other paths 404, other methods 405") {
        CHECK(raw_http(port, "GET /other HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").rfind("HTTP/1.1 404", 0) ==
              0);
        const std::string get = raw_http(port, "GET /push HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        CHECK(get.rfind("HTTP/1.1 405", 0) == 0);
        CHECK(get.find("Allow: POST") != std::string::npos);
    }
}

TEST_CASE("push client: retries until a late server answers, gives up on a dead one", "[smsr][push]") {
    const std::uint16_t port = free_port();
    Fixture fixture(port);
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/push";
    const push_api::PushRequest request{"late", {item_for(imsi_a, fixture.prepare("card A"))}};

    SECTION("the server starts after the first refused attempt") {
        PushClientOptions options = client_options(url);
        std::vector<std::string> reasons;
        options.on_retry = [&](unsigned attempt, const std::string& reason) {
            reasons.push_back(reason);
            if (attempt == 1) {
                fixture.server->start();
            }
        };
        const auto result = PushClient(std::move(options)).send(request);
        CHECK(result.items.at(0).status == DeliveryStatus::Delivered);
        REQUIRE(reasons.size() == 1);
        CHECK(reasons[0].find("onnect") != std::string::npos);
    }
    SECTION("no server at all: TransportError naming the URL after every attempt") {
        PushClientOptions options = client_options(url);
        unsigned retries = 0;
        options.on_retry = [&](unsigned, const std::string&) { ++retries; };
        try {
            PushClient(std::move(options)).send(request);
            FAIL("no error without a server");
        } catch (const TransportError& e) {
            CHECK(std::string(e.what()).find(url) != std::string::npos);
            CHECK(std::string(e.what()).find(token_text) == std::string::npos);
        }
        CHECK(retries == 2);
    }
}

TEST_CASE("push terminal map: JSON object of identity -> reader", "[smsr][push]") {
    const auto map = host::smsr::PushTerminalMap::parse(
        R"({"imsi:001010123456789": "Virtual PCD 00 00", "msisdn:+447700900123": "Virtual PCD 00 01"})");
    CHECK(map.size() == 2);
    CHECK(map.reader_for(imsi_a) == std::optional<std::string>("Virtual PCD 00 00"));
    CHECK(map.reader_for(unknown) == std::optional<std::string>("Virtual PCD 00 01"));
    CHECK_FALSE(map.reader_for(imsi_b));

    const auto pointer_of = [](const std::string& json) {
        try {
            static_cast<void>(host::smsr::PushTerminalMap::parse(json));
        } catch (const push_api::DocumentError& e) {
            return e.pointer();
        }
        return std::string("accepted");
    };
    CHECK(pointer_of("[]") == "");
    CHECK(pointer_of("{") == "");
    CHECK(pointer_of(R"({"eid:1": "r"})") == "/eid:1");
    CHECK(pointer_of(R"({"imsi:": "r"})") == "/imsi:");
    CHECK(pointer_of(R"({"imsi:1/2": 3})") == "/imsi:1~12");
    CHECK(pointer_of(R"({"imsi:1": ""})") == "/imsi:1");
}

namespace {

/// A card whose toolkit answers every ENVELOPE with the next status word of `answers` (then 9000), and
/// TERMINAL PROFILE with 9000.
class EnvelopeAnswers : public transport::CardEndpoint {
public:
    explicit EnvelopeAnswers(std::vector<std::uint16_t> answers) : m_answers(std::move(answers)) {}
    Bytes atr() const override { return {0x3B, 0x00}; }
    void power_on() override {}
    void power_off() override {}
    void reset() override {}
    Bytes process(ByteView command) noexcept override {
        if (command.size() >= 2 && command[1] == 0xC2) {
            ++envelopes;
            const std::uint16_t sw = m_next < m_answers.size() ? m_answers[m_next++] : 0x9000;
            return {static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw & 0xFF)};
        }
        return {0x90, 0x00};
    }
    std::size_t envelopes = 0;

private:
    std::vector<std::uint16_t> m_answers;
    std::size_t m_next = 0;
};

push_api::PushResult deliver_to(EnvelopeAnswers& card, std::size_t parts = 1) {
    transport::InProcessChannel channel(card);
    host::ToolkitTerminal terminal(channel);
    host::smsr::PushTerminalMap map;
    map.add(imsi_a, "scripted");
    host::smsr::PushDeliveryOptions options;
    options.busy_attempts = 3;
    options.busy_pause = 0ms;
    host::smsr::PushDelivery delivery(
        std::move(map),
        [&terminal](const std::string&) { return std::make_unique<BorrowedTerminal>(terminal); },
        options);
    host::MemoryCounterStore counters;
    const auto packet = host::prepare_trigger(lab_parameters("card A"), counters, lab_trigger(),
                                              std::chrono::system_clock::now());
    push_api::PushItem item = item_for(imsi_a, packet);
    while (item.tpdus.size() < parts) {
        item.tpdus.push_back(item.tpdus.front());
    }
    return delivery.deliver(push_api::PushRequest{"scripted", {item}});
}

} // namespace

TEST_CASE("push delivery: toolkit busy retried, download errors and failures reported", "[smsr][push]") {
    SECTION("9300 twice, then taken") {
        EnvelopeAnswers card({0x9300, 0x9300});
        const auto report = deliver_to(card).items.at(0);
        CHECK(report.status == DeliveryStatus::Delivered);
        CHECK_FALSE(report.por);
        CHECK(card.envelopes == 3);
    }
    SECTION("9300 on every attempt: busy") {
        EnvelopeAnswers card({0x9300, 0x9300, 0x9300, 0x9300});
        const auto report = deliver_to(card).items.at(0);
        CHECK(report.status == DeliveryStatus::Busy);
        CHECK(report.detail.find("9300") != std::string::npos);
        CHECK(card.envelopes == 3);
    }
    SECTION("each part retried on its own") {
        EnvelopeAnswers card({0x9000, 0x9300, 0x9000});
        CHECK(deliver_to(card, 2).items.at(0).status == DeliveryStatus::Delivered);
        CHECK(card.envelopes == 3);
    }
    SECTION("6300 without data: download error, later parts not sent") {
        EnvelopeAnswers card({0x6300});
        CHECK(deliver_to(card, 2).items.at(0).status == DeliveryStatus::DownloadError);
        CHECK(card.envelopes == 1);
    }
    SECTION("a status word the terminal refuses: transport error for the identity") {
        EnvelopeAnswers card({0x6F00});
        const auto report = deliver_to(card).items.at(0);
        CHECK(report.status == DeliveryStatus::TransportError);
        CHECK(report.detail.find("scripted") != std::string::npos);
    }
}
