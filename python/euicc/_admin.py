# SPDX-License-Identifier: Apache-2.0
"""SCP81 admin sessions from Python (GP Amd B §3.4, §3.7-§3.8; SGP.02 §2.4.4): an AdminPlan from an operation name,
and :func:`session`, one push-mode session with every SM-SR part on this host (``euicc session`` in the CLI)."""

from __future__ import annotations

import collections.abc
import copy
import datetime
import os
import secrets

from . import _counter_store, _ota_parameters
from ._euicc import (
    AdminPlan,
    AdminServerOptions,
    AdminTriggerSettings,
    CardChannel,
    CounterStore,
    CreateIsdpRequest,
    DownloadOptions,
    Error,
    KeyRemoval,
    LabSessionRequest,
    LabSessionResult,
    MemoryCounterStore,
    ProfileDownloadPlan,
    Scp81Keyset,
    SmsrChangePlan,
    SmsrKeysets,
    TcpBipOptions,
    run_lab_session,
    scp03,
    scp80,
    sgp02,
    trigger,
)

_Bytes = bytes | bytearray | memoryview

# The operation names of `euicc session --op` and the trigger operation each stands for (None: audit only).
ADMIN_OPERATIONS: dict[str, trigger.OperationType | None] = {
    "download": trigger.OperationType.ProfileDownload,
    "install": trigger.OperationType.ProfileInstallation,  # download + enable
    "enable": trigger.OperationType.Enabling,
    "disable": trigger.OperationType.Disabling,
    "delete": trigger.OperationType.ProfileDeletion,
    "fallback": trigger.OperationType.StatusChange,  # set the fall-back attribute
    "smsr-change": trigger.OperationType.SmSrChange,
    "audit": None,
}

# Which keyword arguments of admin_plan each operation takes (beside `audit`, which every one does).
_DOWNLOAD = frozenset({"profile", "isdp", "isdp_keys", "create", "download"})
_ONE_ISDP = frozenset({"isdp"})
_PARAMETERS: dict[str, frozenset[str]] = {
    "download": _DOWNLOAD,
    "install": _DOWNLOAD,
    "enable": _ONE_ISDP,
    "disable": _ONE_ISDP,
    "delete": _ONE_ISDP,
    "fallback": _ONE_ISDP,
    "smsr-change": frozenset({"new_keys", "new_scp81", "old_keysets", "removal"}),
    "audit": frozenset(),
}


# The counters of session() calls that name no store: shared by every call of this process, so that the triggers
# to one card keep counting up (counter keys are per card, TAR and KVN).
_PROCESS_COUNTERS = MemoryCounterStore()


class SessionError(Error):
    """An admin session that did not complete (``session(check=True)``). ``result`` is the
    :class:`LabSessionResult`: outcome, the server's events, the failure reason."""

    __module__ = "euicc"

    def __init__(self, result: LabSessionResult) -> None:
        reason = f": {result.failure}" if result.failure else ""
        super().__init__(f"admin session {result.outcome_name} for {result.eid or 'the card'}{reason}")
        self.result = result


def random_isdp_keys(kvn: int = 0x30) -> scp03.StaticKeys:
    """A fresh AES-128 SCP03 keyset with a DEK for a new ISD-P (what ``euicc session`` uses without --isdp-keys)."""
    return scp03.StaticKeys(kvn, secrets.token_bytes(16), secrets.token_bytes(16), secrets.token_bytes(16))


def _isdp_aid(isdp: _Bytes | int) -> bytes:
    if isinstance(isdp, bool):
        raise TypeError("isdp: give the ISD-P AID (bytes) or its number (int)")
    return sgp02.isdp_aid(isdp) if isinstance(isdp, int) else bytes(isdp)


def _package(profile: _Bytes | str | os.PathLike[str]) -> bytes:
    if isinstance(profile, (str, os.PathLike)):
        with open(profile, "rb") as f:
            return f.read()
    return bytes(profile)


