// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the OTA subcommands (`euicc ota send`, `euicc trigger`): keys, counter store, terminal set-up.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <euicc/host/file_counter_store.hpp>
#include <euicc/host/ota_keys.hpp>
#include <euicc/host/ota_session.hpp>
#include <euicc/host/toolkit_terminal.hpp>

#include "cli_common.hpp"

namespace euicc::cli {

/// Options of the OTA subcommands beyond the reader ones.
struct OtaOptions {
    std::string keys_path;      ///< the shared keys JSON (applet_spec keys format); else EUICC_OTA_KI*_KEY
    std::string counter_path;   ///< FileCounterStore; default $XDG_STATE_HOME/euicc/counters.json
    std::string card_id;        ///< counter key identity; default: the EID read from the card
    std::string spi_hex;        ///< overrides the keys file's SPI
    std::string tar_hex;        ///< overrides the keys file's TAR
    bool verbose = false;       ///< print every toolkit exchange as it happens
};

void add_ota_options(CLI::App& cmd, OtaOptions& options);

/// Keys from --keys or the environment; throws euicc::Error when neither gives any (never prints keys).
host::OtaKeyFile load_keys(const OtaOptions& options);

/// $XDG_STATE_HOME/euicc/counters.json (else ~/.local/state/euicc/counters.json): the replay counters' home.
std::filesystem::path default_counter_path();

/// The SCP80 parameters of --keys/--spi/--tar for the card `card_identity` (its counter key).
host::OtaParameters ota_parameters(const OtaOptions& options, const host::OtaKeyFile& keys,
                                   const std::string& card_identity);

/// Everything one OTA command needs, wired together over an open card.
struct OtaContext {
    OpenCard card;
    std::unique_ptr<host::FileCounterStore> counters;
    std::unique_ptr<host::ToolkitTerminal> terminal;
    std::unique_ptr<host::OtaSession> session;
    std::string card_identity;
};

/// Opens the reader, reads the EID (counter identity), sends TERMINAL PROFILE and builds the OTA session.
/// `clock` drives the terminal's timers (empty: steady clock).
OtaContext open_ota(const ReaderOptions& reader, const OtaOptions& options, host::TerminalClockFn clock = {});

} // namespace euicc::cli
