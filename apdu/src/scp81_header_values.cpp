// SPDX-License-Identifier: Apache-2.0
// GP Amd B §3.4.1 X-Admin-Script-Status values and the euicc-host X-Admin-Service-Request header
// (applet_spec/admin_agent.md).
#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include <euicc/apdu/scp81.hpp>
#include <euicc/error.hpp>

#include "scp81_text.hpp"

namespace euicc::scp81 {

namespace {

using trigger::ManagementMode;
using trigger::OperationType;

constexpr std::array<std::pair<ScriptStatus, std::string_view>, 4> script_status_names{{
    {ScriptStatus::Ok, "ok"},
    {ScriptStatus::UnknownApplication, "unknown-application"},
    {ScriptStatus::NotASecurityDomain, "not-a-security-domain"},
    {ScriptStatus::SecurityError, "security-error"},
}};

constexpr std::array<std::pair<OperationType, std::string_view>, 7> operation_names{{
    {OperationType::ProfileDownload, "profile-download"},
    {OperationType::ProfileInstallation, "profile-installation"},
    {OperationType::ProfileDeletion, "profile-deletion"},
    {OperationType::Enabling, "enabling"},
    {OperationType::Disabling, "disabling"},
    {OperationType::StatusChange, "status-change"},
    {OperationType::SmSrChange, "smsr-change"},
}};

constexpr std::array<std::pair<ManagementMode, std::string_view>, 2> mode_names{{
    {ManagementMode::Push, "push"},
    {ManagementMode::Pull, "pull"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) noexcept {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view text) {
    for (const auto& [v, name] : table) {
        if (detail::iequals(name, text)) {
            return v;
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view to_string(ScriptStatus status) noexcept {
    return name_of(script_status_names, status);
}

ScriptStatus parse_script_status(std::string_view text) {
    if (const auto status = value_of(script_status_names, detail::trim(text))) {
        return *status;
    }
    throw CodecError(std::string(script_status_header), 0, "unknown status '" + detail::quoted(text) + "'");
}

std::string_view to_header_name(OperationType operation) noexcept {
    return name_of(operation_names, operation);
}

std::string_view to_header_name(ManagementMode mode) noexcept {
    return name_of(mode_names, mode);
}

std::string format_service_request(const ServiceRequest& request) {
    return "operation=" + std::string(to_header_name(request.operation)) +
           "; mode=" + std::string(to_header_name(request.mode));
}

ServiceRequest parse_service_request(std::string_view text) {
    const std::string context(service_request_header);
    std::optional<OperationType> operation;
    std::optional<ManagementMode> mode;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(';', start), text.size());
        const std::string_view part = text.substr(start, end - start);
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) {
            throw CodecError(context, start,
                             "expected name=value, got '" + detail::quoted(detail::trim(part)) + "'");
        }
        const std::string_view name = detail::trim(part.substr(0, eq));
        const std::string_view value = detail::trim(part.substr(eq + 1));
        const std::size_t value_offset = start + eq + 1;
        if (detail::iequals(name, "operation")) {
            if (operation) {
                throw CodecError(context, start, "duplicate parameter 'operation'");
            }
            operation = value_of(operation_names, value);
            if (!operation) {
                throw CodecError(context, value_offset, "unknown operation '" + detail::quoted(value) + "'");
            }
        } else if (detail::iequals(name, "mode")) {
            if (mode) {
                throw CodecError(context, start, "duplicate parameter 'mode'");
            }
            mode = value_of(mode_names, value);
            if (!mode) {
                throw CodecError(context, value_offset, "unknown mode '" + detail::quoted(value) + "'");
            }
        } else {
            throw CodecError(context, start, "unknown parameter '" + detail::quoted(name) + "'");
        }
        start = end + 1;
    }
    if (!operation) {
        throw CodecError(context, text.size(), "missing parameter 'operation'");
    }
    if (!mode) {
        throw CodecError(context, text.size(), "missing parameter 'mode'");
    }
    return ServiceRequest{*operation, *mode};
}

} // namespace euicc::scp81
