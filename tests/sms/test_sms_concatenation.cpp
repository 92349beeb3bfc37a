// SPDX-License-Identifier: Apache-2.0
// Tests for concatenated secured packets (TS 31.115 §4, TS 23.040 §9.2.3.24.1/.8; spec/sms.md §4): split, reassembly.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <euicc/apdu/sms_concatenation.hpp>
#include <euicc/error.hpp>

#include "apdu/codec_error_check.hpp"

using namespace euicc;
using namespace euicc::sms;
using namespace euicc::literals;

namespace {

const Address sender = Address::international("4915112345678");
const Timestamp scts{24, 1, 31, 12, 0, 0, 4};

Bytes packet_of(std::size_t size) {
    Bytes p(size);
    for (std::size_t i = 0; i < size; ++i) {
        p[i] = static_cast<std::uint8_t>(i * 31 + 7);
    }
    return p;
}

// Each part goes through the full TPDU encoding and back, as a receiver would see it.
std::vector<Deliver> over_the_air(const std::vector<UserData>& parts, const Address& from = sender) {
    std::vector<Deliver> out;
    for (const UserData& ud : parts) {
        out.push_back(Deliver::decode(make_sms_pp_deliver(from, scts, ud).encode()));
    }
    return out;
}

Deliver part(std::uint8_t reference, std::uint8_t total, std::uint8_t sequence, Bytes body,
             const Address& from = sender) {
    UserData ud{Udh{{Concatenation{reference, false, total, sequence}.to_element()}}, std::move(body)};
    return make_sms_pp_deliver(from, scts, std::move(ud));
}

Bytes udh_bytes(const UserData& ud) { return ud.header->encode(); }

} // namespace

TEST_CASE("split: a packet of up to 137 octets is one SMS with 02 70 00", "[sms][concat]") {
    for (std::size_t size : {1u, 34u, 137u}) {
        CAPTURE(size);
        const auto parts = split_command_packet(packet_of(size), ConcatenationReference::eight_bit(9));
        REQUIRE(parts.size() == 1);
        CHECK(udh_bytes(parts[0]) == "027000"_hex);
        CHECK(parts[0].body == packet_of(size));
        CHECK(make_sms_pp_deliver(sender, scts, parts[0]).encode().size() <= 1 + 9 + 2 + 7 + 1 + 140);
    }
    CHECK(udh_bytes(split_response_packet(packet_of(10), {})[0]) == "027100"_hex);
}

TEST_CASE("split: 300 octets with an 8-bit reference (132 + 134 + 34)", "[sms][concat]") {
    const Bytes packet = packet_of(300);
    const auto parts = split_command_packet(packet, ConcatenationReference::eight_bit(0x5A));
    REQUIRE(parts.size() == 3);
    CHECK(udh_bytes(parts[0]) == "077000 00035A0301"_hex);
    CHECK(udh_bytes(parts[1]) == "0500035A0302"_hex);
    CHECK(udh_bytes(parts[2]) == "0500035A0303"_hex);
    CHECK(parts[0].body.size() == 132);
    CHECK(parts[1].body.size() == 134);
    CHECK(parts[2].body.size() == 34);
    for (const UserData& ud : parts) {
        CHECK(ud.header->encoded_size() + ud.body.size() <= max_user_data_octets);
    }
    Bytes joined;
    for (const UserData& ud : parts) {
        append(joined, ud.body);
    }
    CHECK(joined == packet);
}

TEST_CASE("split: 16-bit reference uses IEI 08 (131 + 133 + 36)", "[sms][concat]") {
    const auto parts = split_command_packet(packet_of(300), ConcatenationReference::wide(0x1234));
    REQUIRE(parts.size() == 3);
    CHECK(udh_bytes(parts[0]) == "0870000804123403 01"_hex);
    CHECK(udh_bytes(parts[1]) == "06080412340302"_hex);
    CHECK(parts[0].body.size() == 131);
    CHECK(parts[1].body.size() == 133);
    CHECK(parts[2].body.size() == 36);
}

