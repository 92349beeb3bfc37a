# SPDX-License-Identifier: Apache-2.0
"""The OTA codecs from Python (euicc.sms, euicc.scp80, euicc.remote, euicc.cat): every vector of
shared/spec/sms.md, scp80.md, cat.md and scp81.md §5.3 decodes to the expected fields and encodes back unchanged."""

import copy
import datetime
import pickle

import pytest

import euicc
from euicc import cat, remote, scp80, sms

h = bytes.fromhex

# ---- SMS (spec/sms.md) -----------------------------------------------------------------------------------

# pySim test_ota.py 3DES-SJA5-CIPHERED-CC with TP-UDL corrected to 0x25 (sms.md: the public vector says 03).
DELIVER_3DES = h(
    "400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f"
)
COMMAND_PACKET_3DES = h("00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f")
POR_SUBMIT = h("41000a9121436587097ff613027100000e0ab0001100000000000000016132")


@pytest.mark.parametrize(
    "ud,ies,rest",
    [
        ("027100", [(0x71, "")], ""),
        ("027100abcdef", [(0x71, "")], "abcdef"),
        ("03710110", [(0x71, "10")], ""),
        ("0571007001ffabcd", [(0x71, ""), (0x70, "ff")], "abcd"),
    ],
)
def test_udh_vectors(ud, ies, rest):
    header, body = sms.Udh.split(h(ud))
    assert [(e.iei, e.data) for e in header.elements] == [(i, h(d)) for i, d in ies]
    assert body == h(rest)
    assert header.response_packet and header.encode() + body == h(ud)


def test_address_vectors():
    a = sms.Address.decode_tp(h("04802143"))
    assert (a.digits, a.ton, a.npi) == ("1234", sms.Ton.Unknown, sms.Npi.Unknown)
    assert sms.Address.decode_tp(h("038021f3")).digits == "123"
    assert sms.Address.international("12345").encode_tp() == h("05912143f5")
    assert sms.Address.decode_tp(h("08D0E5759A0E")) == sms.Address.alphanumeric("ekit")
    with pytest.raises(euicc.CodecError):
        sms.Address.decode_tp(h("0480214399"))  # the trailing 99 is not part of the address
    with pytest.raises(ValueError):
        sms.Address.international("12x").encode_tp()  # "x" is no semi-octet digit


def test_sms_deliver_vector_alphanumeric():
    tpdu = h("0408D0E5759A0E7FF6907090307513000824010101BB400101")
    d = sms.Deliver.decode(tpdu)
    assert d.originator == sms.Address.alphanumeric("ekit")
    assert (d.pid, d.dcs, d.more_messages_waiting) == (0x7F, 0xF6, False)
    t = d.service_centre_time
    assert (t.year, t.month, t.day, t.hour, t.minute, t.second) == (9, 7, 9, 3, 57, 31)
    assert d.user_data == sms.UserData(body=h("24010101bb400101"))
    assert d.encode() == tpdu and bytes(d) == tpdu


def test_sms_deliver_carrying_a_command_packet():
    d = sms.Deliver.decode(DELIVER_3DES)
    assert d.originator.digits == "12345678" and d.more_messages_waiting  # first octet 40: MMS bit 0
    assert d.user_data.header.command_packet and d.user_data.body == COMMAND_PACKET_3DES
    assert d.encode() == DELIVER_3DES
    # The public vector with TP-UDL 03 must not decode: the UD holds 37 octets.
    with pytest.raises(euicc.CodecError) as info:
        sms.Deliver.decode(DELIVER_3DES[:19] + b"\x03" + DELIVER_3DES[20:])
    assert info.value.context == "SMS-DELIVER"
    # make_sms_pp_deliver builds the same message: PID 7F, DCS F6.
    built = sms.make_sms_pp_deliver(
        sms.Address(digits="12345678"),
        sms.Timestamp(year=22, month=7, day=25),
        sms.UserData(header=sms.Udh(elements=[sms.InformationElement(iei=0x70)]), body=COMMAND_PACKET_3DES),
    )
    built.more_messages_waiting = True
    assert built.encode() == DELIVER_3DES


