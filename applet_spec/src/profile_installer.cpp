// SPDX-License-Identifier: Apache-2.0
// SGP.02 §5.2 / SAIP (saip.md §3, §5, §7): checks a complete profile package for an ISD-P and reports the outcome
// as an EUICCResponse.
#include "profile_installer.hpp"

#include <algorithm>

#include <euicc/error.hpp>

namespace euicc::card {

namespace {

/// saip.md §7 status codes the ISD-P reports.
namespace pe_status {
constexpr std::uint32_t ok = 0;
constexpr std::uint32_t bad_values = 3;
constexpr std::uint32_t invalid_request_format = 5;
constexpr std::uint32_t unsupported_profile_version = 31;
} // namespace pe_status

/// TS.48 uses SAIP 2.x, PEDefinitions v3.3.1 says 3 (saip.md §3).
constexpr std::uint8_t min_major_version = 2;
constexpr std::uint8_t max_major_version = 3;

/// The PE holding package offset `offset`, nullptr when none does.
const saip::ProfileElement* element_at(const std::vector<saip::ProfileElement>& elements, std::size_t offset) {
    for (const saip::ProfileElement& pe : elements) {
        if (offset >= pe.offset && offset < pe.offset + pe.raw.size()) {
            return &pe;
        }
    }
    return nullptr;
}

/// A fault `status` at package offset `offset`, named by the PE it lies in (saip.md §7: identification + offset
/// inside that PE).
InstallationOutcome refused(std::uint32_t status, const std::vector<saip::ProfileElement>& elements,
                            std::size_t offset, std::optional<std::string> message = std::nullopt) {
    InstallationOutcome out;
    saip::PeStatus fault{status, std::nullopt, std::nullopt, static_cast<std::uint32_t>(offset)};
    if (const saip::ProfileElement* pe = element_at(elements, offset)) {
        fault.identification = pe->identification;
        fault.offset = static_cast<std::uint32_t>(offset - pe->offset);
    }
    out.response.pe_status = {fault};
    out.response.installation_aborted = true;
    out.response.status_message = std::move(message);
    return out;
}

} // namespace

saip::EuiccResponse aborted_response(std::uint32_t status, std::optional<std::uint32_t> offset) {
    saip::EuiccResponse response;
    response.pe_status = {saip::PeStatus{status, std::nullopt, std::nullopt, offset}};
    response.installation_aborted = true;
    return response;
}

InstallationOutcome check_package(ByteView package, const PlatformState& state, ByteView isdp_aid) {
    std::vector<saip::ProfileElement> elements;
    try {
        elements = saip::walk(package);
    } catch (const CodecError& e) {
        return refused(pe_status::invalid_request_format, elements, e.offset());
    }
    saip::ProfileHeader header;
    std::string iccid;
    try {
        header = saip::read_header(elements);
        if (header.major_version < min_major_version || header.major_version > max_major_version) {
            return refused(pe_status::unsupported_profile_version, elements, 0);
        }
        iccid = saip::check_iccid(elements);
    } catch (const CodecError& e) {
        return refused(pe_status::bad_values, elements, e.offset());
    }
    // spec/sgp02.md §2, §8: an ICCID identifies one profile; a second copy on the same eUICC would make it ambiguous.
    const bool taken = std::any_of(state.isdps.begin(), state.isdps.end(), [&](const IsdpRecord& isdp) {
        return isdp.has_profile() && isdp.iccid == iccid &&
               !std::equal(isdp.aid.begin(), isdp.aid.end(), isdp_aid.begin(), isdp_aid.end());
    });
    if (taken) {
        return refused(pe_status::bad_values, elements, 0, "ICCID already on this eUICC");
    }
    InstallationOutcome out;
    out.response.pe_status = {saip::PeStatus{pe_status::ok, std::nullopt, std::nullopt, std::nullopt}};
    InstalledProfile profile;
    profile.iccid = iccid;
    profile.profile_type = header.profile_type.value_or("");
    profile.pol1 = header.pol && !header.pol->empty() ? header.pol->front() : std::uint8_t{0};
    profile.connectivity_parameters = header.connectivity_parameters.value_or(Bytes{});
    profile.size = static_cast<std::uint32_t>(package.size());
    out.profile = std::move(profile);
    return out;
}

} // namespace euicc::card
