// SPDX-License-Identifier: Apache-2.0
// GPCS §11.4 GET STATUS card side on the ISD-R: registry entries in the TLV format, 6310 continuation
// (applet_spec/sgp02.md §3.5).
#pragma once

#include "channel_context.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// GET STATUS (INS F2, CLA 8X). Borrows everything.
class GetStatusCommand {
public:
    /// Response data of one page stays within this many bytes, so that R-ENCRYPTION padding and the R-MAC still
    /// fit a short response (256 bytes).
    static constexpr std::size_t page_size = 200;

    GetStatusCommand(const Platform& platform, ChannelContexts& contexts, const LogicalChannels& channels);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    static apdu::ResponseApdu page(GetStatusCursor& cursor, std::optional<GetStatusCursor>& pending);

    const Platform& m_platform;
    ChannelContexts& m_contexts;
    const LogicalChannels& m_channels;
};

} // namespace euicc::card
