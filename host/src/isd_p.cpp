// SPDX-License-Identifier: Apache-2.0
// SGP.02 ES8 on an ISD-P: DownloadAndInstallation over SCP03t (spec/sgp02.md §5.2, spec/scp03.md §9, spec/saip.md
// §7, §9) and UpdateConnectivityParameters over SCP03 (spec/sgp02.md §5.4).
#include <euicc/host/isd_p.hpp>

#include <algorithm>
#include <stdexcept>

#include <euicc/apdu/cla.hpp>
#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/sgp02.hpp>
#include <euicc/error.hpp>
#include <euicc/host/security_domain_session.hpp>
#include <euicc/host/sgp02_errors.hpp>

#include "scp03t_carrier.hpp"
#include "security_domain_errors.hpp"

namespace euicc::host {

namespace {

constexpr std::size_t min_aid = 5;
constexpr std::size_t max_aid = 16;

bool aborted(const std::vector<saip::EuiccResponse>& responses) {
    return std::any_of(responses.begin(), responses.end(),
                       [](const saip::EuiccResponse& response) { return response.installation_aborted; });
}

} // namespace

bool ProfileInstallation::ok() const noexcept {
    return std::all_of(responses.begin(), responses.end(),
                       [](const saip::EuiccResponse& response) { return response.ok(); });
}

IsdP::IsdP(transport::CardChannel& channel, ByteView isdp_aid, Rng& rng, unsigned logical_channel)
    : m_channel(channel), m_aid(isdp_aid.begin(), isdp_aid.end()), m_rng(rng), m_logical_channel(logical_channel) {
    if (m_aid.size() < min_aid || m_aid.size() > max_aid) {
        throw std::invalid_argument("ISD-P: AID of " + std::to_string(m_aid.size()) + " bytes, expected 5..16");
    }
    if (logical_channel > apdu::max_logical_channel) {
        throw std::invalid_argument("ISD-P: logical channel " + std::to_string(logical_channel) + " outside 0..19");
    }
}

ProfileInstallation IsdP::download_and_install_profile(const scp03::StaticKeys& keys, ByteView package,
                                                       const DownloadOptions& options) {
    keys.validate();
    // Everything about the package is checked before the card sees a byte of it: a package whose EF.ICCID
    // disagrees with its header would install a profile the SM-SR books under the wrong ICCID.
    const std::vector<saip::ProfileElement> elements = saip::walk(package);
    const saip::ProfileHeader header = saip::read_header(elements);
    ProfileInstallation out;
    out.isdp_aid = m_aid;
    out.iccid = saip::check_iccid(elements);
    out.profile_type = header.profile_type;
    out.package_size = package.size();
    const std::vector<Bytes> segments = saip::segment(elements, package, options.segments);
    const std::string sd = security_domain_name(m_aid);

    const apdu::ResponseApdu selected = m_channel.transmit(gp::select(m_aid), m_logical_channel);
    ++out.commands;
    if (selected.sw() != apdu::sw::ok) {
        throw_status_word_error("SELECT " + sd, selected.sw());
    }

    // SCP03t opening (spec/scp03.md §9): 84 InitializeUpdate, whose answer carries the card cryptogram, then
    // 85 ExternalAuthenticate at level 33, the only level SCP03t knows.
    scp03::Challenge host_challenge{};
    m_rng.fill(host_challenge);
    const Bytes initialize = scp03::initialize_update_tlv(keys.kvn, options.key_id, host_challenge);
    const Bytes initialize_answer = detail::send_tlv(m_channel, m_logical_channel, initialize, options.max_block,
                                                     "PROFILE DOWNLOAD 84 InitializeUpdate", out.commands);
    const scp03::InitializeUpdateResponse response = scp03::parse_initialize_update_tlv_response(initialize_answer);
    scp03::SessionOptions session_options;
    session_options.logical_channel = m_logical_channel;
    scp03::HostWrapper wrapper = detail::named_security_errors(sd, [&] {
        return scp03::HostWrapper(keys, host_challenge, response, scp03::SecurityLevel::CMacCDecRMacREnc,
                                  session_options);
    });
    const Bytes authenticate = wrapper.external_authenticate_tlv();
    const Bytes authenticate_answer = detail::send_tlv(m_channel, m_logical_channel, authenticate, options.max_block,
                                                       "PROFILE DOWNLOAD 85 ExternalAuthenticate", out.commands);
    detail::named_security_errors(sd, [&] { return wrapper.unwrap_tlv(authenticate_answer); });

    for (std::size_t k = 0; k < segments.size(); ++k) {
        const std::string name =
            "PROFILE DOWNLOAD 86 segment " + std::to_string(k + 1) + "/" + std::to_string(segments.size());
        const Bytes tlv = detail::named_security_errors(sd, [&] { return wrapper.wrap_tlv(segments[k]); });
        const Bytes answer = detail::send_tlv(m_channel, m_logical_channel, tlv, options.max_block, name, out.commands);
        ++out.segments;
        const Bytes plain = detail::named_security_errors(sd, [&] { return wrapper.unwrap_tlv(answer); });
        // spec/saip.md §7: zero or more EUICCResponses per answer.
        std::vector<saip::EuiccResponse> responses = saip::parse_euicc_responses(plain);
        if (aborted(responses)) {
            const auto it = std::find_if(responses.begin(), responses.end(),
                                         [](const saip::EuiccResponse& r) { return r.installation_aborted; });
            throw ProfileInstallationError(out.iccid, *it);
        }
        out.responses.insert(out.responses.end(), responses.begin(), responses.end());
    }
    return out;
}

void IsdP::update_connectivity_parameters(const scp03::StaticKeys& keys, std::string_view smsc_digits,
                                          std::uint8_t ton_npi) {
    const apdu::CommandApdu command = sgp02::update_connectivity_parameters(smsc_digits, ton_npi);
    SecurityDomainOptions options;
    options.logical_channel = m_logical_channel;
    SecurityDomainSession session(m_channel, m_aid, keys, m_rng, options);
    session.expect(command, "UPDATE CONNECTIVITY PARAMETERS");
}

} // namespace euicc::host
