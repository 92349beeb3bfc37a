// SPDX-License-Identifier: Apache-2.0
// ES5 over SMS-PP (spec/sgp02.md §3): ISD-R commands in SCP80 secured scripts need no SCP03 session; the SCP80
// path vouches for the ISD-R only.
#include <catch2/catch.hpp>

#include <euicc/apdu/remote_script.hpp>

#include "card_test_util.hpp"
#include "ota_test_util.hpp"
#include "sgp02_test_util.hpp"

using namespace euicc;
using namespace euicc::literals;
using namespace euicc::card::test;

namespace {

remote::CompactResponse run_script(card::VirtualEuicc& card, const std::vector<apdu::CommandApdu>& commands,
                                   std::uint64_t counter) {
    const Bytes script = remote::encode_compact_script(commands);
    const scp80::ResponsePacket por = por_of(send_packet(card, isd_r_header(counter), script), isd_r_header(counter));
    REQUIRE(por.status == scp80::ResponseStatus::PorOk);
    return remote::CompactResponse::decode(por.data);
}

} // namespace

TEST_CASE("ES5 commands in SCP80 scripts reach the ISD-R without SCP03", "[card][sgp02][ota]") {
    card::VirtualEuicc card({});
    REQUIRE(install_profile(card, isdp(0x10), generated_profile("8949001122334455001")).back().ok());

    sgp02::CreateIsdp create;
    create.isdp_aid = isdp(0x11);
    const remote::CompactResponse created = run_script(card, {sgp02::create_isdp(create)}, 1);
    CHECK(created.executed == 1);
    CHECK(created.last_sw == apdu::sw::ok);
    CHECK(created.last_data == Bytes{0x00});

    const remote::CompactResponse enabled =
        run_script(card, {sgp02::enable_profile(isdp(0x10)), sgp02::set_fallback_attribute(isdp(0x10))}, 2);
    CHECK(enabled.executed == 2);
    CHECK(enabled.last_sw == apdu::sw::ok);

    Scp03Host isd_r = isd_r_session(card);
    const std::vector<sgp02::IsdpStatus> statuses = audit(isd_r);
    REQUIRE(statuses.size() == 2);
    CHECK(statuses[0].state == sgp02::ProfileState::Enabled);
    CHECK(statuses[0].fallback);
    CHECK(statuses[1].life_cycle == 0x07);

    // A script may SELECT an ISD-P, but the SCP80 keys are the ISD-R's: the ISD-P's own data need its SCP03.
    const remote::CompactResponse isdp_command = run_script(
        card, {gp::select(isdp(0x10)).with_ne(std::nullopt), sgp02::update_connectivity_parameters("33689924111")}, 3);
    CHECK(isdp_command.executed == 2);
    CHECK(isdp_command.last_sw == apdu::sw::security_status_not_satisfied);
}
