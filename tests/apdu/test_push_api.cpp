// SPDX-License-Identifier: Apache-2.0
// Push server JSON API codec (host/docs/push_server.md): documents both ways, refusals naming the JSON pointer.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include <euicc/apdu/push_api.hpp>

using namespace euicc;
using namespace euicc::push_api;

namespace {

/// The pointer the DocumentError of `json` names (fails when it parses).
template <class Parse>
std::string refused_at(Parse parse, const std::string& json) {
    try {
        static_cast<void>(parse(json));
    } catch (const DocumentError& e) {
        INFO(e.what());
        return e.pointer();
    }
    FAIL("accepted: " << json);
    return {};
}

const std::string request_text =
    R"({"request_id":"push-1","items":[{"identity":{"type":"imsi","value":"001010123456789"},)"
    R"("reader":"Virtual PCD 00 00","tpdus":["4000A1","4400A2"]},)"
    R"({"identity":{"type":"msisdn","value":"+4412345"},"tpdus":["40"]}]})";

const std::string result_text =
    R"({"request_id":"push-1","items":[{"identity":{"type":"imsi","value":"001010123456789"},)"
    R"("status":"delivered","detail":"Virtual PCD 00 00","por":"027100"},)"
    R"({"identity":{"type":"msisdn","value":"+4412345"},"status":"no_terminal","detail":"no reader"}]})";

} // namespace

TEST_CASE("push request: parse and encode", "[push_api]") {
    const PushRequest request = parse_push_request(request_text);
    CHECK(request.request_id == "push-1");
    REQUIRE(request.items.size() == 2);
    CHECK(request.items[0].identity == Identity{IdentityType::Imsi, "001010123456789"});
    CHECK(request.items[0].reader == std::optional<std::string>("Virtual PCD 00 00"));
    CHECK(request.items[0].tpdus == std::vector<Bytes>{{0x40, 0x00, 0xA1}, {0x44, 0x00, 0xA2}});
    CHECK_FALSE(request.items[1].reader);
    CHECK(encode_push_request(request) == request_text);
    // Hex of either case in, upper case out.
    const std::string lower = R"({"request_id":"r","items":[{"identity":{"type":"imsi","value":"001010123456789"},"tpdus":["0a"]}]})";
    CHECK(parse_push_request(lower).items[0].tpdus[0] == Bytes{0x0A});
    CHECK(encode_push_request(parse_push_request(lower)).find("\"0A\"") != std::string::npos);
}

TEST_CASE("push request: refusals name the member", "[push_api]") {
    const auto parse = [](const std::string& json) { return parse_push_request(json); };
    const std::string head = R"({"request_id":"r","items":[)";
    const std::string imsi = R"({"type":"imsi","value":"001010123456789"})";
    CHECK(refused_at(parse, "{") == "");
    CHECK(refused_at(parse, R"({"request_id":"r"})") == "/items");
    CHECK(refused_at(parse, R"({"request_id":"r","items":[],"x":1})") == "/x");
    CHECK(refused_at(parse, R"({"request_id":"r","items":[]})") == "/items");
    CHECK(refused_at(parse, R"({"request_id":"bad id","items":[]})") == "/request_id");
    CHECK(refused_at(parse, head + R"({"identity":)" + imsi + R"(,"tpdus":[]}]})") == "/items/0/tpdus");
    CHECK(refused_at(parse, head + R"({"identity":)" + imsi + R"(,"tpdus":["4"]}]})") == "/items/0/tpdus/0");
    CHECK(refused_at(parse, head + R"({"identity":)" + imsi + R"(,"tpdus":[""]}]})") == "/items/0/tpdus/0");
    CHECK(refused_at(parse, head + R"({"identity":)" + imsi + R"(,"tpdus":[64]}]})") == "/items/0/tpdus/0");
    CHECK(refused_at(parse, head + R"({"identity":)" + imsi + R"(,"tpdus":[")" + std::string(2 * 165, 'A') +
                                R"("]}]})") == "/items/0/tpdus/0");
    CHECK(refused_at(parse, head + R"({"identity":)" + imsi + R"(,"reader":"","tpdus":["40"]}]})") ==
          "/items/0/reader");
    CHECK(refused_at(parse, head + R"({"identity":{"type":"imsi","value":"12"},"tpdus":["40"]}]})") ==
          "/items/0/identity/value");
    CHECK(refused_at(parse, head + R"({"identity":{"type":"eid","value":"12"},"tpdus":["40"]}]})") ==
          "/items/0/identity/type");
    CHECK(refused_at(parse, head + R"({"identity":)" + imsi + R"(,"tpdus":["40"]},{"identity":)" + imsi +
                                R"(,"tpdus":["41"]}]})") == "/items/1/identity");
}

TEST_CASE("push result: parse and encode", "[push_api]") {
    const PushResult result = parse_push_result(result_text);
    REQUIRE(result.items.size() == 2);
    CHECK(result.items[0].status == DeliveryStatus::Delivered);
    CHECK(result.items[0].por == std::optional<Bytes>(Bytes{0x02, 0x71, 0x00}));
    CHECK(result.items[1].status == DeliveryStatus::NoTerminal);
    CHECK_FALSE(result.items[1].por);
    CHECK(encode_push_result(result) == result_text);

    const auto parse = [](const std::string& json) { return parse_push_result(json); };
    CHECK(refused_at(parse, R"({"request_id":"r","items":[{"identity":{"type":"imsi","value":"001010123456789"},)"
                            R"("status":"lost","detail":""}]})") == "/items/0/status");
    CHECK(refused_at(parse, R"({"request_id":"r","items":[{"identity":{"type":"imsi","value":"001010123456789"},)"
                            R"("status":"busy"}]})") == "/items/0/detail");
}

TEST_CASE("push API: status names and encoder checks", "[push_api]") {
    const auto status = GENERATE(DeliveryStatus::Delivered, DeliveryStatus::Busy, DeliveryStatus::DownloadError,
                                 DeliveryStatus::NoTerminal, DeliveryStatus::TransportError);
    CHECK(delivery_status_from_name(to_string(status)) == status);
    CHECK_FALSE(delivery_status_from_name("Delivered"));

    PushRequest request{"r", {PushItem{{IdentityType::Imsi, "001010123456789"}, std::nullopt, {}}}};
    CHECK_THROWS_AS(encode_push_request(request), std::invalid_argument);
    request.items[0].tpdus.push_back({0x40});
    CHECK_NOTHROW(encode_push_request(request));
    PushResult result{"r", {DeliveryReport{{IdentityType::Imsi, "001010123456789"}, status, "", Bytes{}}}};
    CHECK_THROWS_AS(encode_push_result(result), std::invalid_argument);
}
