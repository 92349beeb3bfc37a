// SPDX-License-Identifier: Apache-2.0
// Request status assembled from the job store (host/docs/smsr_api.md): EID lists growing as the batch runs.
#include <catch2/catch.hpp>

#include <euicc/host/smsr/jobs_sqlite.hpp>
#include <euicc/host/smsr/jobs_status.hpp>

#include "test_smsr_jobs_support.hpp"

namespace euicc::host::smsr::test {

TEST_CASE("request status lists the EIDs as the batch progresses", "[smsr][jobs][status]") {
    JobFile file;
    SqliteJobStore store(file.path);
    const RetryPolicy policy{2, std::chrono::seconds(10), std::chrono::seconds(10)};
    const std::vector<std::string> eids{job_eid(1), job_eid(2), job_eid(3)};
    const smsr_api::Identity unknown{smsr_api::IdentityType::Msisdn, "+15550100"};
    std::vector<NewTarget> targets = resolved(eids);
    targets.push_back(NewTarget{std::nullopt, unknown, "unknown msisdn +15550100"});
    store.submit(job_request("s", trigger::OperationType::ProfileInstallation, eids), "{}", targets, at(0));

    CHECK_FALSE(request_status(store, "nope").has_value());
    smsr_api::RequestStatus status = *request_status(store, "s");
    CHECK(status.state == smsr_api::RequestState::Accepted);
    CHECK(status.targets == 4);
    CHECK(status.connected.empty());
    REQUIRE(status.failed.size() == 1);
    CHECK(status.failed[0] == smsr_api::Failure{std::nullopt, unknown, "unknown msisdn +15550100"});
    // The API codec accepts what the store assembles.
    CHECK(smsr_api::parse_request_status(smsr_api::encode_request_status(status)) == status);

    for (std::uint32_t i = 0; i < 3; ++i) {
        store.mark_triggered(JobKey{"s", i}, i, at(1));
        store.apply(event(eids[i], AdminStep::Connected), policy, at(2));
    }
    AdminEvent created = event(eids[0], AdminStep::ContainerCreated);
    created.isdp_aid = Bytes{0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0x10};
    store.apply(created, policy, at(3));
    AdminEvent installed = event(eids[0], AdminStep::ProfileInstalled);
    installed.iccid = "8944123456789012345";
    store.apply(installed, policy, at(4));
    store.apply(event(eids[0], AdminStep::ProfileEnabled), policy, at(5));
    AdminEvent lost = event(eids[1], AdminStep::Failed);
    lost.detail = "card lost";
    lost.retryable = true;
    store.apply(lost, policy, at(5));

    status = *request_status(store, "s");
    CHECK(status.state == smsr_api::RequestState::Running);
    CHECK(status.connected == eids);
    CHECK(status.container_created == std::vector<std::string>{eids[0]});
    CHECK(status.profile_installed == std::vector<std::string>{eids[0]});
    CHECK(status.profile_enabled == std::vector<std::string>{eids[0]});
    CHECK(status.failed.size() == 1); // the retryable failure is not final yet
    CHECK(status.updated_at == at(5));
    CHECK_FALSE(status.finished_at.has_value());

    store.apply(event(eids[0], AdminStep::Completed), policy, at(6));
    store.mark_triggered(JobKey{"s", 1}, 5, at(15));
    store.mark_failed(JobKey{"s", 1}, "card lost", true, policy, at(16)); // second attempt: final
    store.apply(event(eids[2], AdminStep::HandshakeFailed), policy, at(17));

    status = *request_status(store, "s");
    CHECK(status.state == smsr_api::RequestState::Done);
    CHECK(status.finished_at == at(17));
    REQUIRE(status.failed.size() == 3);
    // Target order: the EIDs, then the identity.
    CHECK(status.failed[0].eid == eids[1]);
    CHECK(status.failed[0].reason == "card lost (gave up after 2 attempts)");
    CHECK(status.failed[1].eid == eids[2]);
    CHECK(status.failed[2].identity == unknown);
    CHECK(smsr_api::parse_request_status(smsr_api::encode_request_status(status)) == status);
}

} // namespace euicc::host::smsr::test
