# SPDX-License-Identifier: Apache-2.0
"""OTA over SMS-PP from Python: TS 102 226 scripts in SCP80 packets (TS 102 225 / 31.115) to the virtual eUICC's
ISD-R, over the in-process channel and over pcscd (fixture `channel`), with replay counters in a FileCounterStore."""

import gc
import json
import sys
import threading

import pytest

import euicc
from conftest import LAB_COUNTER_KEY
from euicc import cat, remote, scp80, sms
from scenario import DEFAULT_EID, DEFAULT_EID_TLV, GET_DATA_EID, READ_EID_SCRIPT, SELECT_ECASD_NO_DATA


def test_compact_script_returns_the_eid(channel, ota_counters):
    session = euicc.ota_session(channel, counters=ota_counters)
    assert session.parameters.counter_key == LAB_COUNTER_KEY
    result = session.send_script(READ_EID_SCRIPT)
    assert (result.executed, result.last_sw) == (2, 0x9000)
    assert result.responses == [euicc.ResponseApdu(DEFAULT_EID_TLV, 0x9000)]  # compact: the last command only
    assert result.por.secured and result.por.status == scp80.ResponseStatus.PorOk
    assert result.delivery.parts[0].por_source == euicc.PorSource.EnvelopeResponse
    assert ota_counters.current(LAB_COUNTER_KEY) == result.counter
    # The counter moves on with every packet, and the card accepts the next one.
    assert session.send_script(READ_EID_SCRIPT).counter == result.counter + 1


def test_expanded_script(channel, ota_counters):
    session = euicc.ota_session(channel, counters=ota_counters)
    result = session.send_script(READ_EID_SCRIPT, expanded=True)
    assert result.executed == 2
    assert result.responses == [euicc.ResponseApdu(b"", 0x9000), euicc.ResponseApdu(DEFAULT_EID_TLV, 0x9000)]
    assert isinstance(result.expanded, remote.ExpandedResponse) and result.expanded.executed == 2
    # The same script, given as a remote.ExpandedCommandScript or as encoded bytes.
    script = remote.ExpandedCommandScript.from_commands([SELECT_ECASD_NO_DATA, euicc.CommandApdu.parse(GET_DATA_EID)])
    assert session.send_script(script).responses == result.responses
    assert session.send_script(script.encode(), euicc.ScriptFormat.Expanded).responses == result.responses


def test_por_via_sms_submit(channel, ota_counters):
    """SPI 16 39: the card answers the ENVELOPE with 91xx and sends the PoR by SEND SHORT MESSAGE."""
    session = euicc.ota_session(channel, counters=ota_counters, spi=bytes.fromhex("1639"))
    result = session.send_script(READ_EID_SCRIPT)
    assert result.delivery.parts[0].por_source == euicc.PorSource.ShortMessage
    assert result.responses == [euicc.ResponseApdu(DEFAULT_EID_TLV, 0x9000)]
    message = session.terminal.standard_terminal.short_messages[-1]
    submit = sms.Submit.decode(message.tpdu)
    assert submit.destination == session.parameters.originator == sms.Address.international("8821234567")
    assert (submit.pid, submit.dcs) == (0x7F, 0xF6) and submit.user_data.header.response_packet


def test_long_script_goes_as_concatenated_sms(channel, ota_counters):
    session = euicc.ota_session(channel, counters=ota_counters)
    script = [SELECT_ECASD_NO_DATA] * 7 + [GET_DATA_EID]  # 152 bytes: more than one SMS holds
    result = session.send_script(script)
    assert len(result.delivery.parts) == 2
    assert result.executed == 8 and result.responses[0].data == DEFAULT_EID_TLV


def test_sms_pp_download_built_by_hand(channel, ota_counters):
    """The layers below OtaSession, composed in Python: SCP80 packet -> SMS-DELIVER -> ENVELOPE -> PoR."""
    keys = euicc.lab_keys()
    header = scp80.CommandHeader(
        spi=euicc.default_ota_spi(), kic=0x12, kid=0x12, counter=ota_counters.reserve_next(LAB_COUNTER_KEY)
    )
    packet = scp80.wrap_command(header, keys, remote.encode_compact_script([SELECT_ECASD_NO_DATA]))
    (user_data,) = sms.split_command_packet(packet)
    deliver = sms.make_sms_pp_deliver(sms.Address.international("8821234567"), sms.Timestamp(year=24), user_data)
    terminal = euicc.ToolkitTerminal(channel)
    terminal.start()
    outcome = terminal.sms_pp_download(deliver)
    assert outcome.envelope.status == euicc.EnvelopeStatus.Accepted
    por = scp80.unwrap_response(outcome.por, header, keys)
    assert remote.CompactResponse.decode(por.data) == remote.CompactResponse(executed=1, last_sw=0x9000)


