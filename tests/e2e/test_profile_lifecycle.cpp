// SPDX-License-Identifier: Apache-2.0
// The profile life-cycle and SM-SR change scenarios against the virtual eUICC in-process (every run), and the
// life cycle over real pcscd + vpcd (label pcsc).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include <euicc/card/virtual_euicc.hpp>
#include <euicc/transport/in_process_channel.hpp>
#include <euicc/transport/pcsc.hpp>

#include "scenarios/profile_lifecycle.hpp"

using namespace euicc;

namespace {

Bytes ts48_profile() {
    const std::string path = std::string(EUICC_SOURCE_DIR) + "/../shared/profiles/TS48v2_SAIP2.1_BERTLV.der";
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string pcsc_reader() {
    const char* env = std::getenv("EUICC_TEST_READER");
    return env ? env : "Virtual PCD 00 00";
}

} // namespace

TEST_CASE("profile life cycle, in-process", "[e2e][sgp02]") {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card);
    scenarios::profile_lifecycle(channel, scenarios::lab_setup(ts48_profile()));
}

TEST_CASE("profile life cycle, in-process with T=0 GET RESPONSE", "[e2e][sgp02]") {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card, {.t0_procedure = true});
    scenarios::profile_lifecycle(channel, scenarios::lab_setup(ts48_profile()));
}

TEST_CASE("profile life cycle twice on one card: it is left as it was found", "[e2e][sgp02]") {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card);
    auto setup = scenarios::lab_setup(ts48_profile());
    scenarios::profile_lifecycle(channel, setup);
    setup.seed = 2;
    scenarios::profile_lifecycle(channel, setup);
}

TEST_CASE("SM-SR change, in-process: the old SM-SR's keys are refused afterwards", "[e2e][sgp02]") {
    card::VirtualEuicc card({});
    transport::InProcessChannel channel(card);
    const auto setup = scenarios::lab_setup(ts48_profile());
    scenarios::smsr_change(channel, setup);
    // The new SM-SR manages profiles as the old one did.
    auto renewed = setup;
    renewed.isd_r_keys = setup.new_smsr_keys;
    scenarios::profile_lifecycle(channel, renewed);
}

// Over pcscd only the life cycle runs: it leaves the fixture's card as it found it, an SM-SR change would not.
TEST_CASE("profile life cycle, over pcscd + vpcd", "[.pcsc]") {
    transport::PcscContext context;
    auto channel = context.connect(pcsc_reader());
    scenarios::profile_lifecycle(*channel, scenarios::lab_setup(ts48_profile()));
}