def test_sms_submit_por_vector():
    s = sms.Submit.decode(POR_SUBMIT)
    assert s.destination == sms.Address.international("1234567890")
    assert (s.pid, s.dcs, s.validity, s.message_reference) == (0x7F, 0xF6, None, 0)
    assert s.user_data.header.response_packet
    assert s.user_data.body == h("000e0ab0001100000000000000016132")
    assert s.encode() == POR_SUBMIT
    s.validity = sms.RelativeValidity(value=0xA7)
    assert sms.Submit.decode(s.encode()).validity == sms.RelativeValidity(value=0xA7)
    assert s.validity.minutes == 24 * 60


def test_deliver_report_both_forms():
    report = sms.DeliverReport(pid=0x7F, dcs=0xF6, user_data=sms.UserData(body=b"\x01\x02"))
    assert report.kind == sms.DeliverReport.Kind.Ack
    assert sms.DeliverReport.decode(report.encode(), sms.DeliverReport.Kind.Ack) == report
    error = sms.DeliverReport(failure_cause=0xD4)
    assert error.kind == sms.DeliverReport.Kind.Error
    assert sms.DeliverReport.decode(error.encode(), sms.DeliverReport.Kind.Error) == error


def test_data_coding_and_text():
    assert sms.DataCoding.decode(0xF6) == sms.DataCoding(alphabet=sms.Alphabet.Data8, message_class=2)
    ud = sms.UserData.gsm7_text("hello @ world")
    assert ud.text(0x00) == "hello @ world"
    with pytest.raises(ValueError):
        ud.text(0xF6)  # 8-bit data is no text


def test_split_and_reassemble_a_long_command_packet():
    assert sms.split_command_packet(COMMAND_PACKET_3DES) == [
        sms.UserData(header=sms.Udh(elements=[sms.InformationElement(iei=0x70)]), body=COMMAND_PACKET_3DES)
    ]
    packet = bytes(range(200))
    parts = sms.split_command_packet(packet, sms.ConcatenationReference.eight_bit(7))
    assert len(parts) == 2 and parts[0].header.command_packet and not parts[1].header.command_packet
    assert [p.header.concatenation.sequence for p in parts] == [1, 2]
    assert parts[0].header.encode() == h("07700000030702 01".replace(" ", ""))
    originator = sms.Address.international("8821234567")
    reassembler = sms.Reassembler()
    assert reassembler.add(originator, 0xF6, parts[1]) is None  # out of order: nothing yet
    (key,) = reassembler.pending()
    assert key.total == 2 and key.reference == 7 and reassembler.missing_parts(key) == [1]
    assert "part 1 of 2 missing" in reassembler.describe_missing(key)
    message = reassembler.add(originator, 0xF6, parts[0])
    assert message == sms.ReassembledMessage(body=packet, command_packet=True, parts=2)
    assert reassembler.pending() == []
    with pytest.raises(ValueError):
        sms.split_command_packet(b"")


def test_struct_keywords_and_copies():
    with pytest.raises(TypeError, match="unexpected keyword argument 'digit'"):
        sms.Address(digit="1")
    with pytest.raises(ValueError, match="pid out of range"):
        sms.Deliver(pid=256)
    d = sms.Deliver.decode(DELIVER_3DES)
    d2 = copy.deepcopy(d)
    d2.pid = 0
    assert d.pid == 0x7F and d2 != d
    assert repr(sms.Deliver(pid=0x7F)) == "Deliver(pid=0x7F)"


# ---- SCP80 (spec/scp80.md) -------------------------------------------------------------------------------

KEYS_3DES = scp80.Keyset(3, h("300102030405060708090a0b0c0d0e0f"), h("301102030405060708090a0b0c0d0e0f"))
KEYS_AES = scp80.Keyset(2, h("200102030405060708090a0b0c0d0e0f"), h("201102030405060708090a0b0c0d0e0f"))
SELECT_MF = h("00a40004023f00")


def header(spi, kic, tar, counter=0):
    return scp80.CommandHeader(spi=scp80.Spi.decode(h(spi)), kic=kic, kid=kic, tar=scp80.Tar(tar), counter=counter)


