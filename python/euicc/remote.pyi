# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.remote (python/src/bind_remote.cpp): ETSI TS 102 226 remote command scripts.

from collections.abc import Sequence
from typing import ClassVar, TypeAlias

from euicc._euicc import BadFormatError as BadFormatError
from euicc._euicc import CommandApdu, _Bytes, _PybindEnum, _Value

class P3Meaning(_PybindEnum):
    CommandLength: ClassVar[P3Meaning]
    ExpectedLength: ClassVar[P3Meaning]

def default_p3_rule(cla: int, ins: int, p1: int, p2: int) -> P3Meaning: ...
def parse_compact_script(script: _Bytes) -> list[CommandApdu]: ...
def encode_compact_script(commands: Sequence[CommandApdu]) -> bytes: ...

class CompactResponse(_Value):
    executed: int
    last_sw: int
    last_data: bytes
    def __init__(self, *, executed: int = ..., last_sw: int = ..., last_data: _Bytes = ...) -> None: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(data: _Bytes) -> CompactResponse: ...

def compact_script_stops_at(sw: int) -> bool: ...
def expanded_script_stops_at(sw: int) -> bool: ...

class CommandApduTlv(_Value):
    apdu: bytes
    def __init__(self, *, apdu: _Bytes = ...) -> None: ...
    @staticmethod
    def from_(command: CommandApdu) -> CommandApduTlv: ...
    def command(self) -> CommandApdu: ...

class ImmediateAction(_Value):
    value: bytes
    def __init__(self, *, value: _Bytes = ...) -> None: ...

class ErrorAction(_Value):
    value: bytes
    def __init__(self, *, value: _Bytes = ...) -> None: ...

class ScriptChaining(_Value):
    value: int
    def __init__(self, *, value: int = ...) -> None: ...

CommandItem: TypeAlias = CommandApduTlv | ImmediateAction | ErrorAction | ScriptChaining

class ExpandedCommandScript(_Value):
    items: list[CommandItem]  # a copy: assign a new list to change it
    indefinite: bool
    def __init__(self, *, items: Sequence[CommandItem] = ..., indefinite: bool = ...) -> None: ...
    @staticmethod
    def from_commands(commands: Sequence[CommandApdu], indefinite: bool = False) -> ExpandedCommandScript: ...
    def commands(self) -> list[CommandApdu]: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(data: _Bytes) -> ExpandedCommandScript: ...

class BadFormat(_PybindEnum):
    UnknownTag: ClassVar[BadFormat]
    WrongLength: ClassVar[BadFormat]
    LengthNotFound: ClassVar[BadFormat]

class ExpandedCommandPrefix(_Value):
    script: ExpandedCommandScript
    bad_format: BadFormat | None
    bad_offset: int
    reason: str
    def __init__(
        self,
        *,
        script: ExpandedCommandScript = ...,
        bad_format: BadFormat | None = ...,
        bad_offset: int = ...,
        reason: str = ...,
    ) -> None: ...

def decode_expanded_command_prefix(data: _Bytes) -> ExpandedCommandPrefix: ...

class ResponseApduTlv(_Value):
    data: bytes
    sw: int
    def __init__(self, *, data: _Bytes = ..., sw: int = ...) -> None: ...

class BadFormatTlv(_Value):
    kind: BadFormat
    def __init__(self, *, kind: BadFormat = ...) -> None: ...

class ImmediateActionResponse(_Value):
    value: int
    def __init__(self, *, value: int = ...) -> None: ...

class ScriptChainingResponse(_Value):
    value: int
    def __init__(self, *, value: int = ...) -> None: ...

ResponseItem: TypeAlias = ResponseApduTlv | BadFormatTlv | ImmediateActionResponse | ScriptChainingResponse

class ExpandedResponse(_Value):
    executed: int | None
    items: list[ResponseItem]  # a copy: assign a new list to change it
    indefinite: bool
    def __init__(
        self, *, executed: int | None = ..., items: Sequence[ResponseItem] = ..., indefinite: bool = ...
    ) -> None: ...
    @property
    def executed_count(self) -> int: ...
    @property
    def last_response(self) -> ResponseApduTlv | None: ...
    @property
    def truncated(self) -> bool: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(data: _Bytes) -> ExpandedResponse: ...

sw_response_truncated: int
