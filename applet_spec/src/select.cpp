// SPDX-License-Identifier: Apache-2.0
// ISO/IEC 7816-4 §7.1.1 / GPCS §11.9 / TS 102 221 §11.1.1: SELECT of the MF by file identifier and of an SD by AID.
#include "select.hpp"

#include <euicc/apdu/status_word.hpp>

#include "file_control.hpp"

namespace euicc::card {

namespace {

namespace p1 {
constexpr std::uint8_t by_file_id = 0x00;  // MF, DF or EF by file identifier (ISO 7816-4 Table 39)
constexpr std::uint8_t by_name = 0x04;     // by DF name = AID
} // namespace p1

namespace p2 {
constexpr std::uint8_t fci = 0x00;      // first or only occurrence, return FCI (GPCS §11.9.2.2)
constexpr std::uint8_t fcp = 0x04;      // return FCP template (TS 102 221 §11.1.1.2)
constexpr std::uint8_t no_data = 0x0C;  // no response data (ISO 7816-4 Table 40)
} // namespace p2

constexpr std::size_t min_aid_length = 5;   // a RID alone (ISO 7816-5); shorter cannot name an application
constexpr std::size_t max_aid_length = 16;  // ISO 7816-4 §8.2.1.2

const Bytes mf_file_id{0x3F, 0x00};

} // namespace

SelectCommand::SelectCommand(const Applications& applications, LogicalChannels& channels, const Platform& platform)
    : m_applications(applications), m_channels(channels), m_platform(platform) {}

apdu::ResponseApdu SelectCommand::operator()(const Command& command) const {
    switch (command.apdu.p1()) {
    case p1::by_file_id: return select_by_file_id(command);
    case p1::by_name: return select_by_name(command);
    default: return status(apdu::sw::incorrect_p1p2);  // by path, parent DF, child DF: no file system yet
    }
}

apdu::ResponseApdu SelectCommand::select_by_file_id(const Command& command) const {
    const std::uint8_t p2 = command.apdu.p2();
    if (p2 != p2::fcp && p2 != p2::no_data) {
        return status(apdu::sw::incorrect_p1p2);
    }
    const Bytes& file_id = command.apdu.data();
    // ISO 7816-4 §7.1.1: P1 00 with an empty data field also selects the MF.
    if (!file_id.empty() && file_id.size() != 2) {
        return status(apdu::sw::wrong_length);
    }
    if (!file_id.empty() && file_id != mf_file_id) {
        return status(apdu::sw::not_found);
    }
    m_channels.select(command.channel, Selectable::Mf);
    return apdu::ResponseApdu(p2 == p2::fcp ? mf_fcp_template() : Bytes{}, apdu::sw::ok);
}

apdu::ResponseApdu SelectCommand::select_by_name(const Command& command) const {
    const std::uint8_t p2 = command.apdu.p2();
    if (p2 != p2::fci && p2 != p2::no_data) {
        return status(apdu::sw::incorrect_p1p2);
    }
    const Bytes& aid = command.apdu.data();
    std::optional<Application> application;
    if (aid.empty()) {
        // GPCS §11.9.2.3: no AID selects the Issuer Security Domain, which on an eUICC is the ISD-R.
        application = m_applications.get(Selectable::IsdR);
    } else if (aid.size() < min_aid_length || aid.size() > max_aid_length) {
        return status(apdu::sw::wrong_length);
    } else {
        application = m_applications.find(aid, &m_platform.state());
    }
    if (!application) {
        return status(apdu::sw::not_found);
    }
    m_channels.select(command.channel, *application);
    return apdu::ResponseApdu(p2 == p2::fci ? fci_template(*application) : Bytes{}, apdu::sw::ok);
}

} // namespace euicc::card
