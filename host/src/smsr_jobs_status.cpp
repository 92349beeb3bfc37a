// SPDX-License-Identifier: Apache-2.0
// Request status assembly (host/docs/smsr_api.md "Request status"): the patent's EID lists from the job store.
#include <euicc/host/smsr/jobs_status.hpp>

namespace euicc::host::smsr {

std::optional<smsr_api::RequestStatus> request_status(const JobStore& store, std::string_view id) {
    const std::optional<StoredRequest> request = store.request(id);
    if (!request) {
        return std::nullopt;
    }
    smsr_api::RequestStatus status;
    status.request_id = request->id;
    status.operation = request->operation;
    status.state = request->state;
    status.submitted_at = request->created_at;
    status.updated_at = request->updated_at;
    status.finished_at = request->finished_at;
    const std::vector<Job> jobs = store.jobs(id);
    status.targets = jobs.size();
    for (const Job& job : jobs) {
        if (job.state == JobState::Failed && !job.retryable) {
            status.failed.push_back(smsr_api::Failure{job.eid, job.identity, job.last_error});
        }
        if (!job.eid) {
            continue;
        }
        const std::string& eid = *job.eid;
        const JobResults& r = job.results;
        const auto list_if = [&](bool done, std::vector<std::string>& list) {
            if (done) {
                list.push_back(eid);
            }
        };
        list_if(r.connected, status.connected);
        list_if(r.container_aid.has_value(), status.container_created);
        list_if(r.installed_iccid.has_value(), status.profile_installed);
        list_if(r.enabled, status.profile_enabled);
        list_if(r.smsr_changed, status.smsr_changed);
    }
    return status;
}

} // namespace euicc::host::smsr