@pytest.mark.parametrize("wrong", ["kic", "kid"])
def test_wrong_key_is_a_por_error_01(channel, ota_counters, wrong):
    keys = scp80.Keyset(
        euicc.LAB_KVN,
        bytes(16) if wrong == "kic" else euicc.LAB_KIC_KEY,
        bytes(16) if wrong == "kid" else euicc.LAB_KID_KEY,
    )
    session = euicc.ota_session(channel, keys, ota_counters)
    with pytest.raises(euicc.PorError) as info:
        session.send_script(READ_EID_SCRIPT)
    error = info.value
    assert isinstance(error, euicc.Error)
    assert error.status == scp80.ResponseStatus.RcCcDsFailed and int(error.status) == 0x01
    assert error.description == scp80.describe(0x01) and "PoR status 01" in str(error)
    for key in (euicc.LAB_KIC_KEY, euicc.LAB_KID_KEY):
        assert key.hex() not in str(error).lower()
    # Nothing was executed, and the right keys still work (the card kept its counter).
    assert euicc.ota_session(channel, counters=ota_counters).send_script(READ_EID_SCRIPT).executed == 2


def test_replayed_counter_is_a_por_error_02(channel, ota_counters):
    euicc.ota_session(channel, counters=ota_counters).send_script(READ_EID_SCRIPT)
    stale = euicc.MemoryCounterStore()  # starts again at 1, which the card has seen
    with pytest.raises(euicc.PorError) as info:
        euicc.ota_session(channel, counters=stale).send_script(READ_EID_SCRIPT)
    assert info.value.status == scp80.ResponseStatus.CounterLow


def test_file_counter_store(tmp_path):
    path = tmp_path / "counters.json"
    store = euicc.FileCounterStore(path)
    assert store.path == path and store.current("card/000000/1") == 0
    assert [store.reserve_next("card/000000/1") for _ in range(2)] == [1, 2]
    store.ensure_at_least("card/000000/1", 10)
    store.ensure_at_least("card/000000/1", 3)  # never lowers
    assert euicc.FileCounterStore(path).reserve_next("card/000000/1") == 11  # durable, shared through the file
    assert json.loads(path.read_text()) == {"card/000000/1": 11}
    with pytest.raises(ValueError):
        store.ensure_at_least("k", scp80.max_counter + 1)
    path.write_text("[1, 2]")
    with pytest.raises(euicc.Error, match=str(path)):
        store.current("card/000000/1")  # a damaged store is never silently reset


def test_counter_store_written_in_python():
    class DictStore(euicc.CounterStore):
        def __init__(self):
            super().__init__()
            self.values = {}

        def reserve_next(self, key):
            self.values[key] = self.values.get(key, 0) + 1
            return self.values[key]

        def current(self, key):
            return self.values.get(key, 0)

        def ensure_at_least(self, key, used):
            self.values[key] = max(self.values.get(key, 0), used)

    store = DictStore()
    session = euicc.ota_session(euicc.virtual_channel(), counters=store)
    assert session.send_script(READ_EID_SCRIPT).counter == 1
    assert store.values == {LAB_COUNTER_KEY: 1}


def test_terminal_events_and_live_callback():
    seen = []
    session = euicc.ota_session(euicc.virtual_channel(), on_event=seen.append)
    session.send_script(READ_EID_SCRIPT)
    events = session.terminal.events
    assert [e.kind for e in events] == [e.kind for e in seen]
    assert events[0].kind == euicc.TerminalEventKind.TerminalProfile
    assert events[-1].kind == euicc.TerminalEventKind.Envelope and events[-1].sw == 0x9000
    assert events[-1].data[0] == 0xD1 and events[-1].describe().startswith("ENVELOPE")
    session.terminal.clear_events()
    assert session.terminal.events == []


def test_callback_may_read_the_terminal():
    """on_event runs inside the terminal's locked call; reading the terminal from it must not deadlock."""
    counts = []
    terminal = euicc.ToolkitTerminal(euicc.virtual_channel(), on_event=lambda e: counts.append(len(terminal.events)))
    terminal.start()
    assert counts == [1]  # the TERMINAL PROFILE event is logged before the callback sees it


