# SPDX-License-Identifier: Apache-2.0
"""euicc.explain (`euicc decode` from Python): spec vectors explained in words, as a tree, text and JSON."""

import json

import pytest

import euicc
from euicc import scp80

h = bytes.fromhex

# spec/cat.md: ENVELOPE SMS-PP download carrying the pySim 3DES command packet (TP-UDL corrected).
ENVELOPE_APDU = h(
    "80c2000044d14282028381860491214365"
    "8b36400881214365877ff6227052000000002502700000201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f"
)
KEYS_3DES = scp80.Keyset(3, h("300102030405060708090a0b0c0d0e0f"), h("301102030405060708090a0b0c0d0e0f"))
COMMAND_PACKET = h("00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f")
POR = h("027100001c12b000118bb989492c632529326a2f4681feb37c825bc9021c9f6d0b")


def labels(node):
    yield node.label
    for child in node.children:
        yield from labels(child)


def test_envelope_vector_explained():
    tree = euicc.explain(ENVELOPE_APDU)
    assert tree.label == "C-APDU" and tree.value == "ENVELOPE" and not tree.malformed
    envelope = tree.find("ENVELOPE")
    assert envelope.value.startswith("SMS-PP data download")
    assert tree.find("address").value.startswith("+123456")
    assert tree.find("TP-PID").hex == "7F" and tree.find("KIc").hex == "35"
    assert {"SMS-DELIVER", "command packet", "SPI", "TAR"} <= set(labels(tree))
    assert tree.find("no such label") is None
    text = tree.to_text()
    assert text == str(tree) and text.splitlines()[0] == "C-APDU: ENVELOPE"
    assert "  ENVELOPE: SMS-PP data download (D1)" in text


def test_json_form():
    tree = euicc.explain(h("d011810301270082028182a40101a503000130"), kind="proactive")
    document = json.loads(tree.to_json())
    assert set(document) == {"label", "value", "hex", "children"}
    assert document["children"][0]["label"] == "command details"
    assert json.loads(tree.to_json(-1)) == document and "\n" not in tree.to_json(-1)

    def build(node):
        return euicc.Explanation(
            label=node["label"], value=node["value"], hex=node["hex"], children=[build(c) for c in node["children"]]
        )

    assert build(document) == tree  # the JSON holds the whole tree


def test_keys_decipher_and_verify_without_being_shown():
    without = euicc.explain(COMMAND_PACKET)
    assert "give keys to decipher" in without.find("ciphered part").value
    tree = euicc.explain(COMMAND_PACKET, keys=KEYS_3DES)
    assert tree.find("secured data").hex == "00A40004023F00"
    assert tree.find("verification").value.startswith("CC verified")
    for secret in (h("300102030405060708090a0b0c0d0e0f"), h("301102030405060708090a0b0c0d0e0f")):
        assert secret.hex().upper() not in tree.to_json() and secret.hex() not in tree.to_text().lower()


def test_por_explained_against_its_command():
    command = euicc.find_command(ENVELOPE_APDU, keys=KEYS_3DES)
    assert command.header.tar == scp80.Tar(0xB00011) and command.counter_known
    tree = euicc.explain(POR, kind="por", keys=KEYS_3DES, command=command)
    assert tree.find("status").value == "00: PoR OK"
    assert "CNTR matches" in tree.find("verification").value
    assert tree.find("compact response").value.startswith("1 command executed")
    assert euicc.find_command(POR) is None


def test_malformed_input_never_raises():
    tree = euicc.explain(h("d0ff01"))
    assert tree.malformed and tree.find("malformed").value.startswith("proactive command at offset 1")
    assert euicc.explain(b"") == euicc.Explanation(label="empty input", value="no bytes to explain")
    truncated = euicc.explain(b"\xd1")
    assert truncated.label == "ENVELOPE" and truncated.find("malformed").value.endswith("0 left")


def test_kinds():
    kinds = euicc.explain_kinds()
    assert kinds[0] == "auto" and {"envelope", "por", "trigger", "deliver", "script"} <= set(kinds)
    assert euicc.explain(ENVELOPE_APDU[5:], kind="envelope").label == "ENVELOPE"
    with pytest.raises(ValueError, match="one of: auto, apdu"):
        euicc.explain(ENVELOPE_APDU, kind="nonsense")
