// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §7.1.2 / GPCS §11.7 / TS 102 221 §11.1.17: MANAGE CHANNEL opens and closes logical channels 1..19.
#include "manage_channel.hpp"

#include <euicc/apdu/status_word.hpp>

namespace euicc::card {

namespace {

namespace p1 {
constexpr std::uint8_t open = 0x00;
constexpr std::uint8_t close = 0x80;
} // namespace p1

/// P2 00: "the card assigns the channel" when opening, "the channel in CLA" when closing.
constexpr std::uint8_t p2_none = 0x00;

} // namespace

ManageChannelCommand::ManageChannelCommand(LogicalChannels& channels) : m_channels(channels) {}

apdu::ResponseApdu ManageChannelCommand::operator()(const Command& command) const {
    if (!command.apdu.data().empty()) {
        return status(apdu::sw::wrong_length);  // MANAGE CHANNEL has no command data (GPCS §11.7.2.3)
    }
    switch (command.apdu.p1()) {
    case p1::open: return open(command);
    case p1::close: return close(command);
    default: return status(apdu::sw::incorrect_p1p2);
    }
}

apdu::ResponseApdu ManageChannelCommand::open(const Command& command) const {
    // ISO 7816-4 §7.1.2: a channel opened from the basic channel starts like the basic channel after ATR
    // (MF selected); one opened from channel n starts with channel n's selection.
    const Selection initial =
        command.channel == 0 ? Selection(Selectable::Mf) : m_channels.selected(command.channel);
    const std::uint8_t p2 = command.apdu.p2();
    if (p2 == p2_none) {
        if (!command.apdu.ne()) {
            return status(apdu::sw::wrong_length);  // the assigned number comes back in 1 byte: Le is needed
        }
        const auto channel = m_channels.open_lowest(initial);
        if (!channel) {
            return status(apdu::sw::function_not_supported);  // all 19 further channels in use (6A81)
        }
        return apdu::ResponseApdu(Bytes{static_cast<std::uint8_t>(*channel)}, apdu::sw::ok);
    }
    // GPCS §11.7.2.2: the terminal may name the channel (01..13); naming an open one is refused.
    if (!m_channels.open(p2, initial)) {
        return status(apdu::sw::incorrect_p1p2);
    }
    return status(apdu::sw::ok);
}

apdu::ResponseApdu ManageChannelCommand::close(const Command& command) const {
    const unsigned target = command.apdu.p2() == p2_none ? command.channel : command.apdu.p2();
    if (target == 0 || target >= LogicalChannels::count) {
        return status(apdu::sw::incorrect_p1p2);  // the basic channel is never closed (ISO 7816-4 §5.4.1)
    }
    if (!m_channels.close(target)) {
        return status(apdu::sw::logical_channel_not_supported);  // 6881: that channel is not open
    }
    return status(apdu::sw::ok);
}

} // namespace euicc::card
