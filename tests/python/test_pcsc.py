# SPDX-License-Identifier: Apache-2.0
"""PC/SC only (pcscd + vpcd + virtual eUICC): readers, selection, waits, connection life cycle, the GIL."""

import sys
import threading
import time

import pytest

import euicc
from scenario import ECASD_AID, GET_DATA_EID, basic_session, read_eid, select

pytestmark = pytest.mark.pcsc


def test_readers_lists_the_virtual_card(pcsc_reader):
    (info,) = [r for r in euicc.readers() if r.name == pcsc_reader]
    assert info.card_present and not info.exclusive
    with euicc.connect(pcsc_reader) as ch:
        assert info.atr == ch.atr()
        assert ch.reader == pcsc_reader and ch.protocol == 1  # vpcd reports T=1
    assert pcsc_reader in repr(info)


def test_connect_by_index_regex_and_reader_info(pcsc_reader):
    names = [r.name for r in euicc.readers()]
    index = names.index(pcsc_reader)
    info = euicc.readers()[index]
    for selector in (pcsc_reader, index, str(index), "/" + pcsc_reader[-5:] + "$/", info):
        with euicc.connect(selector) as ch:
            assert ch.reader == pcsc_reader, selector


def test_unknown_reader_is_a_reader_error(pcsc_reader):
    with pytest.raises(euicc.ReaderError) as info:
        euicc.connect("No Such Reader 00 00")
    assert isinstance(info.value, euicc.TransportError) and isinstance(info.value.native_code, int)
    with pytest.raises(euicc.ReaderError):
        euicc.connect(99)
    with pytest.raises(TypeError):
        euicc.connect(1.5)
    with pytest.raises(TypeError):
        euicc.connect(True)


def test_waits(pcsc_reader):
    assert euicc.wait_for_card(pcsc_reader, 1.0)
    assert not euicc.wait_for_removal(pcsc_reader, 0.05)
    with pytest.raises(ValueError):
        euicc.wait_for_card(pcsc_reader, -1)


def test_context_manager_closes_the_connection(pcsc_reader):
    with euicc.connect(pcsc_reader) as ch:
        assert not ch.closed
        read_eid(ch)
    assert ch.closed
    with pytest.raises(euicc.TransportError, match="closed"):
        ch.transmit(GET_DATA_EID)
    # The transaction is over: an exclusive connection succeeds at once.
    with euicc.connect(pcsc_reader, exclusive=True) as ch2:
        assert ch2.transmit(select(ECASD_AID)).sw == 0x9000


def test_pcsc_context_object(pcsc_reader):
    ctx = euicc.PcscContext()
    assert ctx.native_handle != 0
    assert ctx.select_reader(pcsc_reader) == pcsc_reader
    assert pcsc_reader in [r.name for r in ctx.readers()]
    ch = ctx.connect(pcsc_reader)
    del ctx  # the channel keeps its context alive
    with ch:
        assert euicc.eid_is_valid(read_eid(ch))
        assert ch.native_handle != 0


def test_transcript_identical_in_process_and_over_pcsc(pcsc_channel):
    """The vpcd path adds nothing: the same card answers the same bytes in both places."""
    eid = read_eid(pcsc_channel)
    pcsc_channel.reset()
    inproc = euicc.InProcessChannel(euicc.VirtualEuicc(eid))  # the same card, in this process
    transcripts = []
    for ch in (inproc, pcsc_channel):
        rec = euicc.RecordingTracer()
        ch.add_tracer(rec)
        basic_session(ch)
        transcripts.append(rec.exchanges())
    assert len(transcripts[0]) == 5
    assert transcripts[0] == transcripts[1]


def test_gil_released_while_blocked_in_a_wait(pcsc_reader):
    """A Python thread runs while another is blocked inside wait_for_removal (the card stays)."""
    entered, done = threading.Event(), threading.Event()
    observed = []

    def blocked():
        entered.set()
        euicc.wait_for_removal(pcsc_reader, 1.5)
        done.set()

    t = threading.Thread(target=blocked)
    t.start()
    entered.wait()
    time.sleep(0.3)  # if the wait held the GIL, this line would return only after it ended
    observed.append(done.is_set())
    t.join()
    assert observed == [False]


def test_gil_released_around_transmit(pcsc_channel):
    """With thread switching by interval disabled (huge switch interval), a spinning Python thread can
    only make progress while the main thread is inside transmit with the GIL released."""
    stop = False
    spins = 0

    def spin():
        nonlocal spins
        while not stop:
            spins += 1
            time.sleep(0)  # releases the GIL after every step, so the main thread never starves

    old = sys.getswitchinterval()
    t = threading.Thread(target=spin)
    t.start()
    try:
        sys.setswitchinterval(100.0)
        while spins == 0:
            time.sleep(0.001)
        before = spins
        for _ in range(300):
            assert pcsc_channel.transmit(GET_DATA_EID).sw in (0x9000, 0x6A88)
        during = spins - before
    finally:
        sys.setswitchinterval(old)
        stop = True
        t.join()
    assert during > 0
