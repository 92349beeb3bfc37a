# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.scp80 (python/src/bind_scp80.cpp, bind_ota_keys.cpp): ETSI TS 102 225 / 3GPP TS 31.115
# secured packets in both roles, and the shared keys file. Keys go in as bytes and never come back out.

import builtins
from collections.abc import Callable
from typing import ClassVar, TypeAlias, overload

from euicc._euicc import KeyFileError as KeyFileError
from euicc._euicc import _Bytes, _PybindEnum, _PybindObject, _Struct, _Value

class CounterMode(_PybindEnum):
    NoCounter: ClassVar[CounterMode]
    NoCheck: ClassVar[CounterMode]
    Higher: ClassVar[CounterMode]
    OneHigher: ClassVar[CounterMode]

class Integrity(_PybindEnum):
    None_: ClassVar[Integrity]  # C++ Integrity::None (a Python keyword)
    Rc: ClassVar[Integrity]
    Cc: ClassVar[Integrity]
    Ds: ClassVar[Integrity]

class PorRequest(_PybindEnum):
    None_: ClassVar[PorRequest]
    Required: ClassVar[PorRequest]
    OnError: ClassVar[PorRequest]

class KeyAlgorithm(_PybindEnum):
    Implicit: ClassVar[KeyAlgorithm]
    DesCbc: ClassVar[KeyAlgorithm]
    TripleDes2Key: ClassVar[KeyAlgorithm]
    TripleDes3Key: ClassVar[KeyAlgorithm]
    DesEcb: ClassVar[KeyAlgorithm]
    Aes: ClassVar[KeyAlgorithm]
    Crc16: ClassVar[KeyAlgorithm]
    Crc32: ClassVar[KeyAlgorithm]
    Proprietary: ClassVar[KeyAlgorithm]

class ResponseStatus(_PybindEnum):
    PorOk: ClassVar[ResponseStatus]
    RcCcDsFailed: ClassVar[ResponseStatus]
    CounterLow: ClassVar[ResponseStatus]
    CounterHigh: ClassVar[ResponseStatus]
    CounterBlocked: ClassVar[ResponseStatus]
    CipheringError: ClassVar[ResponseStatus]
    UnidentifiedSecurityError: ClassVar[ResponseStatus]
    InsufficientMemory: ClassVar[ResponseStatus]
    MoreTimeNeeded: ClassVar[ResponseStatus]
    TarUnknown: ClassVar[ResponseStatus]
    InsufficientSecurityLevel: ClassVar[ResponseStatus]
    ResponseViaSmsSubmit: ClassVar[ResponseStatus]
    ResponseViaUssd: ClassVar[ResponseStatus]

class Spi(_Value):
    counter: CounterMode
    ciphering: bool
    integrity: Integrity
    por: PorRequest
    por_integrity: Integrity
    por_ciphered: bool
    por_via_sms_submit: bool
    def __init__(
        self,
        *,
        counter: CounterMode = ...,
        ciphering: bool = ...,
        integrity: Integrity = ...,
        por: PorRequest = ...,
        por_integrity: Integrity = ...,
        por_ciphered: bool = ...,
        por_via_sms_submit: bool = ...,
    ) -> None: ...
    @overload
    @staticmethod
    def decode(first: int, second: int) -> Spi: ...
    @overload
    @staticmethod
    def decode(spi: _Bytes) -> Spi: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...

class Kic(_Value):
    key_version: int
    algorithm: KeyAlgorithm
    def __init__(self, *, key_version: int = ..., algorithm: KeyAlgorithm = ...) -> None: ...
    @staticmethod
    def decode(kic: int) -> Kic: ...
    def encode(self) -> int: ...

class Kid(_Value):
    key_version: int
    algorithm: KeyAlgorithm
    def __init__(self, *, key_version: int = ..., algorithm: KeyAlgorithm = ...) -> None: ...
    @staticmethod
    def decode(kid: int, integrity: Integrity) -> Kid: ...
    def encode(self) -> int: ...

