// SPDX-License-Identifier: Apache-2.0
// Resume decisions from an audit (SGP.02 §4.1.1.5; ISD-P states Table 1): what an interrupted job has left.
#include <euicc/host/smsr/jobs_resume.hpp>

#include <euicc/host/smsr/jobs_state.hpp>

namespace euicc::host::smsr {

namespace {

using sgp02::ProfileState;
using trigger::OperationType;

ResumePlan plan(ResumeAction action, const ProfileRecord* record, std::string reason) {
    ResumePlan out{action, std::nullopt, std::nullopt, std::move(reason)};
    if (record != nullptr) {
        out.isdp_aid = record->isdp_aid;
        out.iccid = record->iccid;
    }
    return out;
}

/// The ISD-P the job is about: the one it created, else the one the request named.
std::optional<Bytes> job_isdp(const Job& job, const ResumeTarget& target) {
    if (job.results.container_aid && !job.results.container_aid->empty()) {
        return job.results.container_aid;
    }
    return target.isdp_aid;
}

const ProfileRecord* by_iccid(const Audit& audit, const std::optional<std::string>& iccid) {
    if (!iccid || iccid->empty()) {
        return nullptr;
    }
    for (const ProfileRecord& record : audit.profiles) {
        if (record.iccid == iccid) {
            return &record;
        }
    }
    return nullptr;
}

bool holds_profile(const ProfileRecord& record) {
    // Created: the ISD-P exists but no profile was installed in it (SGP.02 §2.2.1.2).
    return record.state == ProfileState::Disabled || record.state == ProfileState::Enabled;
}

ResumePlan plan_download(const Job& job, const Audit& audit, const ResumeTarget& target) {
    const std::optional<std::string> iccid = job.results.installed_iccid ? job.results.installed_iccid : target.iccid;
    const std::optional<Bytes> aid = job_isdp(job, target);
    const ProfileRecord* record = by_iccid(audit, iccid);
    if (record == nullptr && aid) {
        record = audit.find(*aid);
    }
    if (record == nullptr) {
        return plan(ResumeAction::Redo, nullptr, "the card holds neither the profile nor its ISD-P");
    }
    if (!holds_profile(*record)) {
        return plan(ResumeAction::DeleteContainerAndRedo, record, "the ISD-P exists without a profile");
    }
    const bool enabled = record->state == ProfileState::Enabled;
    if (job.operation == OperationType::ProfileInstallation && !enabled) {
        return plan(ResumeAction::EnableOnly, record, "the profile is installed but disabled");
    }
    return plan(ResumeAction::MarkCompleted, record,
                enabled ? "the profile is installed and enabled" : "the profile is installed");
}

ResumePlan plan_switch(const Job& job, const Audit& audit, const ResumeTarget& target, ProfileState wanted) {
    const std::optional<Bytes> aid = job_isdp(job, target);
    const ProfileRecord* record = aid ? audit.find(*aid) : nullptr;
    if (record == nullptr) {
        return plan(ResumeAction::Fail, nullptr,
                    aid ? "the card has no ISD-P " + to_hex(*aid) : std::string("the request names no ISD-P"));
    }
    if (record->state == wanted) {
        return plan(ResumeAction::MarkCompleted, record,
                    "the profile is already " + std::string(sgp02::to_string(wanted)));
    }
    return plan(ResumeAction::Redo, record, "the profile is not " + std::string(sgp02::to_string(wanted)) + " yet");
}

ResumePlan plan_deletion(const Job& job, const Audit& audit, const ResumeTarget& target) {
    const std::optional<Bytes> aid = job_isdp(job, target);
    const ProfileRecord* record = aid ? audit.find(*aid) : nullptr;
    if (record == nullptr) {
        return plan(ResumeAction::MarkCompleted, nullptr, "the ISD-P is gone");
    }
    return plan(ResumeAction::Redo, record, "the ISD-P is still there");
}

/// The results a finished operation records (on_admin_event), for a job the audit found done.
void record_completion(Job& job, const ResumePlan& plan) {
    JobResults& r = job.results;
    switch (job.operation) {
    case OperationType::ProfileDownload:
    case OperationType::ProfileInstallation:
        if (plan.isdp_aid) {
            r.container_aid = plan.isdp_aid;
        }
        if (!r.installed_iccid) {
            r.installed_iccid = plan.iccid.value_or("");
        }
        // plan_download completes an installation only when the profile is enabled.
        r.enabled = r.enabled || job.operation == OperationType::ProfileInstallation;
        break;
    case OperationType::Enabling:
        r.enabled = true;
        break;
    case OperationType::Disabling:
        r.disabled = true;
        break;
    case OperationType::ProfileDeletion:
        r.deleted = true;
        break;
    case OperationType::StatusChange:
    case OperationType::SmSrChange:
        break;
    }
}

} // namespace

ResumePlan plan_resume(const Job& job, const Audit& audit, const ResumeTarget& target) {
    switch (job.operation) {
    case OperationType::ProfileDownload:
    case OperationType::ProfileInstallation:
        return plan_download(job, audit, target);
    case OperationType::Enabling:
        return plan_switch(job, audit, target, ProfileState::Enabled);
    case OperationType::Disabling:
        return plan_switch(job, audit, target, ProfileState::Disabled);
    case OperationType::ProfileDeletion:
        return plan_deletion(job, audit, target);
    case OperationType::StatusChange:
    case OperationType::SmSrChange:
        break;
    }
    return plan(ResumeAction::Redo, nullptr, "an audit does not show this operation's effect: its steps check first");
}

std::optional<Job> resume(JobStore& store, const JobKey& key, const ResumePlan& plan, std::chrono::sys_seconds now) {
    return store.update(
        key,
        [&](const Job& job) -> std::optional<Job> {
            const bool interrupted = job.state == JobState::Triggered || job.state == JobState::Connected ||
                                     job.state == JobState::InProgress;
            if (!interrupted) {
                return std::nullopt; // resumed already, or finished since
            }
            Job next = job;
            next.resume = plan.action;
            next.retryable = false;
            next.next_attempt_at.reset();
            switch (plan.action) {
            case ResumeAction::MarkCompleted:
                next.state = JobState::Completed;
                record_completion(next, plan);
                break;
            case ResumeAction::Fail:
                next.state = JobState::Failed;
                next.last_error = failure_reason(plan.reason);
                break;
            default:
                next.state = JobState::Pending;
                next.next_attempt_at = now;
                break;
            }
            return next;
        },
        now);
}

} // namespace euicc::host::smsr
