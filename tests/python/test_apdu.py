# SPDX-License-Identifier: Apache-2.0
"""ISO 7816-4 APDUs, status words, hex, CLA and EID helpers through the binding (spec/iso7816.md vectors)."""

import pytest

import euicc
from scenario import DEFAULT_EID, ECASD_AID

# (encoded, case, extended, Nc, Ne): spec/iso7816.md §1 and its extended-length examples.
CASES = [
    ("00A40004023F00", 3, False, 2, None),
    ("00C000002F", 2, False, 0, 0x2F),
    ("0070000001", 2, False, 0, 1),
    ("0070800200", 2, False, 0, 256),
    ("80F20101", 1, False, 0, None),
    ("00A4040010" + ECASD_AID.hex() + "00", 4, False, 16, 256),
    ("00B00000000000", 2, True, 0, 65536),
    ("80E29100" + "00012C" + "AB" * 300, 3, True, 300, None),
    ("00CB3FFF" + "000005" + "5C035F2D00" + "0000", 4, True, 5, 65536),
]


@pytest.mark.parametrize("hex_apdu,case,extended,nc,ne", CASES)
def test_command_apdu_round_trip(hex_apdu, case, extended, nc, ne):
    raw = bytes.fromhex(hex_apdu)
    c = euicc.CommandApdu.parse(raw)
    assert (c.apdu_case, c.extended, len(c.data), c.ne) == (case, extended, nc, ne)
    assert c.encode() == raw
    assert bytes(c) == raw
    assert euicc.CommandApdu.parse(c.encode()) == c


def test_command_apdu_fields_and_repr():
    c = euicc.CommandApdu(0x80, 0xCA, 0x00, 0x5A, ne=256)
    assert (c.cla, c.ins, c.p1, c.p2, c.data, c.ne) == (0x80, 0xCA, 0x00, 0x5A, b"", 256)
    assert c.encode() == bytes.fromhex("80CA005A00")
    assert repr(c) == "CommandApdu(cla=0x80, ins=0xCA, p1=0x00, p2=0x5A, ne=256)"
    s = euicc.CommandApdu(0, 0xA4, 4, 0, bytearray(b"\xa0\x01"))
    assert repr(s) == "CommandApdu(cla=0x00, ins=0xA4, p1=0x04, p2=0x00, data=A001)"
    assert s.data == b"\xa0\x01" and isinstance(s.data, bytes)
    assert c != s and c == euicc.CommandApdu(0x80, 0xCA, 0, 0x5A, b"", 256)
    assert c.with_cla(0x81).cla == 0x81 and c.with_ne(None).apdu_case == 1


def test_command_apdu_forced_extended():
    c = euicc.CommandApdu(0x00, 0xB0, 0, 0, ne=16)
    assert c.encode() == bytes.fromhex("00B0000010")
    c.extended = True
    assert c.extended and c.encode() == bytes.fromhex("00B00000000010")


@pytest.mark.parametrize(
    "kwargs",
    [dict(cla=256), dict(ins=-1), dict(ne=0), dict(ne=65537), dict(data=b"\x00" * 65536)],
)
def test_command_apdu_bad_arguments_raise_value_error(kwargs):
    args = dict(cla=0, ins=0xA4, p1=0, p2=0) | kwargs
    with pytest.raises(ValueError):
        euicc.CommandApdu(**args)


@pytest.mark.parametrize(
    "hex_apdu,offset",
    [("00A4", 0), ("00A4040002A0", 5), ("00A404000001", None), ("00A404000200AABB00", None)],
)
def test_command_apdu_parse_errors(hex_apdu, offset):
    with pytest.raises(euicc.CodecError) as info:
        euicc.CommandApdu.parse(bytes.fromhex(hex_apdu))
    assert info.value.context == "C-APDU"
    assert isinstance(info.value.offset, int)
    if offset is not None:
        assert info.value.offset == offset


def test_codec_error_offset_of_truncated_header():
    with pytest.raises(euicc.CodecError) as info:
        euicc.CommandApdu.parse(b"\x00\xa4")
    assert (info.value.context, info.value.offset) == ("C-APDU", 0)
    assert "C-APDU" in str(info.value)