def admin_plan(
    op: str,
    *,
    profile: _Bytes | str | os.PathLike[str] | None = None,
    isdp: _Bytes | int | None = None,
    isdp_keys: scp03.StaticKeys | None = None,
    create: CreateIsdpRequest | None = None,
    download: DownloadOptions | None = None,
    new_keys: SmsrKeysets | None = None,
    new_scp81: Scp81Keyset | None = None,
    old_keysets: collections.abc.Sequence[sgp02.KeysetRange] | None = None,
    removal: KeyRemoval | None = None,
    audit: bool = False,
) -> AdminPlan:
    """The AdminPlan for an operation name (:data:`ADMIN_OPERATIONS`), checked (ValueError) before anything is sent.

    download / install (download + enable): ``profile`` (SAIP package bytes or a file path), ``isdp`` (the AID to
    create, bytes, or its number; default the lowest free one), ``isdp_keys`` (default :func:`random_isdp_keys`),
    ``create`` (a CreateIsdpRequest: quotas, ICCID), ``download`` (DownloadOptions). enable / disable / delete /
    fallback: ``isdp``. smsr-change: ``new_keys`` (SmsrKeysets), ``new_scp81`` (the new SM-SR's Scp81Keyset),
    ``old_keysets`` (default: every old SM-SR keyset), ``removal``. audit: nothing. ``audit=True`` reads an
    eUICCCapabilityAudit after the operation. A parameter the operation does not take is a ValueError."""
    if op not in ADMIN_OPERATIONS:
        raise ValueError(f"unknown admin operation {op!r}; one of {', '.join(ADMIN_OPERATIONS)}")
    given = {
        name
        for name, value in (
            ("profile", profile),
            ("isdp", isdp),
            ("isdp_keys", isdp_keys),
            ("create", create),
            ("download", download),
            ("new_keys", new_keys),
            ("new_scp81", new_scp81),
            ("old_keysets", old_keysets),
            ("removal", removal),
        )
        if value is not None
    }
    unused = sorted(given - _PARAMETERS[op])
    if unused:
        raise ValueError(f"admin operation {op!r} takes no {', '.join(unused)}")

    plan = AdminPlan.audit_only() if op == "audit" else AdminPlan(operation=ADMIN_OPERATIONS[op])
    if op in ("download", "install"):
        if profile is None:
            raise ValueError(f"admin operation {op!r} needs a profile (SAIP package bytes or a path)")
        request = create if create is not None else CreateIsdpRequest()
        if isdp is not None:
            request.isdp_aid = _isdp_aid(isdp)
        plan.download = ProfileDownloadPlan(
            package=_package(profile),
            isdp_keys=isdp_keys if isdp_keys is not None else random_isdp_keys(),
            create=request,
            download=download if download is not None else DownloadOptions(),
        )
    elif op == "smsr-change":
        change = SmsrChangePlan(new_keys=new_keys if new_keys is not None else SmsrKeysets(), scp81=new_scp81)
        if old_keysets is not None:
            change.old_keysets = list(old_keysets)
        if removal is not None:
            change.removal = removal
        plan.smsr_change = change
    elif op != "audit":
        if isdp is None:
            raise ValueError(f"admin operation {op!r} needs isdp (the ISD-P AID or number)")
        plan.isdp_aid = _isdp_aid(isdp)
    plan.audit = plan.audit or audit
    plan.validate()
    return plan


