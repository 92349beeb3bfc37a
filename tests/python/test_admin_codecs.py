# SPDX-License-Identifier: Apache-2.0
"""euicc.scp81 from Python (spec/scp81.md §4-§5, test vectors): the SGP.02 PSK identity, agent id, targeted
application, script status, service request header, and the admin HTTP messages with their incremental parsers."""

from __future__ import annotations

import datetime

import pytest

import euicc
from euicc import scp81, trigger

from scenario import DEFAULT_EID, ISD_R_AID

EID = bytes.fromhex(DEFAULT_EID)
# spec/scp81.md "SGP.02 PSK identity": EID 8904...1235, ISD-R AID, KID 01, KVN 40.
PSK_IDENTITY_TEXT = "8001028110890490321234512345123456789012354F10A0000005591010FFFFFFFF8900000100820101830140"
AGENT_ID_TEXT = "//se-id/eid/89049032123451234512345678901235;//aa-id/aid/A000000559/1010FFFFFFFF8900000100"


def test_psk_identity_known_answer_and_round_trip():
    identity = scp81.PskIdentity(eid=EID, isd_r_aid=ISD_R_AID, key_id=0x01, key_version=0x40)
    assert scp81.encode_psk_identity(identity) == PSK_IDENTITY_TEXT
    assert identity.encode() == PSK_IDENTITY_TEXT
    assert scp81.parse_psk_identity(PSK_IDENTITY_TEXT) == identity
    assert scp81.parse_psk_identity(PSK_IDENTITY_TEXT.lower()) == identity  # the server compares case-insensitively
    assert "key_version=0x40" in repr(identity)


@pytest.mark.parametrize(
    "text, offset",
    [
        (PSK_IDENTITY_TEXT[:-1], None),  # odd length
        (PSK_IDENTITY_TEXT[:4] + "G" + PSK_IDENTITY_TEXT[5:], 4),  # not hex, at character 4
        ("800103" + PSK_IDENTITY_TEXT[6:], None),  # format 03
        (PSK_IDENTITY_TEXT[:-6], None),  # KVN missing
    ],
    ids=["odd-length", "non-hex", "wrong-format", "missing-kvn"],
)
def test_psk_identity_refusals_are_codec_errors(text, offset):
    with pytest.raises(euicc.CodecError) as refused:
        scp81.parse_psk_identity(text)
    assert refused.value.context == "PSK identity"
    if offset is not None:
        assert refused.value.offset == offset


def test_psk_identity_bad_lengths_are_value_errors():
    with pytest.raises(ValueError):
        scp81.encode_psk_identity(scp81.PskIdentity(eid=EID[:15], isd_r_aid=ISD_R_AID, key_id=1, key_version=0x40))


def test_agent_id_and_targeted_application():
    assert scp81.format_agent_id(EID, ISD_R_AID) == AGENT_ID_TEXT
    assert scp81.parse_agent_id(AGENT_ID_TEXT) == scp81.AgentId(eid=EID, isd_r_aid=ISD_R_AID)
    ecasd = bytes.fromhex("A0000005591010FFFFFFFF8900000200")
    assert scp81.format_targeted_application(ecasd) == "//aid/A000000559/1010FFFFFFFF8900000200"
    assert scp81.parse_targeted_application("//aid/a000000559/1010ffffffff8900000200") == ecasd
    with pytest.raises(euicc.CodecError) as refused:
        scp81.parse_agent_id("//se-id/eid/8904;//aa-id/aid/A000000559")
    assert refused.value.context == "agent id"


