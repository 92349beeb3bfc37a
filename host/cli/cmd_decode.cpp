// SPDX-License-Identifier: Apache-2.0
// `euicc decode HEX...`: explains toolkit APDUs (TS 102 223), SMS TPDUs (TS 23.040), SCP80 packets (TS 102 225) and
// triggers in words or JSON; keys for deciphering come from --keys FILE or EUICC_OTA_KIC_KEY/EUICC_OTA_KID_KEY.
#include <iostream>
#include <iterator>
#include <stdexcept>

#include <euicc/host/explain.hpp>
#include <euicc/host/ota_keys.hpp>

#include "cli_common.hpp"

namespace euicc::cli {

namespace {

struct DecodeArgs {
    std::vector<std::string> hex;
    std::string kind = "auto";
    std::string keys_path;
    std::string command_hex;
    bool json = false;
};

/// The arguments joined (so "80 C2 00 00 ..." pasted as several arguments is one input), or standard input for "-".
Bytes input_bytes(const std::vector<std::string>& parts) {
    if (parts.size() == 1 && parts.front() == "-") {
        const std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        return from_hex(text);
    }
    std::string text;
    for (const std::string& part : parts) {
        text += part;
    }
    return from_hex(text);
}

void run_decode(const DecodeArgs& args) {
    const Bytes data = input_bytes(args.hex);
    host::ExplainOptions options;
    options.kind = host::parse_kind(args.kind).value_or(host::Kind::Auto);

    std::optional<host::OtaKeyFile> keys;
    if (!args.keys_path.empty()) {
        keys = host::load_ota_keys(args.keys_path);
    } else {
        keys = host::ota_keys_from_environment();
    }
    if (keys) {
        options.keys = keys->keyset();
    }
    if (!args.command_hex.empty()) {
        host::ExplainOptions find_options;
        find_options.keys = options.keys;
        options.command = host::find_command(from_hex(args.command_hex), find_options);
        if (!options.command) {
            throw std::invalid_argument("--command: no SCP80 command packet found in it");
        }
    } else if (keys && !args.keys_path.empty()) {
        // The keys file names the host's SPI, KIc, KID and TAR: what a PoR for this host answers (CNTR unknown).
        options.command = host::SentCommand{keys->header(0), false};
    }

    const host::Explanation explanation = host::explain(data, options);
    std::cout << (args.json ? host::to_json(explanation) + "\n" : host::to_text(explanation));
}

} // namespace

void register_decode(CLI::App& app) {
    auto args = std::make_shared<DecodeArgs>();
    auto* cmd = app.add_subcommand("decode", "explain an APDU, envelope, proactive command, terminal response, SMS "
                                             "TPDU, SCP80 packet, PoR, script or trigger (hex) in words");
    std::vector<std::string> kinds;
    for (const host::Kind kind : host::all_kinds()) {
        kinds.emplace_back(host::kind_name(kind));
    }
    cmd->add_option("--as", args->kind, "what the bytes are; auto detects by shape")
        ->check(CLI::IsMember(kinds))
        ->default_str("auto");
    cmd->add_option("--keys", args->keys_path,
                    "SCP80 keys JSON file (tar, spi, kic, kid, kvn, kic_key, kid_key); default: EUICC_OTA_KIC_KEY "
                    "and EUICC_OTA_KID_KEY. Keys are never printed")
        ->check(CLI::ExistingFile);
    cmd->add_option("--command", args->command_hex,
                    "for a PoR: the command it answers (ENVELOPE, SMS-DELIVER, user data or command packet, hex)");
    cmd->add_flag("--json", args->json, "print JSON: {label, value, hex, children} per node");
    cmd->add_option("HEX", args->hex, "the bytes in hex (spaces allowed, several arguments are joined; - reads stdin)")
        ->required();
    cmd->callback([args] { run_decode(*args); });
}

} // namespace euicc::cli
