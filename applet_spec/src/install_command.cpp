// SPDX-License-Identifier: Apache-2.0
// GPCS §11.5 INSTALL on the ISD-R: SGP.02 §4.1.1.1 CreateISDP ([for install and make selectable]), [for make
// selectable] and [for personalization] of an ISD-P (applet_spec/sgp02.md §3.1).
#include "install_command.hpp"

#include <algorithm>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/sgp02.hpp>

#include "authority.hpp"
#include "install_data.hpp"
#include "memory_accounting.hpp"

namespace euicc::card {

namespace {

namespace p1 {
constexpr std::uint8_t install_and_make_selectable = 0x0C; // GPCS Table 11-41
constexpr std::uint8_t install = 0x04;
constexpr std::uint8_t make_selectable = 0x08;
constexpr std::uint8_t personalization = 0x20;
} // namespace p1

/// The registry never holds more ISD-Ps than this, whatever their quotas (applet_spec/sgp02.md §7).
constexpr std::size_t max_isdps = 32;
constexpr std::size_t min_aid = 5;
constexpr std::size_t max_aid = 16;

bool same(ByteView a, ByteView b) noexcept { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

/// GPCS §11.5.3: INSTALL answers with a single 00 (no confirmation without Delegated Management).
apdu::ResponseApdu confirmed() { return apdu::ResponseApdu(Bytes{0x00}, apdu::sw::ok); }

/// AIDs the platform already uses (SGP.02 §2.2.3): an ISD-P cannot take them.
bool taken(const PlatformState& state, ByteView aid) {
    return same(aid, apdu::aid::isd_r) || same(aid, apdu::aid::ecasd) || same(aid, sgp02::isdp_load_file_aid) ||
           same(aid, sgp02::isdp_module_aid) || state.find_isdp(aid) != nullptr;
}

} // namespace

InstallCommand::InstallCommand(Platform& platform, ChannelContexts& contexts, const LogicalChannels& channels)
    : m_platform(platform), m_contexts(contexts), m_channels(channels) {}

apdu::ResponseApdu InstallCommand::operator()(const Command& command) const {
    if (!m_channels.selected(command.channel).is(Selectable::IsdR)) {
        return status(apdu::sw::ins_not_supported);  // only the ISD-R creates ISD-Ps (SGP.02 §2.2.1)
    }
    if (!authenticated(command, m_channels.selected(command.channel))) {
        return status(apdu::sw::security_status_not_satisfied);
    }
    if (command.apdu.p2() != 0x00) {
        return status(apdu::sw::incorrect_p1p2);  // P2 01/03 are for a combined LOAD + INSTALL (no LOAD here)
    }
    switch (command.apdu.p1()) {
    case p1::install_and_make_selectable: return create(command, true);
    case p1::install: return create(command, false);
    case p1::make_selectable: return make_selectable(command);
    case p1::personalization: return personalization(command);
    default: return status(apdu::sw::incorrect_p1p2);  // chaining (b8) and the other INSTALL kinds
    }
}

apdu::ResponseApdu InstallCommand::create(const Command& command, bool selectable) const {
    const InstallData data = parse_install_data(command.apdu.data());
    if (!same(data.load_file_aid, sgp02::isdp_load_file_aid) || !same(data.module_aid, sgp02::isdp_module_aid)) {
        return status(apdu::sw::referenced_data_not_found);  // the EUM loaded only the ISD-P ELF/module
    }
    const gp::Privileges privileges = gp::Privileges::parse(data.privileges);
    const SdInstallParameters parameters = parse_sd_install_parameters(data.parameters);
    if (data.application_aid.size() < min_aid || data.application_aid.size() > max_aid ||
        !privileges.has(gp::Privilege::SecurityDomain) || !supports_scp03(parameters.application_specific) ||
        !data.token.empty()) {
        // An ISD-P is a security domain running SCP03 (SGP.02 §4.1.1.1); no Delegated Management token here.
        return status(apdu::sw::wrong_data);
    }
    const apdu::StatusWord answer = m_platform.transact([&](PlatformState& state) {
        if (taken(state, data.application_aid)) {
            return apdu::sw::conditions_not_satisfied;
        }
        const PlatformSettings& settings = m_platform.settings();
        if (state.isdps.size() >= max_isdps ||
            parameters.non_volatile_quota.value_or(0) > free_non_volatile(state, settings) ||
            parameters.volatile_quota.value_or(0) > free_volatile(state, settings)) {
            return apdu::sw::not_enough_memory;
        }
        IsdpRecord isdp;
        isdp.aid = data.application_aid;
        isdp.life_cycle = selectable ? isdp_state::selectable : isdp_state::installed;
        isdp.non_volatile_quota = parameters.non_volatile_quota;
        isdp.volatile_quota = parameters.volatile_quota;
        state.isdps.push_back(std::move(isdp));
        return apdu::sw::ok;
    });
    return answer == apdu::sw::ok ? confirmed() : status(answer);
}

apdu::ResponseApdu InstallCommand::make_selectable(const Command& command) const {
    const InstallData data = parse_install_data(command.apdu.data());
    const apdu::StatusWord answer = m_platform.transact([&](PlatformState& state) {
        IsdpRecord* isdp = state.find_isdp(data.application_aid);
        if (isdp == nullptr) {
            return apdu::sw::referenced_data_not_found;
        }
        if (isdp->life_cycle != isdp_state::installed) {
            return apdu::sw::conditions_not_satisfied;
        }
        isdp->life_cycle = isdp_state::selectable;
        return apdu::sw::ok;
    });
    return answer == apdu::sw::ok ? confirmed() : status(answer);
}

apdu::ResponseApdu InstallCommand::personalization(const Command& command) const {
    const InstallData data = parse_install_data(command.apdu.data());
    if (m_platform.state().find_isdp(data.application_aid) == nullptr) {
        return status(apdu::sw::referenced_data_not_found);
    }
    // GPCS §11.5 (Table 11-47): what follows (here PUT KEY, applet_spec/sgp02.md §3.3) goes to that application.
    m_contexts.at(command.channel).personalization_target = data.application_aid;
    return confirmed();
}

} // namespace euicc::card