class Tar(_PybindObject):
    """3 bytes; from bytes, an int (0xB00010) or hex text ('B00010'). Those convert implicitly where a Tar is
    expected."""

    @overload
    def __init__(self) -> None: ...
    @overload
    def __init__(self, tar: _Bytes | int | str) -> None: ...
    @property
    def value(self) -> int: ...
    @property
    def bytes(self) -> builtins.bytes: ...
    def __bytes__(self) -> builtins.bytes: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

_TarLike: TypeAlias = Tar | _Bytes | int | str

max_counter: int

class CommandHeader(_Value):
    spi: Spi
    kic: int
    kid: int
    tar: Tar
    counter: int
    def __init__(
        self, *, spi: Spi = ..., kic: int = ..., kid: int = ..., tar: _TarLike = ..., counter: int = ...
    ) -> None: ...

class Keyset(_PybindObject):
    """Keys of one key set. The keys are never readable back, printed (repr shows their sizes) or pickled."""

    kvn: int
    def __init__(self, kvn: int, kic_key: _Bytes, kid_key: _Bytes) -> None: ...
    @property
    def kic_key_size(self) -> int: ...
    @property
    def kid_key_size(self) -> int: ...
    def __copy__(self) -> Keyset: ...
    def __deepcopy__(self, memo: object) -> Keyset: ...
    def __reduce__(self) -> str | tuple[object, ...]: ...  # raises TypeError: not picklable

@overload
def describe(status: ResponseStatus) -> str: ...
@overload
def describe(status: int) -> str: ...
def is_security_failure(status: ResponseStatus) -> bool: ...
def por_wanted(spi: Spi, status: ResponseStatus) -> bool: ...
def meets_minimum_security_level(spi: Spi, msl: int) -> bool: ...
def wrap_command(header: CommandHeader, keys: Keyset, secured_data: _Bytes) -> bytes: ...

class ResponsePacket(_Value):
    tar: Tar
    counter: int
    status: ResponseStatus
    data: bytes
    secured: bool
    def __init__(
        self,
        *,
        tar: _TarLike = ...,
        counter: int = ...,
        status: ResponseStatus = ...,
        data: _Bytes = ...,
        secured: bool = ...,
    ) -> None: ...

def unwrap_response(user_data: _Bytes, sent: CommandHeader, keys: Keyset) -> ResponsePacket: ...

class ReceivingEntity(_Struct):
    keys: Keyset | None
    counter: int
    minimum_security_level: int
    def __init__(
        self, *, keys: Keyset | None = ..., counter: int = ..., minimum_security_level: int = ...
    ) -> None: ...

class VerifiedCommand(_Value):
    header: CommandHeader
    secured_data: bytes
    def __init__(self, *, header: CommandHeader = ..., secured_data: _Bytes = ...) -> None: ...

class CommandRejection(_Value):
    status: ResponseStatus
    spi: Spi | None
    tar: Tar | None
    def __init__(
        self, *, status: ResponseStatus = ..., spi: Spi | None = ..., tar: _TarLike | None = ...
    ) -> None: ...

class CommandUnwrapResult(_PybindObject):
    @property
    def accepted(self) -> bool: ...
    @property
    def status(self) -> ResponseStatus: ...
    @property
    def command(self) -> VerifiedCommand: ...  # raises SecurityError when rejected
    @property
    def rejection(self) -> CommandRejection: ...  # raises RuntimeError when accepted

def unwrap_command(
    packet: _Bytes, lookup: Callable[[Tar, int, int], ReceivingEntity | None]
) -> CommandUnwrapResult: ...
def wrap_response(
    received: CommandHeader, keys: Keyset, status: ResponseStatus, response_data: _Bytes
) -> bytes: ...
def wrap_error_response(rejection: CommandRejection) -> bytes: ...

class KeyFile(_PybindObject):
    """A keys file: addressing in the clear, the two keys never readable (only their sizes)."""

    tar: Tar
    spi: Spi
    kic: int
    kid: int
    kvn: int
    msl: int
    @property
    def kic_key_size(self) -> int: ...
    @property
    def kid_key_size(self) -> int: ...
    def __reduce__(self) -> str | tuple[object, ...]: ...  # raises TypeError: not picklable

def parse_key_file(json_text: str, source: str = "keys") -> KeyFile: ...
def check_kic_key(kic: int, keys: Keyset) -> None: ...
def check_kid_key(kid: int, keys: Keyset) -> None: ...
