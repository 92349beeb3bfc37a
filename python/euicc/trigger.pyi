# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.trigger (python/src/bind_trigger.cpp): the SM-SR trigger (applet_spec/trigger.md).

import datetime
from collections.abc import Sequence
from typing import ClassVar, TypeAlias, overload

from euicc import cat
from euicc._euicc import BerTlv, ComprehensionTlv, _Bytes, _PybindEnum, _Value

_Seconds: TypeAlias = datetime.timedelta | int | float
_Time: TypeAlias = datetime.datetime | int | float  # aware datetime, or Unix seconds

class SecurityParameters(_Value):
    psk_identity: bytes
    kvn: int
    kid: int
    trailing: bytes
    def __init__(
        self, *, psk_identity: _Bytes = ..., kvn: int = ..., kid: int = ..., trailing: _Bytes = ...
    ) -> None: ...

class RetryPolicy(_Value):
    retry_counter: int
    waiting_delay: datetime.timedelta | None
    delay_tag_cr: bool
    report_failure: bytes
    def __init__(
        self,
        *,
        retry_counter: int = ...,
        waiting_delay: _Seconds | None = ...,
        delay_tag_cr: bool = ...,
        report_failure: _Bytes = ...,
    ) -> None: ...

class HttpPostParameters(_Value):
    host: str | None
    agent_id: str | None
    uri: str | None
    def __init__(self, *, host: str | None = ..., agent_id: str | None = ..., uri: str | None = ...) -> None: ...

class AdminSessionParameters(_Value):
    connection: list[ComprehensionTlv] | None  # 84: OPEN CHANNEL objects
    security: SecurityParameters | None
    retry: RetryPolicy | None
    http_post: HttpPostParameters | None
    unknown: list[BerTlv]
    def __init__(
        self,
        *,
        connection: Sequence[ComprehensionTlv] | None = ...,
        security: SecurityParameters | None = ...,
        retry: RetryPolicy | None = ...,
        http_post: HttpPostParameters | None = ...,
        unknown: Sequence[BerTlv] = ...,
    ) -> None: ...

class OperationType(_PybindEnum):
    ProfileDownload: ClassVar[OperationType]
    ProfileInstallation: ClassVar[OperationType]
    ProfileDeletion: ClassVar[OperationType]
    Enabling: ClassVar[OperationType]
    Disabling: ClassVar[OperationType]
    StatusChange: ClassVar[OperationType]
    SmSrChange: ClassVar[OperationType]

class ManagementMode(_PybindEnum):
    Push: ClassVar[ManagementMode]
    Pull: ClassVar[ManagementMode]

@overload
def to_string(operation: OperationType) -> str: ...
@overload
def to_string(mode: ManagementMode) -> str: ...

class BackoffTimer(_Value):
    value: datetime.timedelta
    def __init__(self, *, value: _Seconds = ...) -> None: ...

class TimeWindow(_Value):
    length: datetime.timedelta
    def __init__(self, *, length: _Seconds = ...) -> None: ...

class AbsoluteTime(_Value):
    @property
    def at(self) -> datetime.datetime: ...
    @at.setter
    def at(self, value: _Time) -> None: ...
    def __init__(self, *, at: _Time = ...) -> None: ...

AccessControl: TypeAlias = BackoffTimer | TimeWindow | AbsoluteTime

class Extension(_Value):
    operation: OperationType
    mode: ManagementMode
    smsr_id: str
    smsr_address: str
    access_control: AccessControl | None
    request_id: bytes
    def __init__(
        self,
        *,
        operation: OperationType = ...,
        mode: ManagementMode = ...,
        smsr_id: str = ...,
        smsr_address: str = ...,
        access_control: AccessControl | None = ...,
        request_id: _Bytes = ...,
    ) -> None: ...

class Trigger(_Value):
    session: AdminSessionParameters | None
    extension: Extension | None
    unknown: list[BerTlv]
    def __init__(
        self,
        *,
        session: AdminSessionParameters | None = ...,
        extension: Extension | None = ...,
        unknown: Sequence[BerTlv] = ...,
    ) -> None: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(data: _Bytes) -> Trigger: ...

tag_trigger: int
tag_extension: int

def encode(trigger: Trigger) -> bytes: ...
def decode(data: _Bytes) -> Trigger: ...
def standard_part(trigger: Trigger) -> Trigger: ...
def access_time(control: AccessControl, r: float, now: _Time) -> datetime.datetime: ...
def open_channel_from(connection: Sequence[ComprehensionTlv]) -> cat.OpenChannel: ...
def connection_from(command: cat.OpenChannel) -> list[ComprehensionTlv]: ...
def tcp_client_open_channel(
    ip: str, port: int, buffer_size: int = 1400, apn: str | None = None
) -> cat.OpenChannel: ...
