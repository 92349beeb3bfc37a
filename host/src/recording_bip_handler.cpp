// SPDX-License-Identifier: Apache-2.0
// A BIP terminal without a data connection (ETSI TS 102 223 §6.4.27-6.4.31, result 3A per §8.12.11).
#include <euicc/host/bip_handler.hpp>
#include <euicc/host/proactive_handler.hpp>

namespace euicc::host {

using cat::BipError;
using cat::Result;

cat::TerminalResponse RecordingBipHandler::open_channel(const cat::OpenChannel& command) {
    m_open_requests.push_back(command);
    auto response = respond(command, Result::bip_error(BipError::RemoteDeviceNotReachable));
    // §6.4.27 (and the captured failure response in spec/cat.md): a refused OPEN CHANNEL still states the
    // bearer and buffer size the terminal would have used; we would have taken the requested ones.
    response.bearer = command.bearer;
    response.buffer_size = command.buffer_size;
    return response;
}

cat::TerminalResponse RecordingBipHandler::close_channel(const cat::CloseChannel& command) {
    return respond(command, Result::bip_error(BipError::ChannelIdentifierNotValid));
}

cat::TerminalResponse RecordingBipHandler::receive_data(const cat::ReceiveData& command) {
    return respond(command, Result::bip_error(BipError::ChannelIdentifierNotValid));
}

cat::TerminalResponse RecordingBipHandler::send_data(const cat::SendData& command) {
    return respond(command, Result::bip_error(BipError::ChannelIdentifierNotValid));
}

cat::TerminalResponse RecordingBipHandler::get_channel_status(const cat::GetChannelStatus& command) {
    auto response = respond(command, Result::ok());
    // §8.56: channel identifier 0 means "no channel available".
    response.channel_statuses.push_back(cat::ChannelStatus{0, false, cat::channel_info::none, 0});
    return response;
}

} // namespace euicc::host
