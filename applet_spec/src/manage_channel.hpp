// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §7.1.2 / GPCS §11.7 / TS 102 221 §11.1.17: MANAGE CHANNEL opens and closes logical channels 1..19.
#pragma once

#include "dispatcher.hpp"
#include "logical_channels.hpp"

namespace euicc::card {

/// MANAGE CHANNEL (INS 70, ISO class). Borrows `channels`.
class ManageChannelCommand {
public:
    explicit ManageChannelCommand(LogicalChannels& channels);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    apdu::ResponseApdu open(const Command& command) const;
    apdu::ResponseApdu close(const Command& command) const;

    LogicalChannels& m_channels;
};

} // namespace euicc::card
