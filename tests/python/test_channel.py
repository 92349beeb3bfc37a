# SPDX-License-Identifier: Apache-2.0
"""One set of channel tests, run over the in-process virtual eUICC and over pcscd+vpcd (fixture `channel`)."""

import shutil
import struct
import subprocess

import pytest

import euicc
from scenario import DEFAULT_EID, ECASD_AID, GET_DATA_EID, ISD_R_AID, basic_session, read_eid, select


def test_select_ecasd_and_get_data_eid(channel, request):
    resp = channel.transmit(select(ECASD_AID))
    assert resp.sw == 0x9000
    assert euicc.ber_parse_one(resp.data).find(0x84).value == ECASD_AID
    resp = channel.transmit(GET_DATA_EID)
    assert resp.sw == 0x9000 and resp.data[:2] == b"\x5a\x10"
    eid = euicc.eid_from_bytes(resp.data[2:])
    assert euicc.eid_is_valid(eid)
    if "inproc" in request.node.callspec.id:
        assert eid == DEFAULT_EID


def test_select_isd_r(channel):
    resp = channel.transmit(select(ISD_R_AID))
    assert resp.sw == 0x9000
    fci = euicc.ber_parse_one(resp.data)
    assert fci.tag == 0x6F and fci.find(0x84).value == ISD_R_AID


def test_unknown_ins_is_6d00(channel):
    resp = channel.transmit(euicc.CommandApdu(0x00, 0xEE, 0x00, 0x00, ne=256))
    assert (resp.sw, resp.sw1, resp.sw2, resp.data) == (0x6D00, 0x6D, 0x00, b"")
    assert "instruction" in euicc.describe_sw(resp.sw)


def test_transmit_accepts_any_buffer_and_raw(channel):
    apdu = select(ECASD_AID).encode()
    for buffer in (apdu, bytearray(apdu), memoryview(apdu)):
        assert channel.transmit(buffer).sw == 0x9000
    raw = channel.transmit_raw(GET_DATA_EID)
    assert isinstance(raw, bytes) and raw[-2:] == b"\x90\x00" and raw[:2] == b"\x5a\x10"
    with pytest.raises(euicc.CodecError):
        channel.transmit(b"\x00\xa4")


def test_atr_and_reset(channel):
    atr = channel.atr()
    assert isinstance(atr, bytes) and atr[0] in (0x3B, 0x3F)
    channel.transmit(select(ECASD_AID))
    channel.reset()
    assert channel.atr() == atr
    # The reset dropped the ECASD selection: GET DATA 5A now reaches the default application.
    assert channel.transmit(GET_DATA_EID).sw != 0x9000
    assert read_eid(channel)


def test_logical_channels(channel):
    n = channel.open_logical_channel()
    assert 1 <= n <= 19
    resp = channel.transmit(select(ECASD_AID), channel=n)
    assert resp.sw == 0x9000
    # Channel 0 keeps its own selection (ISD-R by default after reset), channel n has the ECASD.
    assert channel.transmit(GET_DATA_EID, channel=n).data[:2] == b"\x5a\x10"
    channel.close_logical_channel(n)
    assert channel.transmit(GET_DATA_EID, channel=n).sw == 0x6881
    with pytest.raises(euicc.StatusWordError) as info:
        channel.close_logical_channel(n)
    assert info.value.sw == 0x6881 and "MANAGE CHANNEL" in info.value.command


def test_recording_tracer_transcript(channel):
    rec = euicc.RecordingTracer()
    channel.add_tracer(rec)
    responses = basic_session(channel)
    channel.remove_tracer(rec)
    channel.transmit(select(ISD_R_AID))  # not recorded any more
    exchanges = rec.exchanges()
    assert [c for c, _ in exchanges] == [
        select(ECASD_AID).encode(),
        GET_DATA_EID,
        select(ISD_R_AID).encode(),
        GET_DATA_EID,
        bytes.fromhex("00EE000000"),
    ]
    assert [r for _, r in exchanges] == [r.encode() for r in responses]
    assert [r.sw for r in responses] == [0x9000, 0x9000, 0x9000, 0x6A88, 0x6D00]
    rec.clear()
    assert rec.exchanges() == []


def test_text_tracer_lines(channel):
    lines = []
    channel.add_tracer(euicc.TextTracer(lines.append, prefix="[t] "))
    channel.transmit(select(ECASD_AID))
    channel.transmit(GET_DATA_EID)
    assert len(lines) == 4
    assert lines[0].startswith("[t] -> 00A40400") and lines[2].startswith("[t] -> 80CA005A")
    assert lines[1].startswith("[t] <- ") and "9000" in lines[1]
    assert all("\n" not in line for line in lines)


def test_log_tracer_goes_to_logging(channel, caplog):
    channel.add_tracer(euicc.log_tracer("euicc.test"))
    with caplog.at_level("DEBUG", logger="euicc.test"):
        channel.transmit(GET_DATA_EID)
    assert [r.name for r in caplog.records] == ["euicc.test", "euicc.test"]
    assert caplog.records[0].getMessage().startswith("-> 80CA005A")


def test_python_tracer_subclass(channel):
    class Collect(euicc.ApduTracer):
        def __init__(self):
            super().__init__()
            self.seen = []

        def on_exchange(self, command, response):
            self.seen.append((command, response))

        def on_reset(self, atr):
            self.seen.append(("reset", atr))

    tracer = Collect()
    channel.add_tracer(tracer)
    channel.transmit(GET_DATA_EID)
    channel.reset()
    assert len(tracer.seen) == 2
    command, response = tracer.seen[0]
    assert command == GET_DATA_EID and isinstance(response, bytes) and len(response) >= 2
    assert tracer.seen[1] == ("reset", channel.atr())


def test_pcap_tracer_writes_gsmtap(channel, tmp_path):
    path = tmp_path / "trace.pcap"
    with euicc.GsmtapPcapTracer(path) as pcap:
        channel.add_tracer(pcap)
        read_eid(channel)
        channel.transmit(bytes.fromhex("00EE000000"))
    assert pcap.packets == 3 and pcap.last_error == ""
    data = path.read_bytes()
    magic, _, _, _, _, _, linktype = struct.unpack("<IHHiIII", data[:24])
    assert magic == 0xA1B2C3D4 and linktype == 228
    payload = euicc.GsmtapPcapTracer.gsmtap_apdu_payload(GET_DATA_EID, b"\x5a\x10" + bytes(16) + b"\x90\x00")
    assert payload.startswith(GET_DATA_EID) and payload.endswith(b"\x90\x00")
    if shutil.which("tshark") is None:
        pytest.skip("tshark not installed: the file was checked, its decoding was not")
    out = subprocess.run(
        ["tshark", "-r", str(path), "-Y", "gsm_sim", "-T", "fields", "-e", "gsm_sim.apdu.ins"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    assert [int(x, 0) for x in out] == [0xA4, 0xCA, 0xEE]


def test_pcap_tracer_bad_path_raises_transport_error(tmp_path):
    with pytest.raises(euicc.TransportError):
        euicc.GsmtapPcapTracer(tmp_path / "missing-dir" / "x.pcap")


def test_context_manager_returns_the_channel(channel):
    with channel as ch:
        assert ch is channel
        assert ch.transmit(select(ISD_R_AID)).sw == 0x9000
