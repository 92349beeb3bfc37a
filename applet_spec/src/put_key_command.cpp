// SPDX-License-Identifier: Apache-2.0
// GPCS §11.8 / GP Amd D §7.2 PUT KEY card side: AES keysets of the ISD-R (PMC install) and of an ISD-P (lab key
// establishment after INSTALL [for personalization]) (applet_spec/sgp02.md §3.3).
#include "put_key_command.hpp"

#include <euicc/apdu/gp.hpp>
#include <euicc/error.hpp>

#include "authority.hpp"

namespace euicc::card {

namespace {

constexpr std::uint8_t more_commands = 0x80; // P1.b8 (GPCS §11.8.2.1)
constexpr std::uint8_t aes_nibble = 0x02;    // TS 102 225 §5.1.2-§5.1.3: KIc/KID algorithm AES

/// GPC_GUI_010 on the ISD-R: how many keys a keyset of `version` has, from key identifier 1.
bool fits_isd_r(std::uint8_t version, std::uint8_t first_id, std::size_t count) {
    if (is_scp03_version(version)) {
        return first_id == 1 && count == 3;  // ENC, MAC, DEK (Amd D Table 6-1)
    }
    if (is_scp80_version(version)) {
        return first_id == 1 && (count == 2 || count == 3);  // KIc, KID [, KIK] (TS 102 225)
    }
    return is_scp81_version(version) && first_id >= 1 && count <= 3;  // PSK, DEK (GPC_GUI_010)
}

} // namespace

PutKeyCommand::PutKeyCommand(Platform& platform, ChannelContexts& contexts, const LogicalChannels& channels)
    : m_platform(platform), m_contexts(contexts), m_channels(channels) {}

apdu::ResponseApdu PutKeyCommand::operator()(const Command& command) const {
    const Selection& selected = m_channels.selected(command.channel);
    if (!selected.is(Selectable::IsdR) && !selected.is(Selectable::IsdP)) {
        return status(apdu::sw::ins_not_supported);
    }
    ChannelContext& context = m_contexts.at(command.channel);
    // Amd D §7.2: keys arrive encrypted under the static DEK of the session's keyset; in an SCP81 admin session
    // under the DEK of the keyset whose PSK opened it (applet_spec/admin_agent.md §3). The SCP80 path has no such
    // key here (no KIK), so PUT KEY needs one of the two.
    const SecretBytes* dek = nullptr;
    if (command.authority == Authority::Session && context.session) {
        dek = &context.session->keys.dek;
    } else if (command.authority == Authority::AdminSession) {
        dek = command.bearer_dek;
    }
    if (!authenticated(command, selected) || dek == nullptr || dek->empty()) {
        return status(apdu::sw::security_status_not_satisfied);
    }
    if ((command.apdu.p1() & more_commands) != 0) {
        return status(apdu::sw::incorrect_p1p2);  // chained PUT KEY is not supported
    }
    Selection target = selected;
    if (selected.is(Selectable::IsdR) && context.personalization_target) {
        // GPCS §11.5 (Table 11-47): after INSTALL [for personalization] the keys are the named ISD-P's.
        target = Selection(Application{Selectable::IsdP, *context.personalization_target});
        context.personalization_target.reset();
    }
    const gp::PutKeyCommand parsed = gp::parse_put_key(command.apdu);
    const std::uint8_t version = parsed.new_version;
    if (parsed.keys.empty() || version == 0 || version > 0x7F || parsed.first_key_id == 0 ||
        parsed.first_key_id + parsed.keys.size() > 0x80 ||
        (target.is(Selectable::IsdR) && !fits_isd_r(version, parsed.first_key_id, parsed.keys.size()))) {
        return status(apdu::sw::wrong_data);
    }
    std::vector<StoredKey> keys;
    Bytes answer{version};
    for (std::size_t k = 0; k < parsed.keys.size(); ++k) {
        SecretBytes value;
        try {
            value = gp::decrypt_key(parsed.keys[k], dek->view());
        } catch (const SecurityError&) {
            return status(apdu::sw::security_status_not_satisfied);  // GPCS §11.8.3: wrong key check value
        }
        const gp::KeyCheckValue kcv = gp::aes_key_check_value(value.view());
        append(answer, kcv);
        keys.push_back(StoredKey{version, static_cast<std::uint8_t>(parsed.first_key_id + k), gp::key_type_aes,
                                 std::move(value)});
    }
    const std::optional<std::uint8_t> replaced =
        parsed.replaced_version != 0 ? std::optional<std::uint8_t>(parsed.replaced_version) : std::nullopt;
    const apdu::StatusWord outcome = m_platform.transact([&](PlatformState& state) {
        Keystore* store = keystore_of(state, target);
        if (store == nullptr || (replaced && !store->has_version(*replaced))) {
            return apdu::sw::referenced_data_not_found;
        }
        if (store->has_version(version) && replaced != version) {
            return apdu::sw::wrong_data;  // P1 00 creates a keyset: this KVN exists (GPCS §11.8.2.1)
        }
        store->put(replaced, version, std::move(keys));
        if (target.is(Selectable::IsdR)) {
            state.isd_r_keys_stored = true;
            if (is_scp80_version(version)) {
                const auto coding = static_cast<std::uint8_t>(version << 4 | aes_nibble);
                store->scp80_coding[version] = {coding, coding};
            }
        } else if (IsdpRecord* isdp = state.find_isdp(target.aid);
                   (isdp->life_cycle == isdp_state::installed || isdp->life_cycle == isdp_state::selectable) &&
                   isdp->keys.scp03_keyset(0, &is_key_version)) {
            // SGP.02 §3.1.2: key establishment makes the ISD-P PERSONALIZED, ready for a download.
            isdp->life_cycle = isdp_state::personalized;
        }
        return apdu::sw::ok;
    });
    return outcome == apdu::sw::ok ? apdu::ResponseApdu(std::move(answer), apdu::sw::ok) : status(outcome);
}

} // namespace euicc::card
