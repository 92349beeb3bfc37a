# SPDX-License-Identifier: Apache-2.0
"""The SM-SR's SCP81 admin server driven from Python (spec/scp81.md §4-§6): a planner written in Python, the
journal and counters, the capacity gate's 503 Busy, the virtual eUICC's pull mode (applet_spec/admin_agent.md §7)
relayed by run_bip_relay, and keys that never show in a repr. In-process only: pull mode needs the card object.
"""

from __future__ import annotations

import copy
import datetime
import pickle
import threading

import pytest

import euicc
from euicc import scp81, trigger

from scenario import DEFAULT_EID, ISD_R_AID

Step = euicc.AdminStep
State = euicc.AdminSessionRecord.State
LAB_PSK = bytes.fromhex("707172737475767778797A7B7C7D7E7F")
LAB_DEK = bytes.fromhex("808182838485868788898A8B8C8D8E8F")


@pytest.fixture
def card():
    return euicc.VirtualEuicc()


@pytest.fixture
def store(card):
    keys = euicc.InMemoryPskStore()
    keys.add(card.eid, euicc.lab_scp81_keys())
    return keys


def pull(card: euicc.VirtualEuicc, port: int, operation=trigger.OperationType.Enabling, **fields) -> None:
    card.request_admin_session(
        euicc.AdminSessionRequest(
            operation=operation,
            connection=trigger.connection_from(trigger.tcp_client_open_channel("127.0.0.1", port)),
            **fields,
        )
    )


def relay_until_over(card: euicc.VirtualEuicc, **options) -> euicc.TerminalLoopSummary:
    """The host as terminal until the card's own session is over (30 s safety net)."""
    channel = euicc.InProcessChannel(card)
    summary = euicc.run_bip_relay(
        channel, until=lambda: card.admin_session.state in (State.Done, State.Failed), timeout=30, **options
    )
    assert summary.reason == euicc.LoopStopReason.Predicate, card.admin_session
    return summary


def test_pull_mode_with_a_python_planner(card, store):
    queries: list[euicc.AdminPlanQuery] = []
    threads: set[int] = set()

    def planner(query: euicc.AdminPlanQuery) -> euicc.AdminPlan:
        queries.append(query)
        threads.add(threading.get_ident())
        return euicc.AdminPlan.audit_only()

    events: list[euicc.AdminEvent] = []
    lines: list[str] = []
    with euicc.AdminServer(store, planner, on_event=events.append) as server:
        assert server.running and server.port != 0
        pull(card, server.port)
        relay_until_over(card, on_log=lines.append)
        assert server.wait_idle(1)
        record = server.card(card.eid)
        counters = server.counters
    assert not server.running

    assert card.admin_session.state == State.Done, card.admin_session
    assert card.admin_session.mode == trigger.ManagementMode.Pull
    assert card.admin_session.handshakes == 1 and card.admin_session.last_http_status == 204
    (query,) = queries
    assert query.eid == card.eid == DEFAULT_EID
    assert query.service_request == scp81.ServiceRequest(
        operation=trigger.OperationType.Enabling, mode=trigger.ManagementMode.Pull
    )
    assert query.peer.startswith("127.0.0.1:")
    assert threading.get_ident() not in threads  # the planner ran on a server thread, with the GIL it took
    assert [e.step for e in record.events] == [Step.Connected, Step.ServiceRequested, Step.Audited, Step.Completed]
    assert [e.step for e in events] == [e.step for e in record.events]
    assert record.last(Step.Audited).detail.startswith("0 ISD-P(s)")
    assert record.has(Step.Completed) and not record.has(Step.Failed)
    assert counters.total == 1 and counters.completed == 1 and counters.open == 0
    assert any(line.startswith("PROACTIVE COMMAND OPEN CHANNEL") for line in lines)


def test_mapping_planner_without_a_plan_ends_with_204(card, store):
    with euicc.AdminServer(store, {}) as server:
        pull(card, server.port)
        relay_until_over(card)
        assert server.wait_idle(1)
        record = server.card(card.eid)
    assert card.admin_session.state == State.Done
    assert record.last(Step.NothingToDo).detail == "no plan for this card"


def test_planner_exception_fails_the_session_and_is_raised_by_stop(card, store):
    def planner(query: euicc.AdminPlanQuery) -> euicc.AdminPlan:
        raise LookupError("no plan today")

    server = euicc.AdminServer(store, planner)
    server.start()
    # No retries: the card gives up after the first failed connection.
    pull(card, server.port, retry=trigger.RetryPolicy(retry_counter=0))
    relay_until_over(card)
    assert server.wait_idle(1)
    failed = server.card(card.eid).last(Step.Failed)
    assert failed is not None and "LookupError: no plan today" in failed.detail
    # What the card is answered for a failed plan (204 today) is the server's choice; the journal says why.
    assert card.admin_session.state in (State.Done, State.Failed)
    with pytest.raises(LookupError, match="no plan today"):
        server.stop()
    server.stop()  # idempotent, and the exception was raised once


def test_planner_of_the_wrong_type_is_refused(store):
    with pytest.raises(TypeError, match="planner"):
        euicc.AdminServer(store, 42)


