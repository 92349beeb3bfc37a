// SPDX-License-Identifier: Apache-2.0
// Typed refusals of SGP.02 platform operations (spec/sgp02.md §2, §4; GPCS v2.3.1 §11.1.3) and failed profile
// installations (SAIP EUICCResponse, spec/saip.md §7).
#pragma once

#include <cstdint>
#include <string>

#include <euicc/apdu/saip.hpp>
#include <euicc/apdu/status_word.hpp>
#include <euicc/error.hpp>

namespace euicc::host {

/// Which eUICC rule refused an operation.
enum class PolicyRule : std::uint8_t {
    /// 69E1: a POL1 rule of the profile forbids the operation ("disabling not allowed", "deletion not allowed";
    /// njiwa and WHTY ISD-R error tables, spec/sgp02.md §2 Policies).
    Pol1,
    /// 6985 answered to a profile operation: the SGP.02 platform rules forbid it in the profile's present state
    /// (at most one profile enabled; the fall-back profile cannot be disabled; only a disabled profile without
    /// the fall-back attribute can be deleted; spec/sgp02.md §2 transitions, §4.2-§4.4). Cards also answer 6985
    /// for a POL1 rule, so a caller that must tell the two apart reads the profile's POL1 itself.
    ProfileState,
};

/// The eUICC refused a profile operation by one of its rules (a StatusWordError, so `command()` and `sw()` say
/// what was refused). Only profile operations (enable, disable, delete, set fall-back) give ProfileState;
/// 69E1 gives Pol1 wherever it comes.
class PolicyError : public StatusWordError {
public:
    PolicyError(std::string command, apdu::StatusWord sw, PolicyRule rule)
        : StatusWordError(std::move(command), sw), m_rule(rule) {}
    PolicyRule rule() const noexcept { return m_rule; }

private:
    PolicyRule m_rule;
};

/// 6A84 (GPCS Table 11-10): the eUICC has not enough memory: the quota of a new ISD-P, a keyset, a profile.
class NotEnoughMemoryError : public StatusWordError {
public:
    using StatusWordError::StatusWordError;
};

/// Throws the typed error for `sw` answered to `command`: NotEnoughMemoryError for 6A84, PolicyError(Pol1) for
/// 69E1, PolicyError(ProfileState) for 6985 when `profile_operation`, StatusWordError otherwise.
[[noreturn]] void throw_status_word_error(std::string command, apdu::StatusWord sw, bool profile_operation = false);

/// The ISD-P stopped installing a profile package: its EUICCResponse carries profileInstallationAborted
/// (spec/saip.md §7). `response()` names the failing PE (identification, status, offset).
class ProfileInstallationError : public Error {
public:
    ProfileInstallationError(std::string iccid, saip::EuiccResponse response);
    const std::string& iccid() const noexcept { return m_iccid; }
    const saip::EuiccResponse& response() const noexcept { return m_response; }

private:
    std::string m_iccid;
    saip::EuiccResponse m_response;
};

} // namespace euicc::host
