# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.scp81 (python/src/bind_scp81.cpp): SCP81 admin session codecs (spec/scp81.md §4-§5).

import datetime
from typing import ClassVar, TypeAlias, overload

from euicc import trigger
from euicc._euicc import _Bytes, _PybindEnum, _PybindObject, _Value

_Seconds: TypeAlias = datetime.timedelta | int | float

protocol: str
content_type_command: str
content_type_response: str
protocol_header: str
from_header: str
script_status_header: str
resume_header: str
next_uri_header: str
targeted_application_header: str
service_request_header: str

class PskIdentity(_Value):
    eid: bytes
    isd_r_aid: bytes
    key_id: int
    key_version: int
    def __init__(
        self, *, eid: _Bytes = ..., isd_r_aid: _Bytes = ..., key_id: int = ..., key_version: int = ...
    ) -> None: ...
    def encode(self) -> str: ...

def encode_psk_identity(identity: PskIdentity) -> str: ...
def parse_psk_identity(text: str) -> PskIdentity: ...

class AgentId(_Value):
    eid: bytes
    isd_r_aid: bytes
    def __init__(self, *, eid: _Bytes = ..., isd_r_aid: _Bytes = ...) -> None: ...

def format_agent_id(eid: _Bytes, isd_r_aid: _Bytes) -> str: ...
def parse_agent_id(text: str) -> AgentId: ...
def format_targeted_application(aid: _Bytes) -> str: ...
def parse_targeted_application(text: str) -> bytes: ...

class ScriptStatus(_PybindEnum):
    Ok: ClassVar[ScriptStatus]
    UnknownApplication: ClassVar[ScriptStatus]
    NotASecurityDomain: ClassVar[ScriptStatus]
    SecurityError: ClassVar[ScriptStatus]

def to_string(status: ScriptStatus) -> str: ...
def parse_script_status(text: str) -> ScriptStatus: ...

class ServiceRequest(_Value):
    operation: trigger.OperationType
    mode: trigger.ManagementMode
    def __init__(
        self, *, operation: trigger.OperationType = ..., mode: trigger.ManagementMode = ...
    ) -> None: ...

@overload
def to_header_name(operation: trigger.OperationType) -> str: ...
@overload
def to_header_name(mode: trigger.ManagementMode) -> str: ...
def format_service_request(request: ServiceRequest) -> str: ...
def parse_service_request(text: str) -> ServiceRequest: ...

class AdminRequest(_Value):
    uri: str
    host: str
    agent_id: str
    script_status: ScriptStatus | None
    resume: bool
    service_request: ServiceRequest | None
    body: bytes
    def __init__(
        self,
        *,
        uri: str = ...,
        host: str = ...,
        agent_id: str = ...,
        script_status: ScriptStatus | None = ...,
        resume: bool = ...,
        service_request: ServiceRequest | None = ...,
        body: _Bytes = ...,
    ) -> None: ...

def encode_request(request: AdminRequest, chunked: bool = False) -> bytes: ...

class RequestParser(_PybindObject):
    def __init__(self, body_limit: int = 65536) -> None: ...
    def feed(self, data: _Bytes) -> int: ...
    @property
    def done(self) -> bool: ...
    def take(self) -> AdminRequest: ...

class AdminResponse(_Value):
    class Kind(_PybindEnum):
        Script: ClassVar[AdminResponse.Kind]
        End: ClassVar[AdminResponse.Kind]
        Busy: ClassVar[AdminResponse.Kind]
        BadRequest: ClassVar[AdminResponse.Kind]
    kind: AdminResponse.Kind
    status: int
    next_uri: str
    targeted_application: bytes | None
    body: bytes
    retry_after: datetime.timedelta | None
    def __init__(
        self,
        *,
        kind: AdminResponse.Kind = ...,
        status: int = ...,
        next_uri: str = ...,
        targeted_application: _Bytes | None = ...,
        body: _Bytes = ...,
        retry_after: _Seconds | None = ...,
    ) -> None: ...

def encode_response(response: AdminResponse, chunked: bool = False) -> bytes: ...

class ResponseParser(_PybindObject):
    def __init__(self, body_limit: int = 65536) -> None: ...
    def feed(self, data: _Bytes) -> int: ...
    @property
    def done(self) -> bool: ...
    def take(self) -> AdminResponse: ...
