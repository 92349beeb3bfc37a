// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 226 §5: executes compact and expanded remote command scripts on the ISD-R and builds their responses.
#pragma once

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/response_apdu.hpp>

#include "applications.hpp"
#include "data_objects.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"

namespace euicc::card {

/// The context a script addressed to the ISD-R TAR runs in: a dispatcher of its own with the application commands
/// (card_commands.hpp) and logical channels of its own, where each script starts with only the basic channel open
/// and the ISD-R selected on it. So a script reaches everything the card implements for applications, and nothing
/// it does (SELECT, MANAGE CHANNEL) disturbs the terminal's channels. Borrows `applications` and `data_objects`.
class RemoteScriptRunner {
public:
    RemoteScriptRunner(const Applications& applications, const DataObjects& data_objects);
    RemoteScriptRunner(const RemoteScriptRunner&) = delete;
    RemoteScriptRunner& operator=(const RemoteScriptRunner&) = delete;

    /// Runs `script` and returns the response for the PoR (applet_spec/ota.md §5): an expanded script (first byte
    /// AA or AE) gets an AB/AF response scripting template, anything else is read as a compact script and gets a
    /// compact response. Never throws for malformed scripts.
    Bytes run(ByteView script);

private:
    Bytes run_compact(ByteView script);
    Bytes run_expanded(ByteView script);
    apdu::ResponseApdu execute(ByteView c_apdu);

    LogicalChannels m_channels;
    Dispatcher m_dispatcher;
};

} // namespace euicc::card
