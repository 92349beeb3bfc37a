// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform GET STATUS per GPCS v2.3.1 §11.4: command, the E3 TLV response format (Table 11-36) and the
// 6310 "more data" continuation (§11.4.2.2: P2.b1 = 1 asks for the next occurrences).
#include <euicc/apdu/gp.hpp>

#include <stdexcept>

#include <euicc/error.hpp>

#include "gp_command.hpp"
#include "tlv_locate.hpp"

namespace euicc::gp {

namespace {

constexpr const char* context = "GET STATUS";

constexpr std::uint8_t p2_tlv_format = 0x02; // b2: the TLV format (b2 = 0 is deprecated)
constexpr std::uint8_t p2_next = 0x01;        // b1: next occurrence(s)

constexpr ber::Tag tag_entry = 0xE3;
constexpr ber::Tag tag_aid = 0x4F;
constexpr ber::Tag tag_life_cycle = 0x9F70;
constexpr ber::Tag tag_privileges = 0xC5;
constexpr ber::Tag tag_load_file = 0xC4;
constexpr ber::Tag tag_associated_sd = 0xCC;
constexpr ber::Tag tag_version = 0xCE;
constexpr ber::Tag tag_module = 0x84;
constexpr ber::Tag tag_tag_list = 0x5C;

RegistryEntry parse_entry(const ber::detail::Located& entry) {
    RegistryEntry out;
    bool have_aid = false;
    bool have_life_cycle = false;
    for (const auto& item : ber::detail::children_located(entry)) {
        const Bytes& v = item.tlv.value;
        switch (item.tlv.tag) {
        case tag_aid:
            out.aid = v;
            have_aid = true;
            break;
        case tag_life_cycle:
            if (v.size() != 1) {
                throw CodecError(context, item.offset, "9F70 of " + std::to_string(v.size()) + " bytes, expected 1");
            }
            out.life_cycle = v[0];
            have_life_cycle = true;
            break;
        case tag_privileges:
            try {
                out.privileges = Privileges::parse(v);
            } catch (const CodecError& e) {
                // Re-anchored so the offset points into the response, not into the 3-byte field.
                throw CodecError(context, item.offset, std::string("C5: ") + e.what());
            }
            break;
        case tag_load_file:
            out.load_file_aid = v;
            break;
        case tag_associated_sd:
            out.associated_sd_aid = v;
            break;
        case tag_version:
            out.version = v;
            break;
        case tag_module:
            out.module_aids.push_back(v);
            break;
        default:
            out.other.push_back(item.tlv);
            break;
        }
    }
    if (!have_aid || !have_life_cycle) {
        throw CodecError(context, entry.offset, std::string("E3 without ") + (have_aid ? "9F70" : "4F"));
    }
    return out;
}

} // namespace

Bytes encode_tag_list(std::span<const ber::Tag> tags) {
    Bytes list;
    for (const ber::Tag tag : tags) {
        append(list, ber::encode_tag(tag));
    }
    return ber::encode(tag_tag_list, list);
}

CommandApdu get_status(StatusScope scope, ByteView aid, bool next, std::span<const ber::Tag> tag_list) {
    detail::check_aid(aid, "GET STATUS", true);
    Bytes data = ber::encode(tag_aid, aid);
    if (!tag_list.empty()) {
        append(data, encode_tag_list(tag_list));
    }
    const auto p2 = static_cast<std::uint8_t>(p2_tlv_format | (next ? p2_next : 0));
    return detail::command(ins::get_status, static_cast<std::uint8_t>(scope), p2, std::move(data), true);
}

std::vector<RegistryEntry> parse_get_status(ByteView data) {
    std::vector<RegistryEntry> out;
    for (const auto& entry : ber::detail::parse_located(data)) {
        if (entry.tlv.tag != tag_entry) {
            throw CodecError(context, entry.offset, "expected E3, got " + detail::tag_name(entry.tlv.tag));
        }
        out.push_back(parse_entry(entry));
    }
    return out;
}

GetStatusPager::GetStatusPager(StatusScope scope, Bytes aid, std::vector<ber::Tag> tag_list)
    : m_scope(scope), m_aid(std::move(aid)), m_tag_list(std::move(tag_list)) {
    detail::check_aid(m_aid, "GET STATUS", true);
}

CommandApdu GetStatusPager::next_command() const {
    if (m_done) {
        throw std::logic_error("GET STATUS: all pages have been read");
    }
    return get_status(m_scope, m_aid, m_pages > 0, m_tag_list);
}

bool GetStatusPager::add(const ResponseApdu& response) {
    if (m_done) {
        throw std::logic_error("GET STATUS: all pages have been read");
    }
    const StatusWord sw = response.sw();
    // §11.4.3: 6A88 = nothing matches the search criteria. Only an answer to the first command can mean that.
    if (sw == apdu::sw::referenced_data_not_found && m_pages == 0) {
        m_done = true;
        return false;
    }
    if (sw != apdu::sw::ok && sw != sw::more_data) {
        throw StatusWordError(context, sw);
    }
    std::vector<RegistryEntry> page = parse_get_status(response.data());
    if (sw == sw::more_data && page.empty()) {
        throw CodecError(context, 0, "6310 without any entry: the card made no progress");
    }
    ++m_pages;
    m_entries.insert(m_entries.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
    m_done = sw == apdu::sw::ok;
    return !m_done;
}

} // namespace euicc::gp
