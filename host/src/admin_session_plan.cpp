// SPDX-License-Identifier: Apache-2.0
// Checks of an SCP81 admin plan: each SGP.02 operation and the parameters it needs (spec/sgp02.md §4-§6).
#include <euicc/host/admin_session_plan.hpp>

#include <stdexcept>
#include <string>

namespace euicc::host {

namespace {

std::string operation_name(trigger::OperationType operation) {
    return std::string(scp81::to_header_name(operation));
}

void check_download(const std::optional<ProfileDownloadPlan>& download, const std::string& name) {
    if (!download) {
        throw std::invalid_argument("admin plan " + name + ": no profile download parameters");
    }
    if (download->package.empty()) {
        throw std::invalid_argument("admin plan " + name + ": empty profile package");
    }
    download->isdp_keys.validate();
    if (download->isdp_keys.dek.empty()) {
        throw std::invalid_argument("admin plan " + name + ": the ISD-P keyset needs a DEK");
    }
}

void check_smsr_change(const std::optional<SmsrChangePlan>& change) {
    if (!change || (!change->new_keys.scp03 && !change->new_keys.scp80 && !change->scp81)) {
        throw std::invalid_argument("admin plan smsr-change: no new keyset");
    }
    if (change->scp81) {
        const Scp81Keyset& keys = *change->scp81;
        keys.validate();
        // One PUT KEY carries the keyset, its keys numbered from the first identifier on (GPCS §11.8.2.2).
        if (keys.dek.empty() || keys.dek_id != keys.psk_id + 1) {
            throw std::invalid_argument(
                "admin plan smsr-change: the SCP81 keyset needs a DEK right after its PSK");
        }
    }
}

} // namespace

AdminPlan AdminPlan::audit_only() {
    AdminPlan plan;
    plan.audit = true;
    return plan;
}

void AdminPlan::validate() const {
    if (!operation) {
        return;
    }
    const std::string name = operation_name(*operation);
    switch (*operation) {
    case trigger::OperationType::ProfileDownload:
    case trigger::OperationType::ProfileInstallation:
        check_download(download, name);
        break;
    case trigger::OperationType::ProfileDeletion:
    case trigger::OperationType::Enabling:
    case trigger::OperationType::Disabling:
    case trigger::OperationType::StatusChange:
        if (!isdp_aid || isdp_aid->size() < 5 || isdp_aid->size() > 16) {
            throw std::invalid_argument("admin plan " + name + ": needs the ISD-P AID (5..16 bytes)");
        }
        break;
    case trigger::OperationType::SmSrChange:
        check_smsr_change(smsr_change);
        break;
    default:
        throw std::invalid_argument("admin plan: unknown operation type");
    }
}

} // namespace euicc::host
