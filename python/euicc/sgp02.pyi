# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.sgp02 (python/src/bind_sgp02_codecs.cpp): GSMA SGP.02 platform values: ISD-P AIDs, profile
# states, notifications, keysets to remove at an SM-SR change.

from typing import ClassVar

from euicc._euicc import _PybindEnum, _Struct, _Value

isd_r_aid: bytes
ecasd_aid: bytes

def isdp_aid(number: int) -> bytes: ...

class ProfileState(_PybindEnum):
    Created: ClassVar[ProfileState]
    Disabled: ClassVar[ProfileState]
    Enabled: ClassVar[ProfileState]

def profile_state(life_cycle: int) -> ProfileState | None: ...

class NotificationType(_PybindEnum):
    EuiccDeclaration: ClassVar[NotificationType]
    ProfileChangeSucceeded: ClassVar[NotificationType]
    ProfileChangeFailedRolledBack: ClassVar[NotificationType]
    Void: ClassVar[NotificationType]
    ProfileChangeAfterFallback: ClassVar[NotificationType]

class Notification(_Value):
    @property
    def eid(self) -> str: ...
    @property
    def type(self) -> NotificationType: ...
    @property
    def sequence(self) -> int: ...
    @property
    def isdp_aid(self) -> bytes | None: ...
    @property
    def imei(self) -> bytes | None: ...
    @property
    def meid(self) -> bytes | None: ...

class KeysetRange(_Struct):
    version: int
    first_key_id: int
    last_key_id: int
    def __init__(self, *, version: int = 0, first_key_id: int = 1, last_key_id: int = 1) -> None: ...
