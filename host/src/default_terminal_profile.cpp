// SPDX-License-Identifier: Apache-2.0
// The TERMINAL PROFILE of this host (ETSI TS 102 223 §5.2, 3GPP TS 31.111 §5.2; spec/cat.md §2 minimum set).
#include <euicc/host/toolkit_terminal.hpp>

namespace euicc::host {

cat::TerminalProfile default_terminal_profile() {
    cat::TerminalProfile p;
    // Byte 1: the downloads an SGP.02 eUICC is driven by.
    p.sms_pp_data_download = true;
    p.timer_expiration = true;
    // Bytes 3-5: the proactive commands StandardTerminal answers.
    p.display_text = true;
    p.more_time = true;
    p.poll_interval = true;
    p.polling_off = true;
    p.refresh = true;
    p.send_short_message = true; // PoR via SMS-SUBMIT (SPI byte 2 b6)
    p.set_up_event_list = true;
    // Byte 6: the BIP events a card registers before it opens a channel.
    p.event_data_available = true;
    p.event_channel_status = true;
    // Byte 8: TIMER MANAGEMENT, which the trigger's access time relies on.
    p.timer_management_start_stop = true;
    p.timer_management_get_value = true;
    // Bytes 12, 13, 17: BIP in UICC client mode over TCP. The channel count (13.b6-b8) must be at least 1,
    // or the profile announces no usable channel at all.
    p.open_channel = true;
    p.close_channel = true;
    p.receive_data = true;
    p.send_data = true;
    p.get_channel_status = true;
    p.bearer_packet = true;
    p.number_of_channels = 1;
    p.tcp_client_remote = true;
    return p;
}

} // namespace euicc::host
