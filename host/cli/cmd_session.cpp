// SPDX-License-Identifier: Apache-2.0
// `euicc session`: one SM-SR push-mode admin session with a card (GP Amd B §3.7-§3.8, SGP.02 §2.4.3-§2.4.4):
// the SCP81 admin server on this host, the trigger over SMS-PP through the reader, the card's BIP channel relayed
// to the server, the SGP.02 operation run in the session, with a live log of every step.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>

#include <euicc/apdu/trigger.hpp>
#include <euicc/host/admin_session_plan.hpp>
#include <euicc/host/eid_reader.hpp>
#include <euicc/host/file_counter_store.hpp>
#include <euicc/host/lab_session.hpp>
#include <euicc/host/scp03_key_file.hpp>

#include "isd_r_common.hpp"
#include "ota_common.hpp"

namespace euicc::cli {

namespace {

using namespace std::chrono;

struct SessionArgs {
    ReaderOptions reader;
    OtaOptions ota;
    std::string operation;
    std::string profile_path;
    std::string isdp;
    std::string isdp_keys_path;
    std::string new_keys_path;
    std::string new_ota_keys_path;
    bool audit = false;
    std::string listen = "127.0.0.1";
    std::uint16_t port = 0;
    std::uint16_t buffer = 1400;
    std::optional<std::uint32_t> window, backoff;
    std::optional<std::uint16_t> retries;
    std::uint32_t retry_delay = 10;
    bool fast_forward = false;
    double timeout = 120;
    bool quiet = false;
    std::string psk_kvn = "40";
};

/// SCP81 keyset of the new SM-SR for smsr-change: EUICC_NEW_SCP81_PSK / EUICC_NEW_SCP81_DEK (hex, never on the
/// command line where `ps` shows it); none when unset.
std::optional<host::Scp81Keyset> new_scp81_from_environment(std::uint8_t kvn) {
    const char* psk = std::getenv("EUICC_NEW_SCP81_PSK");
    const char* dek = std::getenv("EUICC_NEW_SCP81_DEK");
    if (psk == nullptr || *psk == '\0') {
        return std::nullopt;
    }
    host::Scp81Keyset keyset;
    keyset.kvn = kvn;
    keyset.psk = SecretBytes(from_hex(psk));
    if (dek != nullptr && *dek != '\0') {
        keyset.dek = SecretBytes(from_hex(dek));
    }
    keyset.validate();
    return keyset;
}

host::AdminPlan build_plan(const SessionArgs& args, Rng& rng) {
    const auto need_isdp = [&]() {
        if (args.isdp.empty()) {
            throw std::invalid_argument("--op " + args.operation + " needs --isdp AID");
        }
        return parse_isdp_aid(args.isdp);
    };
    host::AdminPlan plan;
    const std::string& op = args.operation;
    if (op == "download" || op == "install") {
        if (args.profile_path.empty()) {
            throw std::invalid_argument("--op " + op + " needs --profile FILE");
        }
        host::ProfileDownloadPlan download{read_package(args.profile_path), isdp_keys(args.isdp_keys_path, rng), {},
                                           {}};
        if (!args.isdp.empty()) {
            download.create.isdp_aid = parse_isdp_aid(args.isdp);
        }
        plan.operation = op == "download" ? trigger::OperationType::ProfileDownload
                                          : trigger::OperationType::ProfileInstallation;
        plan.download = std::move(download);
    } else if (op == "enable") {
        plan.operation = trigger::OperationType::Enabling;
        plan.isdp_aid = need_isdp();
    } else if (op == "disable") {
        plan.operation = trigger::OperationType::Disabling;
        plan.isdp_aid = need_isdp();
    } else if (op == "delete") {
        plan.operation = trigger::OperationType::ProfileDeletion;
        plan.isdp_aid = need_isdp();
    } else if (op == "fallback") {
        plan.operation = trigger::OperationType::StatusChange;
        plan.isdp_aid = need_isdp();
    } else if (op == "smsr-change") {
        if (args.new_keys_path.empty()) {
            throw std::invalid_argument("--op smsr-change needs --new-keys FILE (the new SM-SR's SCP03 keyset)");
        }
        host::SmsrChangePlan change;
        change.new_keys.scp03 = host::load_scp03_key_file(args.new_keys_path);
        change.scp81 = new_scp81_from_environment(0x41);
        if (!args.new_ota_keys_path.empty()) {
            const host::OtaKeyFile ota = host::load_ota_keys(args.new_ota_keys_path);
            change.new_keys.scp80 = host::Scp80Keyset{ota.kvn, ota.kic_key, ota.kid_key, {}};
        }
        plan.operation = trigger::OperationType::SmSrChange;
        plan.smsr_change = std::move(change);
    } else if (op == "audit") {
        plan = host::AdminPlan::audit_only();
    } else {
        throw std::invalid_argument("--op " + op);
    }
    plan.audit = plan.audit || args.audit;
    plan.validate();
    return plan;
}

nlohmann::json event_json(const host::AdminEvent& event) {
    nlohmann::json j{{"step", std::string(host::to_string(event.step))},
                     {"session", event.session},
                     {"time", duration<double>(event.time.time_since_epoch()).count()}};
    if (event.isdp_aid) j["isdp_aid"] = to_hex(*event.isdp_aid);
    if (event.iccid) j["iccid"] = *event.iccid;
    if (!event.detail.empty()) j["detail"] = event.detail;
    if (event.step == host::AdminStep::Failed || event.step == host::AdminStep::HandshakeFailed) {
        j["retryable"] = event.retryable;
    }
    if (event.retry_after) j["retry_after"] = event.retry_after->count();
    return j;
}

void run_session(const SessionArgs& args) {
    OpenSslRng rng;
    host::LabSessionRequest request;
    request.plan = build_plan(args, rng);
    const host::OtaKeyFile keys = load_keys(args.ota);
    OpenCard card = open_card(args.reader);
    request.eid = args.ota.card_id.empty() ? std::string() : args.ota.card_id;
    if (request.eid.empty()) {
        request.eid = host::read_eid(*card.channel);
    }
    request.ota = ota_parameters(args.ota, keys, request.eid);
    request.server.address = args.listen;
    request.server.port = args.port;
    request.trigger.buffer_size = args.buffer;
    if (args.window) request.trigger.access_control = trigger::TimeWindow{seconds(*args.window)};
    if (args.backoff) request.trigger.access_control = trigger::BackoffTimer{seconds(*args.backoff)};
    if (args.retries) request.trigger.retry = trigger::RetryPolicy{*args.retries, seconds(args.retry_delay), true, {}};
    request.fast_forward = args.fast_forward;
    request.timeout = duration_cast<milliseconds>(duration<double>(args.timeout));
    const Bytes kvn = from_hex(args.psk_kvn);
    if (kvn.size() != 1) {
        throw std::invalid_argument("--psk-kvn takes one byte of hex (40..4F)");
    }
    request.psk.kvn = kvn[0];
    if (const char* psk = std::getenv("EUICC_SCP81_PSK"); psk != nullptr && *psk != '\0') {
        request.psk.psk = SecretBytes(from_hex(psk));
        const char* dek = std::getenv("EUICC_SCP81_DEK");
        request.psk.dek = dek != nullptr && *dek != '\0' ? SecretBytes(from_hex(dek)) : SecretBytes();
    } else if (!args.quiet) {
        std::cerr << "session: using the public lab test SCP81 PSK (KVN 40); set EUICC_SCP81_PSK/EUICC_SCP81_DEK for "
                     "a real card\n";
    }
    // The live log goes where it does not mix with --json on stdout; the server's lines come from its thread.
    std::ostream& log_stream = args.reader.json ? std::cerr : std::cout;
    const auto started = steady_clock::now();
    auto log_mutex = std::make_shared<std::mutex>();
    if (!args.quiet) {
        request.on_log = [&log_stream, started, log_mutex](const std::string& line) {
            const double t = duration<double>(steady_clock::now() - started).count();
            char stamp[24];
            std::snprintf(stamp, sizeof stamp, "[%8.3f s] ", t);
            const std::lock_guard<std::mutex> lock(*log_mutex);
            log_stream << stamp << line << std::endl;
        };
    }
    auto counters = std::make_unique<host::FileCounterStore>(
        args.ota.counter_path.empty() ? default_counter_path() : std::filesystem::path(args.ota.counter_path));
    const host::LabSessionResult result = host::run_lab_session(*card.channel, *counters, request);

    const auto& session = result.session;
    const bool ok = session.outcome == host::TriggeredOutcome::Completed;
    if (args.reader.json) {
        auto events = nlohmann::json::array();
        for (const auto& event : session.events) {
            events.push_back(event_json(event));
        }
        print_json({{"eid", session.eid},
                    {"operation", args.operation},
                    {"outcome", std::string(host::to_string(session.outcome))},
                    {"failure", session.failure},
                    {"seconds", session.seconds},
                    {"fast_forwarded_seconds", session.fast_forwarded_seconds},
                    {"trigger_counter", session.delivery.header.counter},
                    {"events", events},
                    {"server", {{"sessions", result.server.total},
                                {"refused_busy", result.server.refused_busy},
                                {"handshake_failures", result.server.handshake_failures}}}});
    } else {
        std::cout << "session " << host::to_string(session.outcome) << " for " << session.eid << " in "
                  << session.seconds << " s";
        for (const auto& event : session.events) {
            if (event.step == host::AdminStep::ProfileInstalled || event.step == host::AdminStep::ContainerCreated) {
                std::cout << (event.step == host::AdminStep::ContainerCreated ? "; ISD-P " : ", ICCID ")
                          << (event.iccid ? *event.iccid : to_hex(event.isdp_aid.value_or(Bytes{})));
            }
        }
        if (session.fast_forwarded_seconds > 0) {
            std::cout << " (+" << session.fast_forwarded_seconds << " s fast-forwarded)";
        }
        std::cout << '\n';
    }
    if (!ok) {
        throw Error("session " + std::string(host::to_string(session.outcome)) +
                    (session.failure.empty() ? "" : ": " + session.failure));
    }
}

} // namespace

void register_session(CLI::App& app) {
    auto a = std::make_shared<SessionArgs>();
    auto* cmd = app.add_subcommand(
        "session", "run an SM-SR admin session with a card: trigger over SMS-PP, SCP81 PSK-TLS over BIP relayed to "
                   "an admin server on this host, then the operation");
    add_reader_options(*cmd, a->reader, true);
    add_ota_options(*cmd, a->ota);
    cmd->add_option("--op", a->operation, "download, install (download + enable), enable, disable, delete, "
                                          "fallback, smsr-change, audit")
        ->required()
        ->check(CLI::IsMember({"download", "install", "enable", "disable", "delete", "fallback", "smsr-change",
                               "audit"}));
    cmd->add_option("--profile", a->profile_path, "SAIP profile package (download, install)");
    cmd->add_option("--isdp", a->isdp, "ISD-P AID or number (enable, disable, delete, fallback; download: the AID "
                                       "to create)");
    cmd->add_option("--isdp-keys", a->isdp_keys_path, "SCP03 keyset JSON for the new ISD-P (default: random)");
    cmd->add_option("--new-keys", a->new_keys_path,
                    "smsr-change: the new SM-SR's SCP03 keyset JSON; its SCP81 PSK/DEK from EUICC_NEW_SCP81_PSK/"
                    "EUICC_NEW_SCP81_DEK (KVN 41)");
    cmd->add_option("--new-ota-keys", a->new_ota_keys_path,
                    "smsr-change: the new SM-SR's SCP80 keys JSON (the --keys format; KVN other than the old one)");
    cmd->add_option("--psk-kvn", a->psk_kvn,
                    "KVN of the card's SCP81 keyset (hex, 40..4F); its PSK/DEK from EUICC_SCP81_PSK/EUICC_SCP81_DEK, "
                    "else the lab test keys")
        ->capture_default_str();
    cmd->add_flag("--audit", a->audit, "read an eUICCCapabilityAudit after the operation");
    cmd->add_option("--listen", a->listen, "admin server address (also what the trigger tells the card)")
        ->capture_default_str();
    cmd->add_option("--port", a->port, "admin server port (0: any free one)")->capture_default_str();
    cmd->add_option("--buffer", a->buffer, "BIP buffer size in the trigger")->capture_default_str();
    auto* window = cmd->add_option("--window", a->window, "access control: time window (s); card picks r x W");
    cmd->add_option("--backoff", a->backoff, "access control: back-off timer (s)")->excludes(window);
    cmd->add_option("--retries", a->retries, "retry policy 86: retry counter");
    cmd->add_option("--retry-delay", a->retry_delay, "retry policy 86: waiting delay (s)")->capture_default_str();
    cmd->add_flag("--fast-forward", a->fast_forward, "let the terminal's timers expire at once (lab)");
    cmd->add_option("--timeout", a->timeout, "longest real time for the whole session (s)")->capture_default_str();
    cmd->add_flag("-q,--quiet", a->quiet, "no live log");
    cmd->callback([a] { explain_refusals([&] { run_session(*a); }); });
}

} // namespace euicc::cli
