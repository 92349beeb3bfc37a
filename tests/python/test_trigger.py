# SPDX-License-Identifier: Apache-2.0
"""The SM-SR trigger from Python (applet_spec/trigger.md): the codec against spec/scp81.md, and a trigger pushed to
the virtual eUICC over SMS-PP: TIMER MANAGEMENT, the terminal's clock moved on, then OPEN CHANNEL to the SM-SR."""

import datetime

import pytest

import euicc
from euicc import cat, trigger

h = bytes.fromhex
UTC = datetime.timezone.utc

# spec/scp81.md "Full trigger": PSK-ID "PSK Identity 123", KVN 41, KID 5, TCP client to 127.0.0.1:8080, buffer 512.
SCP81_TRIGGER = h(
    "8155" "8353"
    "8413350103390202003C03021F903E05217F000001"
    "85141050534B204964656E74697479203132330241 05".replace(" ", "")
    + "89268A0A3137322E39362E302E318C182F7365727665722F61646D696E6167656E743F636D643D31"
)


def test_gp_amd_b_trigger_vector():
    t = trigger.decode(SCP81_TRIGGER)
    assert t.extension is None and t.unknown == []
    assert [o.tag for o in t.session.connection] == [0x35, 0x39, 0x3C, 0x3E]
    assert t.session.security == trigger.SecurityParameters(psk_identity=b"PSK Identity 123", kvn=0x41, kid=5)
    assert t.session.http_post == trigger.HttpPostParameters(host="172.96.0.1", uri="/server/adminagent?cmd=1")
    assert t.encode() == SCP81_TRIGGER and trigger.encode(t) == SCP81_TRIGGER
    open_channel = trigger.open_channel_from(t.session.connection)
    assert open_channel.immediate_link and open_channel.buffer_size == 512
    assert open_channel.transport_level.port == 8080 and open_channel.destination_address.ip == "127.0.0.1"
    assert trigger.connection_from(open_channel) == t.session.connection


def lab_trigger(access_control=None, port=8443):
    """A trigger for the SM-SR at 192.168.0.1:<port> (default bearer, buffer 1500) with the extension."""
    session = trigger.AdminSessionParameters(
        connection=trigger.connection_from(trigger.tcp_client_open_channel("192.168.0.1", port, 1500))
    )
    extension = trigger.Extension(
        operation=trigger.OperationType.Enabling,
        mode=trigger.ManagementMode.Push,
        smsr_id="SM-SR-LAB",
        smsr_address=f"192.168.0.1:{port}",
        access_control=access_control,
        request_id=b"\x01\x02",
    )
    return trigger.Trigger(session=session, extension=extension)


def test_extension_round_trip_and_standard_part():
    for control in (
        trigger.BackoffTimer(value=1800),
        trigger.TimeWindow(length=datetime.timedelta(hours=1)),
        trigger.AbsoluteTime(at=datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)),
        None,
    ):
        t = lab_trigger(control)
        decoded = trigger.decode(t.encode())
        assert decoded == t and decoded.extension.access_control == control
        assert isinstance(control, trigger.AccessControl | None)
    t = lab_trigger(trigger.BackoffTimer(value=60))
    standard = trigger.standard_part(t)
    assert standard.extension is None and standard.session == t.session
    assert trigger.to_string(trigger.OperationType.SmSrChange) and trigger.to_string(trigger.ManagementMode.Pull)
    assert trigger.decode(h("8100")) == trigger.Trigger()  # `81 00`: the values stored in the card
    with pytest.raises(euicc.CodecError, match="unknown operation type 9") as info:
        trigger.decode(h("810be109800109810101820178"))  # E1 { 80 operation 09, 81 mode, 82 SM-SR id }
    assert info.value.context == "trigger"
    with pytest.raises(euicc.CodecError, match="expected tag 81"):
        trigger.decode(h("8200"))


def test_access_time():
    now = datetime.datetime(2024, 5, 6, tzinfo=UTC)
    assert trigger.access_time(trigger.BackoffTimer(value=1800), 0.5, now) == now + datetime.timedelta(minutes=15)
    assert trigger.access_time(trigger.TimeWindow(length=600), 1.0, now.timestamp()) == now + datetime.timedelta(
        minutes=10
    )
    past = trigger.AbsoluteTime(at=now - datetime.timedelta(days=1))
    assert trigger.access_time(past, 0.3, now) == now  # a time that has passed: at once
    with pytest.raises(ValueError):
        trigger.access_time(trigger.BackoffTimer(value=10), 1.5, now)
    with pytest.raises(ValueError, match="naive"):
        trigger.AbsoluteTime(at=datetime.datetime(2030, 1, 1))


def first_command(exchanges, kind):
    commands = [e.command for e in exchanges if isinstance(e.command, kind)]
    assert commands, f"no {kind.__name__} in {[type(e.command).__name__ for e in exchanges]}"
    return commands[0]


