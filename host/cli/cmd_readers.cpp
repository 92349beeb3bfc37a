// SPDX-License-Identifier: Apache-2.0
// `euicc readers`: list PC/SC readers with card state and ATR.
#include <iostream>

#include <euicc/apdu/bytes.hpp>

#include "cli_common.hpp"

namespace euicc::cli {

void register_readers(CLI::App& app) {
    auto* cmd = app.add_subcommand("readers", "list PC/SC readers, card presence and ATR");
    auto json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *json, "machine-readable output");
    cmd->callback([json] {
        transport::PcscContext context;
        const auto readers = context.readers();
        if (*json) {
            auto list = nlohmann::json::array();
            for (std::size_t i = 0; i < readers.size(); ++i) {
                const auto& r = readers[i];
                list.push_back({{"index", i},
                                {"name", r.name},
                                {"card_present", r.card_present},
                                {"in_use", r.in_use},
                                {"exclusive", r.exclusive},
                                {"atr", to_hex(r.atr)}});
            }
            print_json(list);
            return;
        }
        if (readers.empty()) {
            std::cout << "no readers\n";
            return;
        }
        for (std::size_t i = 0; i < readers.size(); ++i) {
            const auto& r = readers[i];
            std::cout << i << ": " << r.name << "\n   ";
            if (r.card_present) {
                std::cout << "card present, ATR " << to_hex(r.atr);
                if (r.exclusive) {
                    std::cout << " (exclusive use)";
                } else if (r.in_use) {
                    std::cout << " (in use)";
                }
            } else {
                std::cout << "no card";
            }
            std::cout << '\n';
        }
    });
}

} // namespace euicc::cli
