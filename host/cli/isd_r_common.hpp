// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the SGP.02 subcommands (`euicc profile ...`, `euicc smsr-change`): the ISD-R's SCP03
// keyset, ISD-P AIDs on the command line, typed refusals as messages.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <euicc/apdu/bytes.hpp>
#include <euicc/apdu/rng.hpp>
#include <euicc/apdu/scp03.hpp>
#include <euicc/host/isd_r.hpp>

#include "cli_common.hpp"

namespace euicc::cli {

/// Options of every subcommand that opens an SCP03 session with the ISD-R.
struct IsdROptions {
    ReaderOptions reader;
    /// The ISD-R keyset (host::load_scp03_key_file); empty: the public lab test keyset.
    std::string keys_path;
};

/// --reader/--exclusive/--json/--trace and --keys.
void add_isd_r_options(CLI::App& cmd, IsdROptions& options);

/// The keyset of --keys, or the lab test keyset with a one-line warning on stderr (never the keys
/// themselves).
scp03::StaticKeys isd_r_keys(const IsdROptions& options);

/// The card and an SCP03 session with its ISD-R (host challenges from OpenSSL). Not movable: the session
/// borrows the channel and the Rng.
struct IsdRContext {
    IsdRContext(OpenCard opened, const scp03::StaticKeys& keys);
    IsdRContext(const IsdRContext&) = delete;
    IsdRContext& operator=(const IsdRContext&) = delete;

    transport::CardChannel& channel() { return *card.channel; }

    OpenCard card;
    OpenSslRng rng;
    host::IsdR isd_r;
};
/// Opens the reader (open_card) and the ISD-R session with isd_r_keys().
std::unique_ptr<IsdRContext> open_isd_r(const IsdROptions& options);

/// An ISD-P AID from the command line: 5..16 bytes of hex, or an ISD-P number of 1..4 hex digits ("10" ->
/// sgp02::isdp_aid(0x0010) = A0000005591010FFFFFFFF8900001000). std::invalid_argument otherwise.
Bytes parse_isdp_aid(const std::string& text);

/// The bytes of a SAIP profile package file; euicc::Error when it cannot be read.
Bytes read_package(const std::string& path);

/// The ISD-P's keyset for the lab key establishment: the keyset file at `path` (host::load_scp03_key_file), or,
/// when `path` is empty, a fresh AES-128 keyset (KVN 30) from `rng` that lives only for this download.
scp03::StaticKeys isdp_keys(const std::string& path, Rng& rng);

/// Runs `body`; a host::PolicyError comes out as a euicc::Error whose text also says which rule refused.
void explain_refusals(const std::function<void()>& body);

} // namespace euicc::cli
