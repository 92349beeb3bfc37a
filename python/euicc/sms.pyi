# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.sms (python/src/bind_sms.cpp): 3GPP TS 23.040 TPDUs, addresses, UDH, concatenation.
# Struct-like classes take their fields as keyword arguments only; fields not given keep the C++ defaults.

from typing import ClassVar, Self, TypeAlias, overload

from euicc._euicc import _Bytes, _PybindEnum, _PybindObject, _Struct, _Value

class Ton(_PybindEnum):
    Unknown: ClassVar[Ton]
    International: ClassVar[Ton]
    National: ClassVar[Ton]
    NetworkSpecific: ClassVar[Ton]
    Subscriber: ClassVar[Ton]
    Alphanumeric: ClassVar[Ton]
    Abbreviated: ClassVar[Ton]
    Reserved: ClassVar[Ton]

class Npi(_PybindEnum):
    Unknown: ClassVar[Npi]
    IsdnTelephone: ClassVar[Npi]
    Data: ClassVar[Npi]
    Telex: ClassVar[Npi]
    ServiceCentreSpecific5: ClassVar[Npi]
    ServiceCentreSpecific6: ClassVar[Npi]
    National: ClassVar[Npi]
    Private: ClassVar[Npi]
    Ermes: ClassVar[Npi]
    Reserved: ClassVar[Npi]

class Alphabet(_PybindEnum):
    Gsm7: ClassVar[Alphabet]
    Data8: ClassVar[Alphabet]
    Ucs2: ClassVar[Alphabet]

class Address(_Value):
    ton: Ton
    npi: Npi
    digits: str
    def __init__(self, *, ton: Ton = ..., npi: Npi = ..., digits: str = ...) -> None: ...
    @staticmethod
    def international(digits: str) -> Address: ...
    @staticmethod
    def alphanumeric(text: str) -> Address: ...
    @property
    def type_of_address(self) -> int: ...
    def encode_tp(self) -> bytes: ...
    @staticmethod
    def decode_tp(data: _Bytes) -> Address: ...
    def encode_rp(self) -> bytes: ...
    @staticmethod
    def decode_rp(data: _Bytes) -> Address: ...

class InformationElement(_Value):
    iei: int
    data: bytes
    def __init__(self, *, iei: int = ..., data: _Bytes = ...) -> None: ...

class Concatenation(_Value):
    reference: int
    sixteen_bit: bool
    total: int
    sequence: int
    def __init__(
        self, *, reference: int = ..., sixteen_bit: bool = ..., total: int = ..., sequence: int = ...
    ) -> None: ...
    def to_element(self) -> InformationElement: ...

class Udh(_Value):
    elements: list[InformationElement]  # a copy: assign a new list to change it
    def __init__(self, *, elements: list[InformationElement] = ...) -> None: ...
    def find(self, iei: int) -> InformationElement | None: ...
    def has(self, iei: int) -> bool: ...
    @property
    def command_packet(self) -> bool: ...
    @property
    def response_packet(self) -> bool: ...
    @property
    def concatenation(self) -> Concatenation | None: ...
    @property
    def concatenation_index(self) -> int | None: ...
    def data_offset(self, index: int) -> int: ...
    @property
    def encoded_size(self) -> int: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(user_data: _Bytes) -> Udh: ...
    @staticmethod
    def split(user_data: _Bytes) -> tuple[Udh, bytes]: ...

class DataCoding(_Value):
    alphabet: Alphabet
    compressed: bool
    message_class: int | None
    def __init__(
        self, *, alphabet: Alphabet = ..., compressed: bool = ..., message_class: int | None = ...
    ) -> None: ...
    @staticmethod
    def decode(dcs: int) -> DataCoding: ...
    @property
    def udl_in_septets(self) -> bool: ...

class Timestamp(_Value):
    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    utc_offset_quarters: int
    def __init__(
        self,
        *,
        year: int = ...,
        month: int = ...,
        day: int = ...,
        hour: int = ...,
        minute: int = ...,
        second: int = ...,
        utc_offset_quarters: int = ...,
    ) -> None: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(data: _Bytes) -> Timestamp: ...

class RelativeValidity(_Value):
    value: int
    def __init__(self, *, value: int = ...) -> None: ...
    @property
    def minutes(self) -> int: ...

class EnhancedValidity(_Value):
    octets: bytes  # exactly 7
    def __init__(self, *, octets: _Bytes = ...) -> None: ...

