// SPDX-License-Identifier: Apache-2.0
// GPCS §11.11 STORE DATA card side: SGP.02 ES5 DGIs to the ISD-R (3A03-3A08), SCP03t TLVs and ES8 connectivity
// parameters to an ISD-P (applet_spec/sgp02.md §3.2, §4.1, §4.5).
#pragma once

#include <euicc/apdu/rng.hpp>

#include "channel_context.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"
#include "scp03t_receiver.hpp"

namespace euicc::card {

/// STORE DATA (INS E2, CLA 8X). Borrows everything.
class StoreDataCommand {
public:
    /// Largest data object the ISD-P reassembles from blocks: a whole SCP03t TLV (SGP.02 §4.1.3.3 asks for at least
    /// 1024 bytes).
    static constexpr std::size_t max_object = 8192;

    StoreDataCommand(Platform& platform, ChannelContexts& contexts, const LogicalChannels& channels, Rng& rng);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    apdu::ResponseApdu isd_r(const Command& command, ChannelContext& context) const;
    apdu::ResponseApdu isd_p(const Command& command, ChannelContext& context, const Selection& isdp) const;
    apdu::ResponseApdu scp03t(const Command& command, ChannelContext& context, const Selection& isdp) const;
    apdu::ResponseApdu connectivity_parameters(const Command& command, const Selection& isdp) const;

    Platform& m_platform;
    ChannelContexts& m_contexts;
    const LogicalChannels& m_channels;
    mutable Scp03tReceiver m_receiver;
};

} // namespace euicc::card
