# SPDX-License-Identifier: Apache-2.0
# Type stubs of euicc.cat (python/src/bind_cat.cpp, bind_cat_proactive.cpp): ETSI TS 102 223 / 3GPP TS 31.111
# objects, envelopes, proactive commands, terminal responses and the terminal profile.

import datetime
from collections.abc import Sequence
from typing import ClassVar, TypeAlias, overload

from euicc._euicc import CommandApdu, ComprehensionTlv, _Bytes, _PybindEnum, _PybindObject, _Struct, _Value

_Seconds: TypeAlias = datetime.timedelta | int | float

class CommandType(_PybindEnum):
    Refresh: ClassVar[CommandType]
    MoreTime: ClassVar[CommandType]
    PollInterval: ClassVar[CommandType]
    PollingOff: ClassVar[CommandType]
    SetUpEventList: ClassVar[CommandType]
    SetUpCall: ClassVar[CommandType]
    SendSs: ClassVar[CommandType]
    SendUssd: ClassVar[CommandType]
    SendShortMessage: ClassVar[CommandType]
    SendDtmf: ClassVar[CommandType]
    LaunchBrowser: ClassVar[CommandType]
    GeoLocationRequest: ClassVar[CommandType]
    PlayTone: ClassVar[CommandType]
    DisplayText: ClassVar[CommandType]
    GetInkey: ClassVar[CommandType]
    GetInput: ClassVar[CommandType]
    SelectItem: ClassVar[CommandType]
    SetUpMenu: ClassVar[CommandType]
    ProvideLocalInformation: ClassVar[CommandType]
    TimerManagement: ClassVar[CommandType]
    SetUpIdleModeText: ClassVar[CommandType]
    PerformCardApdu: ClassVar[CommandType]
    PowerOnCard: ClassVar[CommandType]
    PowerOffCard: ClassVar[CommandType]
    GetReaderStatus: ClassVar[CommandType]
    RunAtCommand: ClassVar[CommandType]
    LanguageNotification: ClassVar[CommandType]
    OpenChannel: ClassVar[CommandType]
    CloseChannel: ClassVar[CommandType]
    ReceiveData: ClassVar[CommandType]
    SendData: ClassVar[CommandType]
    GetChannelStatus: ClassVar[CommandType]
    ServiceSearch: ClassVar[CommandType]
    GetServiceInformation: ClassVar[CommandType]
    DeclareService: ClassVar[CommandType]
    SetFrames: ClassVar[CommandType]
    GetFramesStatus: ClassVar[CommandType]
    RetrieveMms: ClassVar[CommandType]
    SubmitMms: ClassVar[CommandType]
    DisplayMms: ClassVar[CommandType]
    Activate: ClassVar[CommandType]
    ContactlessStateChanged: ClassVar[CommandType]
    CommandContainer: ClassVar[CommandType]
    EncapsulatedSessionControl: ClassVar[CommandType]

class TimerOperation(_PybindEnum):
    Start: ClassVar[TimerOperation]
    Deactivate: ClassVar[TimerOperation]
    GetValue: ClassVar[TimerOperation]

class RefreshMode(_PybindEnum):
    NaaInitAndFullFileChange: ClassVar[RefreshMode]
    FileChange: ClassVar[RefreshMode]
    NaaInitAndFileChange: ClassVar[RefreshMode]
    NaaInit: ClassVar[RefreshMode]
    UiccReset: ClassVar[RefreshMode]
    NaaApplicationReset: ClassVar[RefreshMode]
    NaaSessionReset: ClassVar[RefreshMode]
    SteeringOfRoaming: ClassVar[RefreshMode]
    SteeringOfRoamingIwlan: ClassVar[RefreshMode]
    EuiccProfileStateChange: ClassVar[RefreshMode]
    ApplicationUpdate: ClassVar[RefreshMode]

class TimeUnit(_PybindEnum):
    Minutes: ClassVar[TimeUnit]
    Seconds: ClassVar[TimeUnit]
    Tenths: ClassVar[TimeUnit]