@pytest.mark.parametrize(
    "spi,packet,por,por_data",
    [
        (
            "0619",
            "00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f",
            "027100001c12b000118bb989492c632529326a2f4681feb37c825bc9021c9f6d0b",
            "016132",
        ),
        (
            "0609",
            "00201506093535b00011c49ac91ab8159ba5b83a54fb6385e0a5e31694f8b215fafc",
            "027100001612b0001100000000000000b5bcd6353a421fae016132",
            "016132",
        ),
        (
            "0601",
            "00201506013535b000113190be334900f52b025f3f7eddfe868e96ebf310023b7769",
            "027100000e0ab0001100000000000000016132",
            "016132",
        ),
    ],
)
def test_scp80_3des_vectors(spi, packet, por, por_data):
    sent = header(spi, 0x35, "B00011")
    assert scp80.wrap_command(sent, KEYS_3DES, SELECT_MF) == h(packet)
    response = scp80.unwrap_response(h(por), sent, KEYS_3DES)
    assert (response.status, response.data, response.counter) == (scp80.ResponseStatus.PorOk, h(por_data), 0)
    assert response.tar == scp80.Tar(0xB00011)
    assert response.secured == (spi != "0601")


def test_scp80_aes_vector():
    sent = header("0619", 0x22, "B00011")
    packet = h("00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058")
    assert scp80.wrap_command(sent, KEYS_AES, SELECT_MF) == packet
    por = h("027100002412b00011ebc6b497e2cad7aedf36ace0e3a29b38853f0fe9ccde81913be5702b73abce1f")
    assert scp80.unwrap_response(por, sent, KEYS_AES).data == h("016132")


def test_scp80_live_card_vectors_with_counter():
    keys = scp80.Keyset(1, h("F09C43EE1A0391665CC9F05AF4E0BD10"), h("01981F4A20999F62AF99988107BAF6CA"))
    sent = header("1619", 0x15, "B00010", counter=100)
    script = h("a0a40000027f20a0c0000016")
    assert scp80.wrap_command(sent, keys, script) == h(
        "00281516191515b000103a4f599e94f2b5dcfbbda984761b7977df6514c57a580fb4844787c436d2eade"
    )
    por = h(
        "027100002c12b0001049fb0315f6c6401b553867f412cefaf9355b38271178edb342a3bc9cc7e670cdc1f45eea6ffcbb39"
    )
    response = scp80.unwrap_response(por, sent, keys)
    assert response.counter == 100 and response.status == scp80.ResponseStatus.PorOk
    # The card's answer to the replayed packet: an unsecured error PoR, accepted as such.
    error = scp80.unwrap_response(h("027100000b0ab0001000000000000006"), sent, keys)
    assert error.status == scp80.ResponseStatus.UnidentifiedSecurityError and not error.secured
    # A corrupted CC must fail (3DES CC-only PoR of spec vector B).
    cc_only = header("0209", 0x35, "B00011")
    with pytest.raises(euicc.SecurityError):
        scp80.unwrap_response(
            h("027100001612b000110000000000000055f47118381175fb02612f"),
            cc_only,
            scp80.Keyset(3, h("C21DD66ACAC13CB3BC8B331B24AFB57B"), h("12110C78E678C25408233076AA033615")),
        )


def test_spi_kic_kid_tar():
    spi = scp80.Spi.decode(0x16, 0x39)
    assert spi.counter == scp80.CounterMode.Higher and spi.ciphering and spi.integrity == scp80.Integrity.Cc
    assert spi.por == scp80.PorRequest.Required and spi.por_via_sms_submit
    assert spi.encode() == h("1639") and bytes(euicc.default_ota_spi()) == h("1619")
    with pytest.raises(euicc.CodecError) as info:
        scp80.Spi.decode(0x80, 0x00)
    assert info.value.context == "SPI"
    assert scp80.Kic.decode(0x12) == scp80.Kic(key_version=1, algorithm=scp80.KeyAlgorithm.Aes)
    assert scp80.Kid.decode(0x15, scp80.Integrity.Cc).algorithm == scp80.KeyAlgorithm.TripleDes2Key
    assert scp80.Kic(key_version=3, algorithm=scp80.KeyAlgorithm.TripleDes2Key).encode() == 0x35
    assert scp80.Tar(h("B00010")) == scp80.Tar(0xB00010) == scp80.Tar("b00010")
    assert scp80.Tar("B00010").bytes == h("B00010") and hash(scp80.Tar(1)) == 1
    assert scp80.CommandHeader(tar=b"\xb0\x00\x10").tar.value == 0xB00010  # bytes convert implicitly
    with pytest.raises(ValueError):
        scp80.Tar(b"\x00\x00")
    assert scp80.meets_minimum_security_level(spi, 0x16) and not scp80.meets_minimum_security_level(
        scp80.Spi.decode(0x06, 0x19), 0x16
    )


