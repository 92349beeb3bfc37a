// SPDX-License-Identifier: Apache-2.0
// Resume after restart: recover() and the decisions taken from a card's audit (SGP.02 §4.1.1.5), table-driven.
#include <catch2/catch.hpp>

#include <euicc/host/smsr/jobs_resume.hpp>
#include <euicc/host/smsr/jobs_sqlite.hpp>

#include "test_smsr_jobs_support.hpp"

namespace euicc::host::smsr::test {

namespace {

using sgp02::ProfileState;
using trigger::OperationType;

const Bytes isdp_10{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x10, 0x00};
const Bytes isdp_11{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x11, 0x00};
const std::string iccid = "8944123456789012345";

ProfileRecord profile(const Bytes& aid, ProfileState state, std::optional<std::string> with_iccid = std::nullopt) {
    ProfileRecord record;
    record.isdp_aid = aid;
    record.state = state;
    record.iccid = std::move(with_iccid);
    return record;
}

struct Row {
    const char* name;
    OperationType operation;
    std::optional<Bytes> container;       ///< the job recorded ContainerCreated
    std::optional<std::string> installed; ///< the job recorded ProfileInstalled
    ResumeTarget target;
    std::vector<ProfileRecord> card;
    ResumeAction expected;
    std::optional<Bytes> expected_aid;
};

} // namespace

TEST_CASE("resume decisions from the card's audit", "[smsr][jobs][resume]") {
    const std::vector<Row> rows{
        {"install: enabled profile by ICCID -> done", OperationType::ProfileInstallation, std::nullopt, std::nullopt,
         {std::nullopt, iccid}, {profile(isdp_11, ProfileState::Enabled, iccid)}, ResumeAction::MarkCompleted, isdp_11},
        {"install: disabled profile by ICCID -> enable only", OperationType::ProfileInstallation, std::nullopt,
         std::nullopt, {std::nullopt, iccid}, {profile(isdp_11, ProfileState::Disabled, iccid)},
         ResumeAction::EnableOnly, isdp_11},
        {"install: job's container holds a profile (no 5A) -> enable only", OperationType::ProfileInstallation,
         isdp_10, std::nullopt, {}, {profile(isdp_10, ProfileState::Disabled)}, ResumeAction::EnableOnly, isdp_10},
        {"install: empty container -> delete and redo", OperationType::ProfileInstallation, isdp_10, std::nullopt, {},
         {profile(isdp_10, ProfileState::Created), profile(isdp_11, ProfileState::Enabled)},
         ResumeAction::DeleteContainerAndRedo, isdp_10},
        {"install: nothing on the card -> redo", OperationType::ProfileInstallation, isdp_10, std::nullopt,
         {std::nullopt, iccid}, {profile(isdp_11, ProfileState::Enabled, "8944000000000000000")}, ResumeAction::Redo,
         std::nullopt},
        {"install: recorded ICCID found enabled -> done", OperationType::ProfileInstallation, isdp_10, iccid, {},
         {profile(isdp_10, ProfileState::Enabled, iccid)}, ResumeAction::MarkCompleted, isdp_10},
        {"download: disabled profile -> done", OperationType::ProfileDownload, isdp_10, std::nullopt, {},
         {profile(isdp_10, ProfileState::Disabled)}, ResumeAction::MarkCompleted, isdp_10},
        {"download: empty card -> redo", OperationType::ProfileDownload, std::nullopt, std::nullopt, {}, {},
         ResumeAction::Redo, std::nullopt},
        {"enable: already enabled -> done", OperationType::Enabling, std::nullopt, std::nullopt, {isdp_10, {}},
         {profile(isdp_10, ProfileState::Enabled)}, ResumeAction::MarkCompleted, isdp_10},
        {"enable: still disabled -> redo", OperationType::Enabling, std::nullopt, std::nullopt, {isdp_10, {}},
         {profile(isdp_10, ProfileState::Disabled)}, ResumeAction::Redo, isdp_10},
        {"enable: ISD-P gone -> fail", OperationType::Enabling, std::nullopt, std::nullopt, {isdp_10, {}},
         {profile(isdp_11, ProfileState::Enabled)}, ResumeAction::Fail, std::nullopt},
        {"disable: already disabled -> done", OperationType::Disabling, std::nullopt, std::nullopt, {isdp_10, {}},
         {profile(isdp_10, ProfileState::Disabled)}, ResumeAction::MarkCompleted, isdp_10},
        {"disable: still enabled -> redo", OperationType::Disabling, std::nullopt, std::nullopt, {isdp_10, {}},
         {profile(isdp_10, ProfileState::Enabled)}, ResumeAction::Redo, isdp_10},
        {"disable: no ISD-P named -> fail", OperationType::Disabling, std::nullopt, std::nullopt, {}, {},
         ResumeAction::Fail, std::nullopt},
        {"delete: gone -> done", OperationType::ProfileDeletion, std::nullopt, std::nullopt, {isdp_10, {}},
         {profile(isdp_11, ProfileState::Enabled)}, ResumeAction::MarkCompleted, std::nullopt},
        {"delete: still there -> redo", OperationType::ProfileDeletion, std::nullopt, std::nullopt, {isdp_10, {}},
         {profile(isdp_10, ProfileState::Disabled)}, ResumeAction::Redo, isdp_10},
        {"smsr change -> redo", OperationType::SmSrChange, std::nullopt, std::nullopt, {}, {}, ResumeAction::Redo,
         std::nullopt},
        {"status change -> redo", OperationType::StatusChange, std::nullopt, std::nullopt, {isdp_10, {}},
         {profile(isdp_10, ProfileState::Disabled)}, ResumeAction::Redo, std::nullopt},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        Job job;
        job.key = JobKey{"r", 0};
        job.eid = job_eid(1);
        job.operation = row.operation;
        job.state = JobState::InProgress;
        job.results.container_aid = row.container;
        job.results.installed_iccid = row.installed;
        const ResumePlan plan = plan_resume(job, Audit{row.card, std::nullopt}, row.target);
        CHECK(plan.action == row.expected);
        CHECK(plan.isdp_aid == row.expected_aid);
        CHECK_FALSE(plan.reason.empty());
    }
}

TEST_CASE("recover() lists interrupted jobs and resume() stores the decision once", "[smsr][jobs][resume]") {
    JobFile file;
    const std::vector<std::string> eids{job_eid(1), job_eid(2), job_eid(3), job_eid(4)};
    const RetryPolicy policy;
    {
        SqliteJobStore store(file.path);
        store.submit(job_request("b", OperationType::ProfileInstallation, eids), "{}", resolved(eids), at(0));
        for (std::uint32_t i = 0; i < 3; ++i) {
            store.mark_triggered(JobKey{"b", i}, i, at(1));
        }
        store.apply(event(eids[1], AdminStep::Connected), policy, at(2));
        AdminEvent created = event(eids[2], AdminStep::ContainerCreated);
        created.isdp_aid = isdp_10;
        store.apply(created, policy, at(2));
    } // the SM-SR dies here

    SqliteJobStore store(file.path);
    const std::vector<Job> interrupted = store.recover();
    REQUIRE(interrupted.size() == 3);
    CHECK(interrupted[0].state == JobState::Triggered);
    CHECK(interrupted[1].state == JobState::Connected);
    CHECK(interrupted[2].state == JobState::InProgress);

    // Card 0 finished before the crash: completed without repeating anything.
    const ResumePlan enabled{ResumeAction::MarkCompleted, isdp_11, iccid, "the profile is installed and enabled"};
    const Job done = *resume(store, interrupted[0].key, enabled, at(3));
    CHECK(done.state == JobState::Completed);
    CHECK(done.resume == ResumeAction::MarkCompleted);
    CHECK(done.results.container_aid == isdp_11);
    CHECK(done.results.installed_iccid == iccid);
    CHECK(done.results.enabled);
    // Card 2 left an empty container: pending again with what remains, due now.
    const ResumePlan cleanup{ResumeAction::DeleteContainerAndRedo, isdp_10, std::nullopt, "empty ISD-P"};
    const Job again = *resume(store, interrupted[2].key, cleanup, at(3));
    CHECK(again.state == JobState::Pending);
    CHECK(again.resume == ResumeAction::DeleteContainerAndRedo);
    CHECK(again.due(at(3)));
    CHECK(again.attempts == 1);
    // Resuming twice changes nothing; the retry triggers it again (attempt 2).
    CHECK(*resume(store, interrupted[2].key, enabled, at(4)) == again);
    CHECK(store.mark_triggered(interrupted[2].key, 9, at(5))->attempts == 2);
    // Card 1's ISD-P vanished: final failure with the plan's reason.
    const Job failed = *resume(store, interrupted[1].key, ResumePlan{ResumeAction::Fail, {}, {}, "no ISD-P"}, at(6));
    CHECK(failed.finished());
    CHECK(failed.last_error == "no ISD-P");
    CHECK(store.recover().size() == 1); // the re-triggered card 2
    CHECK_FALSE(resume(store, JobKey{"b", 42}, enabled, at(7)));
}

} // namespace euicc::host::smsr::test
