// SPDX-License-Identifier: Apache-2.0
// The SCP81 admin session scenarios (trigger, access time, PSK-TLS over BIP, SGP.02 operations) against the
// virtual eUICC in-process and over real pcscd + vpcd (label pcsc; the SM-SR change on slot 1, label pcsc1).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <euicc/card/virtual_euicc.hpp>
#include <euicc/host/file_counter_store.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/pcsc.hpp>

#include "scenarios/admin_session.hpp"

using namespace euicc;

namespace {

Bytes ts48_profile() {
    const std::string path = std::string(EUICC_SOURCE_DIR) + "/../shared/profiles/TS48v1_A.der";
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : fallback;
}

/// A fixture's card keeps its counters for the whole ctest run: one counter file beside it.
host::FileCounterStore fixture_counters(const char* fixture) {
    return host::FileCounterStore(std::filesystem::path(EUICC_BINARY_DIR) / "tests" / fixture / "host-counters.json");
}

} // namespace

TEST_CASE("SCP81 admin session: install audit disable delete (in-process)", "[e2e][scp81]") {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card);
    host::MemoryCounterStore counters;
    scenarios::admin_session_lifecycle(channel, counters, ts48_profile());
}

TEST_CASE("SCP81 admin session: SM-SR change (in-process)", "[e2e][scp81]") {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card);
    host::MemoryCounterStore counters;
    scenarios::admin_session_smsr_change(channel, counters);
}

TEST_CASE("SCP81 admin session: install audit disable delete over pcscd + vpcd", "[.pcsc]") {
    transport::PcscContext context;
    auto channel = context.connect(env_or("EUICC_TEST_READER", "Virtual PCD 00 00"));
    auto counters = fixture_counters("pcsc_fixture");
    scenarios::admin_session_lifecycle(*channel, counters, ts48_profile());
}

TEST_CASE("SCP81 admin session: SM-SR change over pcscd + vpcd on slot 1", "[.pcsc1]") {
    transport::PcscContext context;
    auto channel = context.connect(env_or("EUICC_TEST_READER_1", "Virtual PCD 00 01"));
    auto counters = fixture_counters("pcsc_fixture_slot1");
    scenarios::admin_session_smsr_change(*channel, counters);
}