def test_response_status_names():
    assert scp80.describe(scp80.ResponseStatus.CounterLow) == "CNTR low"
    assert scp80.describe(0xC3) == "proprietary" and scp80.describe(0x20) == "reserved"
    assert int(scp80.ResponseStatus.TarUnknown) == 0x09
    assert scp80.is_security_failure(scp80.ResponseStatus.RcCcDsFailed)


def test_keyset_keeps_its_secrets():
    keys = scp80.Keyset(1, euicc.LAB_KIC_KEY, euicc.LAB_KID_KEY)
    text = repr(keys) + str(keys) + repr(euicc.OtaParameters(keys=keys))
    for secret in (euicc.LAB_KIC_KEY, euicc.LAB_KID_KEY):
        assert secret.hex() not in text.lower() and secret.hex().upper() not in text
    assert "16-byte secret" in repr(keys) and keys.kic_key_size == 16
    assert not hasattr(keys, "kic_key") and not hasattr(keys, "kid_key")
    with pytest.raises(TypeError):
        pickle.dumps(keys)
    assert copy.copy(keys).kvn == 1
    with pytest.raises(ValueError):
        scp80.Keyset(16, b"", b"")


def test_card_side_unwrap_and_por():
    """The receiving entity role with a Python key lookup: accept, reject, and answer."""
    sent = header("1619", 0x12, "000000", counter=5)
    keys = euicc.lab_keys()
    packet = scp80.wrap_command(sent, keys, SELECT_MF)
    calls = []

    def lookup(tar, kic, kid):
        calls.append((tar, kic, kid))
        if tar != scp80.Tar():
            return None
        return scp80.ReceivingEntity(keys=euicc.lab_keys(), counter=4, minimum_security_level=0x16)

    result = scp80.unwrap_command(packet, lookup)
    assert calls == [(scp80.Tar(), 0x12, 0x12)]
    assert result.accepted and result.status == scp80.ResponseStatus.PorOk
    assert result.command.secured_data == SELECT_MF and result.command.header == sent
    por = scp80.wrap_response(result.command.header, keys, scp80.ResponseStatus.PorOk, h("01900000"))
    assert scp80.unwrap_response(por, sent, keys).data == h("01900000")

    # Counter not higher than the stored one: 02, nothing to execute.
    replay = scp80.unwrap_command(
        packet, lambda tar, kic, kid: scp80.ReceivingEntity(keys=euicc.lab_keys(), counter=5)
    )
    assert not replay.accepted and replay.status == scp80.ResponseStatus.CounterLow
    with pytest.raises(euicc.SecurityError):
        replay.command
    error_por = scp80.wrap_error_response(replay.rejection)
    assert error_por == h("027100000b0a00000000000000000002")
    # Wrong keys: the CC fails (01); unknown TAR (09).
    wrong = scp80.Keyset(1, bytes(16), bytes(16))
    assert scp80.unwrap_command(packet, lambda *a: scp80.ReceivingEntity(keys=wrong)).status == (
        scp80.ResponseStatus.RcCcDsFailed
    )
    other = scp80.wrap_command(header("1619", 0x12, "B00010"), keys, SELECT_MF)
    assert scp80.unwrap_command(other, lookup).status == scp80.ResponseStatus.TarUnknown

    # The lookup's own errors propagate unchanged; a wrong return type is a TypeError.
    class Broken(Exception):
        pass

    def broken(*args):
        raise Broken("lookup failed")

    with pytest.raises(Broken):
        scp80.unwrap_command(packet, broken)
    with pytest.raises(TypeError):
        scp80.unwrap_command(packet, lambda *a: "keys")


