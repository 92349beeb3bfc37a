// SPDX-License-Identifier: Apache-2.0
// Bearer Independent Protocol, terminal side (ETSI TS 102 223 §6.4.27-6.4.31): pluggable handler, default.
#pragma once

#include <vector>

#include <euicc/apdu/cat_proactive_bip.hpp>
#include <euicc/apdu/cat_terminal_response.hpp>

namespace euicc::host {

/// The BIP commands of a proactive session. Implementations return the complete TERMINAL RESPONSE.
class BipHandler {
public:
    virtual ~BipHandler() = default;

    virtual cat::TerminalResponse open_channel(const cat::OpenChannel& command) = 0;
    virtual cat::TerminalResponse close_channel(const cat::CloseChannel& command) = 0;
    virtual cat::TerminalResponse receive_data(const cat::ReceiveData& command) = 0;
    virtual cat::TerminalResponse send_data(const cat::SendData& command) = 0;
    virtual cat::TerminalResponse get_channel_status(const cat::GetChannelStatus& command) = 0;
};

/// A terminal without a data connection: it records each OPEN CHANNEL request and refuses it with
/// 3A 07 "remote device not reachable" (a failed attempt the card may retry per the trigger's retry policy).
/// Since no channel ever opens, CLOSE CHANNEL / SEND DATA / RECEIVE DATA get 3A 03 "channel identifier not
/// valid" and GET CHANNEL STATUS reports channel 0, "no channel available" (§8.56).
class RecordingBipHandler : public BipHandler {
public:
    cat::TerminalResponse open_channel(const cat::OpenChannel& command) override;
    cat::TerminalResponse close_channel(const cat::CloseChannel& command) override;
    cat::TerminalResponse receive_data(const cat::ReceiveData& command) override;
    cat::TerminalResponse send_data(const cat::SendData& command) override;
    cat::TerminalResponse get_channel_status(const cat::GetChannelStatus& command) override;

    /// Every OPEN CHANNEL received, oldest first.
    const std::vector<cat::OpenChannel>& open_requests() const noexcept { return m_open_requests; }

private:
    std::vector<cat::OpenChannel> m_open_requests;
};

} // namespace euicc::host
