// SPDX-License-Identifier: Apache-2.0
// GPCS §11.2 DELETE card side: SGP.02 §4.1.1.4 DeleteProfile (an ISD-P and its content), keys (D0/D2) and
// §4.1.1.9 FinaliseISDRhandover (F2 keyset ranges) (applet_spec/sgp02.md §3.4).
#pragma once

#include <vector>

#include <euicc/apdu/ber_tlv.hpp>

#include "dispatcher.hpp"
#include "logical_channels.hpp"
#include "platform.hpp"

namespace euicc::card {

/// DELETE (INS E4, CLA 8X). Borrows everything.
class DeleteCommand {
public:
    DeleteCommand(Platform& platform, const LogicalChannels& channels);
    apdu::ResponseApdu operator()(const Command& command) const;

private:
    apdu::ResponseApdu delete_isdp(ByteView aid) const;
    apdu::ResponseApdu delete_keys(const Selection& sd, const std::vector<ber::Tlv>& criteria) const;
    apdu::ResponseApdu delete_keysets(const std::vector<ber::Tlv>& ranges) const;

    Platform& m_platform;
    const LogicalChannels& m_channels;
};

} // namespace euicc::card