TEST_CASE("split: boundaries and bad arguments", "[sms][concat]") {
    CHECK(split_command_packet(packet_of(138), {}).size() == 2);
    CHECK(split_command_packet(packet_of(132 + 134), {}).size() == 2);
    CHECK(split_command_packet(packet_of(132 + 134 + 1), {}).size() == 3);
    CHECK(split_command_packet(packet_of(132 + 254 * 134), {}).size() == 255);
    CHECK_THROWS_AS(split_command_packet(packet_of(132 + 254 * 134 + 1), {}), std::invalid_argument);
    CHECK_THROWS_AS(split_command_packet(Bytes{}, {}), std::invalid_argument);
    CHECK_THROWS_AS(split_command_packet(packet_of(300), ConcatenationReference{256, false}), std::invalid_argument);
}

TEST_CASE("Reassembler: any arrival order gives the packet back, once", "[sms][concat][reassembly]") {
    const Bytes packet = packet_of(300);
    const auto reference = GENERATE(ConcatenationReference::eight_bit(0x42), ConcatenationReference::wide(0xBEEF));
    const std::vector<Deliver> sms = over_the_air(split_command_packet(packet, reference));
    REQUIRE(sms.size() == 3);
    std::vector<std::size_t> order(sms.size());
    std::iota(order.begin(), order.end(), 0);
    do {
        CAPTURE(order);
        Reassembler r;
        CHECK_FALSE(r.add(sms[order[0]]));
        CHECK_FALSE(r.add(sms[order[1]]));
        REQUIRE(r.pending().size() == 1);
        CHECK(r.pending()[0] == ConcatenationKey{sender, reference.value, reference.sixteen_bit, 3});
        const auto message = r.add(sms[order[2]]);
        REQUIRE(message);
        CHECK(message->body == packet);
        CHECK(message->command_packet);
        CHECK_FALSE(message->response_packet);
        CHECK(message->parts == 3);
        CHECK(r.pending().empty());
    } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("Reassembler: a single SMS passes through with its identifier flag", "[sms][concat][reassembly]") {
    Reassembler r;
    const auto parts = split_response_packet(packet_of(20), {});
    const auto message = r.add(over_the_air(parts)[0]);
    REQUIRE(message);
    CHECK(message->body == packet_of(20));
    CHECK(message->response_packet);
    CHECK(message->parts == 1);
    CHECK(r.pending().empty());
}

TEST_CASE("Reassembler: duplicates", "[sms][concat][reassembly]") {
    Reassembler r;
    CHECK_FALSE(r.add(part(7, 2, 1, "1111"_hex)));
    SECTION("an identical copy is ignored") {
        CHECK_FALSE(r.add(part(7, 2, 1, "1111"_hex)));
        const auto message = r.add(part(7, 2, 2, "2222"_hex));
        REQUIRE(message);
        CHECK(message->body == "11112222"_hex);
    }
    SECTION("a copy with other content is an error and keeps the first") {
        // UD of the part: 05 00 03 07 02 01 ...: the sequence number is at offset 5.
        CHECK_CODEC_ERROR(r.add(part(7, 2, 1, "1112"_hex)), "SMS concatenation", 5);
        const auto message = r.add(part(7, 2, 2, "2222"_hex));
        REQUIRE(message);
        CHECK(message->body == "11112222"_hex);
    }
}

TEST_CASE("Reassembler: a missing part never yields a half message", "[sms][concat][reassembly]") {
    const std::vector<Deliver> sms = over_the_air(split_command_packet(packet_of(300), {0x11, false}));
    Reassembler r;
    CHECK_FALSE(r.add(sms[0]));
    CHECK_FALSE(r.add(sms[2]));
    const ConcatenationKey key{sender, 0x11, false, 3};
    REQUIRE(r.pending() == std::vector<ConcatenationKey>{key});
    CHECK(r.missing_parts(key) == std::vector<std::uint8_t>{2});
    CHECK(r.describe_missing(key) == "part 2 of 3 missing");
    CHECK_FALSE(r.add(sms[2])); // a retransmission does not complete it either

    Reassembler many;
    CHECK_FALSE(many.add(sms[1]));
    CHECK(many.describe_missing(key) == "parts 1, 3 of 3 missing");

    SECTION("expire drops it; a late part starts over") {
        r.expire({key});
        CHECK(r.pending().empty());
        CHECK(r.describe_missing(key) == "no pending message");
        CHECK_FALSE(r.add(sms[1]));
        CHECK(r.missing_parts(key) == std::vector<std::uint8_t>{1, 3});
    }
    SECTION("clear drops everything") {
        r.clear();
        CHECK(r.pending().empty());
        CHECK(r.missing_parts(key).empty());
    }
}

TEST_CASE("Reassembler: messages are keyed by sender, reference, total and IE kind", "[sms][concat][reassembly]") {
    const Address other = Address::international("4917700000");
    Reassembler r;
    CHECK_FALSE(r.add(part(1, 2, 1, "A1"_hex)));
    CHECK_FALSE(r.add(part(1, 2, 2, "B2"_hex, other)));  // same reference, other sender
    CHECK_FALSE(r.add(part(1, 3, 2, "C2"_hex)));         // same reference, other total
    UserData wide{Udh{{Concatenation{1, true, 2, 2}.to_element()}}, "D2"_hex};
    CHECK_FALSE(r.add(make_sms_pp_deliver(sender, scts, wide))); // 16-bit IE, same value
    CHECK(r.pending().size() == 4);
    const auto message = r.add(part(1, 2, 2, "A2"_hex));
    REQUIRE(message);
    CHECK(message->body == "A1A2"_hex);
    CHECK(r.pending().size() == 3);
}

TEST_CASE("Reassembler: invalid concatenation values are CodecErrors", "[sms][concat][reassembly][negative]") {
    Reassembler r;
    // UD layout 05 00 03 ref total seq: total at offset 4, sequence at 5.
    CHECK_CODEC_ERROR(r.add(part(1, 0, 1, "00"_hex)), "SMS concatenation", 4);
    CHECK_CODEC_ERROR(r.add(part(1, 2, 0, "00"_hex)), "SMS concatenation", 5);
    CHECK_CODEC_ERROR(r.add(part(1, 2, 3, "00"_hex)), "SMS concatenation", 5);
    CHECK(r.pending().empty()); // nothing of a rejected part is kept
    SECTION("offsets follow the IE position: 16-bit IE after 70 00") {
        UserData ud{Udh{{{iei::command_packet, {}}, Concatenation{0x0102, true, 2, 9}.to_element()}}, "00"_hex};
        CHECK_CODEC_ERROR(r.add(make_sms_pp_deliver(sender, scts, ud)), "SMS concatenation", 8);
    }
    SECTION("a part with another DCS") {
        CHECK_FALSE(r.add(part(3, 2, 1, "00"_hex)));
        Deliver text = part(3, 2, 2, "00"_hex);
        text.dcs = dcs::gsm7_default;
        CHECK_CODEC_ERROR(r.add(text), "SMS concatenation", 0);
    }
}

TEST_CASE("Reassembler: the number of pending messages is bounded", "[sms][concat][reassembly][negative]") {
    Reassembler r(2);
    CHECK_FALSE(r.add(part(1, 2, 1, "01"_hex)));
    CHECK_FALSE(r.add(part(2, 2, 1, "02"_hex)));
    CHECK_CODEC_ERROR(r.add(part(3, 2, 1, "03"_hex)), "SMS concatenation", 0);
    CHECK_FALSE(r.add(part(1, 2, 1, "01"_hex))); // parts of known messages are still taken
    REQUIRE(r.add(part(2, 2, 2, "22"_hex)));
    CHECK_FALSE(r.add(part(3, 2, 1, "03"_hex))); // room again
}
