// SPDX-License-Identifier: Apache-2.0
// A card pulled in the middle of an SCP81 profile download (GP Amd B §3.4, SGP.02 §2.4.4): the server records the
// session failed and retryable, the card keeps what it committed, and later sessions finish the job.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>

#include <euicc/apdu/rng.hpp>
#include <euicc/card/virtual_euicc.hpp>
#include <euicc/error.hpp>
#include <euicc/host/lab_session.hpp>
#include <euicc/transport/in_process_channel.hpp>

#include "scenarios/foundation.hpp"
#include "scenarios/ota_sms_pp.hpp"

using namespace euicc;
using namespace std::chrono_literals;

namespace {

/// An in-process card that can be pulled out of its reader: from then on every exchange fails as PC/SC does when
/// the card is gone (CardRemovedError), until it is put back.
class PullableChannel : public transport::CardChannel {
public:
    explicit PullableChannel(card::VirtualEuicc& card) : m_inner(card) {}

    void pull() { m_pulled = true; }
    void reinsert() {
        m_pulled = false;
        m_inner.reset(true);  // a card put back starts from a cold reset
    }
    Bytes atr() override { return m_inner.atr(); }

protected:
    Bytes do_transmit(ByteView command) override {
        if (m_pulled) {
            throw CardRemovedError("SCardTransmit: the card was removed (test)");
        }
        return m_inner.transmit_raw(command);
    }
    void do_reset(bool cold) override { m_inner.reset(cold); }

private:
    transport::InProcessChannel m_inner;
    std::atomic<bool> m_pulled{false};
};

Bytes ts48_profile() {
    const std::string path = std::string(EUICC_SOURCE_DIR) + "/../shared/profiles/TS48v1_A.der";
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

host::LabSessionRequest request_for(host::AdminPlan plan) {
    host::LabSessionRequest request;
    request.eid = scenarios::default_test_eid;
    request.plan = std::move(plan);
    request.ota = scenarios::lab_parameters(request.eid);
    request.fast_forward = true;
    request.timeout = 60s;
    return request;
}

host::AdminPlan install_plan() {
    OpenSslRng rng;
    Bytes enc(16), mac(16), dek(16);
    rng.fill(enc);
    rng.fill(mac);
    rng.fill(dek);
    host::AdminPlan plan;
    plan.operation = trigger::OperationType::ProfileInstallation;
    plan.download = host::ProfileDownloadPlan{
        ts48_profile(), scp03::StaticKeys{0x30, SecretBytes(enc), SecretBytes(mac), SecretBytes(dek)}, {}, {}};
    return plan;
}

const host::AdminEvent* find(const std::vector<host::AdminEvent>& events, host::AdminStep step) {
    const auto it = std::find_if(events.rbegin(), events.rend(),
                                 [step](const host::AdminEvent& e) { return e.step == step; });
    return it == events.rend() ? nullptr : &*it;
}

std::string audit(PullableChannel& channel, host::CounterStore& counters) {
    const host::LabSessionResult result =
        host::run_lab_session(channel, counters, request_for(host::AdminPlan::audit_only()));
    REQUIRE(result.session.outcome == host::TriggeredOutcome::Completed);
    const host::AdminEvent* audited = find(result.session.events, host::AdminStep::Audited);
    REQUIRE(audited != nullptr);
    return audited->detail;
}

} // namespace

TEST_CASE("SCP81 admin session: card pulled mid-download, later sessions finish the job", "[e2e][scp81]") {
    card::VirtualEuicc card({});
    PullableChannel channel(card);
    host::MemoryCounterStore counters;

    // Pull the card as soon as the server has put keys into the new ISD-P: the download is next.
    host::LabSessionRequest interrupted = request_for(install_plan());
    interrupted.on_log = [&channel](const std::string& line) {
        if (line.find("smsr: keys-established") != std::string::npos) {
            channel.pull();
        }
    };
    const host::LabSessionResult lost = host::run_lab_session(channel, counters, interrupted);
    CHECK(lost.session.outcome == host::TriggeredOutcome::CardLost);
    CHECK_THAT(lost.session.failure, Catch::Contains("removed"));
    const host::AdminEvent* created = find(lost.session.events, host::AdminStep::ContainerCreated);
    REQUIRE(created != nullptr);
    const Bytes leftover = created->isdp_aid.value();
    CHECK(find(lost.session.events, host::AdminStep::ProfileInstalled) == nullptr);
    const host::AdminEvent* failed = find(lost.session.events, host::AdminStep::Failed);
    REQUIRE(failed != nullptr);
    CHECK(failed->retryable);
    CHECK(lost.server.failed == 1);

    // Back in the reader: the container the lost session created is still there, not enabled, and nothing else.
    channel.reinsert();
    const std::string before = audit(channel, counters);
    CHECK_THAT(before, Catch::StartsWith("1 ISD-P(s)"));
    CHECK_THAT(before, Catch::Contains(to_hex(leftover)));
    CHECK_THAT(before, !Catch::Contains("enabled"));

    // The SM-SR removes the half-done container and installs again: this time the job completes.
    host::AdminPlan remove;
    remove.operation = trigger::OperationType::ProfileDeletion;
    remove.isdp_aid = leftover;
    REQUIRE(host::run_lab_session(channel, counters, request_for(remove)).session.outcome ==
            host::TriggeredOutcome::Completed);
    const host::LabSessionResult done = host::run_lab_session(channel, counters, request_for(install_plan()));
    INFO(done.session.failure);
    REQUIRE(done.session.outcome == host::TriggeredOutcome::Completed);
    CHECK(find(done.session.events, host::AdminStep::ProfileEnabled) != nullptr);
    const std::string after = audit(channel, counters);
    CHECK_THAT(after, Catch::StartsWith("1 ISD-P(s)"));
    CHECK_THAT(after, Catch::Contains("enabled"));
}
