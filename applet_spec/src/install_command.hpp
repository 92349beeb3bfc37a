// SPDX-License-Identifier: Apache-2.0
// GPCS §11.5 INSTALL on the ISD-R: SGP.02 §4.1.1.1 CreateISDP ([for install and make selectable]), [for make
// selectable] and [for personalization] of an ISD-P (applet_spec/sgp02.md §3.1).
#pragma once

#include "channel_context.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// INSTALL (INS E6, CLA 8X). Borrows everything.
class InstallCommand {
public:
    InstallCommand(Platform& platform, ChannelContexts& contexts, const LogicalChannels& channels);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    apdu::ResponseApdu create(const Command& command, bool make_selectable) const;
    apdu::ResponseApdu make_selectable(const Command& command) const;
    apdu::ResponseApdu personalization(const Command& command) const;

    Platform& m_platform;
    ChannelContexts& m_contexts;
    const LogicalChannels& m_channels;
};

} // namespace euicc::card
