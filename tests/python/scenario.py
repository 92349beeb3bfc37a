# SPDX-License-Identifier: Apache-2.0
"""APDUs the Python tests send (GP SELECT / GET DATA per spec/globalplatform.md), written once for every transport."""

import euicc

ISD_R_AID = bytes.fromhex("A0000005591010FFFFFFFF8900000100")  # SGP.02 §2.2.3
ECASD_AID = bytes.fromhex("A0000005591010FFFFFFFF8900000200")
DEFAULT_EID = "89049032123451234512345678901235"  # VirtualEuicc's EID for a fresh state (virtual_euicc.hpp)


def select(aid: bytes) -> euicc.CommandApdu:
    """SELECT by DF name, first occurrence, return FCI (case 4)."""
    return euicc.CommandApdu(0x00, 0xA4, 0x04, 0x00, aid, ne=256)


GET_DATA_EID = bytes.fromhex("80CA005A00")  # GET DATA tag 5A on the ECASD


def read_eid(channel: euicc.CardChannel) -> str:
    euicc.expect(channel.transmit(select(ECASD_AID)), "SELECT ECASD")
    resp = euicc.expect(channel.transmit(GET_DATA_EID), "GET DATA EID")
    tlv = euicc.ber_parse_one(resp.data)
    assert tlv.tag == 0x5A
    return euicc.eid_from_bytes(tlv.value)


def basic_session(channel: euicc.CardChannel) -> list[euicc.ResponseApdu]:
    """A stateless sequence whose wire transcript must not depend on the transport."""
    return [
        channel.transmit(select(ECASD_AID)),
        channel.transmit(GET_DATA_EID),
        channel.transmit(select(ISD_R_AID)),
        channel.transmit(bytes.fromhex("80CA005A00")),  # the EID lives on the ECASD, not the ISD-R: 6A88
        channel.transmit(bytes.fromhex("00EE000000")),  # unknown INS
    ]


# --- OTA (TS 102 226 remote scripts to the ISD-R over SMS-PP) -------------------------------------------

SELECT_ECASD_NO_DATA = euicc.CommandApdu(0x00, 0xA4, 0x04, 0x0C, ECASD_AID)  # P2 0C: no FCI back
READ_EID_SCRIPT = [SELECT_ECASD_NO_DATA, GET_DATA_EID]  # GET DATA 5A answers with the whole TLV
DEFAULT_EID_TLV = bytes.fromhex("5A10" + DEFAULT_EID)
