// SPDX-License-Identifier: Apache-2.0
// GPCS §11.11 STORE DATA card side: SGP.02 ES5 DGIs to the ISD-R (3A03-3A08), SCP03t TLVs and ES8 connectivity
// parameters to an ISD-P (applet_spec/sgp02.md §3.2, §4.1, §4.5).
#include "store_data_command.hpp"

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "authority.hpp"
#include "notifications.hpp"
#include "profile_operations.hpp"

namespace euicc::card {

namespace {

// GPCS Table 11-89: P1 bits.
constexpr std::uint8_t last_block = 0x80;
constexpr std::uint8_t encryption_bits = 0x60;
constexpr std::uint8_t structure_bits = 0x18;
constexpr std::uint8_t structure_dgi = 0x08;
constexpr std::uint8_t structure_ber_tlv = 0x10;
constexpr ber::Tag tag_sms_parameters = 0xA0; // ES8 connectivity parameters template (spec/sgp02.md §5.4)

bool is_last(const Command& command) { return (command.apdu.p1() & last_block) != 0; }
std::uint8_t structure(const Command& command) { return command.apdu.p1() & structure_bits; }

/// One ES5 function on the platform state as one transaction; 9000 without data when it was done.
apdu::ResponseApdu perform(Platform& platform, const std::function<apdu::StatusWord(PlatformState&)>& function) {
    return status(platform.transact(function));
}

} // namespace

StoreDataCommand::StoreDataCommand(Platform& platform, ChannelContexts& contexts, const LogicalChannels& channels,
                                   Rng& rng)
    : m_platform(platform), m_contexts(contexts), m_channels(channels), m_receiver(platform, rng) {}

apdu::ResponseApdu StoreDataCommand::operator()(const Command& command) const {
    const Selection& selected = m_channels.selected(command.channel);
    ChannelContext& context = m_contexts.at(command.channel);
    if (selected.is(Selectable::IsdR)) {
        return isd_r(command, context);
    }
    if (selected.is(Selectable::IsdP)) {
        return isd_p(command, context, selected);
    }
    return status(apdu::sw::ins_not_supported);
}

apdu::ResponseApdu StoreDataCommand::isd_r(const Command& command, ChannelContext& context) const {
    if (!authenticated(command, Selection(Selectable::IsdR))) {
        return status(apdu::sw::security_status_not_satisfied);
    }
    if (context.personalization_target) {
        // After INSTALL [for personalization] STORE DATA would carry SGP.02 key establishment (3A01/3A02, ECKA with
        // the ECASD's certificates), which this card does not implement; the lab path is PUT KEY (applet_spec/sgp02.md §3.3).
        context.personalization_target.reset();
        return status(apdu::sw::function_not_supported);
    }
    if (structure(command) != structure_dgi || (command.apdu.p1() & encryption_bits) != 0) {
        return status(apdu::sw::incorrect_p1p2);  // the ISD-R's ES5 data are plain DGIs (spec/sgp02.md §4)
    }
    const ByteView data(command.apdu.data());
    const std::vector<gp::Dgi> dgis = gp::parse_dgis(data);
    if (dgis.empty()) {
        return status(apdu::sw::wrong_data);
    }
    const std::uint16_t dgi = dgis.front().tag;
    if (dgi == sgp02::dgi::key_establishment_certificate || dgi == sgp02::dgi::key_establishment_keys) {
        return status(apdu::sw::function_not_supported);  // EstablishISDRKeySet needs ECKA (see above)
    }
    if (!is_last(command) || command.apdu.p2() != 0x00) {
        return status(apdu::sw::incorrect_p1p2);  // every ES5 DGI fits one block
    }
    switch (dgi) {
    case sgp02::dgi::enable_profile: {
        const Bytes aid = sgp02::parse_profile_target(data, dgi);
        return perform(m_platform, [&](PlatformState& state) { return enable_profile(state, aid); });
    }
    case sgp02::dgi::disable_profile: {
        const Bytes aid = sgp02::parse_profile_target(data, dgi);
        return perform(m_platform, [&](PlatformState& state) { return disable_profile(state, aid); });
    }
    case sgp02::dgi::set_fallback_attribute: {
        const Bytes aid = sgp02::parse_profile_target(data, dgi);
        return perform(m_platform, [&](PlatformState& state) { return set_fallback_attribute(state, aid); });
    }
    case sgp02::dgi::connectivity_parameters: {
        const sgp02::SmsrAddress address = sgp02::parse_smsr_addressing_parameters(data);
        return perform(m_platform, [&](PlatformState& state) {
            state.smsr_address = address;
            return apdu::sw::ok;
        });
    }
    case sgp02::dgi::notification_confirmation: {
        const std::uint16_t sequence = sgp02::parse_notification_confirmation(data);
        Bytes answer;
        const apdu::StatusWord sw = m_platform.transact([&](PlatformState& state) {
            const std::optional<Bytes> confirmed = confirm_notification(state, sequence);
            if (!confirmed) {
                return apdu::sw::referenced_data_not_found;
            }
            answer = *confirmed;
            return apdu::sw::ok;
        });
        return apdu::ResponseApdu(sw == apdu::sw::ok ? std::move(answer) : Bytes{}, sw);
    }
    default:
        return status(apdu::sw::wrong_data);  // a DGI the ISD-R does not know
    }
}

apdu::ResponseApdu StoreDataCommand::isd_p(const Command& command, ChannelContext& context,
                                           const Selection& isdp) const {
    if (structure(command) == structure_ber_tlv) {
        return scp03t(command, context, isdp);
    }
    if (structure(command) == structure_dgi) {
        return connectivity_parameters(command, isdp);
    }
    return status(apdu::sw::incorrect_p1p2);
}

apdu::ResponseApdu StoreDataCommand::scp03t(const Command& command, ChannelContext& context,
                                            const Selection& isdp) const {
    // SCP03t TLVs in STORE DATA blocks (project carrier, spec/saip.md §9.2): P2 numbers the blocks of one TLV
    // from 00 (GPCS §11.11.2.1); the TLV protects itself, so no APDU session is needed.
    const unsigned block = command.apdu.p2();
    if (block == 0) {
        context.store_data.emplace();
    } else if (!context.store_data || block != context.store_data->next_block) {
        context.store_data.reset();
        return status(apdu::sw::incorrect_p1p2);
    }
    StoreDataAssembly& assembly = *context.store_data;
    const Bytes& data = command.apdu.data();
    if (data.size() > max_object - assembly.data.size()) {
        context.store_data.reset();
        return status(apdu::sw::not_enough_memory);
    }
    append(assembly.data, data);
    ++assembly.next_block;
    if (!is_last(command)) {
        return status(apdu::sw::ok);
    }
    const Bytes tlv = std::move(assembly.data);
    context.store_data.reset();
    return m_receiver(context.download, isdp, tlv);
}

apdu::ResponseApdu StoreDataCommand::connectivity_parameters(const Command& command, const Selection& isdp) const {
    if (!authenticated(command, isdp)) {
        return status(apdu::sw::security_status_not_satisfied);  // ES8 over SCP03 with the ISD-P's keys
    }
    if (!is_last(command) || command.apdu.p2() != 0x00) {
        return status(apdu::sw::incorrect_p1p2);
    }
    const ByteView data(command.apdu.data());
    const std::vector<gp::Dgi> dgis = gp::parse_dgis(data);
    if (dgis.size() != 1 || dgis[0].tag != sgp02::dgi::connectivity_parameters) {
        return status(apdu::sw::wrong_data);
    }
    const ber::Tlv parameters = ber::parse_one(dgis[0].value);
    if (parameters.tag != tag_sms_parameters) {
        return status(apdu::sw::wrong_data);
    }
    return perform(m_platform, [&](PlatformState& state) {
        IsdpRecord* record = state.find_isdp(isdp.aid);
        if (record == nullptr) {
            return apdu::sw::referenced_data_not_found;
        }
        if (!record->has_profile()) {
            return apdu::sw::conditions_not_satisfied;  // parameters of a profile that is not there
        }
        record->connectivity_parameters = dgis[0].value;
        return apdu::sw::ok;
    });
}

} // namespace euicc::card