def test_capacity_gate_busy_then_admitted(card, store):
    asked: list[euicc.AdmissionQuery] = []

    def gate(query: euicc.AdmissionQuery):
        asked.append(query)
        return 1 if len(asked) == 1 else None  # Retry-After: 1 s, then admitted

    options = euicc.AdminServerOptions(read_timeout=10)
    with euicc.AdminServer(store, {card.eid: euicc.AdminPlan.audit_only()}, options=options) as server:
        server.set_capacity_gate(gate)
        pull(card, server.port, operation=trigger.OperationType.StatusChange)
        relay_until_over(card)  # the card waits the Retry-After on its timer (1 s of real time)
        assert server.wait_idle(2)
        record = server.card(card.eid)
        counters = server.counters

    assert card.admin_session.state == State.Done, card.admin_session
    assert card.admin_session.retries == 1
    assert card.admin_session.retry_after == datetime.timedelta(seconds=1)
    busy = record.last(Step.RefusedBusy)
    assert busy.retryable and busy.retry_after == datetime.timedelta(seconds=1) and busy.session == 1
    assert record.last(Step.Completed).session == 2
    assert counters.refused_busy == 1 and counters.total == 2 and counters.completed == 1
    assert [q.session for q in asked] == [1, 2]
    assert asked[0].service_request.operation == trigger.OperationType.StatusChange
    assert asked[0].open_sessions == 1


def test_keys_never_show_and_never_pickle(store):
    keys = euicc.lab_scp81_keys()
    new_keys = euicc.Scp81Keyset(0x41, bytes(range(0xA0, 0xB0)), bytes(range(0xB0, 0xC0)))
    found = store.find(scp81.PskIdentity(
        eid=bytes.fromhex(DEFAULT_EID), isd_r_aid=ISD_R_AID, key_id=1, key_version=0x40).encode())
    plan = euicc.AdminPlan(
        operation=trigger.OperationType.SmSrChange, smsr_change=euicc.SmsrChangePlan(scp81=new_keys)
    )
    texts = [repr(keys), repr(new_keys), repr(found), repr(plan), repr(euicc.LabSessionRequest(plan=plan))]
    secrets = [LAB_PSK, LAB_DEK, bytes(range(0xA0, 0xB0)), bytes(range(0xB0, 0xC0))]
    for text in texts:
        assert "<16-byte secret>" in text
        for secret in secrets:
            assert secret.hex() not in text.lower() and repr(secret) not in text
    assert repr(keys) == "Scp81Keyset(kvn=0x40, psk=<16-byte secret>, dek=<16-byte secret>)"
    assert found.eid == DEFAULT_EID and found.keyset.kvn == 0x40
    for value in (keys, plan.smsr_change, plan):
        with pytest.raises(TypeError):
            pickle.dumps(value)
    assert repr(copy.deepcopy(keys)) == repr(keys)
    assert not hasattr(keys, "psk") and not hasattr(keys, "dek")
    assert (keys.kvn, keys.psk_id, keys.dek_id, keys.psk_size, keys.has_dek) == (0x40, 1, 2, 16, True)


def test_keyset_and_store_checks(store):
    with pytest.raises(ValueError):
        euicc.Scp81Keyset(0x30, LAB_PSK)  # KVN outside 40..4F
    with pytest.raises(ValueError):
        euicc.Scp81Keyset(0x40, LAB_PSK[:8])  # PSK under 16 bytes
    with pytest.raises(ValueError):
        euicc.Scp81Keyset(0x40, LAB_PSK, LAB_DEK[:5])
    with pytest.raises(ValueError):
        store.add("89049032123451234512345678901234", euicc.lab_scp81_keys())  # wrong check digits

    assert store.find("not an SGP.02 identity") is None
    store.add_identity("lab-card-1", DEFAULT_EID, euicc.lab_scp81_keys())
    assert store.find("lab-card-1").eid == DEFAULT_EID
    identity = scp81.PskIdentity(eid=bytes.fromhex(DEFAULT_EID), isd_r_aid=ISD_R_AID, key_id=1, key_version=0x40)
    assert store.find(identity.encode().lower()) is not None
    store.remove(DEFAULT_EID, 0x40)
    assert store.find(identity.encode()) is None
    assert euicc.InMemoryPskStore.default_isd_r_aid() == ISD_R_AID


def test_server_options_take_seconds_or_timedeltas():
    options = euicc.AdminServerOptions(read_timeout=5, handshake_timeout=datetime.timedelta(milliseconds=2500))
    assert options.read_timeout == datetime.timedelta(seconds=5)
    assert options.handshake_timeout == datetime.timedelta(seconds=2.5)
    assert "read_timeout" in repr(options) and "address" not in repr(options)
    with pytest.raises(ValueError):
        euicc.AdminServerOptions(port=70000)
    bip = euicc.TcpBipOptions(overrides={("192.0.2.1", 443): ("127.0.0.1", 0)}, connect_timeout=1.5)
    assert bip.overrides == {("192.0.2.1", 443): ("127.0.0.1", 0)}
    assert bip.catch_all is None and bip.connect_timeout == datetime.timedelta(seconds=1.5)
    with pytest.raises(ValueError):
        euicc.TcpBipOptions(catch_all=("127.0.0.1", 65536))
