// SPDX-License-Identifier: Apache-2.0
// ETSI TS 102 226 §5: executes compact and expanded remote command scripts on the ISD-R and builds their responses.
#pragma once

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/response_apdu.hpp>

#include <euicc/apdu/rng.hpp>

#include "applications.hpp"
#include "channel_context.hpp"
#include "data_objects.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// The context a script addressed to the ISD-R TAR runs in: a dispatcher of its own with the application commands
/// (card_commands.hpp) and logical channels of its own, where each script starts with only the basic channel open
/// and the ISD-R selected on it. So a script reaches everything the card implements for applications, and nothing
/// it does (SELECT, MANAGE CHANNEL) disturbs the terminal's channels. The packet was authenticated by SCP80, so its
/// commands carry Authority::Ota (platform management allowed without SCP03, applet_spec/sgp02.md §2).
/// Borrows everything it is given.
class RemoteScriptRunner {
public:
    RemoteScriptRunner(const Applications& applications, const DataObjects& data_objects, Platform& platform,
                       Rng& rng);
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

    const Applications& m_applications;
    LogicalChannels m_channels;
    ChannelContexts m_contexts{m_channels};
    Dispatcher m_dispatcher;
};

} // namespace euicc::card
