# SPDX-License-Identifier: Apache-2.0
"""In-process only: the T=0 GET RESPONSE path (ISO 7816-3 §12.2), card state, and cards written in Python."""

import contextlib
import gc
import sys
import threading

import pytest

import euicc
from scenario import DEFAULT_EID, ECASD_AID, GET_DATA_EID, ISD_R_AID, read_eid, select


@contextlib.contextmanager
def unraisable_reports():
    """Collects what C++ reported through sys.unraisablehook (exceptions it must not propagate)."""
    reports = []
    old = sys.unraisablehook
    sys.unraisablehook = reports.append
    try:
        yield reports
    finally:
        sys.unraisablehook = old


def test_t0_get_response_path():
    t1 = euicc.InProcessChannel(euicc.VirtualEuicc())
    t0 = euicc.InProcessChannel(euicc.VirtualEuicc(), t0_procedure=True)
    rec = euicc.RecordingTracer()
    t0.add_tracer(rec)
    resp = t0.transmit(select(ISD_R_AID))
    assert resp == t1.transmit(select(ISD_R_AID))
    (c1, r1), (c2, r2) = rec.exchanges()
    assert c1 == select(ISD_R_AID).encode()
    assert r1[0] == 0x61 and r1[1] == len(resp.data)  # TS 102 221 §7.3.1.1.4: 61xx announces the data
    assert c2 == bytes([0x00, 0xC0, 0x00, 0x00, r1[1]])  # GET RESPONSE, same CLA, Le = xx
    assert r2 == resp.encode()
    # transmit_raw is one wire exchange: the caller sees 61xx itself.
    assert t0.transmit_raw(select(ECASD_AID).encode())[0] == 0x61


def test_t0_get_response_on_a_logical_channel():
    ch = euicc.InProcessChannel(euicc.VirtualEuicc(), t0_procedure=True)
    n = ch.open_logical_channel()
    rec = euicc.RecordingTracer()
    ch.add_tracer(rec)
    assert ch.transmit(select(ECASD_AID), channel=n).sw == 0x9000
    assert [c[0] for c, _ in rec.exchanges()] == [n, n]  # GET RESPONSE keeps the channel's CLA
    ch.close_logical_channel(n)


def test_virtual_euicc_eid_and_state_dir(tmp_path):
    other = euicc.eid_with_check_digits("890490321234512345123456789099")
    assert other != DEFAULT_EID
    card = euicc.VirtualEuicc(other, tmp_path / "card")
    assert card.eid == other
    assert read_eid(euicc.InProcessChannel(card)) == other
    del card
    assert euicc.VirtualEuicc(state_dir=str(tmp_path / "card")).eid == other  # str or PathLike
    with pytest.raises(ValueError):
        euicc.VirtualEuicc(DEFAULT_EID, tmp_path / "card")  # contradicts the stored EID
    with pytest.raises(ValueError):
        euicc.VirtualEuicc("1234")
    assert euicc.VirtualEuicc().eid == DEFAULT_EID


def test_virtual_euicc_process_directly():
    card = euicc.VirtualEuicc()
    card.power_on()
    assert card.process(select(ECASD_AID).encode())[-2:] == b"\x90\x00"
    assert card.process(b"\x00") == b"\x67\x00"  # malformed C-APDU: wrong length, never an exception


def test_virtual_channel_convenience():
    with euicc.virtual_channel() as ch:
        assert read_eid(ch) == DEFAULT_EID
    assert euicc.virtual_channel(t0_procedure=True).transmit_raw(select(ISD_R_AID).encode())[0] == 0x61


def test_channel_keeps_its_card_alive():
    ch = euicc.InProcessChannel(euicc.VirtualEuicc())
    gc.collect()
    assert read_eid(ch) == DEFAULT_EID


def test_concurrent_transmits_on_one_channel():
    ch = euicc.InProcessChannel(euicc.VirtualEuicc())
    ch.transmit(select(ECASD_AID))
    results = []

    def worker():
        results.extend(ch.transmit(GET_DATA_EID).sw for _ in range(200))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [0x9000] * 800


