// SPDX-License-Identifier: Apache-2.0
// Foundation scenario (ISO 7816-4 SELECT/MANAGE CHANNEL, GPCS GET DATA, SGP.02 ECASD EID).
#include "scenarios/foundation.hpp"

#include <catch2/catch.hpp>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/cla.hpp>
#include <euicc/host/eid_reader.hpp>

namespace euicc::scenarios {

using apdu::CommandApdu;
using apdu::StatusWord;

namespace {

Bytes to_bytes(const std::array<std::uint8_t, 16>& aid) { return {aid.begin(), aid.end()}; }

} // namespace

void foundation(transport::CardChannel& channel, const std::string& expected_eid) {
    const Bytes atr = channel.atr();
    REQUIRE(atr.size() >= 2);
    CHECK((atr[0] == 0x3B || atr[0] == 0x3F));  // ISO 7816-3 §8.1: TS direct or inverse convention

    CHECK(host::read_eid(channel) == expected_eid);

    // SELECT ISD-R returns an FCI template naming the ISD-R (GPCS §11.9.3).
    const auto isd_r = channel.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x00, to_bytes(apdu::aid::isd_r), 256));
    REQUIRE(isd_r.sw() == apdu::sw::ok);
    const ber::Tlv fci = ber::parse_one(isd_r.data());
    CHECK(fci.tag == 0x6F);
    REQUIRE(fci.find(0x84) != nullptr);
    CHECK(fci.at(0x84).value == to_bytes(apdu::aid::isd_r));

    // GET DATA EID is the ECASD's: the ISD-R does not know tag 5A.
    CHECK(channel.transmit(CommandApdu(0x80, 0xCA, 0x00, 0x5A, {}, 256)).sw() != apdu::sw::ok);

    // A second logical channel keeps its own selection (ISO 7816-4 §5.1.1.2).
    const unsigned lc = channel.open_logical_channel();
    CHECK(lc >= 1);
    CHECK(lc <= apdu::max_logical_channel);
    CHECK(host::read_eid(channel, lc) == expected_eid);
    CHECK(channel.transmit(CommandApdu(0x80, 0xCA, 0x00, 0x5A, {}, 256)).sw() != apdu::sw::ok);  // channel 0: ISD-R
    channel.close_logical_channel(lc);
    CHECK(channel.transmit(CommandApdu(0x80, 0xCA, 0x00, 0x5A, {}, 256), lc).sw() ==
          apdu::sw::logical_channel_not_supported);

    // SELECT MF by file identifier with FCP (TS 102 221 §11.1.1).
    const auto mf = channel.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x04, {0x3F, 0x00}, 256));
    CHECK(mf.sw() == apdu::sw::ok);
    CHECK_FALSE(mf.data().empty());

    // Bad input gets the status word ISO 7816-4 §5.6 names, never silence.
    CHECK(channel.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x00, {0xA0, 0x00, 0x00, 0x00, 0x99}, 256)).sw() ==
          apdu::sw::not_found);
    CHECK(channel.transmit(CommandApdu(0x80, 0x7E, 0x00, 0x00)).sw() == apdu::sw::ins_not_supported);
    // Lc announces 5 bytes, 1 follows: the card must answer 6700 (wrong length), not guess.
    const Bytes truncated = channel.transmit_raw(Bytes{0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0});
    REQUIRE(truncated.size() == 2);
    CHECK(StatusWord(truncated[0], truncated[1]) == apdu::sw::wrong_length);
}

} // namespace euicc::scenarios
