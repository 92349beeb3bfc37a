// SPDX-License-Identifier: Apache-2.0
// Embedding example: read the EID of the card in a PC/SC reader, with an APDU trace on stderr.
// usage: read_eid [READER]   (READER: name, /regex/ or index; default: first reader with a card)
#include <iostream>

#include <euicc/error.hpp>
#include <euicc/host/eid_reader.hpp>
#include <euicc/transport/apdu_tracer.hpp>
#include <euicc/transport/pcsc.hpp>

int main(int argc, char** argv) {
    using namespace euicc;
    try {
        transport::PcscContext context;
        const std::string reader =
            context.select_reader(transport::ReaderSelector::parse(argc > 1 ? argv[1] : ""));
        auto channel = context.connect(reader);
        channel->add_tracer(std::make_shared<transport::StreamTracer>(std::cerr));
        std::cout << reader << ": EID " << host::read_eid(*channel) << '\n';
        return 0;
    } catch (const Error& e) {
        std::cerr << "read_eid: " << e.what() << '\n';
        return 1;
    }
}
