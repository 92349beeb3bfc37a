// SPDX-License-Identifier: Apache-2.0
// `euicc ota send`: a TS 102 226 command script over SMS-PP (SCP80) to a card, with the PoR decoded.
#include <iostream>

#include <euicc/apdu/command_apdu.hpp>
#include <euicc/apdu/scp80.hpp>

#include "ota_common.hpp"

namespace euicc::cli {

namespace {

struct OtaSendArgs {
    ReaderOptions reader;
    OtaOptions ota;
    std::vector<std::string> apdus;
    bool expanded = false;
};

nlohmann::json response_json(const apdu::ResponseApdu& r) {
    return {{"data", to_hex(r.data())}, {"sw", r.sw().to_string()}, {"meaning", std::string(r.sw().describe())}};
}

void run_ota_send(const OtaSendArgs& args) {
    std::vector<apdu::CommandApdu> commands;
    for (const auto& text : args.apdus) {
        commands.push_back(apdu::CommandApdu::parse(from_hex(text)));
    }
    OtaContext ctx = open_ota(args.reader, args.ota);
    const host::ScriptResult result =
        args.expanded ? ctx.session->send_script(remote::ExpandedCommandScript::from_commands(commands))
                      : ctx.session->send_script(commands);

    if (args.reader.json) {
        auto responses = nlohmann::json::array();
        for (const auto& r : result.responses) {
            responses.push_back(response_json(r));
        }
        print_json({{"card", ctx.card_identity},
                    {"counter", result.counter()},
                    {"por", result.delivery.por.has_value()},
                    {"executed", result.executed},
                    {"last_sw", result.last_sw ? result.last_sw->to_string() : ""},
                    {"responses", responses}});
        return;
    }
    std::cout << "card " << ctx.card_identity << ", counter " << result.counter() << '\n';
    if (!result.delivery.por) {
        std::cout << "no PoR requested (SPI)\n";
        return;
    }
    std::cout << "PoR: " << scp80::describe(result.delivery.por->status) << ", " << result.executed << " of "
              << commands.size() << " command(s) executed\n";
    for (const auto& r : result.responses) {
        std::cout << "<- " << (r.data().empty() ? "" : to_hex(r.data()) + " ") << r.sw().to_string() << " ("
                  << r.sw().describe() << ")\n";
    }
}

} // namespace

void register_ota(CLI::App& app) {
    auto* ota = app.add_subcommand("ota", "remote management over SMS-PP (SCP80 secured packets)");
    ota->require_subcommand(1);
    auto args = std::make_shared<OtaSendArgs>();
    auto* send = ota->add_subcommand("send", "send C-APDUs as a command script to a TAR and decode the PoR");
    add_reader_options(*send, args->reader, true);
    add_ota_options(*send, args->ota);
    send->add_flag("--expanded", args->expanded, "expanded script format (AA ... 22 C-APDU) instead of compact");
    send->add_option("HEX", args->apdus, "C-APDUs of the script, e.g. 80CA005A00")->required();
    send->callback([args] { run_ota_send(*args); });
}

} // namespace euicc::cli
