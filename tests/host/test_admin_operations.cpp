// SPDX-License-Identifier: Apache-2.0
// SGP.02 operations inside SCP81 admin sessions (spec/scp81.md §6, spec/sgp02.md §4-§6): the exact APDUs of
// the single ES5 functions, plan checks, profile download/installation/disable/delete against the virtual
// eUICC through the admin server, and an SM-SR change after which the old PSK opens nothing.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <map>

#include <euicc/apdu/gp.hpp>
#include <euicc/apdu/sgp02.hpp>
#include <euicc/card/virtual_euicc.hpp>
#include <euicc/error.hpp>
#include <euicc/host/admin_operations.hpp>
#include <euicc/host/isd_r.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/scripted_card.hpp>

#include "host/admin_test_support.hpp"
#include "host/host_test_support.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::host::test;
using apdu::CommandApdu;
using host::AdminPlan;
using host::AdminStep;
using trigger::OperationType;
using Kind = scp81::AdminResponse::Kind;

namespace {

const Bytes select_isd_r = "00A4040010A0000005591010FFFFFFFF890000010000"_hex;

std::vector<AdminStep> session_steps(const host::AdminCardRecord& record, std::uint64_t session) {
    std::vector<AdminStep> out;
    for (const host::AdminEvent& event : record.events) {
        if (event.session == session) {
            out.push_back(event.step);
        }
    }
    return out;
}

Bytes read_profile(const std::string& name) {
    std::ifstream in(std::string(EUICC_SOURCE_DIR) + "/../shared/profiles/" + name, std::ios::binary);
    REQUIRE(in.good());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

scp03::StaticKeys keys_of(std::uint8_t kvn, const char* enc, const char* mac, const char* dek) {
    return scp03::StaticKeys{kvn, SecretBytes(from_hex(enc)), SecretBytes(from_hex(mac)),
                             SecretBytes(from_hex(dek))};
}

/// The ISD-R's SCP03 keyset of the card below; its DEK is the lab SCP81 DEK (see Scp03Bridge).
scp03::StaticKeys bridge_keys() {
    return keys_of(0x30, "000102030405060708090A0B0C0D0E0F", "101112131415161718191A1B1C1D1E1F",
                   "808182838485868788898A8B8C8D8E8F");
}

/// Stands in for the card's admin agent (engineer C's, not used here): while the ISD-R is selected, each
/// plain command from the script goes to the virtual eUICC through an SCP03 session, the authority the card
/// already grants; anything else goes as it is (ISD-P SELECT, SCP03t STORE DATA). The card's ISD-R SCP03 DEK
/// is the lab SCP81 DEK, so a PUT KEY the server encrypted for the admin session decrypts on the card.
class Scp03Bridge {
public:
    explicit Scp03Bridge(card::VirtualEuicc& card) : m_channel(card) {}

    Bytes operator()(ByteView raw) {
        const CommandApdu command = CommandApdu::parse(raw);
        if (command.ins() == 0xA4 && command.p1() == 0x04) {
            m_session.reset();
            if (command.data() == isd_r_aid()) {
                m_session.emplace(m_channel, isd_r_aid(), bridge_keys(), m_rng);
                return "9000"_hex;
            }
        }
        if (m_session) {
            return m_session->transmit(command).encode();
        }
        return m_channel.transmit(command).encode();
    }

private:
    transport::InProcessChannel m_channel;
    FixedRng m_rng{42};
    std::optional<host::SecurityDomainSession> m_session;
};

/// An ISD-R that only knows keys (GET DATA E0, PUT KEY under the SCP81 DEK, FinaliseISDRhandover DELETE), for
/// an SM-SR change while the virtual eUICC's admin agent is not there yet.
class KeyOnlyIsdR {
public:
    std::map<std::uint8_t, std::vector<std::uint8_t>> keysets{
        {0x01, {1, 2, 3}}, {0x30, {1, 2, 3}}, {0x40, {1, 2}}};

    Bytes operator()(ByteView raw) {
        const CommandApdu command = CommandApdu::parse(raw);
        switch (command.ins()) {
        case 0xA4:
            return "9000"_hex;
        case 0xCA:
            return command.p2() == 0xE0 ? key_information() : "6A88"_hex;
        case 0xD8:
            return put_key(command);
        case 0xE4:
            return remove(command);
        default:
            return "6D00"_hex;
        }
    }

private:
    Bytes key_information() const {
        Bytes entries;
        for (const auto& [kvn, ids] : keysets) {
            for (const std::uint8_t id : ids) {
                append(entries, Bytes{0xC0, 0x04, id, kvn, 0x88, 0x10});
            }
        }
        Bytes out{0xE0, static_cast<std::uint8_t>(entries.size())};
        append(out, entries);
        return join(out, "9000"_hex);
    }

    Bytes put_key(const CommandApdu& command) {
        const gp::PutKeyCommand put = gp::parse_put_key(command);
        Bytes out{put.new_version};
        std::vector<std::uint8_t> ids;
        for (std::size_t k = 0; k < put.keys.size(); ++k) {
            try {
                const SecretBytes key = gp::decrypt_key(put.keys[k], lab_scp81_keyset().dek.view());
                const gp::KeyCheckValue kcv = gp::aes_key_check_value(key.view());
                out.insert(out.end(), kcv.begin(), kcv.end());
            } catch (const SecurityError&) {
                return "6982"_hex;
            }
            ids.push_back(static_cast<std::uint8_t>(put.first_key_id + k));
        }
        keysets[put.new_version] = ids;
        return join(out, "9000"_hex);
    }

    Bytes remove(const CommandApdu& command) {
        // SGP.02 §4.1.1.9 as spec/sgp02.md gives it: F2 03 <kvn> <first kid> <last kid>, repeated.
        const Bytes& data = command.data();
        for (std::size_t at = 0; at + 5 <= data.size(); at += 5) {
            REQUIRE(data[at] == 0xF2);
            keysets.erase(data[at + 2]);
        }
        return "00 9000"_hex;
    }
};

} // namespace

TEST_CASE("admin plan: one ES5 function after SELECT ISD-R, sent plain", "[host][admin]") {
    const Bytes isdp = sgp02::isdp_aid(0x0012);
    struct Row {
        OperationType operation;
        CommandApdu command;
        Bytes answer;
        AdminStep step;
    };
    const Row row = GENERATE_COPY(
        Row{OperationType::Enabling, sgp02::enable_profile(isdp), "9000"_hex, AdminStep::ProfileEnabled},
        Row{OperationType::Disabling, sgp02::disable_profile(isdp), "9000"_hex, AdminStep::ProfileDisabled},
        Row{OperationType::ProfileDeletion, sgp02::delete_profile(isdp), "00 9000"_hex,
            AdminStep::ProfileDeleted},
        Row{OperationType::StatusChange, sgp02::set_fallback_attribute(isdp), "9000"_hex,
            AdminStep::FallbackSet});
    CAPTURE(scp81::to_header_name(row.operation));
    transport::ScriptedCard card({{select_isd_r, "9000"_hex}, {row.command.encode(), row.answer}});
    transport::InProcessChannel channel(card);
    FixedRng rng(1);
    AdminPlan plan;
    plan.operation = row.operation;
    plan.isdp_aid = isdp;
    std::vector<host::AdminEvent> events;
    host::run_admin_plan(channel, plan, nullptr, rng,
                         [&](host::AdminEvent e) { events.push_back(std::move(e)); });
    REQUIRE(events.size() == 1);
    CHECK(events[0].step == row.step);
    CHECK(events[0].isdp_aid == isdp);
    require_script_done(card);
}

TEST_CASE("admin plan: a refused ES5 function is the typed error, nothing reported", "[host][admin]") {
    const Bytes isdp = sgp02::isdp_aid(0x0012);
    transport::ScriptedCard card(
        {{select_isd_r, "9000"_hex}, {sgp02::disable_profile(isdp).encode(), "69E1"_hex}});
    transport::InProcessChannel channel(card);
    FixedRng rng(2);
    AdminPlan plan;
    plan.operation = OperationType::Disabling;
    plan.isdp_aid = isdp;
    std::vector<host::AdminEvent> events;
    CHECK_THROWS_AS(host::run_admin_plan(channel, plan, nullptr, rng,
                                         [&](host::AdminEvent e) { events.push_back(std::move(e)); }),
                    host::PolicyError);
    CHECK(events.empty());
    require_script_done(card);
}

TEST_CASE("admin plan: missing parameters are refused before anything is sent", "[host][admin]") {
    AdminPlan plan;
    SECTION("enabling without an AID") {
        plan.operation = OperationType::Enabling;
    }
    SECTION("profile download without a package") {
        plan.operation = OperationType::ProfileDownload;
    }
    SECTION("profile download with an empty package") {
        plan.operation = OperationType::ProfileDownload;
        plan.download = host::ProfileDownloadPlan{{}, bridge_keys(), {}, {}};
    }
    SECTION("SM-SR change without keys") {
        plan.operation = OperationType::SmSrChange;
        plan.smsr_change = host::SmsrChangePlan{};
    }
    SECTION("SM-SR change with an SCP81 keyset lacking its DEK") {
        plan.operation = OperationType::SmSrChange;
        plan.smsr_change = host::SmsrChangePlan{};
        host::Scp81Keyset keys = lab_scp81_keyset();
        keys.dek = SecretBytes();
        plan.smsr_change->scp81 = keys;
    }
    transport::ScriptedCard card(std::vector<transport::ScriptedCard::Step>{});
    transport::InProcessChannel channel(card);
    FixedRng rng(3);
    CHECK_THROWS_AS(host::run_admin_plan(channel, plan, nullptr, rng, [](host::AdminEvent) {}),
                    std::invalid_argument);
    require_script_done(card);
}

TEST_CASE("admin server: profile download, installation, disabling and deletion on the virtual eUICC",
          "[host][admin]") {
    const OperationType first = GENERATE(OperationType::ProfileDownload, OperationType::ProfileInstallation);
    CAPTURE(scp81::to_header_name(first));
    const scp03::StaticKeys isdp_keys =
        keys_of(0x30, "404142434445464748494A4B4C4D4E4F", "505152535455565758595A5B5C5D5E5F",
                "606162636465666768696A6B6C6D6E6F");
    const Bytes isdp = sgp02::isdp_aid(0x0010);
    std::optional<AdminPlan> next;
    AdminServerFixture fixture([&next](const host::AdminPlanQuery&) { return next; });

    card::VirtualEuiccConfig config;
    config.eid = test_eid;
    config.platform.isd_r_keysets = {bridge_keys()};
    card::VirtualEuicc card(config);
    Scp03Bridge bridge(card);
    std::uint64_t sessions = 0;
    const auto session = [&](OperationType operation) {
        auto client = fixture.client();
        REQUIRE(client.handshake());
        TestAdminAgent agent(client, test_eid);
        agent.service_request = scp81::ServiceRequest{operation, trigger::ManagementMode::Push};
        const auto final_response = agent.run(std::ref(bridge));
        REQUIRE(final_response);
        CHECK(final_response->kind == Kind::End);
        client.close();
        REQUIRE(fixture.idle_after(++sessions));
        return fixture.card();
    };

    next = AdminPlan{};
    next->operation = first;
    next->download = host::ProfileDownloadPlan{read_profile("TS48v2_SAIP2.1_BERTLV.der"), isdp_keys, {}, {}};
    next->audit = true;
    host::AdminCardRecord record = session(first);
    std::vector<AdminStep> expected{AdminStep::Connected, AdminStep::ServiceRequested,
                                    AdminStep::ContainerCreated, AdminStep::KeysEstablished,
                                    AdminStep::ProfileInstalled};
    if (first == OperationType::ProfileInstallation) {
        expected.push_back(AdminStep::ProfileEnabled);
    }
    expected.insert(expected.end(), {AdminStep::Audited, AdminStep::Completed});
    CHECK(session_steps(record, 1) == expected);
    const host::AdminEvent* created = record.last(AdminStep::ContainerCreated);
    REQUIRE(created);
    CHECK(created->isdp_aid == isdp);
    const host::AdminEvent* installed = record.last(AdminStep::ProfileInstalled);
    REQUIRE(installed);
    REQUIRE(installed->iccid);
    CHECK(installed->iccid->size() >= 18);
    const std::string state = first == OperationType::ProfileInstallation ? "enabled" : "disabled";
    INFO(record.last(AdminStep::Audited)->detail);
    CHECK(record.last(AdminStep::Audited)->detail.find(to_hex(isdp) + " " + state) != std::string::npos);

    if (first == OperationType::ProfileInstallation) {
        next = AdminPlan{};
        next->operation = OperationType::Disabling;
        next->isdp_aid = isdp;
        record = session(OperationType::Disabling);
        CHECK(session_steps(record, sessions) ==
              std::vector<AdminStep>{AdminStep::Connected, AdminStep::ServiceRequested,
                                     AdminStep::ProfileDisabled, AdminStep::Completed});
    }
    next = AdminPlan{};
    next->operation = OperationType::ProfileDeletion;
    next->isdp_aid = isdp;
    next->audit = true;
    record = session(OperationType::ProfileDeletion);
    CHECK(session_steps(record, sessions) ==
          std::vector<AdminStep>{AdminStep::Connected, AdminStep::ServiceRequested, AdminStep::ProfileDeleted,
                                 AdminStep::Audited, AdminStep::Completed});
    CHECK(record.last(AdminStep::Audited)->detail.find(to_hex(isdp)) == std::string::npos);
    CHECK(fixture.server.records().counters().failed == 0);
}

TEST_CASE("admin server: SM-SR change installs the new keysets, removes the old, retires the old PSK",
          "[host][admin]") {
    host::Scp81Keyset fresh;
    fresh.kvn = 0x41;
    fresh.psk = SecretBytes("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"_hex);
    fresh.dek = SecretBytes("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"_hex);
    AdminServerFixture fixture([&](const host::AdminPlanQuery&) -> std::optional<AdminPlan> {
        AdminPlan plan;
        plan.operation = OperationType::SmSrChange;
        plan.smsr_change = host::SmsrChangePlan{};
        plan.smsr_change->new_keys.scp03 =
            keys_of(0x31, "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF", "D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF",
                    "E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF");
        plan.smsr_change->scp81 = fresh;
        return plan;
    });
    KeyOnlyIsdR isd_r;
    {
        auto client = fixture.client();
        REQUIRE(client.handshake());
        TestAdminAgent agent(client, test_eid);
        agent.service_request =
            scp81::ServiceRequest{OperationType::SmSrChange, trigger::ManagementMode::Push};
        const auto final_response = agent.run(std::ref(isd_r));
        REQUIRE(final_response);
        CHECK(final_response->kind == Kind::End);
        client.close();
        REQUIRE(fixture.idle_after(1));
    }
    CHECK(isd_r.keysets ==
          std::map<std::uint8_t, std::vector<std::uint8_t>>{{0x31, {1, 2, 3}}, {0x41, {1, 2}}});
    const host::AdminCardRecord record = fixture.card();
    const host::AdminEvent* changed = record.last(AdminStep::SmsrChanged);
    REQUIRE(changed);
    CHECK(changed->detail == "installed 31 41; removed 01 30 40");
    CHECK(record.has(AdminStep::Completed));

    PskTlsClient old_key(fixture.server.port(), psk_identity(test_eid, 0x40), lab_psk());
    CHECK_FALSE(old_key.handshake());
    PskTlsClient new_key(fixture.server.port(), psk_identity(test_eid, 0x41),
                         "A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"_hex);
    CHECK(new_key.handshake());
    new_key.close();
    REQUIRE(fixture.idle_after(3));
    CHECK(fixture.server.records().counters().handshake_failures == 1);
}
