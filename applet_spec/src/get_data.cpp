// SPDX-License-Identifier: Apache-2.0
// GPCS §11.3 / ISO/IEC 7816-4 §7.4.2: GET DATA of a data object held by the application selected on the channel.
#include "get_data.hpp"

#include <euicc/apdu/status_word.hpp>

#include "platform_data_objects.hpp"

namespace euicc::card {

GetDataCommand::GetDataCommand(const LogicalChannels& channels, const DataObjects& objects, const Platform& platform)
    : m_channels(channels), m_objects(objects), m_platform(platform) {}

apdu::ResponseApdu GetDataCommand::operator()(const Command& command) const {
    if (!command.apdu.data().empty()) {
        // A tag list (5C) is only meaningful for '2F00' and BF30, neither of which is implemented.
        return status(apdu::sw::wrong_length);
    }
    // GPCS §11.3.2.1: P1-P2 is the tag; P1 00 for a one-byte tag.
    const std::uint8_t p1 = command.apdu.p1();
    const std::uint8_t p2 = command.apdu.p2();
    const ber::Tag tag = p1 == 0 ? ber::Tag{p2} : (ber::Tag{p1} << 8) | p2;
    const Selection& owner = m_channels.selected(command.channel);
    std::optional<Bytes> value;
    if (const Bytes* fixed = m_objects.find(owner.id, tag)) {
        value = *fixed;
    } else {
        value = platform_data_object(m_platform, owner, tag);
    }
    if (!value) {
        return status(apdu::sw::referenced_data_not_found);
    }
    // GPCS §11.3.3.1: a proprietary-class GET DATA returns the whole TLV, an ISO-class one only the value.
    return apdu::ResponseApdu(command.proprietary ? ber::encode(tag, *value) : *value, apdu::sw::ok);
}

} // namespace euicc::card
