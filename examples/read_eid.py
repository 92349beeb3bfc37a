#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Lab script: read the EID over PC/SC and keep a GSMTAP trace (run with PYTHONPATH=build/python).

usage: read_eid.py [READER]   READER: name, /regex/ or index; default: the first reader with a card.
"""
import sys

import euicc

AID_ECASD = bytes.fromhex("A0000005591010FFFFFFFF8900000200")


def main() -> int:
    reader = sys.argv[1] if len(sys.argv) > 1 else None
    for r in euicc.readers():
        print(f"{r.name}: {'ATR ' + r.atr.hex().upper() if r.card_present else 'no card'}")
    try:
        with euicc.connect(reader) as channel:
            tracer = euicc.GsmtapPcapTracer("read_eid.pcap")
            channel.add_tracer(tracer)
            resp = channel.transmit(euicc.CommandApdu(0x00, 0xA4, 0x04, 0x00, AID_ECASD, ne=256))
            print("SELECT ECASD ->", resp)
            resp = channel.transmit(bytes.fromhex("80CA005A00"))
            (tlv,) = euicc.ber_parse(resp.data)
            print("EID:", tlv.value.hex().upper())
            tracer.flush()
    except euicc.Error as e:
        print("error:", e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
