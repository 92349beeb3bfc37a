// SPDX-License-Identifier: Apache-2.0
// Tests for TERMINAL PROFILE (ETSI TS 102 223 §5.2, TS 31.111 §5.2; spec/cat.md §2 and its vectors).
#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/cat_terminal_profile.hpp>

using namespace euicc;
using namespace euicc::literals;

namespace {

// decode() keeps the profile length in other_bits; for a profile built from flags those bits are all zero.
cat::TerminalProfile decoded_flags(ByteView raw) {
    cat::TerminalProfile p = cat::decode_terminal_profile(raw);
    CHECK(p.other_bits == Bytes(raw.size(), 0));
    p.other_bits.clear();
    return p;
}

} // namespace

TEST_CASE("TERMINAL PROFILE of a real modem decodes to its capabilities", "[cat][terminal_profile]") {
    // pySim-trace_test_gsmtap.pcapng: 80 10 00 00 1E <30 bytes> -> 9000.
    const Bytes raw = "ffffffff7f9d00dfbf00001fe2000000c36b000700004000500000000008"_hex;
    REQUIRE(raw.size() == 30);
    const cat::TerminalProfile p = cat::decode_terminal_profile(raw);

    // Bytes 1-4 are all ones.
    CHECK(p.sms_pp_data_download);
    CHECK(p.timer_expiration);
    CHECK(p.command_result);
    CHECK(p.more_time);
    CHECK(p.poll_interval);
    CHECK(p.polling_off);
    CHECK(p.refresh);
    CHECK(p.display_text);
    CHECK(p.send_short_message);
    CHECK(p.provide_local_info_location);
    // Byte 5 = 7F: SET UP EVENT LIST .. idle screen, no card reader status.
    CHECK(p.set_up_event_list);
    CHECK(p.event_idle_screen_available);
    CHECK_FALSE(p.event_card_reader_status);
    // Byte 6 = 9D: language selection, data available, channel status, access technology, search mode.
    CHECK(p.event_language_selection);
    CHECK_FALSE(p.event_browser_termination);
    CHECK(p.event_data_available);
    CHECK(p.event_channel_status);
    CHECK(p.event_access_technology_change);
    CHECK_FALSE(p.event_display_parameters_changed);
    CHECK_FALSE(p.event_local_connection);
    CHECK(p.event_network_search_mode_change);
    // Byte 7 = 00: no multiple-card commands.
    CHECK_FALSE(p.power_on_card);
    // Byte 8 = DF: timers, date/time, ... but not RUN AT COMMAND (b6).
    CHECK(p.timer_management_start_stop);
    CHECK(p.timer_management_get_value);
    CHECK(p.set_up_idle_mode_text);
    CHECK_FALSE(p.run_at_command);
    CHECK(p.call_control_second_capability);
    // Byte 12 = 1F: OPEN/CLOSE CHANNEL, RECEIVE/SEND DATA, GET CHANNEL STATUS; no service search.
    CHECK(p.open_channel);
    CHECK(p.close_channel);
    CHECK(p.receive_data);
    CHECK(p.send_data);
    CHECK(p.get_channel_status);
    CHECK_FALSE(p.service_search);
    // Byte 13 = E2: GPRS + 7 channels.
    CHECK(p.bearer_packet);
    CHECK_FALSE(p.bearer_csd);
    CHECK(p.number_of_channels == 7);
    // Byte 17 = C3: TCP and UDP client remote, E-UTRAN, HSDPA.
    CHECK(p.tcp_client_remote);
    CHECK(p.udp_client_remote);
    CHECK_FALSE(p.tcp_server);
    CHECK(p.bearer_eutran);
    CHECK(p.bearer_hsdpa);
    // Byte 18 = 6B: b3 USB bearer is not set (6B = 0110 1011).
    CHECK_FALSE(p.bearer_usb);

    // Lossless: the unnamed bits (byte 10-11 soft keys, 19+, ...) and the 30-byte length survive.
    CHECK(p.other_bits.size() == 30);
    CHECK(cat::encode(p) == raw);
}