# ---- remote scripts (spec/scp81.md §5.3, scp80.md §8) -----------------------------------------------------


def test_compact_script_and_response():
    commands = remote.parse_compact_script(h("a0a40000027f20a0c0000016"))
    assert commands == [
        euicc.CommandApdu(0xA0, 0xA4, 0, 0, h("7f20")),
        euicc.CommandApdu(0xA0, 0xC0, 0, 0, ne=0x16),
    ]
    assert remote.encode_compact_script(commands) == h("a0a40000027f20a0c0000016")
    response = remote.CompactResponse.decode(h("029000") + h("0000ffff7f2002"))
    assert (response.executed, response.last_sw, response.last_data) == (2, 0x9000, h("0000ffff7f2002"))
    assert response.encode() == h("0290000000ffff7f2002")
    assert remote.compact_script_stops_at(0x6A82) and not remote.compact_script_stops_at(0x6310)


@pytest.mark.parametrize(
    "commands,indefinite,encoded",
    [
        (["80f24002024f0000"], False, "aa0a220880f24002024f0000"),
        (["80f24002024f0000", "00a40004023f0000"], False, "aa14220880f24002024f0000220800a40004023f0000"),
        (["80ca00e000"], True, "ae80220580ca00e0000000"),
        (
            ["00a4000c023f00", "00a4000c022fe2", "00b000000a"],
            True,
            "ae80220700a4000c023f00220700a4000c022fe2220500b000000a0000",
        ),
    ],
)
def test_expanded_script_vectors(commands, indefinite, encoded):
    apdus = [euicc.CommandApdu.parse(h(c)) for c in commands]
    script = remote.ExpandedCommandScript.from_commands(apdus, indefinite)
    assert script.encode() == h(encoded)
    decoded = remote.ExpandedCommandScript.decode(h(encoded))
    assert decoded == script and decoded.commands() == apdus
    assert isinstance(decoded.items[0], remote.CommandApduTlv)


def test_expanded_response_vectors():
    r = remote.ExpandedResponse.decode(h("af8023029000230290002 30c98881201000040860814 9000 0000".replace(" ", "")))
    assert r.indefinite and r.executed is None and r.executed_count == 3
    assert r.last_response == remote.ResponseApduTlv(data=h("98881201000040860814"), sw=0x9000)
    one = remote.ExpandedResponse.decode(h("ab0780010123026132"))
    assert one.executed == 1 and one.items == [remote.ResponseApduTlv(sw=0x6132)]
    assert one.encode() == h("ab0780010123026132")
    assert remote.ExpandedResponse.decode(h("ab06800101900101")).items == [
        remote.BadFormatTlv(kind=remote.BadFormat.UnknownTag)
    ]
    assert remote.ExpandedResponse.decode(h("ab06800101810101")).items == [remote.ImmediateActionResponse(value=1)]
    assert remote.ExpandedResponse.decode(h("ab06800101830102")).items == [remote.ScriptChainingResponse(value=2)]
    assert isinstance(one.items[0], remote.ResponseItem)


def test_malformed_expanded_script_is_a_bad_format_error():
    with pytest.raises(euicc.BadFormatError) as info:
        remote.ExpandedCommandScript.decode(h("aa04 9901 0000".replace(" ", "")))
    assert isinstance(info.value, euicc.CodecError) and info.value.kind == remote.BadFormat.UnknownTag
    assert remote.BadFormatError is euicc.BadFormatError
    prefix = remote.decode_expanded_command_prefix(h("aa0a220580ca00e000 990100".replace(" ", "")))
    assert prefix.bad_format == remote.BadFormat.UnknownTag and len(prefix.script.items) == 1


# ---- CAT (spec/cat.md) -----------------------------------------------------------------------------------