def test_trigger_timer_management_then_open_channel(channel, ota_counters):
    """The card asks for TIMER MANAGEMENT (r x 30 min), nothing happens before the timer runs out, then the card
    asks for OPEN CHANNEL to the address and port of the trigger; the terminal refuses it with 3A 07."""
    clock = euicc.ManualClock(1000.0)
    session = euicc.ota_session(channel, counters=ota_counters, terminal_clock=clock)
    terminal = session.terminal
    delivery = session.send_trigger(lab_trigger(trigger.BackoffTimer(value=1800)))
    assert delivery.header.tar == euicc.scp80.Tar() and len(delivery.parts) == 1
    exchanges = delivery.parts[0].envelope.proactive
    if any(isinstance(e.command, cat.TimerManagement) for e in exchanges):
        timer = first_command(exchanges, cat.TimerManagement)
        assert timer.operation == cat.TimerOperation.Start and timer.timer_id == 1
        assert datetime.timedelta(0) < timer.value <= datetime.timedelta(minutes=30)
        timers = terminal.standard_terminal.timers
        assert timers.running(1) and timers.next_expiry() == pytest.approx(1000.0 + timer.value.total_seconds())
        assert timers.remaining(1) == timer.value
        clock.advance(timer.value - datetime.timedelta(seconds=1))
        assert terminal.poll_timers() == []  # not yet
        clock.advance(1)
        (poll,) = terminal.poll_timers()
        assert poll.timer.timer_id == 1 and poll.timer.elapsed == timer.value
        exchanges = poll.outcome.proactive
    # else: r x 1800 s rounded to 0 (the card drew r ~ 0): OPEN CHANNEL at once.
    open_channel = first_command(exchanges, cat.OpenChannel)
    assert open_channel.immediate_link
    assert open_channel.bearer == cat.BearerDescription(type=cat.BearerType.Default)
    assert open_channel.buffer_size == 1500
    assert open_channel.transport_level == cat.TransportLevel(protocol=cat.TransportProtocol.TcpClientRemote, port=8443)
    assert open_channel.destination_address == cat.OtherAddress.from_ip("192.168.0.1")
    answer = next(e.response for e in exchanges if isinstance(e.command, cat.OpenChannel))
    assert answer.result == cat.Result.bip_error(cat.BipError.RemoteDeviceNotReachable)
    assert terminal.standard_terminal.open_requests[-1] == open_channel
    # No retry policy (86) in the trigger: the card's default, a retry 60 s later (applet_spec/admin_agent.md).
    timers = terminal.standard_terminal.timers
    assert timers.running(1) and timers.remaining(1) == datetime.timedelta(seconds=60)
    kinds = [e.kind for e in terminal.events]
    assert euicc.TerminalEventKind.ProactiveCommand in kinds and euicc.TerminalEventKind.TerminalResponse in kinds


def test_trigger_on_a_seeded_card_is_reproducible():
    """Same seed, same access time (trigger.md §4); the card records the session it was asked for."""
    delays = []
    for _ in range(2):
        card = euicc.VirtualEuicc(seed=20240506, clock=lambda: 1714953600.0)
        session = euicc.ota_session(euicc.InProcessChannel(card), terminal_clock=euicc.ManualClock())
        delivery = session.send_trigger(lab_trigger(trigger.BackoffTimer(value=1800)))
        timer = first_command(delivery.parts[0].envelope.proactive, cat.TimerManagement)
        delays.append(timer.value)
        record = card.admin_session
        assert record.state == euicc.AdminSessionRecord.State.WaitingForTimer
        assert record.received == datetime.datetime(2024, 5, 6, tzinfo=UTC)
        # The delay is the access time point rounded up to whole seconds: the card never connects early.
        assert record.delay == timer.value
        assert record.delay - datetime.timedelta(seconds=1) < record.access_time - record.received <= record.delay
        assert record.trigger.extension.smsr_id == "SM-SR-LAB"
    assert delays[0] == delays[1] > datetime.timedelta(0)


def test_trigger_without_access_control_opens_at_once(channel, ota_counters):
    session = euicc.ota_session(channel, counters=ota_counters, terminal_clock=euicc.ManualClock())
    delivery = session.send_trigger(lab_trigger(None, port=4443))
    exchanges = delivery.parts[0].envelope.proactive
    opened = next(i for i, e in enumerate(exchanges) if isinstance(e.command, cat.OpenChannel))
    # No wait before the OPEN CHANNEL; the only timer is the retry after this terminal refused the channel.
    assert not any(isinstance(e.command, cat.TimerManagement) for e in exchanges[:opened])
    assert first_command(exchanges, cat.OpenChannel).transport_level.port == 4443