class EchoCard(euicc.CardEndpoint):
    """A card in Python: INS 01 echoes its data, INS 02 raises, anything else is 6D00."""

    def __init__(self):
        super().__init__()
        self.events = []

    def atr(self):
        return b"\x3b\x00"

    def power_on(self):
        self.events.append("on")

    def power_off(self):
        self.events.append("off")

    def reset(self):
        self.events.append("reset")

    def process(self, command):
        self.events.append(bytes(command))
        apdu = euicc.CommandApdu.parse(command)
        if apdu.ins == 0x01:
            return apdu.data + b"\x90\x00"
        if apdu.ins == 0x02:
            raise RuntimeError("card bug")
        return b"\x6d\x00"


def test_python_card_endpoint_via_in_process_channel():
    card = EchoCard()
    ch = euicc.InProcessChannel(card)
    assert ch.atr() == b"\x3b\x00"
    assert ch.transmit(euicc.CommandApdu(0x00, 0x01, 0, 0, b"hello", ne=256)) == euicc.ResponseApdu(b"hello", 0x9000)
    assert ch.transmit(bytes.fromhex("00FF0000")).sw == 0x6D00
    ch.reset()
    ch.reset(cold=True)
    assert "reset" in card.events and "off" in card.events and "on" in card.events
    assert card.events[0] == bytes.fromhex("000100000568656C6C6F00")


def test_python_card_endpoint_with_t0_procedure():
    card = EchoCard()
    ch = euicc.InProcessChannel(card, t0_procedure=True)
    assert ch.transmit(euicc.CommandApdu(0x00, 0x01, 0, 0, b"abc", ne=256)).data == b"abc"
    assert [e for e in card.events if isinstance(e, bytes)] == [bytes.fromhex("0001000003616263" "00")]


def test_python_card_errors_become_6f00_and_are_reported():
    ch = euicc.InProcessChannel(EchoCard())
    with unraisable_reports() as reports:
        assert ch.transmit(bytes.fromhex("00020000")).sw == 0x6F00
    assert len(reports) == 1
    assert isinstance(reports[0].exc_value, RuntimeError) and "card bug" in str(reports[0].exc_value)

    class BadReturn(EchoCard):
        def process(self, command):
            return "9000"

    class TooShort(EchoCard):
        def process(self, command):
            return b"\x90"

    class NoProcess(euicc.CardEndpoint):
        def atr(self):
            return b"\x3b\x00"

    for card, error in ((BadReturn(), TypeError), (TooShort(), ValueError), (NoProcess(), TypeError)):
        with unraisable_reports() as reports:
            assert euicc.InProcessChannel(card).transmit(b"\x00\x01\x00\x00").sw == 0x6F00
        assert [type(r.exc_value) for r in reports] == [error]


def test_python_card_atr_error_propagates():
    class NoAtr(euicc.CardEndpoint):
        def atr(self):
            raise euicc.NoCardError("no card in the Python reader")

    with pytest.raises(euicc.NoCardError, match="Python reader"):
        euicc.InProcessChannel(NoAtr()).atr()


def test_python_card_from_another_thread():
    ch = euicc.InProcessChannel(EchoCard())
    out = []
    t = threading.Thread(target=lambda: out.append(ch.transmit(euicc.CommandApdu(0, 1, 0, 0, b"x", ne=1))))
    t.start()
    t.join()
    assert out == [euicc.ResponseApdu(b"x", 0x9000)]


def test_python_tracer_errors_are_reported_not_raised():
    class Broken(euicc.ApduTracer):
        def on_exchange(self, command, response):
            raise KeyError("tracer bug")

    ch = euicc.InProcessChannel(euicc.VirtualEuicc())
    ch.add_tracer(Broken())
    with unraisable_reports() as reports:
        assert ch.transmit(select(ISD_R_AID)).sw == 0x9000
    assert [type(r.exc_value) for r in reports] == [KeyError]


def test_scripted_card():
    card = euicc.ScriptedCard([(bytes.fromhex("80CA005A00"), bytes.fromhex("5A01019000"))])
    ch = euicc.InProcessChannel(card)
    assert ch.transmit(GET_DATA_EID).data == b"\x5a\x01\x01"
    assert card.finished and card.failures == []
    assert ch.transmit(GET_DATA_EID).sw == 0x6F00
    assert len(card.failures) == 1
