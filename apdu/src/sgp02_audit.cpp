// SPDX-License-Identifier: Apache-2.0
// SGP.02 eUICCCapabilityAudit (spec/sgp02.md §4.5, njiwa AuditEISTransaction): GET STATUS of ISD-Ps, GET DATA FF21
// and BF30, and the SGP.02 reading of an E3 entry (tags 53/8F/91 single-source, UNCONFIRMED).
#include <euicc/apdu/sgp02.hpp>

#include <algorithm>

#include <euicc/apdu/aid.hpp>
#include <euicc/error.hpp>

#include "gp_command.hpp"

namespace euicc::sgp02 {

namespace {

constexpr ber::Tag tag_card_resources = 0xFF21;
constexpr ber::Tag tag_ecasd_certificate_request = 0xBF30;
constexpr ber::Tag tag_certificate = 0x7F21;
constexpr ber::Tag tag_profile_attributes = 0x53;
constexpr ber::Tag tag_granted_memory = 0x8F;
constexpr ber::Tag tag_remaining_memory = 0x91;
constexpr std::uint8_t attribute_fallback = 0x01;

bool equals(ByteView a, ByteView b) noexcept { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

} // namespace

CommandApdu audit_isdp(ByteView isdp_aid) {
    gp::detail::check_aid(isdp_aid, "audit ISD-P");
    return gp::get_status(gp::StatusScope::Applications, isdp_aid);
}

CommandApdu audit_isdps() { return gp::get_status(gp::StatusScope::Applications, platform_aid_prefix); }

CommandApdu audit_card_resources() { return gp::get_data(tag_card_resources); }

CommandApdu audit_ecasd_certificate() {
    const std::array<ber::Tag, 1> tags{tag_certificate};
    return gp::get_data(tag_ecasd_certificate_request, gp::encode_tag_list(tags));
}

IsdpStatus isdp_status(const gp::RegistryEntry& entry) {
    constexpr const char* context = "ISD-P status";
    IsdpStatus out;
    out.aid = entry.aid;
    out.life_cycle = entry.life_cycle;
    out.state = profile_state(entry.life_cycle);
    for (const ber::Tlv& tlv : entry.other) {
        if (tlv.tag == tag_profile_attributes) {
            if (tlv.value.empty()) {
                throw CodecError(context, 0, "empty 53 (profile attributes)");
            }
            out.fallback = (tlv.value[0] & attribute_fallback) != 0;
        } else if (tlv.tag == tag_granted_memory) {
            out.granted_memory = gp::detail::read_uint(tlv.value, context, 0);
        } else if (tlv.tag == tag_remaining_memory) {
            out.remaining_memory = gp::detail::read_uint(tlv.value, context, 0);
        }
    }
    return out;
}

std::vector<IsdpStatus> isdp_statuses(const std::vector<gp::RegistryEntry>& entries) {
    std::vector<IsdpStatus> out;
    for (const gp::RegistryEntry& entry : entries) {
        const ByteView aid = entry.aid;
        const bool platform = aid.size() == 16 && equals(aid.first(platform_aid_prefix.size()), platform_aid_prefix);
        if (!platform || equals(aid, apdu::aid::isd_r) || equals(aid, apdu::aid::ecasd) ||
            equals(aid, isdp_load_file_aid) || equals(aid, isdp_module_aid)) {
            continue;
        }
        out.push_back(isdp_status(entry));
    }
    return out;
}

} // namespace euicc::sgp02
