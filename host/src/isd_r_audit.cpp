// SPDX-License-Identifier: Apache-2.0
// SGP.02 eUICCCapabilityAudit and notifications on the ISD-R (spec/sgp02.md §4.5, §4.11, §4.12; GPCS §11.3,
// §11.4; ETSI TS 102 226 §8.2.1.7.2).
#include <euicc/host/isd_r.hpp>

#include <algorithm>

#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/error.hpp>
#include <euicc/host/sgp02_errors.hpp>

#include "isd_r_registry.hpp"

namespace euicc::host {

using apdu::ResponseApdu;

namespace {

constexpr ber::Tag tag_iccid = 0x5A;
constexpr ber::Tag tag_notification = 0xE1;
constexpr ber::Tag tag_key_information = 0xE0;
constexpr std::uint8_t bcd_filler = 0x0F;

/// EF.ICCID coding (TS 102 221 §13.2, as SGP.22 ProfileInfo 5A uses it): low nibble first, F-padded at the end.
std::string iccid_digits(ByteView value) {
    std::string digits;
    for (std::size_t k = 0; k < value.size(); ++k) {
        for (const std::uint8_t nibble : {static_cast<std::uint8_t>(value[k] & 0x0F),
                                          static_cast<std::uint8_t>(value[k] >> 4)}) {
            if (nibble == bcd_filler && k + 1 == value.size()) {
                continue;
            }
            if (nibble > 9) {
                throw CodecError("ISD-P status", 0, "ICCID (5A) byte " + std::to_string(k) + " is not BCD");
            }
            digits.push_back(static_cast<char>('0' + nibble));
        }
    }
    return digits;
}

std::optional<std::string> entry_iccid(const std::vector<gp::RegistryEntry>& entries, ByteView aid) {
    for (const gp::RegistryEntry& entry : entries) {
        if (!std::equal(aid.begin(), aid.end(), entry.aid.begin(), entry.aid.end())) {
            continue;
        }
        for (const ber::Tlv& tlv : entry.other) {
            if (tlv.tag == tag_iccid) {
                return iccid_digits(tlv.value);
            }
        }
    }
    return std::nullopt;
}

} // namespace

namespace detail {

std::vector<gp::RegistryEntry> read_platform_registry(SecurityDomainSession& session) {
    // spec/sgp02.md §4.5: GET STATUS of the ISD-Ps; a prefix search finds them all without the SM-SR's list.
    gp::GetStatusPager pager(gp::StatusScope::Applications,
                             Bytes(sgp02::platform_aid_prefix.begin(), sgp02::platform_aid_prefix.end()));
    while (!pager.done()) {
        pager.add(session.transmit(pager.next_command()));
    }
    return pager.entries();
}

} // namespace detail

const ProfileRecord* Audit::find(ByteView isdp_aid) const noexcept {
    const auto it = std::find_if(profiles.begin(), profiles.end(), [&](const ProfileRecord& record) {
        return std::equal(isdp_aid.begin(), isdp_aid.end(), record.isdp_aid.begin(), record.isdp_aid.end());
    });
    return it == profiles.end() ? nullptr : &*it;
}

const ProfileRecord* Audit::enabled() const noexcept {
    const auto it = std::find_if(profiles.begin(), profiles.end(),
                                 [](const ProfileRecord& record) { return record.state == sgp02::ProfileState::Enabled; });
    return it == profiles.end() ? nullptr : &*it;
}

Audit IsdR::audit() {
    const std::vector<gp::RegistryEntry> entries = detail::read_platform_registry(m_session);
    Audit audit;
    for (const sgp02::IsdpStatus& status : sgp02::isdp_statuses(entries)) {
        audit.profiles.push_back(ProfileRecord{status.aid, entry_iccid(entries, status.aid), status.life_cycle,
                                               status.state, status.fallback, status.granted_memory,
                                               status.remaining_memory});
    }
    const ResponseApdu resources = m_session.transmit(sgp02::audit_card_resources());
    if (resources.sw() == apdu::sw::ok) {
        audit.resources = gp::parse_card_resources(resources.data());
    } else if (resources.sw() != apdu::sw::referenced_data_not_found) {
        throw_status_word_error("GET DATA FF21", resources.sw());
    }
    return audit;
}

std::optional<sgp02::Notification> IsdR::fetch_notification() {
    const ResponseApdu answer = m_session.transmit(gp::get_data(tag_notification));
    if (answer.sw() == apdu::sw::referenced_data_not_found) {
        return std::nullopt;
    }
    if (answer.sw() != apdu::sw::ok) {
        throw_status_word_error("GET DATA E1 (notification)", answer.sw());
    }
    return sgp02::parse_notification(answer.data());
}

sgp02::Notification IsdR::receive_notification(ByteView e1) { return sgp02::parse_notification(e1); }

NotificationConfirmation IsdR::confirm_notification(std::uint16_t sequence) {
    const ResponseApdu answer = m_session.expect(sgp02::notification_confirmation(sequence), "NOTIFICATION CONFIRMATION");
    return NotificationConfirmation{sequence, sgp02::parse_notification_confirmation_response(answer.data())};
}

std::vector<gp::KeyInformation> IsdR::key_information() {
    const ResponseApdu answer = m_session.expect(gp::get_data(tag_key_information), "GET DATA E0 (key information)");
    return gp::parse_key_information(answer.data());
}

} // namespace euicc::host