class BearerType(_PybindEnum):
    Csd: ClassVar[BearerType]
    Gprs: ClassVar[BearerType]
    Default: ClassVar[BearerType]
    LocalLink: ClassVar[BearerType]
    Bluetooth: ClassVar[BearerType]
    Irda: ClassVar[BearerType]
    Rs232: ClassVar[BearerType]
    Cdma2000Packet: ClassVar[BearerType]
    UtranPacketExtended: ClassVar[BearerType]
    IWlan: ClassVar[BearerType]
    Eutran: ClassVar[BearerType]
    NgRan: ClassVar[BearerType]
    Usb: ClassVar[BearerType]

class AddressType(_PybindEnum):
    Ipv4: ClassVar[AddressType]
    Ipv6: ClassVar[AddressType]

class TransportProtocol(_PybindEnum):
    UdpClientRemote: ClassVar[TransportProtocol]
    TcpClientRemote: ClassVar[TransportProtocol]
    TcpServer: ClassVar[TransportProtocol]
    UdpClientLocal: ClassVar[TransportProtocol]
    TcpClientLocal: ClassVar[TransportProtocol]
    DirectChannel: ClassVar[TransportProtocol]

class Event(_PybindEnum):
    MtCall: ClassVar[Event]
    CallConnected: ClassVar[Event]
    CallDisconnected: ClassVar[Event]
    LocationStatus: ClassVar[Event]
    UserActivity: ClassVar[Event]
    IdleScreenAvailable: ClassVar[Event]
    CardReaderStatus: ClassVar[Event]
    LanguageSelection: ClassVar[Event]
    BrowserTermination: ClassVar[Event]
    DataAvailable: ClassVar[Event]
    ChannelStatus: ClassVar[Event]
    AccessTechnologyChange: ClassVar[Event]
    DisplayParametersChanged: ClassVar[Event]
    LocalConnection: ClassVar[Event]
    NetworkSearchModeChange: ClassVar[Event]
    BrowsingStatus: ClassVar[Event]
    FramesInformationChange: ClassVar[Event]
    IWlanAccessStatus: ClassVar[Event]
    NetworkRejection: ClassVar[Event]
    HciConnectivity: ClassVar[Event]
    AccessTechnologyChangeMultiple: ClassVar[Event]
    CsgCellSelection: ClassVar[Event]
    ContactlessStateRequest: ClassVar[Event]
    ImsRegistration: ClassVar[Event]
    IncomingImsData: ClassVar[Event]
    ProfileContainer: ClassVar[Event]
    SecuredProfileContainer: ClassVar[Event]
    PollIntervalNegotiation: ClassVar[Event]
    DataConnectionStatusChange: ClassVar[Event]

class GeneralResult(_PybindEnum):
    PerformedSuccessfully: ClassVar[GeneralResult]
    PartialComprehension: ClassVar[GeneralResult]
    MissingInformation: ClassVar[GeneralResult]
    RefreshAdditionalEfsRead: ClassVar[GeneralResult]
    IconNotDisplayed: ClassVar[GeneralResult]
    ModifiedByCallControl: ClassVar[GeneralResult]
    LimitedService: ClassVar[GeneralResult]
    PerformedWithModification: ClassVar[GeneralResult]
    RefreshNaaNotActive: ClassVar[GeneralResult]
    ToneNotPlayed: ClassVar[GeneralResult]
    SessionTerminatedByUser: ClassVar[GeneralResult]
    BackwardMove: ClassVar[GeneralResult]
    NoResponseFromUser: ClassVar[GeneralResult]
    HelpRequired: ClassVar[GeneralResult]
    UssdOrSsTerminatedByUser: ClassVar[GeneralResult]
    TerminalUnableToProcess: ClassVar[GeneralResult]
    NetworkUnableToProcess: ClassVar[GeneralResult]
    UserDidNotAccept: ClassVar[GeneralResult]
    UserClearedCall: ClassVar[GeneralResult]
    ContradictionWithTimerState: ClassVar[GeneralResult]
    CallControlTemporaryProblem: ClassVar[GeneralResult]
    LaunchBrowserError: ClassVar[GeneralResult]
    MmsTemporaryProblem: ClassVar[GeneralResult]
    BeyondTerminalCapabilities: ClassVar[GeneralResult]
    CommandTypeNotUnderstood: ClassVar[GeneralResult]
    CommandDataNotUnderstood: ClassVar[GeneralResult]
    CommandNumberNotKnown: ClassVar[GeneralResult]
    SsReturnError: ClassVar[GeneralResult]
    SmsRpError: ClassVar[GeneralResult]
    RequiredValuesMissing: ClassVar[GeneralResult]
    UssdReturnError: ClassVar[GeneralResult]
    MultipleCardCommandsError: ClassVar[GeneralResult]
    CallControlPermanentProblem: ClassVar[GeneralResult]
    BearerIndependentProtocolError: ClassVar[GeneralResult]
    AccessTechnologyUnableToProcess: ClassVar[GeneralResult]
    FramesError: ClassVar[GeneralResult]
    MmsError: ClassVar[GeneralResult]

