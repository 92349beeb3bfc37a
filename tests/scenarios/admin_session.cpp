// SPDX-License-Identifier: Apache-2.0
// SCP81 admin session scenarios (GP Amd B §3.4, SGP.02 §2.4.4): trigger -> access time -> PSK-TLS over BIP ->
// the SGP.02 operation, with the server's records as the evidence.
#include "scenarios/admin_session.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <euicc/apdu/rng.hpp>
#include <euicc/host/eid_reader.hpp>
#include <euicc/host/lab_session.hpp>
#include <euicc/host/scp03_key_file.hpp>

#include "scenarios/ota_sms_pp.hpp"

namespace euicc::scenarios {

using namespace std::chrono_literals;
using namespace euicc::literals;

namespace {

host::LabSessionRequest request_for(const std::string& eid, host::AdminPlan plan) {
    host::LabSessionRequest request;
    request.eid = eid;
    request.plan = std::move(plan);
    request.ota = lab_parameters(eid);
    request.fast_forward = true;
    request.timeout = 60s;
    return request;
}

bool has(const host::TriggeredSessionResult& result, host::AdminStep step) {
    return std::any_of(result.events.begin(), result.events.end(),
                       [step](const host::AdminEvent& e) { return e.step == step; });
}

const host::AdminEvent& last(const host::TriggeredSessionResult& result, host::AdminStep step) {
    const auto it = std::find_if(result.events.rbegin(), result.events.rend(),
                                 [step](const host::AdminEvent& e) { return e.step == step; });
    REQUIRE(it != result.events.rend());
    return *it;
}

host::AdminPlan plan_with_aid(trigger::OperationType operation, const Bytes& aid) {
    host::AdminPlan plan;
    plan.operation = operation;
    plan.isdp_aid = aid;
    return plan;
}

std::string audit_of(transport::CardChannel& channel, host::CounterStore& counters, const std::string& eid) {
    const host::LabSessionResult audit =
        host::run_lab_session(channel, counters, request_for(eid, host::AdminPlan::audit_only()));
    REQUIRE(audit.session.outcome == host::TriggeredOutcome::Completed);
    return last(audit.session, host::AdminStep::Audited).detail;
}

} // namespace

void admin_session_lifecycle(transport::CardChannel& channel, host::CounterStore& counters, const Bytes& profile) {
    const std::string eid = host::read_eid(channel);
    OpenSslRng rng;

    host::AdminPlan install;
    install.operation = trigger::OperationType::ProfileInstallation;
    Bytes enc(16), mac(16), dek(16);
    rng.fill(enc);
    rng.fill(mac);
    rng.fill(dek);
    install.download = host::ProfileDownloadPlan{
        profile, scp03::StaticKeys{0x30, SecretBytes(enc), SecretBytes(mac), SecretBytes(dek)}, {}, {}};
    host::LabSessionRequest request = request_for(eid, install);
    request.trigger.access_control = trigger::TimeWindow{1800s};
    const host::LabSessionResult installed = host::run_lab_session(channel, counters, request);
    INFO(installed.session.failure);
    REQUIRE(installed.session.outcome == host::TriggeredOutcome::Completed);
    CHECK(installed.session.delivery.por.has_value());
    // The card waited for its access time r x 1800 s: the LabClock jumped there.
    CHECK(installed.session.fast_forwarded_seconds > 0);
    CHECK(installed.session.fast_forwarded_seconds <= 1800);
    CHECK(has(installed.session, host::AdminStep::Connected));
    const host::AdminEvent& requested = last(installed.session, host::AdminStep::ServiceRequested);
    REQUIRE(requested.service_request.has_value());
    CHECK(requested.service_request->operation == trigger::OperationType::ProfileInstallation);
    CHECK(requested.service_request->mode == trigger::ManagementMode::Push);
    const Bytes aid = last(installed.session, host::AdminStep::ContainerCreated).isdp_aid.value();
    CHECK(has(installed.session, host::AdminStep::KeysEstablished));
    const host::AdminEvent& profile_installed = last(installed.session, host::AdminStep::ProfileInstalled);
    CHECK(profile_installed.iccid.has_value());
    CHECK(has(installed.session, host::AdminStep::ProfileEnabled));
    CHECK(installed.server.completed == 1);

    const std::string aid_hex = to_hex(aid);
    CHECK_THAT(audit_of(channel, counters, eid), Catch::Contains(aid_hex + " enabled"));

    const host::LabSessionResult disabled = host::run_lab_session(
        channel, counters, request_for(eid, plan_with_aid(trigger::OperationType::Disabling, aid)));
    REQUIRE(disabled.session.outcome == host::TriggeredOutcome::Completed);
    CHECK(has(disabled.session, host::AdminStep::ProfileDisabled));

    const host::LabSessionResult deleted = host::run_lab_session(
        channel, counters, request_for(eid, plan_with_aid(trigger::OperationType::ProfileDeletion, aid)));
    REQUIRE(deleted.session.outcome == host::TriggeredOutcome::Completed);
    CHECK(has(deleted.session, host::AdminStep::ProfileDeleted));
    CHECK_THAT(audit_of(channel, counters, eid), !Catch::Contains(aid_hex));
}

void admin_session_smsr_change(transport::CardChannel& channel, host::CounterStore& counters) {
    const std::string eid = host::read_eid(channel);

    host::Scp81Keyset new_psk;
    new_psk.kvn = 0x41;
    new_psk.psk = SecretBytes("D1D2D3D4D5D6D7D8D9DADBDCDDDEDFD0"_hex);
    new_psk.dek = SecretBytes("E1E2E3E4E5E6E7E8E9EAEBECEDEEEFE0"_hex);
    host::SmsrChangePlan change;
    change.new_keys.scp03 = scp03::StaticKeys{0x31, SecretBytes("A1A2A3A4A5A6A7A8A9AAABACADAEAFA0"_hex),
                                              SecretBytes("B1B2B3B4B5B6B7B8B9BABBBCBDBEBFB0"_hex),
                                              SecretBytes("C1C2C3C4C5C6C7C8C9CACBCCCDCECFC0"_hex)};
    change.new_keys.scp80 = host::Scp80Keyset{0x02, SecretBytes("F1F2F3F4F5F6F7F8F9FAFBFCFDFEFFF0"_hex),
                                              SecretBytes("0102030405060708090A0B0C0D0E0F00"_hex), {}};
    change.scp81 = new_psk;
    host::AdminPlan plan;
    plan.operation = trigger::OperationType::SmSrChange;
    plan.smsr_change = change;
    const host::LabSessionResult changed = host::run_lab_session(channel, counters, request_for(eid, plan));
    INFO(changed.session.failure);
    REQUIRE(changed.session.outcome == host::TriggeredOutcome::Completed);
    CHECK_THAT(last(changed.session, host::AdminStep::SmsrChanged).detail, Catch::Contains("removed 01 30 40"));

    // The new SM-SR triggers with its own SCP80 keys.
    host::OtaParameters new_ota = lab_parameters(eid);
    new_ota.keys = {2, SecretBytes("F1F2F3F4F5F6F7F8F9FAFBFCFDFEFFF0"_hex),
                    SecretBytes("0102030405060708090A0B0C0D0E0F00"_hex)};
    new_ota.kic = 0x22;
    new_ota.kid = 0x22;
    new_ota.counter_key = host::make_counter_key(eid, new_ota.tar, 2);

    // The old SM-SR's PSK (KVN 40) no longer opens a session.
    host::LabSessionRequest old_smsr = request_for(eid, host::AdminPlan::audit_only());
    old_smsr.ota = new_ota;
    old_smsr.timeout = 20s;
    const host::LabSessionResult refused = host::run_lab_session(channel, counters, old_smsr);
    CHECK(refused.session.outcome == host::TriggeredOutcome::NoSession);
    CHECK(refused.server.handshake_failures >= 1);
    CHECK(refused.server.completed == 0);

    host::LabSessionRequest new_smsr = old_smsr;
    new_smsr.psk = new_psk;
    const host::LabSessionResult accepted = host::run_lab_session(channel, counters, new_smsr);
    INFO(accepted.session.failure);
    CHECK(accepted.session.outcome == host::TriggeredOutcome::Completed);
}

} // namespace euicc::scenarios
