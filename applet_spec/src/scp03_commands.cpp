// SPDX-License-Identifier: Apache-2.0
// GP Amd D §7.1.1-§7.1.2 / GPCS §D.4: INITIALIZE UPDATE and EXTERNAL AUTHENTICATE of the ISD-R and the ISD-Ps.
#include "scp03_commands.hpp"

#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

#include "card_parameters.hpp"

namespace euicc::card {

namespace {

/// GPCS §D.4.2: the host cryptogram was not the card's.
constexpr apdu::StatusWord authentication_failed{0x6300};

bool is_security_domain(const Selection& selection) {
    return selection.is(Selectable::IsdR) || selection.is(Selectable::IsdP);
}

} // namespace

InitializeUpdateCommand::InitializeUpdateCommand(Platform& platform, ChannelContexts& contexts,
                                                 const LogicalChannels& channels, Rng& rng)
    : m_platform(platform), m_contexts(contexts), m_channels(channels), m_rng(rng) {}

apdu::ResponseApdu InitializeUpdateCommand::operator()(const Command& command) const {
    const Selection& sd = m_channels.selected(command.channel);
    if (!is_security_domain(sd)) {
        return status(apdu::sw::ins_not_supported);  // the MF and the ECASD run no SCP03 (applet_spec/sgp02.md §2.2)
    }
    ChannelContext& context = m_contexts.at(command.channel);
    // Amd D §5.6: INITIALIZE UPDATE ends the session the channel had (and what it remembered for it).
    context = ChannelContext{};
    if (command.apdu.p2() != 0x00) {
        return status(apdu::sw::incorrect_p1p2);
    }
    const scp03::InitializeUpdateCommand parsed = scp03::parse_initialize_update(command.apdu);
    const std::optional<scp03::StaticKeys> keys = m_platform.scp03_keyset(sd, parsed.kvn);
    if (!keys) {
        return status(apdu::sw::referenced_data_not_found);  // Amd D §7.1.1: no such keyset
    }
    // Amd D §6.2.2.1: the counter is incremented (and here stored) before it is used, so a challenge never repeats.
    const std::optional<std::uint32_t> counter = m_platform.next_sequence_counter(sd, keys->kvn);
    if (!counter) {
        return status(apdu::sw::conditions_not_satisfied);
    }
    context.session.emplace(Scp03Session{
        scp03::CardWrapper(*keys, parsed, card_parameters(m_platform, sd, *counter), m_rng), *keys});
    return apdu::ResponseApdu(context.session->wrapper.initialize_update_response().encode(), apdu::sw::ok);
}

apdu::ResponseApdu ExternalAuthenticateCommand::operator()(const Command& command) const {
    ChannelContext& context = m_contexts.at(command.channel);
    if (!context.session || context.session->wrapper.authenticated()) {
        context.session.reset();
        return status(apdu::sw::conditions_not_satisfied);  // no INITIALIZE UPDATE before it
    }
    try {
        context.session->wrapper.external_authenticate(command.apdu);
    } catch (const scp03::CryptogramMismatch&) {
        context.session.reset();
        return status(authentication_failed);
    } catch (const SecurityError&) {
        context.session.reset();
        return status(apdu::sw::security_status_not_satisfied);
    } catch (const CodecError& e) {
        // P1 (offset 2) or P2 (offset 3) outside Amd D Table 7-3; anything else is the data field.
        context.session.reset();
        return status(e.offset() == 2 || e.offset() == 3 ? apdu::sw::incorrect_p1p2 : apdu::sw::wrong_data);
    }
    return status(apdu::sw::ok);
}

} // namespace euicc::card