def test_terminal_profile_vectors():
    constructed = h("2301e842010c00030000001f2220000003")
    p = cat.TerminalProfile.decode(constructed)
    assert p.sms_pp_data_download and p.timer_expiration and p.open_channel and p.tcp_client_remote
    assert p.number_of_channels == 1 and not p.menu_selection
    assert p.encode() == constructed and cat.encode(p) == constructed
    assert cat.terminal_profile_apdu(p).encode() == h("8010000011") + constructed
    modem = h("ffffffff7f9d00dfbf00001fe2000000c36b000700004000500000000008")
    assert cat.decode_terminal_profile(modem).encode() == modem  # unnamed bits travel in other_bits
    flags = p.flags()
    assert flags["sms_pp_data_download"] is True and flags["menu_selection"] is False
    assert cat.TerminalProfile(**flags, number_of_channels=1).encode()[:8] == constructed[:8]
    bits = cat.terminal_profile_bits()
    assert len(bits) == len(flags) and bits[1].attribute == "sms_pp_data_download"
    assert (bits[1].byte, bits[1].bit, bits[1].name) == (1, 2, "SMS-PP data download")
    assert euicc.default_terminal_profile().sms_pp_data_download


def test_sms_pp_download_envelope_vector():
    data = h("d14282028381860491214365") + h("8b36") + DELIVER_3DES
    envelope = cat.parse_envelope(data)
    assert isinstance(envelope, cat.SmsPpDownload) and isinstance(envelope, cat.Envelope)
    assert envelope.address == cat.Address(ton_npi=0x91, digits="123456")
    assert envelope.devices == cat.DeviceIdentities(source=0x83, destination=0x81)
    assert envelope.tpdu == DELIVER_3DES
    assert envelope.encode() == data and cat.encode(envelope) == data
    assert cat.envelope_apdu(data).encode() == h("80c2000044") + data


@pytest.mark.parametrize(
    "vector,kind",
    [
        ("d60e99010982028281b8028100b7012a", cat.DataAvailableEvent),
        ("d60b99010a82028281b8020105", cat.ChannelStatusEvent),
        ("d70c82028281a40101a503000130", cat.TimerExpiration),
    ],
)
def test_event_envelope_vectors(vector, kind):
    envelope = cat.parse_envelope(h(vector))
    assert type(envelope) is kind
    assert envelope.encode() == h(vector)


def test_event_envelope_fields():
    available = cat.parse_envelope(h("d60e99010982028281b8028100b7012a"))
    assert available.status == cat.ChannelStatus(channel_id=1, link_established=True)
    assert available.available_length == 42
    dropped = cat.parse_envelope(h("d60b99010a82028281b8020105"))
    assert dropped.status.further_info == 0x05 and not dropped.status.link_established
    timer = cat.parse_envelope(h("d70c82028281a40101a503000130"))
    assert timer.timer_id == 1 and timer.value == datetime.timedelta(minutes=10, seconds=3)


PROACTIVE_VECTORS = [
    ("d027810301400182028182350103390205dc470908696e7465726e65743c030201bb3e0521c0a80001", cat.OpenChannel),
    ("d010810302430182028121b605160303004c", cat.SendData),
    ("d00c810303420082028121b7012a", cat.ReceiveData),
    ("d009810304410082028121", cat.CloseChannel),
    ("d009810305440082028182", cat.GetChannelStatus),
    ("d009810301020082028182", cat.MoreTime),
    ("d00d8103010300820281828402011e", cat.PollInterval),
    ("d011810301270082028182a40101a503000130", cat.TimerManagement),
    (
        "d02a8103011300820281838b1f41000a9121436587097ff613027100000e0ab0001100000000000000016132",
        cat.SendShortMessage,
    ),
]


@pytest.mark.parametrize("vector,kind", PROACTIVE_VECTORS)
def test_proactive_command_vectors(vector, kind):
    command = cat.parse_proactive_command(h(vector))
    assert type(command) is kind and isinstance(command, cat.ProactiveCommand)
    assert command.details == cat.parse_command_details(h(vector)) == cat.details_of(command)
    assert command.details.type == kind.type and command.type_name == cat.command_type_name(kind.type)
    assert command.encode() == h(vector) and cat.encode(command) == h(vector)


