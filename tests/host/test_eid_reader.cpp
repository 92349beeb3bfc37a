// SPDX-License-Identifier: Apache-2.0
// read_eid against a scripted card: the exact APDU sequence and every failure path.
#include <catch2/catch.hpp>

#include <euicc/error.hpp>
#include <euicc/host/eid_reader.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

using namespace euicc;
using namespace euicc::literals;
using transport::ScriptedCard;

namespace {

const Bytes select_ecasd = "00A4040010A0000005591010FFFFFFFF890000020000"_hex;
const Bytes get_eid = "80CA005A00"_hex;

} // namespace

TEST_CASE("read_eid sends SELECT ECASD then GET DATA 5A", "[host]") {
    ScriptedCard card({{select_ecasd, "6F1284 10A0000005591010FFFFFFFF8900000200 9000"_hex},
                       {get_eid, "5A1089049032123451234512345678901235 9000"_hex}});
    transport::InProcessChannel channel(card);
    CHECK(host::read_eid(channel) == "89049032123451234512345678901235");
    CHECK(card.finished());
    CHECK(card.failures().empty());
}

TEST_CASE("read_eid on logical channel 5 uses CLA 01/81 -> 41/C1", "[host]") {
    ScriptedCard card({{"41A4040010A0000005591010FFFFFFFF890000020000"_hex, "9000"_hex},
                       {"C1CA005A00"_hex, "5A1089049032123451234512345678901235 9000"_hex}});
    transport::InProcessChannel channel(card);
    CHECK(host::read_eid(channel, 5) == "89049032123451234512345678901235");
    CHECK(card.failures().empty());
}

TEST_CASE("read_eid reports the failing command and SW", "[host]") {
    SECTION("SELECT refused") {
        ScriptedCard card({{select_ecasd, "6A82"_hex}});
        transport::InProcessChannel channel(card);
        try {
            host::read_eid(channel);
            FAIL("no exception");
        } catch (const StatusWordError& e) {
            CHECK(e.command() == "SELECT ECASD");
            CHECK(e.sw() == apdu::sw::not_found);
        }
    }
    SECTION("GET DATA refused") {
        ScriptedCard card({{select_ecasd, "9000"_hex}, {get_eid, "6A88"_hex}});
        transport::InProcessChannel channel(card);
        CHECK_THROWS_AS(host::read_eid(channel), StatusWordError);
    }
    SECTION("wrong tag") {
        ScriptedCard card(
            {{select_ecasd, "9000"_hex}, {get_eid, "4F1089049032123451234512345678901235 9000"_hex}});
        transport::InProcessChannel channel(card);
        CHECK_THROWS_AS(host::read_eid(channel), CodecError);
    }
    SECTION("bad check digits") {
        ScriptedCard card(
            {{select_ecasd, "9000"_hex}, {get_eid, "5A1089049032123451234512345678901234 9000"_hex}});
        transport::InProcessChannel channel(card);
        CHECK_THROWS_AS(host::read_eid(channel), CodecError);
    }
    SECTION("truncated TLV") {
        ScriptedCard card({{select_ecasd, "9000"_hex}, {get_eid, "5A10890490 9000"_hex}});
        transport::InProcessChannel channel(card);
        CHECK_THROWS_AS(host::read_eid(channel), CodecError);
    }
}
