// SPDX-License-Identifier: Apache-2.0
// SM-SR jobs (host/docs/smsr_jobs.md): state names, due times, retry back-off and the JobStore transitions.
#include <euicc/host/smsr/jobs.hpp>

#include <array>
#include <utility>

#include <euicc/host/smsr/jobs_state.hpp>

namespace euicc::host::smsr {

namespace {

constexpr std::array job_state_names{
    std::pair{JobState::Pending, std::string_view("pending")},
    std::pair{JobState::Triggered, std::string_view("triggered")},
    std::pair{JobState::Connected, std::string_view("connected")},
    std::pair{JobState::InProgress, std::string_view("in_progress")},
    std::pair{JobState::Completed, std::string_view("completed")},
    std::pair{JobState::Failed, std::string_view("failed")},
};

constexpr std::array resume_action_names{
    std::pair{ResumeAction::None, std::string_view("none")},
    std::pair{ResumeAction::Redo, std::string_view("redo")},
    std::pair{ResumeAction::EnableOnly, std::string_view("enable_only")},
    std::pair{ResumeAction::DeleteContainerAndRedo, std::string_view("delete_container_and_redo")},
    std::pair{ResumeAction::MarkCompleted, std::string_view("mark_completed")},
    std::pair{ResumeAction::Fail, std::string_view("fail")},
};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) noexcept {
    for (const auto& [known, name] : names) {
        if (known == value) {
            return name;
        }
    }
    return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                             std::string_view name) noexcept {
    for (const auto& [value, known] : names) {
        if (known == name) {
            return value;
        }
    }
    return std::nullopt;
}

} // namespace

std::string_view to_string(JobState state) noexcept {
    return name_of(job_state_names, state);
}

std::optional<JobState> job_state_from_string(std::string_view name) noexcept {
    return value_of(job_state_names, name);
}

std::string_view to_string(ResumeAction action) noexcept {
    return name_of(resume_action_names, action);
}

std::optional<ResumeAction> resume_action_from_string(std::string_view name) noexcept {
    return value_of(resume_action_names, name);
}

bool Job::finished() const noexcept {
    return state == JobState::Completed || (state == JobState::Failed && !retryable);
}

bool Job::due(std::chrono::sys_seconds now) const noexcept {
    const bool waiting = state == JobState::Pending || (state == JobState::Failed && retryable);
    return waiting && (!next_attempt_at || *next_attempt_at <= now);
}

std::chrono::seconds RetryPolicy::backoff(std::uint32_t failures) const noexcept {
    std::chrono::seconds wait = first_backoff;
    for (std::uint32_t n = 1; n < failures && wait < max_backoff; ++n) {
        wait *= 2;
    }
    return std::min(wait, max_backoff);
}

std::optional<Job> JobStore::mark_triggered(const JobKey& key, std::uint64_t counter, std::chrono::sys_seconds now) {
    return update(key, [&](const Job& job) { return on_triggered(job, counter, now); }, now);
}

std::optional<Job> JobStore::mark_failed(const JobKey& key, std::string_view reason, bool retryable,
                                         const RetryPolicy& policy, std::chrono::sys_seconds now) {
    return update(key, [&](const Job& job) { return on_failed(job, reason, retryable, policy, now); }, now);
}

std::optional<Job> JobStore::apply(const AdminEvent& event, const RetryPolicy& policy, std::chrono::sys_seconds now) {
    if (event.eid.empty()) {
        return std::nullopt;
    }
    std::optional<trigger::OperationType> operation;
    if (event.service_request) {
        operation = event.service_request->operation;
    }
    return update_active(
        event.eid, operation, [&](const Job& job) { return on_admin_event(job, event, policy, now); }, now);
}

} // namespace euicc::host::smsr
