// SPDX-License-Identifier: Apache-2.0
// TERMINAL PROFILE (ETSI TS 102 223 §5.2, 3GPP TS 31.111 §5.2): named capabilities <-> profile bytes, and the C-APDU.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/command_apdu.hpp>

namespace euicc::cat {

/// The terminal's toolkit capabilities. Each flag is one bit "byte n, bit bk" (b1 = LSB) of §5.2; the comment
/// gives the position. Bits without a name here travel in `other_bits`, so decode -> encode is lossless.
struct TerminalProfile {
    // Byte 1: download
    bool profile_download = false;               // 1.b1
    bool sms_pp_data_download = false;           // 1.b2
    bool cell_broadcast_data_download = false;   // 1.b3
    bool menu_selection = false;                 // 1.b4
    bool sms_pp_data_download_error = false;     // 1.b5 (31.111: '9EXX' response code)
    bool timer_expiration = false;               // 1.b6
    bool ussd_string_in_call_control = false;    // 1.b7 (31.111)
    bool call_control_automatic_redial = false;  // 1.b8 (31.111: envelope call control during automatic redial)
    // Byte 2: other
    bool command_result = false;                 // 2.b1
    bool call_control_by_naa = false;            // 2.b2
    bool cell_identity_in_call_control = false;  // 2.b3 (31.111)
    bool mo_short_message_control = false;       // 2.b4 (31.111)
    bool alpha_identifier_handling = false;      // 2.b5
    bool ucs2_entry = false;                     // 2.b6
    bool ucs2_display = false;                   // 2.b7
    bool display_extension_text = false;         // 2.b8
    // Byte 3: proactive UICC
    bool display_text = false;                   // 3.b1
    bool get_inkey = false;                      // 3.b2
    bool get_input = false;                      // 3.b3
    bool more_time = false;                      // 3.b4
    bool play_tone = false;                      // 3.b5
    bool poll_interval = false;                  // 3.b6
    bool polling_off = false;                    // 3.b7
    bool refresh = false;                        // 3.b8
    // Byte 4: proactive UICC
    bool select_item = false;                    // 4.b1
    bool send_short_message = false;             // 4.b2 (31.111: with 3GPP-SMS-TPDU)
    bool send_ss = false;                        // 4.b3
    bool send_ussd = false;                      // 4.b4
    bool set_up_call = false;                    // 4.b5
    bool set_up_menu = false;                    // 4.b6
    bool provide_local_info_location = false;    // 4.b7 (MCC, MNC, LAC, cell id, IMEI)
    bool provide_local_info_nmr = false;         // 4.b8
    // Byte 5: event driven information
    bool set_up_event_list = false;              // 5.b1
    bool event_mt_call = false;                  // 5.b2
    bool event_call_connected = false;           // 5.b3
    bool event_call_disconnected = false;        // 5.b4
    bool event_location_status = false;          // 5.b5
    bool event_user_activity = false;            // 5.b6
    bool event_idle_screen_available = false;    // 5.b7
    bool event_card_reader_status = false;       // 5.b8
    // Byte 6: event driven information extensions
    bool event_language_selection = false;       // 6.b1
    bool event_browser_termination = false;      // 6.b2
    bool event_data_available = false;           // 6.b3
    bool event_channel_status = false;           // 6.b4
    bool event_access_technology_change = false; // 6.b5
    bool event_display_parameters_changed = false; // 6.b6
    bool event_local_connection = false;         // 6.b7
    bool event_network_search_mode_change = false; // 6.b8
    // Byte 7: multiple card proactive commands
    bool power_on_card = false;                  // 7.b1
    bool power_off_card = false;                 // 7.b2
    bool perform_card_apdu = false;              // 7.b3
    bool get_reader_status = false;              // 7.b4
    bool get_reader_identifier = false;          // 7.b5
    // Byte 8: proactive UICC
    bool timer_management_start_stop = false;    // 8.b1
    bool timer_management_get_value = false;     // 8.b2
    bool provide_local_info_date_time = false;   // 8.b3
    bool get_inkey_binary_choice = false;        // 8.b4
    bool set_up_idle_mode_text = false;          // 8.b5
    bool run_at_command = false;                 // 8.b6
    bool set_up_call_second_alpha = false;       // 8.b7
    bool call_control_second_capability = false; // 8.b8
    // Byte 9
    bool display_text_sustained = false;         // 9.b1
    bool send_dtmf = false;                      // 9.b2
    bool provide_local_info_bcch = false;        // 9.b3 (NMR / BCCH channel list)
    bool provide_local_info_language = false;    // 9.b4
    bool provide_local_info_timing_advance = false; // 9.b5
    bool language_notification = false;         // 9.b6
    bool launch_browser = false;                 // 9.b7
    bool provide_local_info_access_technology = false; // 9.b8
    // Byte 12: Bearer Independent Protocol proactive commands (class "e")
    bool open_channel = false;                   // 12.b1
    bool close_channel = false;                  // 12.b2
    bool receive_data = false;                   // 12.b3
    bool send_data = false;                      // 12.b4
    bool get_channel_status = false;             // 12.b5
    bool service_search = false;                 // 12.b6
    bool get_service_information = false;        // 12.b7
    bool declare_service = false;                // 12.b8
    // Byte 13: Bearer Independent Protocol bearers
    bool bearer_csd = false;                     // 13.b1
    bool bearer_packet = false;                  // 13.b2 (GPRS; 31.111: also UTRAN/E-UTRAN packet)
    bool bearer_bluetooth = false;               // 13.b3
    bool bearer_irda = false;                    // 13.b4
    bool bearer_rs232 = false;                   // 13.b5
    std::uint8_t number_of_channels = 0;         // 13.b6-b8, 0..7
    // Byte 14: screen height
    bool no_display = false;                     // 14.b6
    bool no_keypad = false;                      // 14.b7
    // Byte 17: Bearer Independent Protocol transport interfaces / bearers
    bool tcp_client_remote = false;              // 17.b1 (UICC in client mode, remote connection)
    bool udp_client_remote = false;              // 17.b2
    bool tcp_server = false;                     // 17.b3 (UICC in server mode)
    bool tcp_client_local = false;               // 17.b4
    bool udp_client_local = false;               // 17.b5
    bool direct_channel = false;                 // 17.b6
    bool bearer_eutran = false;                  // 17.b7 (31.111)
    bool bearer_hsdpa = false;                   // 17.b8 (31.111)
    // Byte 18
    bool bearer_usb = false;                     // 18.b3
    // Byte 22
    bool bearer_utran_extended = false;          // 22.b1 (UTRAN PS with extended parameters)