def test_callback_errors_are_reported_not_raised():
    reports = []
    old, sys.unraisablehook = sys.unraisablehook, reports.append
    try:

        def broken(event):
            raise KeyError("callback bug")

        session = euicc.ota_session(euicc.virtual_channel(), on_event=broken)
        assert session.send_script(READ_EID_SCRIPT).executed == 2
    finally:
        sys.unraisablehook = old
    assert reports and all(isinstance(r.exc_value, KeyError) for r in reports)


def test_terminal_clock_errors_propagate():
    class Stopped(Exception):
        pass

    def clock():
        raise Stopped("clock stopped")

    terminal = euicc.ToolkitTerminal(euicc.virtual_channel(), clock=clock)
    with pytest.raises(Stopped):
        terminal.start()  # the event log asks the clock for the time


def test_card_clock_errors_become_6f00_and_are_reported():
    def clock():
        raise RuntimeError("card clock broken")

    reports = []
    old, sys.unraisablehook = sys.unraisablehook, reports.append
    try:
        session = euicc.ota_session(euicc.virtual_channel(clock=clock))
        from test_trigger import lab_trigger

        with pytest.raises(euicc.StatusWordError) as info:
            session.send_trigger(lab_trigger(euicc.trigger.BackoffTimer(value=60)))
    finally:
        sys.unraisablehook = old
    assert info.value.sw == 0x6F00
    assert [type(r.exc_value) for r in reports] == [RuntimeError]


def test_session_shared_by_threads():
    session = euicc.ota_session(euicc.virtual_channel())
    results, errors = [], []

    def worker():
        try:
            results.extend(session.send_script(READ_EID_SCRIPT) for _ in range(3))
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.counter for r in results) == list(range(1, 10))
    assert all(r.responses[0].data == DEFAULT_EID_TLV for r in results)


def test_session_keeps_its_terminal_channel_and_counters_alive():
    def make():
        channel = euicc.virtual_channel()
        terminal = euicc.ToolkitTerminal(channel)
        terminal.start()
        parameters = euicc.OtaParameters(
            keys=euicc.lab_keys(), counter_key=euicc.make_counter_key(DEFAULT_EID, b"\0\0\0", 1)
        )
        return euicc.OtaSession(terminal, parameters, euicc.MemoryCounterStore())

    session = make()
    gc.collect()
    assert session.send_script(READ_EID_SCRIPT).executed == 2
    assert isinstance(session.terminal.channel, euicc.InProcessChannel)


def test_keys_file_shared_by_card_and_host(tmp_path):
    keys = {
        "tar": "000000",
        "spi": "1619",
        "kic": "22",
        "kid": "22",
        "kvn": 2,
        "kic_key": "00112233445566778899AABBCCDDEEFF",
        "kid_key": "FFEEDDCCBBAA99887766554433221100",
        "msl": "16",
    }
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(keys))
    key_file = euicc.load_ota_keys(path)
    assert (key_file.kvn, key_file.kic, key_file.kid) == (2, 0x22, 0x22)
    assert key_file.spi == scp80.Spi.decode(0x16, 0x19) and key_file.kic_key_size == 16
    assert keys["kic_key"].lower() not in repr(key_file).lower() and "16-byte secret" in repr(key_file)
    assert key_file.header(7).counter == 7 and key_file.keyset().kvn == 2
    channel = euicc.virtual_channel(keys_file=path)
    assert euicc.ota_session(channel, key_file).send_script(READ_EID_SCRIPT).executed == 2
    with pytest.raises(euicc.PorError):  # the lab keys are not this card's
        euicc.ota_session(channel).send_script(READ_EID_SCRIPT)

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(keys, kid_key="0011")))
    with pytest.raises((euicc.KeyFileError, ValueError)) as info:
        euicc.load_ota_keys(bad)
    assert "kid_key" in str(info.value) and "0011" not in str(info.value)
    with pytest.raises(euicc.Error) as card_info:
        euicc.VirtualEuicc(keys_file=bad)
    assert "0011" not in str(card_info.value)
    scp80.check_kic_key(0x22, key_file.keyset())
    with pytest.raises(ValueError):
        scp80.check_kic_key(0x12, key_file.keyset())  # key version 1 is not this keyset's


def test_terminal_profile_reaches_the_card():
    card = euicc.VirtualEuicc()
    profile = cat.TerminalProfile(sms_pp_data_download=True, timer_expiration=True)
    terminal = euicc.ToolkitTerminal(euicc.InProcessChannel(card), profile=profile)
    terminal.start()
    assert card.terminal_profile == profile.encode()
    assert euicc.read_eid(terminal.channel) == DEFAULT_EID
