// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the OTA subcommands: keys, counter store, terminal set-up.
#include "ota_common.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <euicc/error.hpp>
#include <euicc/host/eid_reader.hpp>

namespace euicc::cli {

std::filesystem::path default_counter_path() {
    // XDG base directory spec: per-user state that survives restarts lives under $XDG_STATE_HOME.
    if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state != '\0') {
        return std::filesystem::path(state) / "euicc" / "counters.json";
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / ".local" / "state" / "euicc" / "counters.json";
}

namespace {

scp80::Tar parse_tar(const std::string& hex) {
    const Bytes b = from_hex(hex);
    if (b.size() != 3) {
        throw std::invalid_argument("--tar takes 3 bytes of hex, e.g. 000000");
    }
    return scp80::Tar{{b[0], b[1], b[2]}};
}

scp80::Spi parse_spi(const std::string& hex) {
    const Bytes b = from_hex(hex);
    if (b.size() != 2) {
        throw std::invalid_argument("--spi takes 2 bytes of hex, e.g. 1619");
    }
    return scp80::Spi::decode(b[0], b[1]);
}

} // namespace

void add_ota_options(CLI::App& cmd, OtaOptions& options) {
    cmd.add_option("--keys", options.keys_path,
                   "SCP80 keys JSON (tar, spi, kic, kid, kvn, kic_key, kid_key); default: EUICC_OTA_KIC_KEY/"
                   "EUICC_OTA_KID_KEY");
    cmd.add_option("--counters", options.counter_path,
                   "replay-counter store (default $XDG_STATE_HOME/euicc/counters.json)");
    cmd.add_option("--card-id", options.card_id, "counter identity of the card (default: its EID)");
    cmd.add_option("--spi", options.spi_hex, "SPI, 2 bytes hex (default from the keys file, else 1619)");
    cmd.add_option("--tar", options.tar_hex, "TAR, 3 bytes hex (default from the keys file, else 000000 = ISD-R)");
    cmd.add_flag("-v,--verbose", options.verbose, "print every toolkit exchange as it happens");
}

host::OtaKeyFile load_keys(const OtaOptions& options) {
    if (!options.keys_path.empty()) {
        return host::load_ota_keys(options.keys_path);
    }
    if (auto env = host::ota_keys_from_environment()) {
        return std::move(*env);
    }
    throw Error("no OTA keys: give --keys FILE or set EUICC_OTA_KIC_KEY / EUICC_OTA_KID_KEY");
}

OtaContext open_ota(const ReaderOptions& reader, const OtaOptions& options, host::TerminalClockFn clock) {
    host::OtaKeyFile keys = load_keys(options);
    OtaContext ctx{open_card(reader), nullptr, nullptr, nullptr, options.card_id};
    if (ctx.card_identity.empty()) {
        ctx.card_identity = host::read_eid(*ctx.card.channel);
    }
    ctx.counters = std::make_unique<host::FileCounterStore>(
        options.counter_path.empty() ? default_counter_path() : std::filesystem::path(options.counter_path));

    host::ToolkitTerminal::Options terminal_options;
    terminal_options.clock = std::move(clock);
    if (options.verbose) {
        terminal_options.on_event = [](const host::TerminalEvent& e) {
            std::cerr << "  " << host::describe(e) << std::endl;
        };
    }
    ctx.terminal = std::make_unique<host::ToolkitTerminal>(*ctx.card.channel, std::move(terminal_options));
    ctx.terminal->start();

    ctx.session = std::make_unique<host::OtaSession>(*ctx.terminal, ota_parameters(options, keys, ctx.card_identity),
                                                     *ctx.counters);
    return ctx;
}

host::OtaParameters ota_parameters(const OtaOptions& options, const host::OtaKeyFile& keys,
                                   const std::string& card_identity) {
    host::OtaParameters parameters;
    parameters.tar = options.tar_hex.empty() ? keys.tar : parse_tar(options.tar_hex);
    parameters.spi = options.spi_hex.empty() ? keys.spi : parse_spi(options.spi_hex);
    parameters.kic = keys.kic;
    parameters.kid = keys.kid;
    parameters.keys = keys.keyset();
    parameters.counter_key = host::make_counter_key(card_identity, parameters.tar, keys.kvn);
    return parameters;
}

} // namespace euicc::cli
