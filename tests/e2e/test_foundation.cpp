// SPDX-License-Identifier: Apache-2.0
// The foundation scenario in-process (every run) and over real pcscd + vpcd (label pcsc).
#include <catch2/catch.hpp>

#include <cstdlib>

#include <euicc/card/virtual_euicc.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/pcsc.hpp>

#include "scenarios/foundation.hpp"

using namespace euicc;

namespace {

std::string pcsc_reader() {
    const char* env = std::getenv("EUICC_TEST_READER");
    return env ? env : "Virtual PCD 00 00";
}

std::string expected_eid() {
    const char* env = std::getenv("EUICC_TEST_EID");
    return env ? env : scenarios::default_test_eid;
}

std::vector<transport::RecordingTracer::Exchange> in_process_transcript() {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card);
    auto recorder = std::make_shared<transport::RecordingTracer>();
    channel.add_tracer(recorder);
    scenarios::foundation(channel, scenarios::default_test_eid);
    return recorder->exchanges();
}

} // namespace

TEST_CASE("foundation scenario, in-process", "[e2e]") {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card);
    scenarios::foundation(channel, scenarios::default_test_eid);
}

TEST_CASE("foundation scenario, in-process with T=0 GET RESPONSE", "[e2e]") {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card, {.t0_procedure = true});
    auto recorder = std::make_shared<transport::RecordingTracer>();
    channel.add_tracer(recorder);
    scenarios::foundation(channel, scenarios::default_test_eid);
    // The T=0 path really ran: some exchange was a GET RESPONSE (INS C0) following a 61xx.
    const auto exchanges = recorder->exchanges();
    CHECK(std::any_of(exchanges.begin(), exchanges.end(),
                      [](const auto& e) { return e.command.size() >= 2 && e.command[1] == 0xC0; }));
}

TEST_CASE("foundation scenario, over pcscd + vpcd", "[.pcsc]") {
    transport::PcscContext context;
    auto channel = context.connect(pcsc_reader());
    auto recorder = std::make_shared<transport::RecordingTracer>();
    channel->add_tracer(recorder);
    scenarios::foundation(*channel, expected_eid());

    // Same card logic, same APDUs: the vpcd path must add nothing to the exchange.
    if (expected_eid() == scenarios::default_test_eid) {
        CHECK(recorder->exchanges() == in_process_transcript());
    }
}
