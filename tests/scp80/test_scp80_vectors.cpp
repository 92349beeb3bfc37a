// SPDX-License-Identifier: Apache-2.0
// Every test vector of spec/scp80.md (TS 102 225 / TS 31.115) in both directions, command packets and PoRs.
#include <catch2/catch.hpp>

#include <euicc/apdu/scp80.hpp>

#include "scp80_vectors.hpp"

using namespace euicc::scp80;
using namespace scp80_test;

TEST_CASE("wrap_command reproduces every published command packet", "[scp80][vectors]") {
    for (const auto& v : command_vectors()) {
        CAPTURE(v.name);
        CHECK(euicc::to_hex(wrap_command(v.header, v.keys, v.secured_data)) == euicc::to_hex(v.packet));
    }
}

TEST_CASE("unwrap_command recovers header and script of every published command packet", "[scp80][vectors]") {
    for (const auto& v : command_vectors()) {
        CAPTURE(v.name);
        // The stored counter is below the packet's, as a card that accepted earlier packets would hold it.
        const std::uint64_t stored = v.header.counter == 0 ? 0 : v.header.counter - 1;
        const auto result = unwrap_command(v.packet, single_entity(v.header.tar, v.keys, stored));
        REQUIRE(result.accepted());
        CHECK(result.status() == ResponseStatus::PorOk);
        CHECK(result.command().header == v.header);
        CHECK(euicc::to_hex(result.command().secured_data) == euicc::to_hex(v.secured_data));
    }
}

TEST_CASE("unwrap_response decodes every published PoR", "[scp80][vectors]") {
    for (const auto& v : por_vectors()) {
        CAPTURE(v.name);
        const ResponsePacket por = unwrap_response(v.user_data, v.sent, v.keys);
        CHECK(por.tar == v.sent.tar);
        CHECK(por.status == v.status);
        CHECK(por.secured == v.secured);
        if (v.data) {
            CHECK(euicc::to_hex(por.data) == euicc::to_hex(*v.data));
        }
        if (v.status == ResponseStatus::PorOk) {
            CHECK(por.counter == v.sent.counter);
        }
        // The Response Packet without its UDH decodes the same (the CC still covers 02 71 00).
        const ResponsePacket bare = unwrap_response(euicc::ByteView(v.user_data).subspan(3), v.sent, v.keys);
        CHECK(bare.data == por.data);
        CHECK(bare.status == por.status);
    }
}

TEST_CASE("wrap_response reproduces every published PoR", "[scp80][vectors]") {
    for (const auto& v : por_vectors()) {
        CAPTURE(v.name);
        const ResponsePacket por = unwrap_response(v.user_data, v.sent, v.keys);
        CHECK(euicc::to_hex(wrap_response(v.sent, v.keys, por.status, por.data)) ==
              euicc::to_hex(v.user_data));
    }
}

TEST_CASE("The published intermediate values: PoR data of the live exchange and the replay PoR",
          "[scp80][vectors]") {
    // scp80.md C: the PoR for CNTR 100 echoes 0000000064.
    const auto vectors = por_vectors();
    const auto& cntr100 = vectors[7];
    REQUIRE(cntr100.name == "C PoR CNTR 100");
    const ResponsePacket por = unwrap_response(cntr100.user_data, cntr100.sent, cntr100.keys);
    CHECK(por.counter == 100);
    CHECK(euicc::to_hex(por.data).substr(0, 6) == "029000");
    // The unsecured error PoR comes out of both the card-side builders.
    CommandRejection rejection;
    rejection.status = ResponseStatus::UnidentifiedSecurityError;
    rejection.tar = tar_b00010;
    CHECK(euicc::to_hex(wrap_error_response(rejection)) == "027100000B0AB0001000000000000006");
}