def session(
    channel: CardChannel,
    op: str | AdminPlan,
    *,
    profile: _Bytes | str | os.PathLike[str] | None = None,
    isdp: _Bytes | int | None = None,
    isdp_keys: scp03.StaticKeys | None = None,
    create: CreateIsdpRequest | None = None,
    download: DownloadOptions | None = None,
    new_keys: SmsrKeysets | None = None,
    new_scp81: Scp81Keyset | None = None,
    old_keysets: collections.abc.Sequence[sgp02.KeysetRange] | None = None,
    removal: KeyRemoval | None = None,
    audit: bool = False,
    psk: Scp81Keyset | None = None,
    ota_keys: scp80.Keyset | scp80.KeyFile | None = None,
    spi: scp80.Spi | bytes | None = None,
    tar: scp80.Tar | bytes | int | str | None = None,
    counters: CounterStore | str | os.PathLike[str] | None = None,
    eid: str | None = None,
    access_control: trigger.AccessControl | None = None,
    retry: trigger.RetryPolicy | None = None,
    trigger_settings: AdminTriggerSettings | None = None,
    server: AdminServerOptions | None = None,
    bip: TcpBipOptions | None = None,
    fast_forward: bool = False,
    timeout: float | datetime.timedelta = 120.0,
    on_log: collections.abc.Callable[[str], object] | None = None,
    check: bool = True,
) -> LabSessionResult:
    """One SM-SR push-mode admin session with the card behind ``channel``, every SM-SR part on this host: an admin
    server on loopback (PSK-TLS with the card's SCP81 keyset), the trigger over SMS-PP, the card's BIP channel
    relayed to the server, the operation run in the session. The GIL is released meanwhile.

    op: an operation name with the keyword arguments of :func:`admin_plan` (``session(ch, "install",
    profile=package)``, ``session(ch, "delete", isdp=aid)``, ``session(ch, "audit")``), or an AdminPlan.
    psk: the card's SCP81 keyset (default: :func:`lab_scp81_keys`). ota_keys/spi/tar: the trigger's SCP80 keys and
    addressing, as for :func:`ota_session` (default: the lab keyset to the ISD-R). counters: a CounterStore, or a
    path for a FileCounterStore; None: one MemoryCounterStore shared by every call of this process (a card that
    counted further in another process refuses the trigger: PorError 'CNTR low'). eid: default read from the card.
    access_control / retry: the trigger's E1 access control and 86 retry policy; trigger_settings for the rest
    (admin URI, buffer size, ...). server / bip: AdminServerOptions and TcpBipOptions. fast_forward: the
    terminal's timers expire at once (access time, retry delays). timeout: for the whole session.
    on_log(str): one line per step of the terminal and the server (server lines start with "smsr: "), called from
    this and the server's thread; its first exception is raised when the session is over.

    Returns the LabSessionResult (outcome, events, counters, seconds). check=True raises :class:`SessionError`
    (carrying the result) unless the outcome is Completed (a card lost mid-session is the outcome CardLost); errors
    reading the EID and card refusals (StatusWordError, PorError) raise in any case."""
    plan_arguments = {
        "profile": profile,
        "isdp": isdp,
        "isdp_keys": isdp_keys,
        "create": create,
        "download": download,
        "new_keys": new_keys,
        "new_scp81": new_scp81,
        "old_keysets": old_keysets,
        "removal": removal,
    }
    if isinstance(op, AdminPlan):
        given = sorted(name for name, value in plan_arguments.items() if value is not None)
        if given:
            raise ValueError(f"session with an AdminPlan takes no {', '.join(given)}")
        plan = copy.copy(op)
        plan.audit = plan.audit or audit
    else:
        plan = admin_plan(op, audit=audit, **plan_arguments)  # type: ignore[arg-type]

    request = LabSessionRequest(
        plan=plan, ota=_ota_parameters(ota_keys, spi, tar), fast_forward=fast_forward, timeout=timeout
    )
    if psk is not None:
        request.psk = psk
    if eid is not None:
        request.eid = eid
    settings = copy.copy(trigger_settings) if trigger_settings is not None else AdminTriggerSettings()
    if access_control is not None:
        settings.access_control = access_control
    if retry is not None:
        settings.retry = retry
    request.trigger = settings
    if server is not None:
        request.server = server
    if bip is not None:
        request.bip = bip
    store = _PROCESS_COUNTERS if counters is None else _counter_store(counters)
    result = run_lab_session(channel, store, request, on_log=on_log)
    if check and not result.ok:
        raise SessionError(result)
    return result
