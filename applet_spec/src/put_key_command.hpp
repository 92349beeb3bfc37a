// SPDX-License-Identifier: Apache-2.0
// GPCS §11.8 / GP Amd D §7.2 PUT KEY card side: AES keysets of the ISD-R (PMC install) and of an ISD-P (lab key
// establishment after INSTALL [for personalization]) (applet_spec/sgp02.md §3.3).
#pragma once

#include "channel_context.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// PUT KEY (INS D8, CLA 8X). Borrows everything.
class PutKeyCommand {
public:
    PutKeyCommand(Platform& platform, ChannelContexts& contexts, const LogicalChannels& channels);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    Platform& m_platform;
    ChannelContexts& m_contexts;
    const LogicalChannels& m_channels;
};

} // namespace euicc::card