def test_script_status_and_service_request():
    assert [scp81.to_string(s) for s in (scp81.ScriptStatus.Ok, scp81.ScriptStatus.UnknownApplication)] == [
        "ok",
        "unknown-application",
    ]
    assert scp81.parse_script_status("Security-Error") == scp81.ScriptStatus.SecurityError
    with pytest.raises(euicc.CodecError):
        scp81.parse_script_status("fine")

    request = scp81.ServiceRequest(operation=trigger.OperationType.ProfileInstallation, mode=trigger.ManagementMode.Push)
    assert scp81.format_service_request(request) == "operation=profile-installation; mode=push"
    assert scp81.parse_service_request("MODE=pull;operation=smsr-change") == scp81.ServiceRequest(
        operation=trigger.OperationType.SmSrChange, mode=trigger.ManagementMode.Pull
    )
    assert scp81.to_header_name(trigger.OperationType.StatusChange) == "status-change"
    assert scp81.to_header_name(trigger.ManagementMode.Pull) == "pull"
    with pytest.raises(euicc.CodecError) as refused:
        scp81.parse_service_request("operation=profile-download")  # mode missing
    assert refused.value.context == "X-Admin-Service-Request"


def feed_in_pieces(parser, data: bytes, piece: int = 7) -> int:
    """Feeds `data` a few bytes at a time (input may be split anywhere); returns the bytes taken."""
    taken = 0
    while taken < len(data) and not parser.done:
        used = parser.feed(data[taken : taken + piece])
        taken += used
        if used < piece:
            break
    return taken


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_request_round_trip(chunked):
    first = scp81.AdminRequest(
        uri="/smsr/admin",
        host="127.0.0.1:8443",
        agent_id=AGENT_ID_TEXT,
        service_request=scp81.ServiceRequest(operation=trigger.OperationType.Enabling),
    )
    later = scp81.AdminRequest(
        uri="/smsr/admin/1/1",
        host="127.0.0.1:8443",
        agent_id=AGENT_ID_TEXT,
        script_status=scp81.ScriptStatus.Ok,
        body=bytes.fromhex("AB158001012310FF210B81010D8202C5D6830209629000"),  # spec/scp81.md §7
    )
    wire = scp81.encode_request(first, chunked) + scp81.encode_request(later, chunked)
    assert wire.startswith(b"POST /smsr/admin HTTP/1.1\r\n")
    assert b"X-Admin-Service-Request: operation=enabling; mode=push\r\n" in wire
    assert (b"Transfer-Encoding: chunked" in wire) == chunked

    parser = scp81.RequestParser()
    taken = feed_in_pieces(parser, wire)
    assert parser.done
    assert parser.take() == first
    rest = wire[taken:]
    assert feed_in_pieces(parser, rest) == len(rest)
    assert parser.take() == later


def test_request_parser_refuses_malformed_http_and_is_spent():
    parser = scp81.RequestParser()
    with pytest.raises(euicc.CodecError) as refused:
        parser.feed(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert refused.value.context == "HTTP request"
    with pytest.raises(RuntimeError):
        parser.feed(b"POST")


def test_response_round_trips():
    script = scp81.AdminResponse(
        kind=scp81.AdminResponse.Kind.Script,
        next_uri="/ramNext/12",
        body=bytes.fromhex("AA07220580CAFF2100"),
        targeted_application=ISD_R_AID,
    )
    busy = scp81.AdminResponse(kind=scp81.AdminResponse.Kind.Busy, retry_after=30)
    end = scp81.AdminResponse(kind=scp81.AdminResponse.Kind.End)
    for response, status in ((script, 200), (busy, 503), (end, 204)):
        wire = scp81.encode_response(response)
        assert wire.startswith(f"HTTP/1.1 {status} ".encode())
        parser = scp81.ResponseParser()
        assert feed_in_pieces(parser, wire) == len(wire)
        parsed = parser.take()
        assert parsed.kind == response.kind
        assert parsed.status == status
        assert parsed.body == response.body
    assert busy.retry_after == datetime.timedelta(seconds=30)
    with pytest.raises(ValueError):
        scp81.encode_response(scp81.AdminResponse(kind=scp81.AdminResponse.Kind.Script))  # no next URI


def test_response_parser_refuses_a_script_without_next_uri():
    wire = (
        b"HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
        b"Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\nContent-Length: 0\r\n\r\n"
    )
    with pytest.raises(euicc.CodecError) as refused:
        scp81.ResponseParser().feed(wire)
    assert refused.value.context == "HTTP response"
