// SPDX-License-Identifier: Apache-2.0
// Resuming jobs a restart interrupted: what is left to do, decided from the card's state as an audit
// (SGP.02 §4.1.1.5 GetStatus) reports it, so that no card repeats an operation it already completed.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/host/isd_r_results.hpp>
#include <euicc/host/smsr/jobs.hpp>

namespace euicc::host::smsr {

/// What the request asked for, beyond what the job recorded: the ISD-P (request parameter isdp_aid) and the
/// profile's ICCID when the SM-SR knows it from the package.
struct ResumeTarget {
    std::optional<Bytes> isdp_aid;
    std::optional<std::string> iccid;
};

struct ResumePlan {
    ResumeAction action = ResumeAction::Redo;
    std::optional<Bytes> isdp_aid; ///< the ISD-P the action concerns, when there is one
    std::optional<std::string> iccid; ///< that ISD-P's ICCID as the audit reports it
    std::string reason;            ///< why, for logs and the failure reason of Fail
    friend bool operator==(const ResumePlan&, const ResumePlan&) = default;
};

/// Pure decision per operation (host/docs/smsr_jobs.md "Resume"):
/// - profile download / installation: the profile (by ICCID, else by the job's or request's ISD-P AID in state
///   disabled/enabled) is there -> completed (installation: only when enabled; disabled -> EnableOnly); the
///   ISD-P is there without a profile (state created) -> DeleteContainerAndRedo; nothing -> Redo.
/// - enabling / disabling: the ISD-P in the wanted state -> completed; in the other -> Redo; absent -> Fail.
/// - profile deletion: absent -> completed; present -> Redo.
/// - status change, SM-SR change: an audit does not show their effect -> Redo (the steps check before acting).
ResumePlan plan_resume(const Job& job, const Audit& audit, const ResumeTarget& target = {});

/// Stores `plan` for the job in one transition: MarkCompleted -> completed with the results the operation
/// would have recorded (ISD-P, ICCID, enabled / disabled / deleted) so the status lists show the card; Fail -> failed (final, reason);
/// otherwise pending with the action, due at `now`. Only a job that was triggered, connected or in progress
/// changes. Returns the job as it is now, nullopt when there is no such job.
std::optional<Job> resume(JobStore& store, const JobKey& key, const ResumePlan& plan, std::chrono::sys_seconds now);

} // namespace euicc::host::smsr
