# SPDX-License-Identifier: Apache-2.0
"""euicc.session from Python: SM-SR push-mode admin sessions (GP Amd B §3.7-§3.8, SGP.02 §2.4.4) with every SM-SR
part in this process: trigger over SMS-PP, the card's BIP channel relayed to an SCP81 admin server on loopback, the
SGP.02 operation in the PSK-TLS session. Over the in-process virtual eUICC and over pcscd + vpcd.

The pcsc card is shared by every test of a ctest run: the sequence test deletes the ISD-P it creates (also when it
fails half-way) and assumes nothing about what else the card holds.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import euicc
from euicc import saip, sgp02, trigger

REPO = Path(__file__).parents[2]
TS48_PROFILE = REPO.parent / "shared" / "profiles" / "TS48v1_A.der"
Step = euicc.AdminStep


def ts48_profile() -> bytes:
    if not TS48_PROFILE.is_file():
        pytest.skip(f"GSMA TS.48 test profile not found at {TS48_PROFILE}")
    return TS48_PROFILE.read_bytes()


@pytest.fixture
def isdps(channel):
    """ISD-Ps a test created, deleted over the direct path (SCP03) at its end if the test left them."""
    aids: list[bytes] = []
    yield aids
    if not aids:
        return
    isd_r = euicc.IsdR(channel, euicc.lab_isd_r_keys())
    for aid in aids:
        record = isd_r.audit().find(aid)
        if record is None:
            continue
        if record.state == sgp02.ProfileState.Enabled:
            isd_r.disable_profile(aid)
        isd_r.delete_profile(aid)


def in_order(steps: list[euicc.AdminStep], expected: list[euicc.AdminStep]) -> bool:
    """`expected` occurs in `steps` as a subsequence."""
    remaining = iter(steps)
    return all(step in remaining for step in expected)


def test_install_audit_disable_delete(channel, ota_counters, isdps):
    package = ts48_profile()
    iccid = saip.read_header(package).iccid
    eid = euicc.read_eid(channel)
    common = {"counters": ota_counters, "fast_forward": True, "timeout": 60}
    lines: list[str] = []

    installed = euicc.session(channel, "install", profile=package, on_log=lines.append, **common)
    created = installed.event(Step.ContainerCreated)
    assert created is not None, installed
    aid = created.isdp_aid
    isdps.append(aid)
    assert installed.outcome == euicc.TriggeredOutcome.Completed and installed.ok
    assert installed.eid == eid
    assert in_order(
        installed.steps,
        [
            Step.Connected,
            Step.ServiceRequested,
            Step.ContainerCreated,
            Step.KeysEstablished,
            Step.ProfileInstalled,
            Step.ProfileEnabled,
            Step.Completed,
        ],
    ), installed
    assert installed.event(Step.ProfileInstalled).iccid == iccid
    assert installed.event(Step.ProfileEnabled).isdp_aid == aid
    requested = installed.event(Step.ServiceRequested).service_request
    assert requested == euicc.scp81.ServiceRequest(
        operation=trigger.OperationType.ProfileInstallation, mode=trigger.ManagementMode.Push
    )
    assert installed.delivery.por is not None  # the trigger's PoR came back verified
    assert installed.counters.completed == 1 and installed.counters.failed == 0
    assert installed.record is not None and installed.record.has(Step.Completed)
    assert any(line.startswith("smsr: profile-installed") for line in lines)
    assert all(e.eid == eid and not e.retryable for e in installed.events)

    audited = euicc.session(channel, "audit", **common)
    assert audited.steps[-2:] == [Step.Audited, Step.Completed], audited
    assert f"{aid.hex().upper()} enabled" in audited.event(Step.Audited).detail
    assert audited.event(Step.ServiceRequested).service_request.operation == trigger.OperationType.StatusChange

    disabled = euicc.session(channel, "disable", isdp=aid, audit=True, **common)
    assert in_order(disabled.steps, [Step.ProfileDisabled, Step.Audited, Step.Completed]), disabled
    assert disabled.event(Step.ProfileDisabled).isdp_aid == aid
    assert f"{aid.hex().upper()} disabled" in disabled.event(Step.Audited).detail

    deleted = euicc.session(channel, "delete", isdp=aid, audit=True, **common)
    assert in_order(deleted.steps, [Step.ProfileDeleted, Step.Audited, Step.Completed]), deleted
    assert aid.hex().upper() not in deleted.event(Step.Audited).detail
    # The direct path (SCP03) sees the same card.
    assert euicc.IsdR(channel, euicc.lab_isd_r_keys()).audit().find(aid) is None


def test_on_log_is_called_from_the_server_thread():
    # The server's lines come from its own thread while this one waits inside run_lab_session: that can only
    # happen because the GIL is released there (otherwise the server thread could not run its callback).
    channel = euicc.virtual_channel()
    calls: list[tuple[int, str]] = []
    log = lambda line: calls.append((threading.get_ident(), line))  # noqa: E731
    euicc.session(channel, "audit", fast_forward=True, on_log=log, check=False)  # the outcome is another test's
    main = threading.get_ident()
    assert any(line.startswith("trigger delivered") and thread == main for thread, line in calls)
    assert any(line.startswith("smsr: audited") and thread != main for thread, line in calls)


def test_on_log_exception_is_raised_after_the_session():
    card = euicc.VirtualEuicc()
    channel = euicc.InProcessChannel(card)
    calls: list[str] = []

    def broken_log(line: str) -> None:
        calls.append(line)
        if len(calls) == 1:  # (later exceptions would go to sys.unraisablehook: only the first is raised)
            raise ValueError("log sink broken")

    with pytest.raises(ValueError, match="log sink broken"):
        euicc.session(channel, "audit", fast_forward=True, on_log=broken_log)
    # The exception did not cut the session short: the later lines were still offered, and the card finished.
    assert any(line.startswith("smsr: audited") for line in calls)
    assert card.admin_session.state == euicc.AdminSessionRecord.State.Done


def test_wrong_psk_is_a_failed_session():
    channel = euicc.virtual_channel()
    wrong = euicc.Scp81Keyset(0x40, bytes(16))
    with pytest.raises(euicc.SessionError) as failed:
        euicc.session(channel, "audit", psk=wrong, fast_forward=True)
    result = failed.value.result
    assert result.outcome == euicc.TriggeredOutcome.Failed
    assert not result.ok
    assert Step.HandshakeFailed in result.steps and Step.Completed not in result.steps
    assert result.counters.handshake_failures >= 1
    assert isinstance(failed.value, euicc.Error)
    assert "failed" in str(failed.value)

    # check=False hands the result back instead (the retry delays were fast-forwarded).
    again = euicc.session(channel, "audit", psk=wrong, fast_forward=True, check=False)
    assert again.outcome == euicc.TriggeredOutcome.Failed
    assert again.fast_forwarded_seconds > 0


def test_session_takes_a_plan_object():
    channel = euicc.virtual_channel()
    plan = euicc.AdminPlan.audit_only()
    result = euicc.session(channel, plan, fast_forward=True, check=False)  # the outcome is another test's
    assert Step.Audited in result.steps
    with pytest.raises(ValueError, match="isdp"):
        euicc.session(channel, plan, isdp=0x10)


def test_admin_plan_from_operation_names():
    package = saip.generate_profile("89019990001234567893")
    plan = euicc.admin_plan("install", profile=package, isdp=0x12)
    assert plan.operation == trigger.OperationType.ProfileInstallation
    assert plan.download.package == package
    assert plan.download.create.isdp_aid == sgp02.isdp_aid(0x12)
    assert plan.download.isdp_keys.has_dek
    assert f"<{len(package)} bytes>" in repr(plan) and repr(package)[:20] not in repr(plan)

    assert euicc.admin_plan("enable", isdp=sgp02.isdp_aid(0x10)).isdp_aid == sgp02.isdp_aid(0x10)
    assert euicc.admin_plan("fallback", isdp=0x10).operation == trigger.OperationType.StatusChange
    audit = euicc.admin_plan("audit")
    assert audit.operation is None and audit.audit
    assert set(euicc.ADMIN_OPERATIONS) == {
        "download", "install", "enable", "disable", "delete", "fallback", "smsr-change", "audit"
    }

    with pytest.raises(ValueError, match="unknown admin operation"):
        euicc.admin_plan("reboot")
    with pytest.raises(ValueError, match="needs isdp"):
        euicc.admin_plan("delete")
    with pytest.raises(ValueError, match="needs a profile"):
        euicc.admin_plan("download")
    with pytest.raises(ValueError, match="takes no profile"):
        euicc.admin_plan("enable", isdp=0x10, profile=package)
    with pytest.raises(ValueError, match="no new keyset"):  # AdminPlan.validate()
        euicc.admin_plan("smsr-change")
    with pytest.raises(ValueError):  # an ISD-P keyset without a DEK cannot be put under the session's DEK
        keys = euicc.scp03.StaticKeys(0x30, bytes(16), bytes(16))
        euicc.admin_plan("download", profile=package, isdp_keys=keys)
