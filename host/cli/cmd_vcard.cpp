// SPDX-License-Identifier: Apache-2.0
// `euicc vcard`: run the virtual eUICC on a vpcd reader slot until SIGINT/SIGTERM.
#include <csignal>
#include <iostream>
#include <thread>

#include <pthread.h>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/card/platform_settings.hpp>
#include <euicc/card/virtual_euicc.hpp>
#include <euicc/transport/vpcd_link.hpp>

#include "cli_common.hpp"

namespace euicc::cli {

namespace {

struct VcardArgs {
    std::string host = "127.0.0.1";
    std::uint16_t port = 35963;
    std::string eid;
    std::string state_dir;
    std::string keys_path;
    std::string platform_path;
    std::optional<std::uint64_t> seed;
    bool quiet = false;
};

const char* event_name(transport::VpcdLink::Event e) {
    using E = transport::VpcdLink::Event;
    switch (e) {
    case E::Connected: return "connected to vpcd";
    case E::Disconnected: return "vpcd connection closed (reconnecting)";
    case E::PowerOn: return "power on";
    case E::PowerOff: return "power off";
    case E::Reset: return "reset";
    }
    return "?";
}

void run_vcard(const VcardArgs& args) {
    // Block the stop signals before any thread starts, so that only sigwait() below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    card::VirtualEuiccConfig config;
    config.eid = args.eid;
    config.state_dir = args.state_dir;
    if (!args.keys_path.empty()) {
        config.ota = card::load_ota_settings(args.keys_path);
    }
    if (!args.platform_path.empty()) {
        config.platform = card::load_platform_settings(args.platform_path);
    }
    if (args.seed) {
        // Reproducible access times (trigger.md §4) for tests and demos; never for a card in the field.
        config.rng = std::make_shared<FixedRng>(*args.seed);
    }
    card::VirtualEuicc euicc(std::move(config));
    transport::VpcdLink link(euicc, {args.host, args.port, std::chrono::milliseconds(200), true});
    if (!args.quiet) {
        link.on_event([](transport::VpcdLink::Event e) { std::cerr << "vcard: " << event_name(e) << std::endl; });
    }
    std::cerr << "vcard: EID " << euicc.eid() << ", ATR " << to_hex(euicc.atr()) << ", vpcd " << args.host << ':'
              << args.port << std::endl;

    std::exception_ptr failure;
    std::thread server([&] {
        try {
            link.run();
        } catch (...) {
            failure = std::current_exception();
            kill(getpid(), SIGTERM);  // wake sigwait below
        }
    });
    int received = 0;
    sigwait(&signals, &received);
    link.stop();
    server.join();
    std::cerr << "vcard: stopped after " << link.apdus_served() << " APDUs" << std::endl;
    if (failure) {
        std::rethrow_exception(failure);
    }
}

} // namespace

void register_vcard(CLI::App& app) {
    auto args = std::make_shared<VcardArgs>();
    auto* cmd = app.add_subcommand("vcard", "run the virtual eUICC on a vpcd reader slot (until Ctrl-C)");
    cmd->add_option("--host", args->host, "vpcd host (pcscd's machine)")->capture_default_str();
    cmd->add_option("-p,--port", args->port, "vpcd port: 35963 = 'Virtual PCD 00 00', 35964 = '... 00 01'")
        ->capture_default_str();
    cmd->add_option("--eid", args->eid, "EID (32 digits with valid check digits); default: stored or test EID");
    cmd->add_option("--state", args->state_dir, "directory for the card's durable state (default: in memory)");
    cmd->add_option("--keys", args->keys_path, "SCP80 keys JSON for the ISD-R (default: the public lab test keyset)");
    cmd->add_option("--platform", args->platform_path,
                    "platform JSON: ISD-R SCP03 keysets, memory sizes (default: lab test keyset KVN 30, 256 KiB)");
    cmd->add_option("--seed", args->seed, "deterministic RNG seed (reproducible trigger access times)");
    cmd->add_flag("-q,--quiet", args->quiet, "do not log connection and power events");
    cmd->callback([args] { run_vcard(*args); });
}

} // namespace euicc::cli
