// SPDX-License-Identifier: Apache-2.0
// OTA over SMS-PP scenarios in-process (T=1 and T=0 links) and over real pcscd + vpcd (label pcsc).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include <euicc/card/virtual_euicc.hpp>
#include <euicc/host/file_counter_store.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/pcsc.hpp>

#include "scenarios/foundation.hpp"
#include "scenarios/ota_sms_pp.hpp"

using namespace euicc;

namespace {

std::string pcsc_reader() {
    const char* env = std::getenv("EUICC_TEST_READER");
    return env ? env : "Virtual PCD 00 00";
}

/// The pcsc fixture's card keeps its counters for the whole ctest run: one counter file beside it.
host::FileCounterStore fixture_counters() {
    return host::FileCounterStore(std::filesystem::path(EUICC_BINARY_DIR) / "tests" / "pcsc_fixture" /
                                  "host-counters.json");
}

} // namespace

TEST_CASE("OTA RAM scripts over SMS-PP, in-process", "[e2e][ota]") {
    const bool t0 = GENERATE(false, true);
    CAPTURE(t0);
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card, {.t0_procedure = t0});
    host::MemoryCounterStore counters;
    scenarios::ota_ram_scripts(channel, counters, scenarios::default_test_eid);
}

TEST_CASE("OTA trigger -> TIMER MANAGEMENT -> OPEN CHANNEL, in-process", "[e2e][ota][trigger]") {
    const bool t0 = GENERATE(false, true);
    CAPTURE(t0);
    card::VirtualEuiccConfig config;
    config.rng = std::make_shared<FixedRng>(20240506);
    card::VirtualEuicc card(std::move(config));
    transport::InProcessChannel channel(card, {.t0_procedure = t0});
    host::MemoryCounterStore counters;
    scenarios::ota_trigger(channel, counters, scenarios::default_test_eid);
}

TEST_CASE("OTA RAM scripts over SMS-PP, over pcscd + vpcd", "[.pcsc]") {
    transport::PcscContext context;
    auto channel = context.connect(pcsc_reader());
    auto counters = fixture_counters();
    scenarios::ota_ram_scripts(*channel, counters, scenarios::default_test_eid);
}

TEST_CASE("OTA trigger -> TIMER MANAGEMENT -> OPEN CHANNEL, over pcscd + vpcd", "[.pcsc]") {
    transport::PcscContext context;
    auto channel = context.connect(pcsc_reader());
    auto counters = fixture_counters();
    scenarios::ota_trigger(*channel, counters, scenarios::default_test_eid);
}
