// SPDX-License-Identifier: Apache-2.0
// TERMINAL PROFILE (ETSI TS 102 223 §5.2, 3GPP TS 31.111 §5.2): one table maps each named capability to its bit.
#include <euicc/apdu/cat_terminal_profile.hpp>

#include <stdexcept>
#include <string>

namespace euicc::cat {

namespace {

using P = TerminalProfile;

// Byte/bit positions as in TS 102 223 §5.2 / TS 31.111 §5.2 (b1 = LSB); labels follow Wireshark's gsm_sim.tp.*.
// The BIP bytes (1, 3-6, 8, 12, 13, 17) are confirmed by the real modem profile in spec/cat.md.
constexpr TerminalProfileBit bits[] = {
    {&P::profile_download, 1, 1, "profile download"},
    {&P::sms_pp_data_download, 1, 2, "SMS-PP data download"},
    {&P::cell_broadcast_data_download, 1, 3, "cell broadcast data download"},
    {&P::menu_selection, 1, 4, "menu selection"},
    {&P::sms_pp_data_download_error, 1, 5, "SMS-PP data download error ('9EXX')"},
    {&P::timer_expiration, 1, 6, "timer expiration"},
    {&P::ussd_string_in_call_control, 1, 7, "USSD string data object in call control"},
    {&P::call_control_automatic_redial, 1, 8, "call control during automatic redial"},
    {&P::command_result, 2, 1, "command result"},
    {&P::call_control_by_naa, 2, 2, "call control by NAA"},
    {&P::cell_identity_in_call_control, 2, 3, "cell identity in call control"},
    {&P::mo_short_message_control, 2, 4, "MO short message control"},
    {&P::alpha_identifier_handling, 2, 5, "alpha identifier handling"},
    {&P::ucs2_entry, 2, 6, "UCS2 entry"},
    {&P::ucs2_display, 2, 7, "UCS2 display"},
    {&P::display_extension_text, 2, 8, "display of extension text"},
    {&P::display_text, 3, 1, "DISPLAY TEXT"},
    {&P::get_inkey, 3, 2, "GET INKEY"},
    {&P::get_input, 3, 3, "GET INPUT"},
    {&P::more_time, 3, 4, "MORE TIME"},
    {&P::play_tone, 3, 5, "PLAY TONE"},
    {&P::poll_interval, 3, 6, "POLL INTERVAL"},
    {&P::polling_off, 3, 7, "POLLING OFF"},
    {&P::refresh, 3, 8, "REFRESH"},
    {&P::select_item, 4, 1, "SELECT ITEM"},
    {&P::send_short_message, 4, 2, "SEND SHORT MESSAGE"},
    {&P::send_ss, 4, 3, "SEND SS"},
    {&P::send_ussd, 4, 4, "SEND USSD"},
    {&P::set_up_call, 4, 5, "SET UP CALL"},
    {&P::set_up_menu, 4, 6, "SET UP MENU"},
    {&P::provide_local_info_location, 4, 7, "PROVIDE LOCAL INFORMATION (MCC, MNC, LAC, cell id, IMEI)"},
    {&P::provide_local_info_nmr, 4, 8, "PROVIDE LOCAL INFORMATION (NMR)"},
    {&P::set_up_event_list, 5, 1, "SET UP EVENT LIST"},
    {&P::event_mt_call, 5, 2, "event: MT call"},
    {&P::event_call_connected, 5, 3, "event: call connected"},
    {&P::event_call_disconnected, 5, 4, "event: call disconnected"},
    {&P::event_location_status, 5, 5, "event: location status"},
    {&P::event_user_activity, 5, 6, "event: user activity"},
    {&P::event_idle_screen_available, 5, 7, "event: idle screen available"},
    {&P::event_card_reader_status, 5, 8, "event: card reader status"},
    {&P::event_language_selection, 6, 1, "event: language selection"},
    {&P::event_browser_termination, 6, 2, "event: browser termination"},
    {&P::event_data_available, 6, 3, "event: data available"},
    {&P::event_channel_status, 6, 4, "event: channel status"},
    {&P::event_access_technology_change, 6, 5, "event: access technology change"},
    {&P::event_display_parameters_changed, 6, 6, "event: display parameters changed"},
    {&P::event_local_connection, 6, 7, "event: local connection"},
    {&P::event_network_search_mode_change, 6, 8, "event: network search mode change"},
    {&P::power_on_card, 7, 1, "POWER ON CARD"},
    {&P::power_off_card, 7, 2, "POWER OFF CARD"},
    {&P::perform_card_apdu, 7, 3, "PERFORM CARD APDU"},
    {&P::get_reader_status, 7, 4, "GET READER STATUS (status)"},
    {&P::get_reader_identifier, 7, 5, "GET READER STATUS (identifier)"},
    {&P::timer_management_start_stop, 8, 1, "TIMER MANAGEMENT (start, stop)"},
    {&P::timer_management_get_value, 8, 2, "TIMER MANAGEMENT (get current value)"},
    {&P::provide_local_info_date_time, 8, 3, "PROVIDE LOCAL INFORMATION (date, time, time zone)"},
    {&P::get_inkey_binary_choice, 8, 4, "GET INKEY (binary choice)"},
    {&P::set_up_idle_mode_text, 8, 5, "SET UP IDLE MODE TEXT"},
    {&P::run_at_command, 8, 6, "RUN AT COMMAND"},
    {&P::set_up_call_second_alpha, 8, 7, "SET UP CALL (second alpha identifier)"},
    {&P::call_control_second_capability, 8, 8, "call control (second capability configuration)"},
    {&P::display_text_sustained, 9, 1, "sustained DISPLAY TEXT"},
    {&P::send_dtmf, 9, 2, "SEND DTMF"},
    {&P::provide_local_info_bcch, 9, 3, "PROVIDE LOCAL INFORMATION (NMR / BCCH channel list)"},
    {&P::provide_local_info_language, 9, 4, "PROVIDE LOCAL INFORMATION (language)"},
    {&P::provide_local_info_timing_advance, 9, 5, "PROVIDE LOCAL INFORMATION (timing advance)"},
    {&P::language_notification, 9, 6, "LANGUAGE NOTIFICATION"},
    {&P::launch_browser, 9, 7, "LAUNCH BROWSER"},
    {&P::provide_local_info_access_technology, 9, 8, "PROVIDE LOCAL INFORMATION (access technology)"},
    {&P::open_channel, 12, 1, "OPEN CHANNEL"},
    {&P::close_channel, 12, 2, "CLOSE CHANNEL"},
    {&P::receive_data, 12, 3, "RECEIVE DATA"},
    {&P::send_data, 12, 4, "SEND DATA"},
    {&P::get_channel_status, 12, 5, "GET CHANNEL STATUS"},
    {&P::service_search, 12, 6, "SERVICE SEARCH"},
    {&P::get_service_information, 12, 7, "GET SERVICE INFORMATION"},
    {&P::declare_service, 12, 8, "DECLARE SERVICE"},
    {&P::bearer_csd, 13, 1, "bearer: CSD"},
    {&P::bearer_packet, 13, 2, "bearer: GPRS / packet"},
    {&P::bearer_bluetooth, 13, 3, "bearer: Bluetooth"},
    {&P::bearer_irda, 13, 4, "bearer: IrDA"},
    {&P::bearer_rs232, 13, 5, "bearer: RS232"},
    {&P::no_display, 14, 6, "no display capability"},
    {&P::no_keypad, 14, 7, "no keypad capability"},
    {&P::tcp_client_remote, 17, 1, "TCP, UICC in client mode, remote connection"},
    {&P::udp_client_remote, 17, 2, "UDP, UICC in client mode, remote connection"},
    {&P::tcp_server, 17, 3, "TCP, UICC in server mode"},
    {&P::tcp_client_local, 17, 4, "TCP, UICC in client mode, local connection"},
    {&P::udp_client_local, 17, 5, "UDP, UICC in client mode, local connection"},
    {&P::direct_channel, 17, 6, "direct communication channel"},
    {&P::bearer_eutran, 17, 7, "bearer: E-UTRAN"},
    {&P::bearer_hsdpa, 17, 8, "bearer: HSDPA"},
    {&P::bearer_usb, 18, 3, "bearer: USB"},
    {&P::bearer_utran_extended, 22, 1, "bearer: UTRAN PS with extended parameters"},
};

// §5.2 byte 13 b6-b8: number of channels supported by the terminal.
constexpr std::size_t channels_byte = 13;
constexpr unsigned channels_shift = 5;
constexpr std::uint8_t channels_mask = 0xE0;
constexpr std::uint8_t max_channels = 7;
constexpr std::size_t max_profile = 255; // Lc of the short C-APDU

std::uint8_t mask_of(const TerminalProfileBit& bit) { return static_cast<std::uint8_t>(1U << (bit.bit - 1)); }

void set_bits(Bytes& out, std::size_t byte, std::uint8_t mask) {
    if (out.size() < byte) {
        out.resize(byte, 0);
    }
    out[byte - 1] = static_cast<std::uint8_t>(out[byte - 1] | mask);
}

void clear_bits(Bytes& out, std::size_t byte, std::uint8_t mask) {
    if (out.size() >= byte) {
        out[byte - 1] = static_cast<std::uint8_t>(out[byte - 1] & ~mask);
    }
}

} // namespace

std::span<const TerminalProfileBit> terminal_profile_bits() noexcept { return bits; }

Bytes encode(const TerminalProfile& profile) {
    if (profile.number_of_channels > max_channels) {
        throw std::invalid_argument("terminal profile: " + std::to_string(profile.number_of_channels) +
                                    " channels, at most 7 fit in byte 13");
    }
    Bytes out = profile.other_bits;
    // The named flags are authoritative: a named bit set in other_bits but false in its flag is not sent.
    for (const TerminalProfileBit& bit : bits) {
        clear_bits(out, bit.byte, mask_of(bit));
    }
    clear_bits(out, channels_byte, channels_mask);
    for (const TerminalProfileBit& bit : bits) {
        if (profile.*bit.member) {
            set_bits(out, bit.byte, mask_of(bit));
        }
    }
    if (profile.number_of_channels != 0) {
        set_bits(out, channels_byte, static_cast<std::uint8_t>(profile.number_of_channels << channels_shift));
    }
    return out;
}

TerminalProfile decode_terminal_profile(ByteView bytes) {
    TerminalProfile profile;
    profile.other_bits.assign(bytes.begin(), bytes.end());
    Bytes& rest = profile.other_bits;
    for (const TerminalProfileBit& bit : bits) {
        if (bit.byte <= rest.size() && (rest[bit.byte - 1] & mask_of(bit)) != 0) {
            profile.*bit.member = true;
        }
        clear_bits(rest, bit.byte, mask_of(bit));
    }
    if (rest.size() >= channels_byte) {
        profile.number_of_channels = static_cast<std::uint8_t>(rest[channels_byte - 1] >> channels_shift);
    }
    clear_bits(rest, channels_byte, channels_mask);
    return profile;
}

apdu::CommandApdu terminal_profile_apdu(const TerminalProfile& profile) {
    Bytes data = encode(profile);
    if (data.empty() || data.size() > max_profile) {
        throw std::invalid_argument("terminal profile of " + std::to_string(data.size()) +
                                    " bytes: TERMINAL PROFILE needs 1..255");
    }
    // TS 102 221 §10.1.1: CLA 80, INS 10, P1 P2 00 00, case 3.
    return apdu::CommandApdu(0x80, 0x10, 0x00, 0x00, std::move(data));
}

} // namespace euicc::cat