class TerminalProblem(_PybindEnum):
    NoSpecificCause: ClassVar[TerminalProblem]
    ScreenBusy: ClassVar[TerminalProblem]
    BusyOnCall: ClassVar[TerminalProblem]
    BusyOnSs: ClassVar[TerminalProblem]
    NoService: ClassVar[TerminalProblem]
    AccessControlClassBar: ClassVar[TerminalProblem]
    RadioResourceNotGranted: ClassVar[TerminalProblem]
    NotInSpeechCall: ClassVar[TerminalProblem]
    BusyOnUssd: ClassVar[TerminalProblem]
    BusyOnSendDtmf: ClassVar[TerminalProblem]
    NoNaaActive: ClassVar[TerminalProblem]

class BipError(_PybindEnum):
    NoSpecificCause: ClassVar[BipError]
    NoChannelAvailable: ClassVar[BipError]
    ChannelClosed: ClassVar[BipError]
    ChannelIdentifierNotValid: ClassVar[BipError]
    BufferSizeNotAvailable: ClassVar[BipError]
    SecurityError: ClassVar[BipError]
    TransportLevelNotAvailable: ClassVar[BipError]
    RemoteDeviceNotReachable: ClassVar[BipError]
    ServiceError: ClassVar[BipError]
    ServiceIdentifierUnknown: ClassVar[BipError]
    PortNotAvailable: ClassVar[BipError]
    LaunchParametersMissing: ClassVar[BipError]
    ApplicationLaunchFailed: ClassVar[BipError]

def command_type_name(type: CommandType) -> str: ...
def event_name(event: Event) -> str: ...
def bearer_type_name(type: BearerType) -> str: ...
def transport_protocol_name(protocol: TransportProtocol) -> str: ...

# --- results (§8.12) --------------------------------------------------------------------------------------

class Result(_Value):
    general: GeneralResult
    additional_info: bytes
    def __init__(self, *, general: GeneralResult = ..., additional_info: _Bytes = ...) -> None: ...
    @staticmethod
    def ok() -> Result: ...
    @staticmethod
    def of(general: GeneralResult) -> Result: ...
    @staticmethod
    def bip_error(cause: BipError) -> Result: ...
    @staticmethod
    def terminal_unable(cause: TerminalProblem) -> Result: ...

def is_performed(result: GeneralResult) -> bool: ...
def is_temporary_problem(result: GeneralResult) -> bool: ...
def is_permanent_problem(result: GeneralResult) -> bool: ...
def general_result_name(result: GeneralResult) -> str: ...
def terminal_problem_name(problem: TerminalProblem) -> str: ...
def bip_error_name(error: BipError) -> str: ...

# --- simple data objects (§8) -----------------------------------------------------------------------------

def channel_device(channel_id: int) -> int: ...
def channel_of_device(device: int) -> int | None: ...

class DeviceIdentities(_Value):
    source: int  # 81 UICC, 82 terminal, 83 network, 21..27 channels
    destination: int
    def __init__(self, *, source: int = ..., destination: int = ...) -> None: ...

class Duration(_Value):
    unit: TimeUnit
    interval: int
    def __init__(self, *, unit: TimeUnit = ..., interval: int = ...) -> None: ...

def encode_timer_value(value: _Seconds) -> bytes: ...
def decode_timer_value(value: _Bytes) -> datetime.timedelta: ...

