// SPDX-License-Identifier: Apache-2.0
// `euicc push-server`: the push server (host/docs/push_server.md) on the PC/SC readers of this host; triggers
// delivered as ENVELOPE SMS-PP download (TS 31.111 §7.1.1.2), each delivery logged.
#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <pthread.h>

#include <euicc/error.hpp>
#include <euicc/host/smsr/push_server.hpp>
#include <euicc/host/toolkit_terminal.hpp>

#include "cli_common.hpp"

namespace euicc::cli {

namespace {

/// One reader's card for one push request: PC/SC connection, toolkit terminal, TERMINAL PROFILE sent. The
/// proactive session an ENVELOPE starts is answered; later timers and BIP belong to a terminal loop.
class PcscPushTerminal : public host::smsr::PushTerminal {
public:
    explicit PcscPushTerminal(const std::string& reader)
        : m_channel(m_context.connect(reader)), m_terminal(*m_channel) {
        m_terminal.start();
    }
    host::ToolkitTerminal& terminal() override { return m_terminal; }

private:
    transport::PcscContext m_context;
    std::unique_ptr<transport::PcscChannel> m_channel;
    host::ToolkitTerminal m_terminal;
};

/// "host:port" or "[v6]:port".
std::pair<std::string, std::uint16_t> split_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == listen.size()) {
        throw std::invalid_argument("--listen wants host:port, got \"" + listen + "\"");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const unsigned long port = std::stoul(listen.substr(colon + 1));
    if (port > 65535) {
        throw std::invalid_argument("--listen: port " + std::to_string(port) + " out of range");
    }
    return {host, static_cast<std::uint16_t>(port)};
}

/// The token file's first line (no trailing newline or spaces).
SecretBytes read_token(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("push server: cannot read the token file " + path);
    }
    Bytes text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::size_t end = 0;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') {
        ++end;
    }
    while (end > 0 && text[end - 1] == ' ') {
        --end;
    }
    SecretBytes token(ByteView(text.data(), end));
    SecretBytes wipe(std::move(text)); // the file's bytes are wiped with it
    if (token.empty()) {
        throw Error("push server: the token file " + path + " is empty");
    }
    return token;
}

struct PushServerArgs {
    std::string listen = "127.0.0.1:8900";
    std::string map_path;
    std::string token_path;
    unsigned busy_attempts = 3;
};

void run_push_server(const PushServerArgs& args) {
    // SIGINT/SIGTERM blocked before any thread starts, so every thread inherits the mask and sigwait gets them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    const auto [address, port] = split_listen(args.listen);
    host::smsr::PushTerminalMap map = host::smsr::PushTerminalMap::load(args.map_path);
    const std::size_t mapped = map.size();
    auto log_mutex = std::make_shared<std::mutex>();
    host::smsr::PushDeliveryOptions delivery_options;
    delivery_options.busy_attempts = args.busy_attempts;
    delivery_options.on_report = [log_mutex](const push_api::DeliveryReport& report) {
        const std::lock_guard lock(*log_mutex);
        std::cerr << "push: " << smsr_api::to_string(report.identity.type) << ':' << report.identity.value << ' '
                  << push_api::to_string(report.status) << " (" << report.detail << ")"
                  << (report.por ? " PoR " + to_hex(*report.por) : std::string()) << std::endl;
    };
    host::smsr::PushDelivery delivery(
        std::move(map), [](const std::string& reader) { return std::make_unique<PcscPushTerminal>(reader); },
        std::move(delivery_options));

    host::smsr::PushServerOptions options;
    options.address = address;
    options.port = port;
    options.token = read_token(args.token_path);
    host::smsr::PushServer server(std::move(options), delivery);
    server.start();
    std::cerr << "push server: listening on " << address << " port " << server.port() << ", " << mapped
              << " identities mapped; POST /push" << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    std::cerr << "push server: stopping" << std::endl;
    server.stop();
}

} // namespace

void register_push_server(CLI::App& app) {
    auto* cmd = app.add_subcommand("push-server", "deliver SM-SR push requests (triggers) to cards in PC/SC readers");
    auto args = std::make_shared<PushServerArgs>();
    cmd->add_option("--listen", args->listen, "address:port to listen on")->capture_default_str();
    cmd->add_option("--map", args->map_path, "JSON file {\"imsi:<digits>\": \"<reader>\", ...}")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--token-file", args->token_path, "file whose first line is the bearer token")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--busy-attempts", args->busy_attempts, "ENVELOPEs per part while the card answers 9300")
        ->capture_default_str()
        ->check(CLI::Range(1u, 100u));
    cmd->callback([args] { run_push_server(*args); });
}

} // namespace euicc::cli