ValidityPeriod: TypeAlias = RelativeValidity | EnhancedValidity | Timestamp | None

class UserData(_Value):
    header: Udh | None
    body: bytes
    def __init__(self, *, header: Udh | None = ..., body: _Bytes = ...) -> None: ...
    def text(self, dcs: int) -> str: ...
    @staticmethod
    def gsm7_text(text: str) -> UserData: ...

class Deliver(_Value):
    reply_path: bool
    status_report_indication: bool
    loop_prevention: bool
    more_messages_waiting: bool
    originator: Address
    pid: int
    dcs: int
    service_centre_time: Timestamp
    user_data: UserData
    def __init__(
        self,
        *,
        reply_path: bool = ...,
        status_report_indication: bool = ...,
        loop_prevention: bool = ...,
        more_messages_waiting: bool = ...,
        originator: Address = ...,
        pid: int = ...,
        dcs: int = ...,
        service_centre_time: Timestamp = ...,
        user_data: UserData = ...,
    ) -> None: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(tpdu: _Bytes) -> Deliver: ...

class Submit(_Value):
    reply_path: bool
    status_report_request: bool
    reject_duplicates: bool
    message_reference: int
    destination: Address
    pid: int
    dcs: int
    validity: ValidityPeriod
    user_data: UserData
    def __init__(
        self,
        *,
        reply_path: bool = ...,
        status_report_request: bool = ...,
        reject_duplicates: bool = ...,
        message_reference: int = ...,
        destination: Address = ...,
        pid: int = ...,
        dcs: int = ...,
        validity: ValidityPeriod = ...,
        user_data: UserData = ...,
    ) -> None: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(tpdu: _Bytes) -> Submit: ...

class DeliverReport(_Value):
    class Kind(_PybindEnum):
        Ack: ClassVar[DeliverReport.Kind]
        Error: ClassVar[DeliverReport.Kind]
    failure_cause: int | None
    pid: int | None
    dcs: int | None
    user_data: UserData | None
    def __init__(
        self,
        *,
        failure_cause: int | None = ...,
        pid: int | None = ...,
        dcs: int | None = ...,
        user_data: UserData | None = ...,
    ) -> None: ...
    @property
    def kind(self) -> DeliverReport.Kind: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(tpdu: _Bytes, kind: DeliverReport.Kind) -> DeliverReport: ...

def make_sms_pp_deliver(originator: Address, service_centre_time: Timestamp, user_data: UserData) -> Deliver: ...

max_user_data_octets: int
max_user_data_septets: int
max_single_packet: int

class ConcatenationReference(_Struct):
    value: int
    sixteen_bit: bool
    def __init__(self, *, value: int = ..., sixteen_bit: bool = ...) -> None: ...
    @staticmethod
    def eight_bit(value: int) -> ConcatenationReference: ...
    @staticmethod
    def wide(value: int) -> ConcatenationReference: ...

def split_packet(
    packet: _Bytes, packet_iei: int, reference: ConcatenationReference = ...
) -> list[UserData]: ...
def split_command_packet(packet: _Bytes, reference: ConcatenationReference = ...) -> list[UserData]: ...
def split_response_packet(packet: _Bytes, reference: ConcatenationReference = ...) -> list[UserData]: ...

class ConcatenationKey(_Value):
    originator: Address
    reference: int
    sixteen_bit: bool
    total: int
    def __init__(
        self, *, originator: Address = ..., reference: int = ..., sixteen_bit: bool = ..., total: int = ...
    ) -> None: ...

class ReassembledMessage(_Value):
    body: bytes
    command_packet: bool
    response_packet: bool
    parts: int
    def __init__(
        self, *, body: _Bytes = ..., command_packet: bool = ..., response_packet: bool = ..., parts: int = ...
    ) -> None: ...

class Reassembler(_PybindObject):
    def __init__(self, max_pending: int = 64) -> None: ...
    @overload
    def add(self, sms: Deliver) -> ReassembledMessage | None: ...
    @overload
    def add(self, originator: Address, dcs: int, user_data: UserData) -> ReassembledMessage | None: ...
    def pending(self) -> list[ConcatenationKey]: ...
    def missing_parts(self, key: ConcatenationKey) -> list[int]: ...
    def describe_missing(self, key: ConcatenationKey) -> str: ...
    def expire(self, keys: list[ConcatenationKey]) -> None: ...
    def clear(self) -> None: ...
