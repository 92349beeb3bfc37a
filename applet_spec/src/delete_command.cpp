// SPDX-License-Identifier: Apache-2.0
// GPCS §11.2 DELETE card side: SGP.02 §4.1.1.4 DeleteProfile (an ISD-P and its content), keys (D0/D2) and
// §4.1.1.9 FinaliseISDRhandover (F2 keyset ranges) (applet_spec/sgp02.md §3.4).
#include "delete_command.hpp"

#include <algorithm>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "authority.hpp"
#include "flat_tlv.hpp"
#include "profile_operations.hpp"

namespace euicc::card {

namespace {

constexpr ber::Tag tag_aid = 0x4F;
constexpr ber::Tag tag_key_id = 0xD0;      // GPCS Table 11-25
constexpr ber::Tag tag_key_version = 0xD2;
constexpr ber::Tag tag_keyset_range = 0xF2; // SGP.02 §4.1.1.9 (spec/sgp02.md §4.10)
constexpr std::uint8_t more_commands = 0x80;

namespace p2 {
constexpr std::uint8_t object = 0x00;          // GPCS §11.2.2.1
constexpr std::uint8_t isdp = 0x40;            // SGP.02 DeleteProfile as both public SM-SRs send it
constexpr std::uint8_t related_objects = 0x80;
} // namespace p2

bool same(ByteView a, ByteView b) noexcept { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

bool all_tagged(const std::vector<ber::Tlv>& tlvs, ber::Tag tag) {
    return std::all_of(tlvs.begin(), tlvs.end(), [&](const ber::Tlv& tlv) { return tlv.tag == tag; });
}

apdu::ResponseApdu deleted() { return apdu::ResponseApdu(Bytes{0x00}, apdu::sw::ok); } // GPCS §11.2.3

/// The ISD-R must stay reachable: after a key deletion it keeps at least one SCP03 keyset (applet_spec/sgp02.md §3.4).
bool isd_r_reachable(const PlatformState& state) { return state.isd_r.scp03_keyset(0, &is_scp03_version).has_value(); }

} // namespace

DeleteCommand::DeleteCommand(Platform& platform, const LogicalChannels& channels)
    : m_platform(platform), m_channels(channels) {}

apdu::ResponseApdu DeleteCommand::operator()(const Command& command) const {
    const Selection& selected = m_channels.selected(command.channel);
    if (!selected.is(Selectable::IsdR) && !selected.is(Selectable::IsdP)) {
        return status(apdu::sw::ins_not_supported);
    }
    if (!authenticated(command, selected)) {
        return status(apdu::sw::security_status_not_satisfied);
    }
    const std::uint8_t parameter = command.apdu.p2();
    if ((command.apdu.p1() & more_commands) != 0 ||
        (parameter != p2::object && parameter != p2::isdp && parameter != p2::related_objects)) {
        return status(apdu::sw::incorrect_p1p2);
    }
    const std::vector<ber::Tlv> tlvs = flat_tlvs(command.apdu.data());
    if (tlvs.empty()) {
        return status(apdu::sw::wrong_data);
    }
    if (tlvs.size() == 1 && tlvs[0].tag == tag_aid && selected.is(Selectable::IsdR)) {
        return delete_isdp(tlvs[0].value);
    }
    if (parameter == p2::object && all_tagged(tlvs, tag_keyset_range) && selected.is(Selectable::IsdR)) {
        return delete_keysets(tlvs);
    }
    if (parameter == p2::object) {
        return delete_keys(selected, tlvs);
    }
    return status(apdu::sw::wrong_data);
}

apdu::ResponseApdu DeleteCommand::delete_isdp(ByteView aid) const {
    if (same(aid, apdu::aid::isd_r) || same(aid, apdu::aid::ecasd) || same(aid, sgp02::isdp_load_file_aid) ||
        same(aid, sgp02::isdp_module_aid)) {
        return status(apdu::sw::conditions_not_satisfied);  // the EUM's platform objects stay (SGP.02 §2.2)
    }
    const apdu::StatusWord answer = m_platform.transact([&](PlatformState& state) { return delete_profile(state, aid); });
    return answer == apdu::sw::ok ? deleted() : status(answer);
}

apdu::ResponseApdu DeleteCommand::delete_keys(const Selection& sd, const std::vector<ber::Tlv>& criteria) const {
    std::optional<std::uint8_t> id;
    std::optional<std::uint8_t> version;
    for (const ber::Tlv& tlv : criteria) {
        std::optional<std::uint8_t>& field = tlv.tag == tag_key_id ? id : version;
        if ((tlv.tag != tag_key_id && tlv.tag != tag_key_version) || tlv.value.size() != 1 || field) {
            return status(apdu::sw::wrong_data);
        }
        field = tlv.value[0];
    }
    const apdu::StatusWord answer = m_platform.transact([&](PlatformState& state) {
        Keystore* store = keystore_of(state, sd);
        if (store == nullptr || store->remove(id, version) == 0) {
            return apdu::sw::referenced_data_not_found;
        }
        if (sd.is(Selectable::IsdR)) {
            state.isd_r_keys_stored = true;
            if (!isd_r_reachable(state)) {
                return apdu::sw::conditions_not_satisfied;
            }
        }
        return apdu::sw::ok;
    });
    return answer == apdu::sw::ok ? deleted() : status(answer);
}

apdu::ResponseApdu DeleteCommand::delete_keysets(const std::vector<ber::Tlv>& ranges) const {
    const apdu::StatusWord answer = m_platform.transact([&](PlatformState& state) {
        for (const ber::Tlv& range : ranges) {
            // `F2 03 <kvn> <first kid> <last kid>` (spec/sgp02.md §4.10).
            if (range.value.size() != 3 || range.value[1] > range.value[2]) {
                return apdu::sw::wrong_data;
            }
            if (state.isd_r.remove_range(range.value[0], range.value[1], range.value[2]) == 0) {
                return apdu::sw::referenced_data_not_found;
            }
        }
        state.isd_r_keys_stored = true;
        return isd_r_reachable(state) ? apdu::sw::ok : apdu::sw::conditions_not_satisfied;
    });
    return answer == apdu::sw::ok ? deleted() : status(answer);
}

} // namespace euicc::card
