// SPDX-License-Identifier: Apache-2.0
// `euicc apdu HEX...`: send APDUs to a reader and print each response and status word.
#include <iostream>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/error.hpp>

#include "cli_common.hpp"

namespace euicc::cli {

namespace {

struct ApduArgs {
    ReaderOptions reader;
    std::vector<std::string> apdus;
    bool raw = false;
};

void run_apdu(const ApduArgs& args) {
    // Parse everything first: a typo in the third APDU must not leave the first two executed.
    std::vector<apdu::CommandApdu> commands;
    for (const auto& text : args.apdus) {
        commands.push_back(apdu::CommandApdu::parse(from_hex(text)));
    }
    OpenCard card = open_card(args.reader);
    auto results = nlohmann::json::array();
    for (const auto& command : commands) {
        const apdu::ResponseApdu resp = args.raw
                                            ? apdu::ResponseApdu::parse(card.channel->transmit_raw(command.encode()))
                                            : card.channel->transmit(command);
        if (args.reader.json) {
            results.push_back({{"command", to_hex(command.encode())},
                               {"data", to_hex(resp.data())},
                               {"sw", resp.sw().to_string()},
                               {"meaning", std::string(resp.sw().describe())}});
        } else {
            std::cout << "-> " << to_hex(command.encode()) << '\n'
                      << "<- " << (resp.data().empty() ? "" : to_hex(resp.data()) + " ") << resp.sw().to_string()
                      << " (" << resp.sw().describe() << ")\n";
        }
    }
    if (card.pcap) {
        card.pcap->flush();
        if (const auto err = card.pcap->last_error(); !err.empty()) {
            throw TransportError("writing trace " + args.reader.trace_path + ": " + err);
        }
    }
    if (args.reader.json) {
        print_json(results);
    }
}

} // namespace

void register_apdu(CLI::App& app) {
    auto args = std::make_shared<ApduArgs>();
    auto* cmd = app.add_subcommand("apdu", "send command APDUs (hex) and print responses");
    add_reader_options(*cmd, args->reader, true);
    cmd->add_flag("--raw", args->raw, "no 61xx/6Cxx handling: show each wire exchange as is");
    cmd->add_option("HEX", args->apdus, "command APDUs in hex, e.g. 00A4040010A0000005591010FFFFFFFF890000020000")
        ->required();
    cmd->callback([args] { run_apdu(*args); });
}

} // namespace euicc::cli