class ChannelStatus(_Value):
    channel_id: int
    link_established: bool
    further_info: int
    other_bits: int
    def __init__(
        self, *, channel_id: int = ..., link_established: bool = ..., further_info: int = ..., other_bits: int = ...
    ) -> None: ...

class BearerDescription(_Value):
    type: BearerType
    parameters: bytes
    def __init__(self, *, type: BearerType = ..., parameters: _Bytes = ...) -> None: ...

class OtherAddress(_Value):
    type: AddressType
    address: bytes
    def __init__(self, *, type: AddressType = ..., address: _Bytes = ...) -> None: ...
    @property
    def ip(self) -> str | None: ...
    @staticmethod
    def from_ip(text: str) -> OtherAddress: ...

def ip_string(address: OtherAddress) -> str | None: ...
def other_address_from_ip(text: str) -> OtherAddress: ...

class TransportLevel(_Value):
    protocol: TransportProtocol
    port: int
    def __init__(self, *, protocol: TransportProtocol = ..., port: int = ...) -> None: ...

class Address(_Value):
    ton_npi: int
    digits: str
    def __init__(self, *, ton_npi: int = ..., digits: str = ...) -> None: ...

def encode_address(address: Address) -> bytes: ...
def decode_address(value: _Bytes) -> Address: ...
def encode_network_access_name(apn: str) -> bytes: ...
def decode_network_access_name(value: _Bytes) -> str: ...

class TextString(_Value):
    dcs: int  # 00 GSM 7-bit packed, 04 GSM 8-bit, 08 UCS2
    data: bytes
    def __init__(self, *, dcs: int = ..., data: _Bytes = ...) -> None: ...
    @property
    def text(self) -> str | None: ...
    @staticmethod
    def from_utf8(text: str, coding: int = 4) -> TextString: ...

def text_to_utf8(text: TextString) -> str | None: ...
def text_from_utf8(text: str, coding: int) -> TextString: ...

class CommandDetails(_Value):
    number: int
    type: CommandType
    qualifier: int
    def __init__(self, *, number: int = ..., type: CommandType = ..., qualifier: int = ...) -> None: ...

class CommandHeader(_Value):
    number: int
    qualifier: int
    devices: DeviceIdentities
    unknown_objects: list[ComprehensionTlv]  # a copy: assign a new list to change it
    def __init__(
        self,
        *,
        number: int = ...,
        qualifier: int = ...,
        devices: DeviceIdentities = ...,
        unknown_objects: Sequence[ComprehensionTlv] = ...,
    ) -> None: ...
    @property
    def has_unknown_required_objects(self) -> bool: ...

def command_header(destination: int) -> CommandHeader: ...

# --- proactive commands (§6.6) ----------------------------------------------------------------------------

class _Command(_Value):
    """Stub-only: what every proactive command class offers."""

    header: CommandHeader
    @property
    def details(self) -> CommandDetails: ...
    @property
    def type_name(self) -> str: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...

class Refresh(_Command):
    type: ClassVar[CommandType]
    files: list[bytes] | None
    aid: bytes | None
    alpha_identifier: bytes | None
    icon_identifier: bytes | None
    def __init__(
        self,
        *,
        header: CommandHeader = ...,
        files: Sequence[_Bytes] | None = ...,
        aid: _Bytes | None = ...,
        alpha_identifier: _Bytes | None = ...,
        icon_identifier: _Bytes | None = ...,
    ) -> None: ...
    @property
    def mode(self) -> RefreshMode: ...

class MoreTime(_Command):
    type: ClassVar[CommandType]
    def __init__(self, *, header: CommandHeader = ...) -> None: ...

class PollInterval(_Command):
    type: ClassVar[CommandType]
    interval: Duration
    def __init__(self, *, header: CommandHeader = ..., interval: Duration = ...) -> None: ...

class PollingOff(_Command):
    type: ClassVar[CommandType]
    def __init__(self, *, header: CommandHeader = ...) -> None: ...

class SetUpEventList(_Command):
    type: ClassVar[CommandType]
    events: list[Event]
    def __init__(self, *, header: CommandHeader = ..., events: Sequence[Event] = ...) -> None: ...

