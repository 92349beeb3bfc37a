# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.gp (python/src/bind_sgp02_codecs.cpp): GlobalPlatform Card Specification v2.3.1 values the
# SGP.02 operations return.

from euicc._euicc import _Value

class KeyInformation(_Value):
    class Component(_Value):
        @property
        def type(self) -> int: ...  # GPCS Table 11-16: 88 = AES
        @property
        def length(self) -> int: ...

    @property
    def id(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def components(self) -> list[KeyInformation.Component]: ...

class CardResources(_Value):
    @property
    def installed_applications(self) -> int: ...
    @property
    def free_non_volatile(self) -> int: ...
    @property
    def free_volatile(self) -> int: ...

class PutKeyResponse(_Value):
    @property
    def version(self) -> int: ...
    @property
    def check_values(self) -> list[bytes]: ...  # 3 bytes per key