def test_proactive_command_fields():
    open_channel = cat.parse_proactive_command(h(PROACTIVE_VECTORS[0][0]))
    assert open_channel.immediate_link and open_channel.type_name == "OPEN CHANNEL"
    assert open_channel.bearer == cat.BearerDescription(type=cat.BearerType.Default)
    assert (open_channel.buffer_size, open_channel.network_access_name) == (1500, "internet")
    assert open_channel.transport_level == cat.TransportLevel(protocol=cat.TransportProtocol.TcpClientRemote, port=443)
    assert open_channel.destination_address.ip == "192.168.0.1"
    timer = cat.parse_proactive_command(h(PROACTIVE_VECTORS[7][0]))
    assert timer.operation == cat.TimerOperation.Start and timer.timer_id == 1
    assert timer.value == datetime.timedelta(seconds=603)  # 00 01 30: 0 h 10 min 3 s, swapped BCD
    short_message = cat.parse_proactive_command(h(PROACTIVE_VECTORS[8][0]))
    assert sms.Submit.decode(short_message.tpdu).destination.digits == "1234567890"
    send = cat.parse_proactive_command(h(PROACTIVE_VECTORS[1][0]))
    assert send.send_immediately and cat.target_channel(send.header) == 1
    # Built in Python, a command encodes as the card would send it.
    built = cat.TimerManagement(timer_id=1, value=603)
    assert built.encode() == h(PROACTIVE_VECTORS[7][0])


def test_unknown_proactive_command_is_kept_and_answered_30():
    data = h("d00c810301250082028182850141")  # SET UP MENU: not modelled
    command = cat.parse_proactive_command(data)
    assert isinstance(command, cat.UnknownCommand) and command.type == cat.CommandType.SetUpMenu
    assert command.encode() == data
    assert cat.comprehension_result(command) == cat.GeneralResult.BeyondTerminalCapabilities
    with pytest.raises(euicc.CodecError) as info:
        cat.parse_proactive_command(h("d003810301"))
    assert info.value.context == "proactive command"


@pytest.mark.parametrize(
    "vector",
    [
        "810301400182028281830100380281003501033902 05dc",
        "810302430182028281830100b701ff",
        "810303420082028281830100b6051703030025b70100",
        "810305440082028281830100b8028100",
    ],
)
def test_terminal_response_vectors(vector):
    data = h(vector.replace(" ", ""))
    response = cat.parse_terminal_response(data)
    assert response.result == cat.Result.ok()
    assert response.encode() == data and cat.encode(response) == data


def test_terminal_responses_built_and_parsed():
    opened = cat.parse_terminal_response(h("810301400182028281830100380281003501033902 05dc".replace(" ", "")))
    assert opened.channel_statuses == [cat.ChannelStatus(channel_id=1, link_established=True)]
    assert opened.buffer_size == 1500 and opened.bearer.type == cat.BearerType.Default
    apdu = cat.terminal_response_apdu(opened).encode()
    assert apdu == h("8014000017") + opened.encode()
    failed = cat.parse_terminal_response(h("8103014009820282818302200435010339020578"))
    assert failed.result == cat.Result.terminal_unable(cat.TerminalProblem.NoService)
    assert not cat.is_performed(failed.result.general) and cat.is_temporary_problem(failed.result.general)
    command = cat.parse_proactive_command(h(PROACTIVE_VECTORS[0][0]))
    refused = cat.response_to(command, cat.Result.bip_error(cat.BipError.RemoteDeviceNotReachable))
    assert refused.details == command.details
    assert refused.encode() == h("810301400182028281830 2 3a07".replace(" ", ""))
    assert cat.bip_error_name(cat.BipError.RemoteDeviceNotReachable) == "remote device is not reachable"


def test_cat_objects():
    assert cat.encode_timer_value(datetime.timedelta(minutes=1, seconds=30)) == h("001003")
    assert cat.decode_timer_value(h("001003")) == datetime.timedelta(seconds=90)
    assert cat.OtherAddress.from_ip("::1").type == cat.AddressType.Ipv6
    assert cat.decode_network_access_name(cat.encode_network_access_name("internet")) == "internet"
    assert cat.TextString.from_utf8("hi").text == "hi"
    assert cat.channel_device(3) == 0x23 and cat.channel_of_device(0x23) == 3 and cat.channel_of_device(0x81) is None