class TimerManagement(_Command):
    type: ClassVar[CommandType]
    timer_id: int
    value: datetime.timedelta | None
    def __init__(
        self, *, header: CommandHeader = ..., timer_id: int = ..., value: _Seconds | None = ...
    ) -> None: ...
    @property
    def operation(self) -> TimerOperation: ...

class DisplayText(_Command):
    type: ClassVar[CommandType]
    text: TextString
    icon_identifier: bytes | None
    immediate_response: bool
    duration: Duration | None
    def __init__(
        self,
        *,
        header: CommandHeader = ...,
        text: TextString = ...,
        icon_identifier: _Bytes | None = ...,
        immediate_response: bool = ...,
        duration: Duration | None = ...,
    ) -> None: ...

class SendShortMessage(_Command):
    type: ClassVar[CommandType]
    alpha_identifier: bytes | None
    address: Address | None
    tpdu: bytes
    icon_identifier: bytes | None
    def __init__(
        self,
        *,
        header: CommandHeader = ...,
        alpha_identifier: _Bytes | None = ...,
        address: Address | None = ...,
        tpdu: _Bytes = ...,
        icon_identifier: _Bytes | None = ...,
    ) -> None: ...

class OpenChannel(_Command):
    type: ClassVar[CommandType]
    alpha_identifier: bytes | None
    icon_identifier: bytes | None
    bearer: BearerDescription | None
    buffer_size: int
    network_access_name: str | None
    local_address: OtherAddress | None
    login: TextString | None
    password: TextString | None
    transport_level: TransportLevel | None
    destination_address: OtherAddress | None
    def __init__(
        self,
        *,
        header: CommandHeader = ...,
        alpha_identifier: _Bytes | None = ...,
        icon_identifier: _Bytes | None = ...,
        bearer: BearerDescription | None = ...,
        buffer_size: int = ...,
        network_access_name: str | None = ...,
        local_address: OtherAddress | None = ...,
        login: TextString | None = ...,
        password: TextString | None = ...,
        transport_level: TransportLevel | None = ...,
        destination_address: OtherAddress | None = ...,
    ) -> None: ...
    @property
    def immediate_link(self) -> bool: ...
    @property
    def automatic_reconnection(self) -> bool: ...
    @property
    def background_mode(self) -> bool: ...
    @property
    def dns_server_request(self) -> bool: ...

class CloseChannel(_Command):
    type: ClassVar[CommandType]
    alpha_identifier: bytes | None
    icon_identifier: bytes | None
    def __init__(
        self,
        *,
        header: CommandHeader = ...,
        alpha_identifier: _Bytes | None = ...,
        icon_identifier: _Bytes | None = ...,
    ) -> None: ...

class ReceiveData(_Command):
    type: ClassVar[CommandType]
    alpha_identifier: bytes | None
    icon_identifier: bytes | None
    requested_length: int
    def __init__(
        self,
        *,
        header: CommandHeader = ...,
        alpha_identifier: _Bytes | None = ...,
        icon_identifier: _Bytes | None = ...,
        requested_length: int = ...,
    ) -> None: ...

class SendData(_Command):
    type: ClassVar[CommandType]
    alpha_identifier: bytes | None
    icon_identifier: bytes | None
    data: bytes
    def __init__(
        self,
        *,
        header: CommandHeader = ...,
        alpha_identifier: _Bytes | None = ...,
        icon_identifier: _Bytes | None = ...,
        data: _Bytes = ...,
    ) -> None: ...
    @property
    def send_immediately(self) -> bool: ...

class GetChannelStatus(_Command):
    type: ClassVar[CommandType]
    def __init__(self, *, header: CommandHeader = ...) -> None: ...

class UnknownCommand(_Command):
    type: CommandType  # per instance: the command type this library does not model
    def __init__(self, *, type: CommandType = ..., header: CommandHeader = ...) -> None: ...

ProactiveCommand: TypeAlias = (
    Refresh
    | MoreTime
    | PollInterval
    | PollingOff
    | SetUpEventList
    | SendShortMessage
    | DisplayText
    | TimerManagement
    | OpenChannel
    | CloseChannel
    | ReceiveData
    | SendData
    | GetChannelStatus
    | UnknownCommand
)

