// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the `euicc` command-line tool.
#include "cli_common.hpp"

#include <cstdlib>
#include <iostream>

#include <euicc/transport/apdu_tracer.hpp>

namespace euicc::cli {

void add_reader_options(CLI::App& cmd, ReaderOptions& options, bool with_trace) {
    cmd.add_option("-r,--reader", options.reader,
                   "reader: exact name, /regex/, or index (default: first reader with a card)");
    cmd.add_flag("--exclusive", options.exclusive, "connect in exclusive mode");
    cmd.add_flag("--json", options.json, "machine-readable output");
    if (with_trace) {
        cmd.add_option("--trace", options.trace_path, "write a GSMTAP pcap trace (Wireshark/tshark: gsm_sim)");
    }
}

OpenCard open_card(const ReaderOptions& options) {
    OpenCard open;
    const std::string reader = open.context.select_reader(transport::ReaderSelector::parse(options.reader));
    open.channel = open.context.connect(reader, options.exclusive ? transport::ShareMode::Exclusive
                                                                  : transport::ShareMode::Shared);
    if (!options.trace_path.empty()) {
        open.pcap = std::make_shared<transport::GsmtapPcapTracer>(options.trace_path);
        open.channel->add_tracer(open.pcap);
    }
    if (const char* env = std::getenv("EUICC_APDU_TRACE"); env != nullptr && std::string(env) == "1") {
        open.channel->add_tracer(std::make_shared<transport::StreamTracer>(std::cerr));
    }
    return open;
}

void print_json(const nlohmann::json& value) { std::cout << value.dump(2) << '\n'; }

} // namespace euicc::cli