TEST_CASE("TERMINAL PROFILE builder gives the constructed SGP.02 host profile", "[cat][terminal_profile]") {
    // spec/cat.md §2: 80 10 00 00 11 2301e842010c00030000001f2220000003
    cat::TerminalProfile p;
    p.profile_download = true;
    p.sms_pp_data_download = true;
    p.timer_expiration = true;
    p.command_result = true;
    p.more_time = true;
    p.poll_interval = true;
    p.polling_off = true;
    p.refresh = true;
    p.send_short_message = true;
    p.provide_local_info_location = true;
    p.set_up_event_list = true;
    p.event_data_available = true;
    p.event_channel_status = true;
    p.timer_management_start_stop = true;
    p.timer_management_get_value = true;
    p.open_channel = true;
    p.close_channel = true;
    p.receive_data = true;
    p.send_data = true;
    p.get_channel_status = true;
    p.bearer_packet = true;
    p.number_of_channels = 1;
    p.no_display = true;
    p.tcp_client_remote = true;
    p.udp_client_remote = true;

    CHECK(cat::encode(p) == "2301e842010c00030000001f2220000003"_hex);
    CHECK(cat::terminal_profile_apdu(p).encode() == "80100000112301e842010c00030000001f2220000003"_hex);
    CHECK(decoded_flags(cat::encode(p)) == p);
}

TEST_CASE("TERMINAL PROFILE bits: one flag each, positions as in TS 102 223 §5.2", "[cat][terminal_profile]") {
    const auto bits = cat::terminal_profile_bits();
    std::set<std::pair<int, int>> positions;
    for (const auto& bit : bits) {
        CAPTURE(bit.name);
        REQUIRE(bit.bit >= 1);
        REQUIRE(bit.bit <= 8);
        CHECK(positions.insert({bit.byte, bit.bit}).second); // no position named twice
        cat::TerminalProfile p;
        p.*bit.member = true;
        const Bytes encoded = cat::encode(p);
        REQUIRE(encoded.size() == bit.byte);
        CHECK(encoded.back() == (1U << (bit.bit - 1)));
        CHECK(decoded_flags(encoded) == p);
    }
    // A few positions pinned against spec/cat.md §2 (confirmed by Wireshark's decoder).
    auto position_of = [&bits](bool cat::TerminalProfile::*member) {
        for (const auto& bit : bits) {
            if (bit.member == member) {
                return std::pair<int, int>{bit.byte, bit.bit};
            }
        }
        return std::pair<int, int>{0, 0};
    };
    CHECK(position_of(&cat::TerminalProfile::sms_pp_data_download) == std::pair{1, 2});
    CHECK(position_of(&cat::TerminalProfile::timer_expiration) == std::pair{1, 6});
    CHECK(position_of(&cat::TerminalProfile::polling_off) == std::pair{3, 7});
    CHECK(position_of(&cat::TerminalProfile::send_short_message) == std::pair{4, 2});
    CHECK(position_of(&cat::TerminalProfile::event_channel_status) == std::pair{6, 4});
    CHECK(position_of(&cat::TerminalProfile::timer_management_get_value) == std::pair{8, 2});
    CHECK(position_of(&cat::TerminalProfile::get_channel_status) == std::pair{12, 5});
    CHECK(position_of(&cat::TerminalProfile::udp_client_remote) == std::pair{17, 2});
    CHECK(position_of(&cat::TerminalProfile::bearer_eutran) == std::pair{17, 7});
}

TEST_CASE("TERMINAL PROFILE edge cases", "[cat][terminal_profile]") {
    SECTION("absent bytes mean not supported") {
        const auto p = cat::decode_terminal_profile("0002"_hex); // only byte 2 b2
        CHECK(p.call_control_by_naa);
        CHECK_FALSE(p.open_channel);
        CHECK(p.number_of_channels == 0);
        CHECK(cat::encode(p) == "0002"_hex);
        CHECK(cat::decode_terminal_profile({}) == cat::TerminalProfile{});
    }
    SECTION("other_bits keep the length and unnamed bits; named flags win over other_bits") {
        cat::TerminalProfile p;
        p.other_bits = Bytes(20, 0);
        p.other_bits[9] = 0x03;  // byte 10: soft keys, unnamed
        p.other_bits[11] = 0x01; // byte 12 b1 = OPEN CHANNEL, but the flag is false
        const Bytes encoded = cat::encode(p);
        REQUIRE(encoded.size() == 20);
        CHECK(encoded[9] == 0x03);
        CHECK(encoded[11] == 0x00);
    }
    SECTION("channel count limits") {
        cat::TerminalProfile p;
        p.number_of_channels = 8;
        CHECK_THROWS_AS(cat::encode(p), std::invalid_argument);
        CHECK_THROWS_AS(cat::terminal_profile_apdu(cat::TerminalProfile{}), std::invalid_argument); // empty
        p.number_of_channels = 3;
        CHECK(cat::encode(p) == "000000000000000000000000 60"_hex);
    }
}