def target_channel(header: CommandHeader) -> int | None: ...
def parse_proactive_command(fetch_response: _Bytes) -> ProactiveCommand: ...
def parse_command_details(fetch_response: _Bytes) -> CommandDetails: ...
def header_of(command: ProactiveCommand) -> CommandHeader: ...
def details_of(command: ProactiveCommand) -> CommandDetails: ...
def comprehension_result(command: ProactiveCommand) -> GeneralResult | None: ...

# --- envelopes (§7, TS 31.111 §7.1.1) ---------------------------------------------------------------------

class _Envelope(_Value):
    """Stub-only: what every envelope class offers."""

    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...

class SmsPpDownload(_Envelope):
    devices: DeviceIdentities
    address: Address | None
    tpdu: bytes
    unknown_objects: list[ComprehensionTlv]
    def __init__(
        self,
        *,
        devices: DeviceIdentities = ...,
        address: Address | None = ...,
        tpdu: _Bytes = ...,
        unknown_objects: Sequence[ComprehensionTlv] = ...,
    ) -> None: ...

class DataAvailableEvent(_Envelope):
    devices: DeviceIdentities
    status: ChannelStatus
    available_length: int
    unknown_objects: list[ComprehensionTlv]
    def __init__(
        self,
        *,
        devices: DeviceIdentities = ...,
        status: ChannelStatus = ...,
        available_length: int = ...,
        unknown_objects: Sequence[ComprehensionTlv] = ...,
    ) -> None: ...

class ChannelStatusEvent(_Envelope):
    devices: DeviceIdentities
    status: ChannelStatus
    unknown_objects: list[ComprehensionTlv]
    def __init__(
        self,
        *,
        devices: DeviceIdentities = ...,
        status: ChannelStatus = ...,
        unknown_objects: Sequence[ComprehensionTlv] = ...,
    ) -> None: ...

class OtherEvent(_Envelope):
    event: Event
    devices: DeviceIdentities
    unknown_objects: list[ComprehensionTlv]
    def __init__(
        self,
        *,
        event: Event = ...,
        devices: DeviceIdentities = ...,
        unknown_objects: Sequence[ComprehensionTlv] = ...,
    ) -> None: ...

class TimerExpiration(_Envelope):
    devices: DeviceIdentities
    timer_id: int
    value: datetime.timedelta
    unknown_objects: list[ComprehensionTlv]
    def __init__(
        self,
        *,
        devices: DeviceIdentities = ...,
        timer_id: int = ...,
        value: _Seconds = ...,
        unknown_objects: Sequence[ComprehensionTlv] = ...,
    ) -> None: ...

class UnknownEnvelope(_Envelope):
    tag: int
    value: bytes
    def __init__(self, *, tag: int = ..., value: _Bytes = ...) -> None: ...

Envelope: TypeAlias = (
    SmsPpDownload | DataAvailableEvent | ChannelStatusEvent | OtherEvent | TimerExpiration | UnknownEnvelope
)

def parse_envelope(ber_tlv: _Bytes) -> Envelope: ...
def envelope_apdu(ber_tlv: _Bytes, ne: int | None = None) -> CommandApdu: ...
def channel_data_length_byte(available: int) -> int: ...

# --- terminal response (§6.8) -----------------------------------------------------------------------------

class TerminalResponse(_Value):
    details: CommandDetails
    devices: DeviceIdentities
    result: Result
    channel_data: bytes | None
    channel_data_length: int | None
    channel_statuses: list[ChannelStatus]
    bearer: BearerDescription | None
    buffer_size: int | None
    local_address: OtherAddress | None
    duration: Duration | None
    timer_id: int | None
    timer_value: datetime.timedelta | None
    unknown_objects: list[ComprehensionTlv]
    def __init__(
        self,
        *,
        details: CommandDetails = ...,
        devices: DeviceIdentities = ...,
        result: Result = ...,
        channel_data: _Bytes | None = ...,
        channel_data_length: int | None = ...,
        channel_statuses: Sequence[ChannelStatus] = ...,
        bearer: BearerDescription | None = ...,
        buffer_size: int | None = ...,
        local_address: OtherAddress | None = ...,
        duration: Duration | None = ...,
        timer_id: int | None = ...,
        timer_value: _Seconds | None = ...,
        unknown_objects: Sequence[ComprehensionTlv] = ...,
    ) -> None: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...

