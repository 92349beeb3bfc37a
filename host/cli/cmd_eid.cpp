// SPDX-License-Identifier: Apache-2.0
// `euicc eid`: read the EID from the ECASD over PC/SC.
#include <iostream>

#include <euicc/host/eid_reader.hpp>

#include "cli_common.hpp"

namespace euicc::cli {

void register_eid(CLI::App& app) {
    auto options = std::make_shared<ReaderOptions>();
    auto* cmd = app.add_subcommand("eid", "read the EID (SELECT ECASD, GET DATA 5A)");
    add_reader_options(*cmd, *options, true);
    cmd->callback([options] {
        OpenCard card = open_card(*options);
        const std::string eid = host::read_eid(*card.channel);
        if (options->json) {
            print_json({{"reader", card.channel->reader()}, {"eid", eid}});
        } else {
            std::cout << eid << '\n';
        }
    });
}

} // namespace euicc::cli
