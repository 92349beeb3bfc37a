// SPDX-License-Identifier: Apache-2.0
// GPCS §11.4 GET STATUS card side on the ISD-R: registry entries in the TLV format, 6310 continuation
// (applet_spec/sgp02.md §3.5).
#include "get_status_command.hpp"

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/gp.hpp>

#include "flat_tlv.hpp"
#include "registry.hpp"

namespace euicc::card {

namespace {

constexpr std::uint8_t p2_tlv_format = 0x02; // GPCS §11.4: b2 = 1 (b2 = 0, the old format, is not offered)
constexpr std::uint8_t p2_next = 0x01;
constexpr ber::Tag tag_aid = 0x4F;
constexpr ber::Tag tag_tag_list = 0x5C;

/// The tags of a `5C` tag list value (one after another, BER tag coding).
std::vector<ber::Tag> tags_of(ByteView list) {
    std::vector<ber::Tag> tags;
    ByteReader r(list, "GET STATUS tag list");
    while (!r.empty()) {
        ber::Tag tag = r.u8();
        if ((tag & 0x1F) == 0x1F) {
            std::uint8_t next = 0;
            do {
                next = r.u8();
                tag = tag << 8 | next;
            } while ((next & 0x80) != 0 && tag <= 0xFFFFFF);
        }
        tags.push_back(tag);
    }
    return tags;
}

} // namespace

GetStatusCommand::GetStatusCommand(const Platform& platform, ChannelContexts& contexts,
                                   const LogicalChannels& channels)
    : m_platform(platform), m_contexts(contexts), m_channels(channels) {}

apdu::ResponseApdu GetStatusCommand::operator()(const Command& command) const {
    if (!m_channels.selected(command.channel).is(Selectable::IsdR)) {
        return status(apdu::sw::ins_not_supported);  // the registry is the ISD's (GPCS §11.4.1)
    }
    std::optional<GetStatusCursor>& pending = m_contexts.at(command.channel).get_status;
    const std::uint8_t p2 = command.apdu.p2();
    if ((p2 & ~(p2_tlv_format | p2_next)) != 0 || (p2 & p2_tlv_format) == 0) {
        return status(apdu::sw::incorrect_p1p2);
    }
    if ((p2 & p2_next) != 0) {
        // GPCS §11.4: "next occurrence" continues the search the last 6310 interrupted.
        if (!pending || pending->scope != command.apdu.p1()) {
            pending.reset();
            return status(apdu::sw::referenced_data_not_found);
        }
        GetStatusCursor cursor = std::move(*pending);
        return page(cursor, pending);
    }
    pending.reset();
    std::optional<Bytes> aid;
    std::optional<std::vector<ber::Tag>> tag_list;
    for (const ber::Tlv& criterion : flat_tlvs(command.apdu.data())) {
        if (criterion.tag == tag_aid && criterion.value.size() <= 16) {
            aid = criterion.value;
        } else if (criterion.tag == tag_tag_list) {
            tag_list = tags_of(criterion.value);
        }
    }
    if (!aid) {
        return status(apdu::sw::wrong_data);  // GPCS §11.4: the 4F search criterion is mandatory
    }
    std::optional<std::vector<Bytes>> entries = registry_entries(command.apdu.p1(), *aid, tag_list, m_platform.state());
    if (!entries) {
        return status(apdu::sw::incorrect_p1p2);
    }
    if (entries->empty()) {
        return status(apdu::sw::referenced_data_not_found);
    }
    GetStatusCursor cursor{command.apdu.p1(), std::move(*entries)};
    return page(cursor, pending);
}

apdu::ResponseApdu GetStatusCommand::page(GetStatusCursor& cursor, std::optional<GetStatusCursor>& pending) {
    Bytes data;
    std::size_t taken = 0;
    // At least one entry per page, so every 6310 makes progress.
    while (taken < cursor.entries.size() && (taken == 0 || data.size() + cursor.entries[taken].size() <= page_size)) {
        append(data, cursor.entries[taken]);
        ++taken;
    }
    cursor.entries.erase(cursor.entries.begin(), cursor.entries.begin() + static_cast<std::ptrdiff_t>(taken));
    if (cursor.entries.empty()) {
        pending.reset();
        return apdu::ResponseApdu(std::move(data), apdu::sw::ok);
    }
    pending = std::move(cursor);
    return apdu::ResponseApdu(std::move(data), gp::sw::more_data);
}

} // namespace euicc::card
