// SPDX-License-Identifier: Apache-2.0
// Reading the EID from the ECASD (SGP.02 §2.2.2, GPCS §11.3 GET DATA).
#include <euicc/host/eid_reader.hpp>

#include <euicc/apdu/aid.hpp>
#include <euicc/apdu/ber_tlv.hpp>
#include <euicc/apdu/eid.hpp>
#include <euicc/error.hpp>

namespace euicc::host {

using apdu::CommandApdu;

std::string read_eid(transport::CardChannel& channel, unsigned logical_channel) {
    // GPCS §11.9: SELECT by name, first occurrence, FCI requested (case 4).
    const CommandApdu select(0x00, 0xA4, 0x04, 0x00, Bytes(apdu::aid::ecasd.begin(), apdu::aid::ecasd.end()), 256);
    apdu::expect(channel.transmit(select, logical_channel), "SELECT ECASD");

    // GPCS §11.3: GET DATA P1P2 = tag 005A; the ECASD answers the TLV 5A 10 <EID>.
    const CommandApdu get_eid(0x80, 0xCA, 0x00, 0x5A, {}, 256);
    const auto resp = channel.transmit(get_eid, logical_channel);
    apdu::expect(resp, "GET DATA EID");

    const ber::Tlv tlv = ber::parse_one(resp.data());
    if (tlv.tag != 0x5A || tlv.value.size() != 16) {
        throw CodecError("GET DATA EID", 0, "expected 5A with 16 bytes");
    }
    std::string eid = apdu::eid_from_bytes(tlv.value);
    if (!apdu::eid_is_valid(eid)) {
        // SGP.29: the number mod 97 must be 1; a card that fails this is misconfigured, not to be trusted.
        throw CodecError("GET DATA EID", 2, "EID " + eid + " has wrong check digits");
    }
    return eid;
}

} // namespace euicc::host
