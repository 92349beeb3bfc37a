// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the SGP.02 subcommands: the ISD-R keyset, ISD-P AIDs, typed refusals as messages.
#include "isd_r_common.hpp"

#include <iostream>
#include <optional>
#include <stdexcept>

#include <euicc/apdu/sgp02.hpp>
#include <euicc/host/scp03_key_file.hpp>
#include <euicc/host/sgp02_errors.hpp>
#include <euicc/transport/durable_file.hpp>

namespace euicc::cli {

namespace {

/// The rules as spec/sgp02.md §2 and §4.2-§4.4 state them, so an operator sees why, not only the SW.
const char* rule_text(host::PolicyRule rule) {
    switch (rule) {
    case host::PolicyRule::Pol1:
        return "refused by the profile's POL1 rule (disabling or deletion not allowed)";
    case host::PolicyRule::ProfileState:
        return "refused by the SGP.02 platform rules for the profile's present state (at most one profile "
               "enabled; the fall-back profile cannot be disabled; only a disabled profile without the "
               "fall-back attribute can be deleted)";
    }
    return "refused by a policy rule";
}

} // namespace

void add_isd_r_options(CLI::App& cmd, IsdROptions& options) {
    add_reader_options(cmd, options.reader, true);
    cmd.add_option(
        "--keys", options.keys_path,
        "ISD-R SCP03 keyset JSON {\"kvn\": \"30\", \"enc\": \"..\", \"mac\": \"..\", \"dek\": \"..\"} "
        "(default: the public lab test keyset)");
}

scp03::StaticKeys isd_r_keys(const IsdROptions& options) {
    if (!options.keys_path.empty()) {
        return host::load_scp03_key_file(options.keys_path);
    }
    std::cerr << "euicc: warning: no --keys given, using the public lab test keyset (ISD-R SCP03 KVN 30)\n";
    return host::lab_isd_r_keys();
}

IsdRContext::IsdRContext(OpenCard opened, const scp03::StaticKeys& keys)
    : card(std::move(opened)), isd_r(*card.channel, keys, rng) {}

std::unique_ptr<IsdRContext> open_isd_r(const IsdROptions& options) {
    // Keys first: a bad keys file is reported before any reader is touched.
    const scp03::StaticKeys keys = isd_r_keys(options);
    return std::make_unique<IsdRContext>(open_card(options.reader), keys);
}

Bytes read_package(const std::string& path) {
    const std::optional<std::string> text = transport::read_file_if_exists(path);
    if (!text) {
        throw Error("cannot read profile package " + path);
    }
    return Bytes(text->begin(), text->end());
}

scp03::StaticKeys isdp_keys(const std::string& path, Rng& rng) {
    if (!path.empty()) {
        return host::load_scp03_key_file(path);
    }
    const auto random_key = [&rng] {
        Bytes key(16);
        rng.fill(key);
        return SecretBytes(std::move(key));
    };
    return scp03::StaticKeys{0x30, random_key(), random_key(), random_key()};
}

Bytes parse_isdp_aid(const std::string& text) {
    if (!text.empty() && text.size() <= 4) {
        std::size_t used = 0;
        unsigned long number = 0;
        try {
            number = std::stoul(text, &used, 16);
        } catch (const std::logic_error&) {
            used = 0;
        }
        if (used != text.size()) {
            throw std::invalid_argument("ISD-P '" + text + "': not an ISD-P number (1..4 hex digits)");
        }
        return sgp02::isdp_aid(static_cast<std::uint16_t>(number));
    }
    Bytes aid;
    try {
        aid = from_hex(text);
    } catch (const CodecError&) {
        throw std::invalid_argument("ISD-P '" + text + "': not hex");
    }
    if (aid.size() < 5 || aid.size() > 16) {
        throw std::invalid_argument("ISD-P '" + text +
                                    "': an AID is 5..16 bytes (GPCS §11.1.7), or give the ISD-P "
                                    "number (e.g. 10)");
    }
    return aid;
}

void explain_refusals(const std::function<void()>& body) {
    try {
        body();
    } catch (const host::PolicyError& e) {
        throw Error(std::string(e.what()) + ": " + rule_text(e.rule()));
    }
}

} // namespace euicc::cli
