// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §7.1.1 / GPCS §11.9 / TS 102 221 §11.1.1: SELECT of the MF by file identifier and of an SD by AID.
#pragma once

#include "applications.hpp"
#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// SELECT (INS A4, ISO class). Changes the selection of the command's logical channel only on success (which ends
/// whatever the channel remembered for its earlier selection, channel_context.hpp). Borrows everything.
class SelectCommand {
public:
    SelectCommand(const Applications& applications, LogicalChannels& channels, const Platform& platform);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    apdu::ResponseApdu select_by_file_id(const Command& command) const;
    apdu::ResponseApdu select_by_name(const Command& command) const;

    const Applications& m_applications;
    LogicalChannels& m_channels;
    const Platform& m_platform;
};

} // namespace euicc::card