def test_response_apdu():
    r = euicc.ResponseApdu.parse(bytes.fromhex("6F10A0009000"))
    assert (r.data, r.sw, r.sw1, r.sw2) == (bytes.fromhex("6F10A000"), 0x9000, 0x90, 0x00)
    assert repr(r) == "ResponseApdu(data=6F10A000, sw=9000)"
    assert r.encode() == bytes.fromhex("6F10A0009000") == bytes(r)
    assert r == euicc.ResponseApdu(bytes.fromhex("6F10A000"), 0x9000)
    assert euicc.ResponseApdu(sw=0x6A82) == euicc.ResponseApdu.parse(b"\x6a\x82")
    with pytest.raises(euicc.CodecError) as info:
        euicc.ResponseApdu.parse(b"\x90")
    assert info.value.context == "R-APDU"
    with pytest.raises(ValueError):
        euicc.ResponseApdu(b"", 0x10000)


def test_status_words():
    assert "not found" in euicc.describe_sw(0x6A82)
    assert euicc.describe_sw(0x9000) != euicc.describe_sw(0x6D00)
    assert euicc.sw_is_success(0x9000) and euicc.sw_is_success(0x9110) and euicc.sw_is_success(0x6120)
    assert not euicc.sw_is_success(0x6A82)
    with pytest.raises(ValueError):
        euicc.describe_sw(-1)


def test_expect_raises_status_word_error_with_attributes():
    ok = euicc.ResponseApdu(b"\x01", 0x9000)
    assert euicc.expect(ok, "SELECT ISD-R") == ok
    assert euicc.expect(euicc.ResponseApdu(sw=0x6310), "X", [0x9000, 0x6310]).sw == 0x6310
    with pytest.raises(euicc.StatusWordError) as info:
        euicc.expect(euicc.ResponseApdu(sw=0x6A82), "SELECT ISD-R")
    assert (info.value.command, info.value.sw) == ("SELECT ISD-R", 0x6A82)
    assert "6A82" in str(info.value)
    assert isinstance(info.value, euicc.Error)


def test_hex_helpers():
    assert euicc.to_hex(b"\x00\xa4\xff") == "00A4FF"
    assert euicc.from_hex("00 a4:FF") == b"\x00\xa4\xff"
    with pytest.raises(euicc.CodecError) as info:
        euicc.from_hex("00A")
    assert info.value.context == "hex"
    with pytest.raises(euicc.CodecError) as info:
        euicc.from_hex("00g1")
    assert info.value.offset == 2


@pytest.mark.parametrize("buffer_type", [bytes, bytearray, memoryview])
def test_bytes_inputs_accept_the_buffer_protocol(buffer_type):
    assert euicc.to_hex(buffer_type(b"\x12\x34")) == "1234"
    assert euicc.CommandApdu.parse(buffer_type(b"\x80\xf2\x00\x00")).ins == 0xF2


def test_bytes_inputs_reject_lists_and_str():
    with pytest.raises(TypeError):
        euicc.to_hex([0x12, 0x34])
    with pytest.raises(TypeError):
        euicc.CommandApdu.parse("80F20000")
    with pytest.raises(TypeError):
        euicc.to_hex(memoryview(b"\x00\x01\x02\x03")[::2])  # not contiguous


def test_cla_and_logical_channels():
    assert euicc.cla_with_channel(0x00, 1) == 0x01
    assert euicc.cla_with_channel(0x80, 3) == 0x83
    assert euicc.cla_with_channel(0x00, 4) == 0x40
    assert euicc.cla_with_channel(0x80, 19) == 0xCF
    assert [euicc.channel_of_cla(c) for c in (0x03, 0x83, 0x40, 0xCF)] == [3, 3, 4, 19]
    with pytest.raises(ValueError):
        euicc.cla_with_channel(0x00, 20)


def test_eid_helpers():
    assert euicc.eid_is_valid(DEFAULT_EID)
    assert not euicc.eid_is_valid(DEFAULT_EID[:-1] + "4")
    assert euicc.eid_with_check_digits(DEFAULT_EID[:30]) == DEFAULT_EID
    assert euicc.eid_to_bytes(DEFAULT_EID) == bytes.fromhex(DEFAULT_EID)
    assert euicc.eid_from_bytes(bytes.fromhex(DEFAULT_EID)) == DEFAULT_EID
    with pytest.raises(ValueError):
        euicc.eid_with_check_digits("1234")
    with pytest.raises(euicc.CodecError):
        euicc.eid_from_bytes(b"\x89\x04")
