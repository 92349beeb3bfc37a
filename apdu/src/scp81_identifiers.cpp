// SPDX-License-Identifier: Apache-2.0
// GP Amd B §3.4 X-Admin-From (SGP.02 ISD-R agent id) and X-Admin-Targeted-Application ("//aid/RID/PIX")
// values.
#include <stdexcept>

#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>

#include "scp81_text.hpp"

namespace euicc::scp81 {

namespace {

// njiwa formatRamHTTPXAdminFrom: "//se-id/eid/<EID>;//aa-id/aid/<RID>/<PIX>".
constexpr std::string_view se_id_prefix = "//se-id/eid/";
constexpr std::string_view aa_id_prefix = ";//aa-id/aid/";
// njiwa ramHTTPPartIDfromAID, pySim format_aid.
constexpr std::string_view aid_prefix = "//aid/";
constexpr std::size_t eid_length = 16;

void expect_prefix(std::string_view text, std::size_t at, std::string_view prefix,
                   const std::string& context) {
    if (text.substr(at, prefix.size()) != prefix) {
        throw CodecError(context, at, "expected \"" + std::string(prefix) + "\"");
    }
}

} // namespace

std::string format_agent_id(ByteView eid, ByteView isd_r_aid) {
    if (eid.size() != eid_length) {
        throw std::invalid_argument("agent id: EID must be 16 bytes, got " + std::to_string(eid.size()));
    }
    return std::string(se_id_prefix) + to_hex(eid) + std::string(aa_id_prefix) +
           detail::format_rid_pix(isd_r_aid, "agent id");
}

AgentId parse_agent_id(std::string_view text) {
    const std::string context = "agent id";
    expect_prefix(text, 0, se_id_prefix, context);
    const std::size_t eid_start = se_id_prefix.size();
    const std::size_t eid_end = text.find(';', eid_start);
    if (eid_end == std::string_view::npos) {
        throw CodecError(context, text.size(), "missing \";//aa-id/aid/\"");
    }
    AgentId id;
    id.eid = detail::hex_field(text.substr(eid_start, eid_end - eid_start), eid_start, context, "EID");
    if (id.eid.size() != eid_length) {
        throw CodecError(context, eid_start,
                         "EID must be 32 hex digits, got " + std::to_string(eid_end - eid_start));
    }
    expect_prefix(text, eid_end, aa_id_prefix, context);
    const std::size_t aid_start = eid_end + aa_id_prefix.size();
    id.isd_r_aid = detail::parse_rid_pix(text.substr(aid_start), aid_start, context);
    return id;
}

std::string format_targeted_application(ByteView aid) {
    return std::string(aid_prefix) + detail::format_rid_pix(aid, "targeted application");
}

Bytes parse_targeted_application(std::string_view text) {
    const std::string context = "targeted application";
    expect_prefix(text, 0, aid_prefix, context);
    return detail::parse_rid_pix(text.substr(aid_prefix.size()), aid_prefix.size(), context);
}

} // namespace euicc::scp81
