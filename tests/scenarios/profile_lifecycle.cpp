// SPDX-License-Identifier: Apache-2.0
// Profile life-cycle and SM-SR change scenarios (SGP.02 §4.1.1 ES5 on the ISD-R, §4.1.3 ES8 on an ISD-P, §3.8 / §5.6
// SM-SR change; spec/sgp02.md).
#include "scenarios/profile_lifecycle.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/saip.hpp>
#include <euicc/error.hpp>
#include <euicc/host/isd_p.hpp>
#include <euicc/host/isd_r.hpp>

namespace euicc::scenarios {

namespace {

using namespace euicc::literals;

scp03::StaticKeys keyset(std::uint8_t kvn, const Bytes& enc, const Bytes& mac, const Bytes& dek) {
    return scp03::StaticKeys{kvn, SecretBytes(enc), SecretBytes(mac), SecretBytes(dek)};
}

bool holds_version(const std::vector<gp::KeyInformation>& keys, std::uint8_t kvn) {
    return std::any_of(keys.begin(), keys.end(), [&](const gp::KeyInformation& key) { return key.version == kvn; });
}

/// Reads and confirms every notification the ISD-R holds (SGP.02 §4.1.1.11/12), oldest first.
std::vector<sgp02::Notification> drain_notifications(host::IsdR& isd_r) {
    std::vector<sgp02::Notification> out;
    while (const auto notification = isd_r.fetch_notification()) {
        REQUIRE(out.size() < 16); // a card that repeated a confirmed notification would loop
        const host::NotificationConfirmation confirmed = isd_r.confirm_notification(notification->sequence);
        CHECK(confirmed.sequence == notification->sequence);
        out.push_back(*notification);
    }
    return out;
}

/// SGP.02 §4.1.1.2: the outcome of a profile switch comes as a notification; "succeeded" names the profile now
/// enabled (none after a disable without fall-back).
void check_switch_notified(const std::vector<sgp02::Notification>& notifications, std::optional<Bytes> enabled) {
    const bool notified = std::any_of(notifications.begin(), notifications.end(), [&](const sgp02::Notification& n) {
        return n.type == sgp02::NotificationType::ProfileChangeSucceeded && (!enabled || n.isdp_aid == enabled);
    });
    CHECK(notified);
}

} // namespace

ProfileLifecycleSetup lab_setup(Bytes profile) {
    ProfileLifecycleSetup setup;
    setup.isd_r_keys = keyset(0x30, "404142434445464748494A4B4C4D4E4F"_hex, "505152535455565758595A5B5C5D5E5F"_hex,
                              "606162636465666768696A6B6C6D6E6F"_hex);
    setup.isdp_keys = keyset(0x30, "707172737475767778797A7B7C7D7E7F"_hex, "808182838485868788898A8B8C8D8E8F"_hex,
                             "909192939495969798999A9B9C9D9E9F"_hex);
    setup.new_smsr_keys = keyset(0x31, "A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"_hex, "B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"_hex,
                                 "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF"_hex);
    setup.profile = std::move(profile);
    return setup;
}

void profile_lifecycle(transport::CardChannel& channel, const ProfileLifecycleSetup& setup) {
    FixedRng rng(setup.seed);
    const saip::ProfileHeader header = saip::read_header(saip::walk(setup.profile));
    host::IsdR isd_r(channel, setup.isd_r_keys, rng);
    const host::Audit before = isd_r.audit();
    const std::size_t profiles_before = before.profiles.size();

    // Not enough memory: refused with 6A84, nothing created.
    host::CreateIsdpRequest too_big;
    too_big.non_volatile_quota = 0x7FFFFFFF;
    CHECK_THROWS_AS(isd_r.create_isdp(too_big), host::NotEnoughMemoryError);
    CHECK(isd_r.audit().profiles.size() == profiles_before);

    // ES5.CreateISDP with a quota: a new container in state Created.
    host::CreateIsdpRequest request;
    request.iccid = header.iccid;
    request.non_volatile_quota = setup.memory_quota;
    const host::CreatedIsdp created = isd_r.create_isdp(request);
    const Bytes& aid = created.isdp_aid;
    CHECK(before.find(aid) == nullptr);
    {
        const host::Audit audit = isd_r.audit();
        const host::ProfileRecord* record = audit.find(aid);
        REQUIRE(record != nullptr);
        CHECK(record->state == sgp02::ProfileState::Created);
    }

    // Key establishment (lab path), then ES8.DownloadAndInstallation over SCP03t.
    const host::IsdpKeyset keys = isd_r.establish_isdp_keys(aid, setup.isdp_keys);
    CHECK(keys.key_version == setup.isdp_keys.kvn);
    host::IsdP isdp(channel, aid, rng);
    const host::ProfileInstallation installed = isdp.download_and_install_profile(setup.isdp_keys, setup.profile);
    CHECK(installed.iccid == header.iccid);
    CHECK(installed.ok());
    CHECK(installed.commands <= (setup.profile.size() + saip::max_segment_size - 1) / saip::max_segment_size + 10);

    // The SELECT of the ISD-P ended the ISD-R's secure channel session on this channel (GP Amd D §5.6).
    isd_r.session().reopen(setup.isd_r_keys);
    {
        const host::Audit audit = isd_r.audit();
        const host::ProfileRecord* record = audit.find(aid);
        REQUIRE(record != nullptr);
        CHECK(record->state == sgp02::ProfileState::Disabled);
        if (record->iccid) {
            CHECK(*record->iccid == header.iccid);
        }
    }
    drain_notifications(isd_r); // whatever earlier operations left

    // ES5.EnableProfile: exactly one enabled profile, ours.
    const host::ProfileSwitch enabled = isd_r.enable_profile(aid);
    CHECK(enabled.isdp_aid == aid);
    {
        const host::Audit audit = isd_r.audit();
        REQUIRE(audit.enabled() != nullptr);
        CHECK(audit.enabled()->isdp_aid == aid);
        CHECK(std::count_if(audit.profiles.begin(), audit.profiles.end(), [](const host::ProfileRecord& record) {
                  return record.state == sgp02::ProfileState::Enabled;
              }) == 1);
    }
    check_switch_notified(drain_notifications(isd_r), aid);

    // SGP.02 §4.1.1.4: an enabled profile cannot be deleted.
    try {
        isd_r.delete_profile(aid);
        FAIL("an enabled profile was deleted");
    } catch (const host::PolicyError& e) {
        CHECK(e.command() == "DELETE PROFILE");
    }

    // ES5.DisableProfile, then ES5.DeleteProfile.
    isd_r.disable_profile(aid);
    {
        const host::Audit audit = isd_r.audit();
        const host::ProfileRecord* record = audit.find(aid);
        REQUIRE(record != nullptr);
        CHECK(record->state == sgp02::ProfileState::Disabled);
        // A fall-back profile, if the card has one, is enabled in its place (SGP.02 §2 transitions).
        const host::ProfileRecord* now_enabled = audit.enabled();
        check_switch_notified(drain_notifications(isd_r),
                              now_enabled ? std::optional<Bytes>(now_enabled->isdp_aid) : std::nullopt);
    }
    CHECK_FALSE(isd_r.fetch_notification());
    isd_r.delete_profile(aid);
    const host::Audit after = isd_r.audit();
    CHECK(after.find(aid) == nullptr);
    CHECK(after.profiles.size() == profiles_before);
}

void smsr_change(transport::CardChannel& channel, const ProfileLifecycleSetup& setup) {
    FixedRng rng(setup.seed + 1);
    const Bytes isd_r_aid(apdu::aid::isd_r.begin(), apdu::aid::isd_r.end());
    {
        host::IsdR isd_r(channel, setup.isd_r_keys, rng);
        host::SmsrChangeRequest request;
        request.new_keys.scp03 = setup.new_smsr_keys;
        const host::SmsrChange change = isd_r.change_smsr(request);
        CHECK(std::find(change.installed_kvns.begin(), change.installed_kvns.end(), setup.new_smsr_keys.kvn) !=
              change.installed_kvns.end());
        CHECK(std::find(change.deleted_kvns.begin(), change.deleted_kvns.end(), setup.isd_r_keys.kvn) !=
              change.deleted_kvns.end());
        CHECK(holds_version(change.keys_after, setup.new_smsr_keys.kvn));
        CHECK_FALSE(holds_version(change.keys_after, setup.isd_r_keys.kvn));
        // The object carries on with the new SM-SR's session.
        CHECK(isd_r.session().key_version() == setup.new_smsr_keys.kvn);
        isd_r.audit();
    }

    // The old SM-SR's keys are refused: its keyset is gone (6A88); asked for "the first keyset" (KVN 00) the
    // card answers with the new SM-SR's, whose cryptogram the old keys cannot match (or refuses KVN 00).
    try {
        host::SecurityDomainSession stale(channel, isd_r_aid, setup.isd_r_keys, rng);
        FAIL("the old SM-SR's keys still open a session");
    } catch (const StatusWordError& e) {
        CHECK(e.command() == "INITIALIZE UPDATE ISD-R");
        CHECK(e.sw() == apdu::sw::referenced_data_not_found);
    }
    scp03::StaticKeys any_version = setup.isd_r_keys;
    any_version.kvn = 0;
    CHECK_THROWS_AS(host::SecurityDomainSession(channel, isd_r_aid, any_version, rng), Error);

    // The new SM-SR's keys work.
    host::IsdR renewed(channel, setup.new_smsr_keys, rng);
    const auto keys = renewed.key_information();
    CHECK(holds_version(keys, setup.new_smsr_keys.kvn));
    CHECK_FALSE(holds_version(keys, setup.isd_r_keys.kvn));
}

} // namespace euicc::scenarios
