# SPDX-License-Identifier: Apache-2.0
"""BER-TLV (X.690 §8.1) and COMPREHENSION-TLV (TS 101 220 §7.1.1) through the binding (spec/iso7816.md §5, §6)."""

import pytest

import euicc
from scenario import ISD_R_AID

FCI_ISD_R = bytes.fromhex("6F188410A0000005591010FFFFFFFF8900000100A5049F6501FF")


def test_ber_parse_nested_fci():
    (fci,) = euicc.ber_parse(FCI_ISD_R)
    assert fci.tag == 0x6F and fci.constructed
    assert [c.tag for c in fci.children] == [0x84, 0xA5]
    assert fci.find(0x84).value == ISD_R_AID
    prop = fci.at(0xA5)
    assert prop.constructed and prop.children[0].tag == 0x9F65 and prop.children[0].value == b"\xff"
    assert fci.find(0x99) is None
    with pytest.raises(euicc.CodecError):
        fci.at(0x99)
    assert euicc.ber_parse_one(FCI_ISD_R).encode() == FCI_ISD_R
    assert repr(prop) == "BerTlv(tag=0xA5, children=[BerTlv(tag=0x9F65, value=FF)])"


@pytest.mark.parametrize(
    "tag,length,header",
    [(0x5A, 16, "5A10"), (0x5A, 127, "5A7F"), (0x5A, 128, "5A8180"), (0x9F70, 255, "9F7081FF"), (0x5F20, 300, "5F2082012C")],
)
def test_ber_encode_tags_and_lengths(tag, length, header):
    value = bytes(range(256)) * 2
    encoded = euicc.ber_encode(tag, value[:length])
    assert encoded.hex().upper().startswith(header) and len(encoded) == len(header) // 2 + length
    (tlv,) = euicc.ber_parse(encoded)
    assert (tlv.tag, tlv.value) == (tag, value[:length])
    assert euicc.ber_encode_tag(tag) + euicc.ber_encode_length(length) == bytes.fromhex(header)


def test_ber_build_constructed_from_children():
    tlv = euicc.BerTlv(0xBF22, children=[euicc.BerTlv(0x5A, b"\x01\x02"), euicc.BerTlv(0x80, b"")])
    assert euicc.ber_encode(tlv) == bytes.fromhex("BF2206 5A020102 8000".replace(" ", ""))
    assert bytes(tlv) == tlv.encode()
    tlv.children = [euicc.BerTlv(0x81, b"\x07")]
    assert tlv.encode() == bytes.fromhex("BF2203810107")


@pytest.mark.parametrize("hex_data,offset", [("5A0501", 1), ("5A01015A", 4), ("9F", 1)])
def test_ber_parse_truncated(hex_data, offset):
    # The offset names the field that could not be read: the length, or the second tag's missing length.
    with pytest.raises(euicc.CodecError) as info:
        euicc.ber_parse(bytes.fromhex(hex_data))
    assert info.value.context == "BER-TLV"
    assert info.value.offset == offset


def test_ber_der_and_indefinite_options():
    non_minimal = bytes.fromhex("5A810100")
    assert euicc.ber_parse(non_minimal)[0].value == b"\x00"
    with pytest.raises(euicc.CodecError):
        euicc.ber_parse(non_minimal, der=True)
    indefinite = bytes.fromhex("AE80" "8001AA" "0000")
    with pytest.raises(euicc.CodecError):
        euicc.ber_parse(indefinite)
    (script,) = euicc.ber_parse(indefinite, allow_indefinite=True)
    assert script.indefinite and script.children[0].value == b"\xaa"


def test_ber_parse_one_rejects_trailing_bytes():
    with pytest.raises(euicc.CodecError):
        euicc.ber_parse_one(bytes.fromhex("5A00" "5A00"))
    assert len(euicc.ber_parse(bytes.fromhex("5A00" "5A00"))) == 2


@pytest.mark.parametrize(
    "hex_data,tag,cr,three_byte",
    [("8103014001", 0x01, True, False), ("0103014001", 0x01, False, False), ("7F800503014001", 0x05, True, True)],
)
def test_ctlv_vectors(hex_data, tag, cr, three_byte):
    (obj,) = euicc.ctlv_parse(bytes.fromhex(hex_data))
    assert (obj.tag, obj.cr, obj.value, obj.three_byte) == (tag, cr, bytes.fromhex("014001"), three_byte)
    assert euicc.ctlv_encode(obj) == bytes.fromhex(hex_data)
    assert obj == euicc.ComprehensionTlv(tag, bytes.fromhex("014001"), cr=cr, three_byte=three_byte)


def test_ctlv_encode_forms_and_find():
    objs = [euicc.ComprehensionTlv(0x01, b"\x01\x40\x01", cr=True), euicc.ComprehensionTlv(0x02, b"\x81\x82")]
    encoded = euicc.ctlv_encode(objs)
    assert encoded == bytes.fromhex("8103014001" "02028182")
    assert euicc.ctlv_encode(0x02, b"\x81\x82") == bytes.fromhex("02028182")
    assert euicc.ctlv_encode(0x01, b"\x01\x40\x01", True) == bytes.fromhex("8103014001")
    parsed = euicc.ctlv_parse(encoded)
    assert parsed == objs
    assert euicc.ctlv_find(parsed, 0x02).value == b"\x81\x82"
    assert euicc.ctlv_find(parsed, 0x01).cr  # matched on the value, CR ignored
    assert euicc.ctlv_find(parsed, 0x03) is None


@pytest.mark.parametrize("hex_data", ["000100", "800100", "FF0100", "7F000001", "0105AA"])
def test_ctlv_rejects_reserved_tags_and_truncation(hex_data):
    with pytest.raises(euicc.CodecError) as info:
        euicc.ctlv_parse(bytes.fromhex(hex_data))
    assert info.value.context == "COMPREHENSION-TLV"


def test_ctlv_tag_range():
    with pytest.raises(ValueError):
        euicc.ComprehensionTlv(0x8000)
    with pytest.raises(ValueError):
        euicc.ComprehensionTlv(0)
