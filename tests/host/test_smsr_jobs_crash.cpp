// SPDX-License-Identifier: Apache-2.0
// Durability of the job store: a child process writing transitions is killed with SIGKILL at random moments;
// the reopened file holds every transition the child saw committed, at most the one in flight more, none torn.
#include <catch2/catch.hpp>

#include <cerrno>
#include <random>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <euicc/host/smsr/jobs_sqlite.hpp>

#include "test_smsr_jobs_support.hpp"

namespace euicc::host::smsr::test {

namespace {

constexpr std::uint32_t crash_jobs = 30;
constexpr std::uint32_t steps_per_job = 4; // triggered, connected, in_progress, completed

/// The child: every transition of every job in order, one transaction each, reporting each commit on `report`.
[[noreturn]] void write_transitions(const std::filesystem::path& path, const std::vector<std::string>& eids,
                                    int report) {
    try {
        SqliteJobStore store(path);
        const RetryPolicy policy;
        std::uint32_t committed = 0;
        const auto reported = [&] {
            ++committed;
            if (::write(report, &committed, sizeof committed) != static_cast<ssize_t>(sizeof committed)) {
                ::_exit(3);
            }
        };
        for (std::uint32_t i = 0; i < crash_jobs; ++i) {
            store.mark_triggered(JobKey{"crash", i}, i, at(i));
            reported();
            store.apply(event(eids[i], AdminStep::Connected), policy, at(i));
            reported();
            AdminEvent created = event(eids[i], AdminStep::ContainerCreated);
            created.isdp_aid = Bytes{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, static_cast<std::uint8_t>(i)};
            store.apply(created, policy, at(i));
            reported();
            store.apply(event(eids[i], AdminStep::Completed), policy, at(i));
            reported();
        }
    } catch (...) {
        ::_exit(2);
    }
    ::_exit(0);
}

/// How far a job got: the number of its transitions that are in the file.
std::uint32_t progress(const Job& job) {
    switch (job.state) {
    case JobState::Pending:
        return 0;
    case JobState::Triggered:
        return 1;
    case JobState::Connected:
        return 2;
    case JobState::InProgress:
        return 3;
    case JobState::Completed:
        return 4;
    case JobState::Failed:
        break;
    }
    FAIL("job " << job.key.index << " failed: " << job.last_error);
    return 0;
}

} // namespace

TEST_CASE("a SIGKILL at any moment loses no committed transition and tears nothing", "[smsr][jobs][crash]") {
    const auto seed = std::random_device{}();
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    std::vector<std::string> eids;
    for (std::uint32_t i = 0; i < crash_jobs; ++i) {
        eids.push_back(job_eid(100 + i));
    }
    for (int round = 0; round < 4; ++round) {
        INFO("round " << round);
        JobFile file;
        {
            SqliteJobStore store(file.path);
            store.submit(job_request("crash", trigger::OperationType::ProfileInstallation, eids), "{}",
                         resolved(eids), at(0));
        }
        // Kill after a random number of reported commits: the child keeps writing meanwhile, so the signal
        // lands anywhere in a transaction.
        const auto kill_after = std::uniform_int_distribution<std::uint32_t>(1, crash_jobs * steps_per_job - 2)(rng);
        int pipe_fds[2];
        REQUIRE(::pipe(pipe_fds) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(pipe_fds[0]);
            write_transitions(file.path, eids, pipe_fds[1]);
        }
        ::close(pipe_fds[1]);
        std::uint32_t reported = 0;
        bool killed = false;
        for (;;) {
            std::uint32_t value = 0;
            const ssize_t got = ::read(pipe_fds[0], &value, sizeof value);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got != static_cast<ssize_t>(sizeof value)) {
                break; // end of file: the child is gone
            }
            reported = value;
            if (!killed && reported >= kill_after) {
                REQUIRE(::kill(child, SIGKILL) == 0);
                killed = true;
            }
        }
        ::close(pipe_fds[0]);
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        // The child either died by the signal or had just finished every transition.
        CHECK((WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0)));

        SqliteJobStore store(file.path);
        CHECK(store.integrity_check() == "ok");
        const std::vector<Job> jobs = store.jobs("crash");
        REQUIRE(jobs.size() == crash_jobs);
        std::uint32_t total = 0;
        bool partial_seen = false;
        for (const Job& job : jobs) {
            const std::uint32_t done = progress(job);
            // Jobs run in order: full ones, at most one partial, then untouched ones.
            if (partial_seen) {
                CHECK(done == 0);
            }
            partial_seen = partial_seen || done < steps_per_job;
            // No torn job: the results agree with the state.
            CHECK(job.attempts == (done >= 1 ? 1u : 0u));
            CHECK(job.results.connected == (done >= 2));
            CHECK(job.results.container_aid.has_value() == (done >= 3));
            total += done;
        }
        CHECK(total >= reported);
        CHECK(total <= reported + 1);
        const StoredRequest request = *store.request("crash");
        CHECK(request.state == (total == crash_jobs * steps_per_job ? smsr_api::RequestState::Done
                                                                    : smsr_api::RequestState::Running));
    }
}

} // namespace euicc::host::smsr::test
