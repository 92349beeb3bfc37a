# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.scp03 (python/src/bind_sgp02_codecs.cpp): GlobalPlatform SCP03 (GPCS Amendment D) static
# keysets and security levels. Keys go in as bytes and never come back out.

from typing import ClassVar

from euicc._euicc import _Bytes, _PybindEnum, _PybindObject

class SecurityLevel(_PybindEnum):
    Authenticated: ClassVar[SecurityLevel]
    CMac: ClassVar[SecurityLevel]
    CMacCDec: ClassVar[SecurityLevel]
    CMacRMac: ClassVar[SecurityLevel]
    CMacCDecRMac: ClassVar[SecurityLevel]
    CMacCDecRMacREnc: ClassVar[SecurityLevel]

class StaticKeys(_PybindObject):
    """KVN + Key-ENC/MAC/DEK (AES, one length); repr shows the KVN and length only; not picklable."""

    kvn: int
    def __init__(self, kvn: int, enc: _Bytes, mac: _Bytes, dek: _Bytes = b"") -> None: ...
    @property
    def key_size(self) -> int: ...
    @property
    def has_dek(self) -> bool: ...
    def __copy__(self) -> StaticKeys: ...
    def __deepcopy__(self, memo: object) -> StaticKeys: ...
