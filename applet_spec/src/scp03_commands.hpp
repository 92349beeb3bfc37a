// SPDX-License-Identifier: Apache-2.0
// GP Amd D §7.1.1-§7.1.2 / GPCS §D.4: INITIALIZE UPDATE and EXTERNAL AUTHENTICATE of the ISD-R and the ISD-Ps.
#pragma once

#include <euicc/apdu/rng.hpp>

#include "channel_context.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// INITIALIZE UPDATE (INS 50, CLA 8X): starts a session with the security domain selected on the channel, ending
/// any earlier one (and everything else the channel remembered). Borrows everything.
class InitializeUpdateCommand {
public:
    InitializeUpdateCommand(Platform& platform, ChannelContexts& contexts, const LogicalChannels& channels, Rng& rng);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    Platform& m_platform;
    ChannelContexts& m_contexts;
    const LogicalChannels& m_channels;
    Rng& m_rng;
};

/// EXTERNAL AUTHENTICATE (INS 82, CLA 84): authenticates the host and fixes the session's security level.
/// Borrows `contexts`.
class ExternalAuthenticateCommand {
public:
    explicit ExternalAuthenticateCommand(ChannelContexts& contexts) : m_contexts(contexts) {}
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    ChannelContexts& m_contexts;
};

} // namespace euicc::card
