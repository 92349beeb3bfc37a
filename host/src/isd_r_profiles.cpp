// SPDX-License-Identifier: Apache-2.0
// SGP.02 ES5 profile functions on the ISD-R (spec/sgp02.md §4.1-§4.4, §4.7, §4.8): CreateISDP, Enable/Disable/
// DeleteProfile, SetFallBackAttribute, UpdateSMSRAddressingParameters.
#include <euicc/host/isd_r.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <euicc/apdu/aid.hpp>
#include <euicc/host/sgp02_errors.hpp>

#include "isd_r_registry.hpp"

namespace euicc::host {

using apdu::CommandApdu;
using apdu::ResponseApdu;

namespace {

constexpr std::uint8_t sw1_proactive_pending = 0x91;

Bytes next_free_isdp_aid(const std::vector<gp::RegistryEntry>& entries, std::uint16_t first) {
    for (std::uint32_t number = first; number <= 0xFFFF; ++number) {
        Bytes candidate = sgp02::isdp_aid(static_cast<std::uint16_t>(number));
        const bool taken = std::any_of(entries.begin(), entries.end(),
                                       [&](const gp::RegistryEntry& entry) { return entry.aid == candidate; });
        if (!taken) {
            return candidate;
        }
    }
    throw Error("CREATE ISD-P: no free ISD-P number from " + std::to_string(first));
}

} // namespace

IsdR::IsdR(transport::CardChannel& channel, const scp03::StaticKeys& keys, Rng& rng, SecurityDomainOptions options)
    : m_session(channel, apdu::aid::isd_r, keys, rng, std::move(options)) {}

IsdR::IsdR(SecurityDomainSession session) : m_session(std::move(session)) {}

CreatedIsdp IsdR::create_isdp(const CreateIsdpRequest& request) {
    sgp02::CreateIsdp install;
    install.non_volatile_quota = request.non_volatile_quota;
    install.volatile_quota = request.volatile_quota;
    // SGP.02 §4.1.1.1: the SM-SR chooses the instance AID, unique on the eUICC.
    install.isdp_aid = request.isdp_aid ? *request.isdp_aid
                                        : next_free_isdp_aid(detail::read_platform_registry(m_session),
                                                             request.first_isdp_number);
    const CommandApdu command = sgp02::create_isdp(install); // checks the AID before anything is sent
    const ResponseApdu answer = m_session.expect(command, "CREATE ISD-P");
    gp::parse_confirmation(answer.data());
    return CreatedIsdp{std::move(install.isdp_aid), request.iccid, request.non_volatile_quota};
}

ProfileSwitch IsdR::switch_profile(const CommandApdu& command, ByteView isdp_aid, const char* name) {
    const ResponseApdu answer = m_session.transmit(command);
    // SGP.02 §4.1.1.2: 9000 = accepted; the ISD-R then switches and asks the device to re-attach with a REFRESH,
    // which a toolkit card announces at once with 91xx.
    if (answer.sw() != apdu::sw::ok && answer.sw().sw1() != sw1_proactive_pending) {
        throw_status_word_error(name, answer.sw(), true);
    }
    return ProfileSwitch{Bytes(isdp_aid.begin(), isdp_aid.end()), answer.sw()};
}

ProfileSwitch IsdR::enable_profile(ByteView isdp_aid) {
    return switch_profile(sgp02::enable_profile(isdp_aid), isdp_aid, "ENABLE PROFILE");
}

ProfileSwitch IsdR::disable_profile(ByteView isdp_aid) {
    return switch_profile(sgp02::disable_profile(isdp_aid), isdp_aid, "DISABLE PROFILE");
}

DeletedProfile IsdR::delete_profile(ByteView isdp_aid) {
    const CommandApdu command = sgp02::delete_profile(isdp_aid);
    const ResponseApdu answer = m_session.transmit(command);
    if (answer.sw() != apdu::sw::ok) {
        // §4.4: 6985 = the profile is enabled or holds the fall-back attribute; 69E1 = its POL1 forbids.
        throw_status_word_error("DELETE PROFILE", answer.sw(), true);
    }
    return DeletedProfile{Bytes(isdp_aid.begin(), isdp_aid.end()), gp::parse_confirmation(answer.data())};
}

FallbackSet IsdR::set_fallback(ByteView isdp_aid) {
    const ResponseApdu answer = m_session.transmit(sgp02::set_fallback_attribute(isdp_aid));
    if (answer.sw() != apdu::sw::ok) {
        throw_status_word_error("SET FALLBACK ATTRIBUTE", answer.sw(), true);
    }
    return FallbackSet{Bytes(isdp_aid.begin(), isdp_aid.end())};
}

SmsrAddressingUpdate IsdR::update_smsr_addressing_parameters(std::string_view sms_address_digits,
                                                             std::uint8_t ton_npi) {
    m_session.expect(sgp02::update_smsr_addressing_parameters(sms_address_digits, ton_npi),
                     "UPDATE SM-SR ADDRESSING PARAMETERS");
    return SmsrAddressingUpdate{std::string(sms_address_digits), ton_npi};
}

} // namespace euicc::host