    /// Every other bit as sent, with the named bits cleared; its size keeps the profile length (a modem
    /// sends trailing zero bytes). Encoding ORs the named bits in and extends it as needed.
    Bytes other_bits;

    friend bool operator==(const TerminalProfile&, const TerminalProfile&) = default;
};

/// One named capability: its flag, position and Wireshark-style label.
struct TerminalProfileBit {
    bool TerminalProfile::*member;
    std::uint8_t byte; ///< 1-based byte number of §5.2
    std::uint8_t bit;  ///< 1..8, b1 = LSB
    std::string_view name;
};

/// The table behind encode/decode, in byte/bit order (number_of_channels, 13.b6-b8, is not in it).
std::span<const TerminalProfileBit> terminal_profile_bits() noexcept;

/// Profile bytes: as long as `other_bits` or up to the last byte with a bit set, whichever is longer.
/// Throws std::invalid_argument when number_of_channels > 7.
Bytes encode(const TerminalProfile& profile);
/// Never fails: absent bytes mean "not supported" (§5.2).
TerminalProfile decode_terminal_profile(ByteView profile);

/// TERMINAL PROFILE `80 10 00 00 Lc profile` (TS 102 221 §10.1.1). Throws std::invalid_argument when the
/// encoded profile is empty or longer than 255 bytes.
apdu::CommandApdu terminal_profile_apdu(const TerminalProfile& profile);

} // namespace euicc::cat
