// SPDX-License-Identifier: Apache-2.0
// GlobalPlatform SELECT by AID and the security domain FCI per GPCS v2.3.1 §11.9 (ISO/IEC 7816-4 §11.2.2).
#include <euicc/apdu/gp.hpp>

#include <euicc/error.hpp>

#include "gp_command.hpp"
#include "tlv_locate.hpp"

namespace euicc::gp {

namespace {

constexpr const char* context = "SELECT FCI";
constexpr std::uint8_t p1_by_name = 0x04;
constexpr std::uint8_t p2_first = 0x00;
constexpr std::uint8_t p2_next = 0x02;

constexpr ber::Tag tag_fci = 0x6F;
constexpr ber::Tag tag_aid = 0x84;
constexpr ber::Tag tag_proprietary = 0xA5;
constexpr ber::Tag tag_sd_management = 0x73;
constexpr ber::Tag tag_production_life_cycle = 0x9F6E;
constexpr ber::Tag tag_max_command_length = 0x9F65;

} // namespace

CommandApdu select(ByteView aid, bool next_occurrence) {
    detail::check_aid(aid, "SELECT", true);
    return CommandApdu(cla_iso, ins::select, p1_by_name, next_occurrence ? p2_next : p2_first,
                       Bytes(aid.begin(), aid.end()), detail::le_any);
}

SelectResponse parse_select_response(ByteView fci) {
    const auto top = ber::detail::parse_located(fci);
    if (top.size() != 1 || top[0].tlv.tag != tag_fci) {
        throw CodecError(context, top.empty() ? 0 : top[0].offset, "expected one 6F template");
    }
    SelectResponse out;
    bool have_aid = false;
    for (const auto& child : ber::detail::children_located(top[0])) {
        if (child.tlv.tag == tag_aid) {
            out.aid = child.tlv.value;
            have_aid = true;
        } else if (child.tlv.tag == tag_proprietary) {
            for (const auto& item : ber::detail::children_located(child)) {
                if (item.tlv.tag == tag_sd_management) {
                    out.security_domain_management = item.tlv;
                } else if (item.tlv.tag == tag_production_life_cycle) {
                    out.production_life_cycle = item.tlv.value;
                } else if (item.tlv.tag == tag_max_command_length) {
                    out.max_command_length = detail::read_uint(item.tlv.value, context, item.value_offset);
                }
                out.proprietary.push_back(item.tlv);
            }
        }
    }
    if (!have_aid) {
        throw CodecError(context, top[0].offset, "no 84 (application AID) in the FCI");
    }
    return out;
}

} // namespace euicc::gp
