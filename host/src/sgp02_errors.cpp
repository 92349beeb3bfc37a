// SPDX-License-Identifier: Apache-2.0
// Typed refusals of SGP.02 platform operations (spec/sgp02.md §4 error tables, GPCS Table 11-10) and failed
// installations (SAIP EUICCResponse).
#include <euicc/host/sgp02_errors.hpp>

#include <utility>

#include <euicc/apdu/sgp02.hpp>

namespace euicc::host {

namespace {

std::string describe_failure(const std::string& iccid, const saip::EuiccResponse& response) {
    std::string text = "profile " + iccid + ": installation aborted by the ISD-P";
    for (const saip::PeStatus& pe : response.pe_status) {
        if (pe.status == 0) {
            continue;
        }
        text += "; PE";
        if (pe.identification) {
            text += " " + std::to_string(*pe.identification);
        }
        text += " status " + std::to_string(pe.status) + " (" + std::string(saip::status_name(pe.status)) + ")";
        if (pe.offset) {
            text += " at offset " + std::to_string(*pe.offset);
        }
    }
    if (response.status_message) {
        text += ": " + *response.status_message;
    }
    return text;
}

} // namespace

void throw_status_word_error(std::string command, apdu::StatusWord sw, bool profile_operation) {
    if (sw == apdu::sw::not_enough_memory) {
        throw NotEnoughMemoryError(std::move(command), sw);
    }
    if (sw == sgp02::sw_pol1_forbids) {
        throw PolicyError(std::move(command), sw, PolicyRule::Pol1);
    }
    // 6985 is GP's general "conditions of use not satisfied"; only on an ISD-R profile operation does SGP.02
    // give it the meaning "the profile's state forbids this" (spec/sgp02.md §4.2-§4.4).
    if (profile_operation && sw == apdu::sw::conditions_not_satisfied) {
        throw PolicyError(std::move(command), sw, PolicyRule::ProfileState);
    }
    throw StatusWordError(std::move(command), sw);
}

ProfileInstallationError::ProfileInstallationError(std::string iccid, saip::EuiccResponse response)
    : Error(describe_failure(iccid, response)), m_iccid(std::move(iccid)), m_response(std::move(response)) {}

} // namespace euicc::host