def response_to(command: ProactiveCommand, result: Result) -> TerminalResponse: ...
def parse_terminal_response(data: _Bytes) -> TerminalResponse: ...
def terminal_response_apdu(response: TerminalResponse) -> CommandApdu: ...

# --- terminal profile (§5.2) ------------------------------------------------------------------------------

class TerminalProfile(_Value):
    profile_download: bool
    sms_pp_data_download: bool
    cell_broadcast_data_download: bool
    menu_selection: bool
    sms_pp_data_download_error: bool
    timer_expiration: bool
    ussd_string_in_call_control: bool
    call_control_automatic_redial: bool
    command_result: bool
    call_control_by_naa: bool
    cell_identity_in_call_control: bool
    mo_short_message_control: bool
    alpha_identifier_handling: bool
    ucs2_entry: bool
    ucs2_display: bool
    display_extension_text: bool
    display_text: bool
    get_inkey: bool
    get_input: bool
    more_time: bool
    play_tone: bool
    poll_interval: bool
    polling_off: bool
    refresh: bool
    select_item: bool
    send_short_message: bool
    send_ss: bool
    send_ussd: bool
    set_up_call: bool
    set_up_menu: bool
    provide_local_info_location: bool
    provide_local_info_nmr: bool
    set_up_event_list: bool
    event_mt_call: bool
    event_call_connected: bool
    event_call_disconnected: bool
    event_location_status: bool
    event_user_activity: bool
    event_idle_screen_available: bool
    event_card_reader_status: bool
    event_language_selection: bool
    event_browser_termination: bool
    event_data_available: bool
    event_channel_status: bool
    event_access_technology_change: bool
    event_display_parameters_changed: bool
    event_local_connection: bool
    event_network_search_mode_change: bool
    power_on_card: bool
    power_off_card: bool
    perform_card_apdu: bool
    get_reader_status: bool
    get_reader_identifier: bool
    timer_management_start_stop: bool
    timer_management_get_value: bool
    provide_local_info_date_time: bool
    get_inkey_binary_choice: bool
    set_up_idle_mode_text: bool
    run_at_command: bool
    set_up_call_second_alpha: bool
    call_control_second_capability: bool
    display_text_sustained: bool
    send_dtmf: bool
    provide_local_info_bcch: bool
    provide_local_info_language: bool
    provide_local_info_timing_advance: bool
    language_notification: bool
    launch_browser: bool
    provide_local_info_access_technology: bool
    open_channel: bool
    close_channel: bool
    receive_data: bool
    send_data: bool
    get_channel_status: bool
    service_search: bool
    get_service_information: bool
    declare_service: bool
    bearer_csd: bool
    bearer_packet: bool
    bearer_bluetooth: bool
    bearer_irda: bool
    bearer_rs232: bool
    no_display: bool
    no_keypad: bool
    tcp_client_remote: bool
    udp_client_remote: bool
    tcp_server: bool
    tcp_client_local: bool
    udp_client_local: bool
    direct_channel: bool
    bearer_eutran: bool
    bearer_hsdpa: bool
    bearer_usb: bool
    bearer_utran_extended: bool
    number_of_channels: int
    other_bits: bytes
    def __init__(
        self,
        *,
        profile_download: bool = ...,
        sms_pp_data_download: bool = ...,
        cell_broadcast_data_download: bool = ...,
        menu_selection: bool = ...,
        sms_pp_data_download_error: bool = ...,
        timer_expiration: bool = ...,
        ussd_string_in_call_control: bool = ...,
        call_control_automatic_redial: bool = ...,
        command_result: bool = ...,
        call_control_by_naa: bool = ...,
        cell_identity_in_call_control: bool = ...,
        mo_short_message_control: bool = ...,
        alpha_identifier_handling: bool = ...,
        ucs2_entry: bool = ...,
        ucs2_display: bool = ...,
        display_extension_text: bool = ...,
        display_text: bool = ...,
        get_inkey: bool = ...,
        get_input: bool = ...,
        more_time: bool = ...,
        play_tone: bool = ...,
        poll_interval: bool = ...,
        polling_off: bool = ...,
        refresh: bool = ...,
        select_item: bool = ...,
        send_short_message: bool = ...,
        send_ss: bool = ...,
        send_ussd: bool = ...,
        set_up_call: bool = ...,
        set_up_menu: bool = ...,
        provide_local_info_location: bool = ...,
        provide_local_info_nmr: bool = ...,
        set_up_event_list: bool = ...,
        event_mt_call: bool = ...,
        event_call_connected: bool = ...,
        event_call_disconnected: bool = ...,
        event_location_status: bool = ...,
        event_user_activity: bool = ...,
        event_idle_screen_available: bool = ...,
        event_card_reader_status: bool = ...,
        event_language_selection: bool = ...,
        event_browser_termination: bool = ...,
        event_data_available: bool = ...,
        event_channel_status: bool = ...,
        event_access_technology_change: bool = ...,
        event_display_parameters_changed: bool = ...,
        event_local_connection: bool = ...,
        event_network_search_mode_change: bool = ...,
        power_on_card: bool = ...,
        power_off_card: bool = ...,
        perform_card_apdu: bool = ...,
        get_reader_status: bool = ...,
        get_reader_identifier: bool = ...,
        timer_management_start_stop: bool = ...,
        timer_management_get_value: bool = ...,
        provide_local_info_date_time: bool = ...,
        get_inkey_binary_choice: bool = ...,
        set_up_idle_mode_text: bool = ...,
        run_at_command: bool = ...,
        set_up_call_second_alpha: bool = ...,
        call_control_second_capability: bool = ...,
        display_text_sustained: bool = ...,
        send_dtmf: bool = ...,
        provide_local_info_bcch: bool = ...,
        provide_local_info_language: bool = ...,
        provide_local_info_timing_advance: bool = ...,
        language_notification: bool = ...,
        launch_browser: bool = ...,
        provide_local_info_access_technology: bool = ...,
        open_channel: bool = ...,
        close_channel: bool = ...,
        receive_data: bool = ...,
        send_data: bool = ...,
        get_channel_status: bool = ...,
        service_search: bool = ...,
        get_service_information: bool = ...,
        declare_service: bool = ...,
        bearer_csd: bool = ...,
        bearer_packet: bool = ...,
        bearer_bluetooth: bool = ...,
        bearer_irda: bool = ...,
        bearer_rs232: bool = ...,
        no_display: bool = ...,
        no_keypad: bool = ...,
        tcp_client_remote: bool = ...,
        udp_client_remote: bool = ...,
        tcp_server: bool = ...,
        tcp_client_local: bool = ...,
        udp_client_local: bool = ...,
        direct_channel: bool = ...,
        bearer_eutran: bool = ...,
        bearer_hsdpa: bool = ...,
        bearer_usb: bool = ...,
        bearer_utran_extended: bool = ...,
        number_of_channels: int = ...,
        other_bits: _Bytes = ...,
    ) -> None: ...
    def flags(self) -> dict[str, bool]: ...
    def encode(self) -> bytes: ...
    def __bytes__(self) -> bytes: ...
    @staticmethod
    def decode(profile: _Bytes) -> TerminalProfile: ...

def decode_terminal_profile(profile: _Bytes) -> TerminalProfile: ...
def terminal_profile_apdu(profile: TerminalProfile) -> CommandApdu: ...

class TerminalProfileBit(_Struct):
    @property
    def attribute(self) -> str: ...
    @property
    def byte(self) -> int: ...
    @property
    def bit(self) -> int: ...
    @property
    def name(self) -> str: ...

def terminal_profile_bits() -> list[TerminalProfileBit]: ...

@overload
def encode(command: ProactiveCommand) -> bytes: ...
@overload
def encode(envelope: Envelope) -> bytes: ...
@overload
def encode(response: TerminalResponse) -> bytes: ...
@overload
def encode(profile: TerminalProfile) -> bytes: ...
