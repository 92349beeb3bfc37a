# SPDX-License-Identifier: Apache-2.0
"""SGP.02 platform operations from Python (spec/sgp02.md): ES5 on the ISD-R, ES8 download on an ISD-P, typed
refusals, SM-SR change, and the `euicc profile` CLI, over the in-process virtual eUICC and over pcscd + vpcd.

The pcsc card is shared by every test of a ctest run: each test deletes the ISD-Ps it creates and assumes nothing
about what else the card holds. The SM-SR change runs in-process only (it would change the shared card's keys).
"""

from __future__ import annotations

import copy
import json
import os
import pickle
import subprocess
from pathlib import Path

import pytest

import euicc
from euicc import saip, scp03, sgp02

REPO = Path(__file__).parents[2]
TS48_PROFILE = REPO.parent / "shared" / "profiles" / "TS48v1_A.der"
GENERATED_ICCID = "89019990001234567893"

ISDP_KEYS = scp03.StaticKeys(
    0x30,
    bytes.fromhex("707172737475767778797A7B7C7D7E7F"),
    bytes.fromhex("808182838485868788898A8B8C8D8E8F"),
    bytes.fromhex("909192939495969798999A9B9C9D9E9F"),
)
NEW_SMSR_KEYS = scp03.StaticKeys(
    0x31,
    bytes.fromhex("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"),
    bytes.fromhex("B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"),
    bytes.fromhex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF"),
)


def ts48_profile() -> bytes:
    if not TS48_PROFILE.is_file():
        pytest.skip(f"GSMA TS.48 test profile not found at {TS48_PROFILE}")
    return TS48_PROFILE.read_bytes()


def generated_profile() -> bytes:
    return saip.generate_profile(GENERATED_ICCID, imsi="001010123456789")


class CreatedIsdps:
    """Deletes, at the end of a test, every ISD-P the test created (disabling it first when it is enabled)."""

    def __init__(self, channel: euicc.CardChannel) -> None:
        self.channel = channel
        self.aids: list[bytes] = []

    def cleanup(self) -> None:
        if not self.aids:
            return
        isd_r = euicc.IsdR(self.channel, euicc.lab_isd_r_keys())
        for aid in self.aids:
            record = isd_r.audit().find(aid)
            if record is None:
                continue
            if record.state == sgp02.ProfileState.Enabled:
                isd_r.disable_profile(aid)
            isd_r.delete_profile(aid)


@pytest.fixture
def created(channel):
    tracker = CreatedIsdps(channel)
    yield tracker
    tracker.cleanup()


def drain_notifications(isd_r: euicc.IsdR) -> list[sgp02.Notification]:
    out: list[sgp02.Notification] = []
    while (notification := isd_r.fetch_notification()) is not None:
        assert len(out) < 16, "a confirmed notification came back"
        assert isd_r.confirm_notification(notification.sequence).sequence == notification.sequence
        out.append(notification)
    return out


@pytest.mark.parametrize("profile", [generated_profile, ts48_profile], ids=["generated", "ts48"])
def test_profile_lifecycle(channel, created, profile):
    package = profile()
    header = saip.read_header(package)
    isd_r = euicc.IsdR(channel, euicc.lab_isd_r_keys(), rng=euicc.FixedRng(1))
    before = isd_r.audit()

    request = euicc.CreateIsdpRequest(iccid=header.iccid, non_volatile_quota=64 * 1024)
    new = isd_r.create_isdp(request)
    created.aids.append(new.isdp_aid)
    assert new.iccid == header.iccid
    assert before.find(new.isdp_aid) is None
    assert isd_r.audit().find(new.isdp_aid).state == sgp02.ProfileState.Created

    keyset = isd_r.establish_isdp_keys(new.isdp_aid, ISDP_KEYS)
    assert keyset.key_version == 0x30
    assert len(keyset.check_values) == 3 and all(len(kcv) == 3 for kcv in keyset.check_values)

    isdp = euicc.IsdP(channel, new.isdp_aid, rng=euicc.FixedRng(2))
    installed = isdp.download_and_install_profile(ISDP_KEYS, package)
    assert installed.ok()
    assert installed.iccid == header.iccid
    assert installed.package_size == len(package)
    assert installed.segments == len(saip.segment(package))
    # The goal of issue 4 §8: no more APDUs than ceil(size / 1007) + 10.
    assert installed.commands <= -(-len(package) // saip.max_segment_size) + 10

    # SELECT of the ISD-P ended the ISD-R's secure channel session (GP Amd D §5.6).
    isd_r.session.reopen(euicc.lab_isd_r_keys())
    record = isd_r.audit().find(new.isdp_aid)
    assert record.state == sgp02.ProfileState.Disabled
    assert record.iccid in (None, header.iccid)
    drain_notifications(isd_r)

    switched = isd_r.enable_profile(new.isdp_aid)
    assert switched.isdp_aid == new.isdp_aid
    audit = isd_r.audit()
    assert audit.enabled().isdp_aid == new.isdp_aid
    assert sum(r.state == sgp02.ProfileState.Enabled for r in audit.profiles) == 1
    assert any(
        n.type == sgp02.NotificationType.ProfileChangeSucceeded and n.isdp_aid == new.isdp_aid
        for n in drain_notifications(isd_r)
    )

    with pytest.raises(euicc.PolicyError) as refused:
        isd_r.delete_profile(new.isdp_aid)
    assert isinstance(refused.value, euicc.StatusWordError)
    assert refused.value.command == "DELETE PROFILE"
    assert refused.value.rule == euicc.PolicyRule.ProfileState

    isd_r.disable_profile(new.isdp_aid)
    assert isd_r.audit().find(new.isdp_aid).state == sgp02.ProfileState.Disabled
    drain_notifications(isd_r)
    deleted = isd_r.delete_profile(new.isdp_aid)
    assert deleted.isdp_aid == new.isdp_aid
    after = isd_r.audit()
    assert after.find(new.isdp_aid) is None
    assert len(after.profiles) == len(before.profiles)


def test_not_enough_memory_creates_nothing(channel):
    isd_r = euicc.IsdR(channel, euicc.lab_isd_r_keys())
    count = len(isd_r.audit().profiles)
    with pytest.raises(euicc.NotEnoughMemoryError) as refused:
        isd_r.create_isdp(euicc.CreateIsdpRequest(non_volatile_quota=0x7FFFFFFF))
    assert isinstance(refused.value, euicc.StatusWordError)
    assert refused.value.sw == 0x6A84
    assert refused.value.command == "CREATE ISD-P"
    assert len(isd_r.audit().profiles) == count


def test_wrong_isd_r_keys_are_refused(channel):
    keys = euicc.lab_isd_r_keys()
    wrong = scp03.StaticKeys(0x30, bytes(16), bytes(16), bytes(16))
    count = len(euicc.IsdR(channel, keys).audit().profiles)
    # The card cryptogram is a MAC over both challenges: keys the card does not hold cannot match it.
    with pytest.raises(euicc.SecurityError) as refused:
        euicc.IsdR(channel, wrong)
    assert "ISD-R" in str(refused.value)
    assert "000000" not in str(refused.value)
    assert len(euicc.IsdR(channel, keys).audit().profiles) == count


def test_malformed_package_is_refused_before_anything_is_sent(channel, created):
    isd_r = euicc.IsdR(channel, euicc.lab_isd_r_keys())
    new = isd_r.create_isdp()
    created.aids.append(new.isdp_aid)
    isd_r.establish_isdp_keys(new.isdp_aid, ISDP_KEYS)
    package = generated_profile()[:-3]  # the last PE cut short: DER framing refuses it
    tracer = euicc.RecordingTracer()
    channel.add_tracer(tracer)
    try:
        with pytest.raises(euicc.CodecError):
            euicc.IsdP(channel, new.isdp_aid).download_and_install_profile(ISDP_KEYS, package)
    finally:
        channel.remove_tracer(tracer)
    assert tracer.exchanges() == []


def test_smsr_change_in_process_old_keys_refused():
    # In-process only: over pcscd this would change the shared fixture card's keys.
    channel = euicc.InProcessChannel(euicc.VirtualEuicc())
    old = euicc.lab_isd_r_keys()
    isd_r = euicc.IsdR(channel, old, rng=euicc.FixedRng(7))
    change = isd_r.change_smsr(euicc.SmsrChangeRequest(new_keys=euicc.SmsrKeysets(scp03=NEW_SMSR_KEYS)))
    assert 0x31 in change.installed_kvns
    assert 0x30 in change.deleted_kvns
    assert 0x31 in change.kvns() and 0x30 not in change.kvns()
    assert isd_r.session.key_version == 0x31

    with pytest.raises(euicc.StatusWordError) as refused:
        euicc.IsdR(channel, old)
    assert refused.value.command == "INITIALIZE UPDATE ISD-R"
    assert refused.value.sw == 0x6A88

    renewed = euicc.IsdR(channel, NEW_SMSR_KEYS)
    versions = {key.version for key in renewed.key_information()}
    assert 0x31 in versions and 0x30 not in versions


def test_security_domain_session_wraps_plain_commands(channel):
    session = euicc.SecurityDomainSession(channel, sgp02.isd_r_aid, euicc.lab_isd_r_keys())
    assert session.name == "ISD-R"
    assert session.key_version == 0x30
    assert session.level == scp03.SecurityLevel.CMacCDecRMacREnc
    answer = session.expect(euicc.CommandApdu.parse(bytes.fromhex("80CAFF2100")), "GET DATA FF21")
    assert answer.sw == 0x9000 and answer.data  # unwrapped: plain card resources
    assert session.transmit(bytes.fromhex("80CA00E000")).sw == 0x9000  # key information


def test_static_keys_never_show_their_bytes():
    keys = euicc.lab_isd_r_keys()
    assert repr(keys) == "StaticKeys(kvn=0x30, AES-128, dek=yes)"
    assert keys.key_size == 16 and keys.has_dek
    for text in (repr(keys), repr(copy.deepcopy(keys)), repr(euicc.SmsrKeysets(scp03=keys))):
        assert "4041" not in text.upper() and "5051" not in text.upper()
    with pytest.raises(TypeError):
        pickle.dumps(keys)
    with pytest.raises(ValueError):
        scp03.StaticKeys(0x30, bytes(16), bytes(24))
    kic_kid = euicc.Scp80Keyset(1, bytes(16), bytes(16))
    assert "secret" in repr(kic_kid) and "0000" not in repr(kic_kid)


def test_scp03_key_file():
    text = json.dumps(
        {
            "kvn": "30",
            "enc": "404142434445464748494A4B4C4D4E4F",
            "mac": "505152535455565758595A5B5C5D5E5F",
            "dek": "606162636465666768696A6B6C6D6E6F",
        }
    )
    assert repr(euicc.parse_scp03_key_file(text)) == repr(euicc.lab_isd_r_keys())
    with pytest.raises(euicc.KeyFileError) as refused:
        euicc.parse_scp03_key_file(text.replace('"30"', "48"))
    assert refused.value.member == "kvn"


def test_saip_header_generator_and_segments():
    package = generated_profile()
    header = saip.read_header(package)
    assert header.iccid == GENERATED_ICCID
    assert saip.check_iccid(package) == GENERATED_ICCID
    assert "usim" in header.mandatory_services
    assert b"".join(saip.segment(package, saip.SegmentOptions(max_size=40))) == package
    ts48 = ts48_profile()
    assert saip.read_header(ts48).profile_type == "GSMA Generic eUICC Test Profile"
    assert len(saip.segment(ts48)) == -(-len(ts48) // saip.max_segment_size)
    with pytest.raises(euicc.CodecError):
        saip.read_header(package[:-3])
    with pytest.raises(ValueError):
        saip.generate_profile("123")
    assert sgp02.isdp_aid(0x10) == bytes.fromhex("A0000005591010FFFFFFFF8900001000")


@pytest.fixture
def cli(pcsc_reader):
    binary = os.environ.get("EUICC_BIN")
    if not binary:
        pytest.skip("EUICC_BIN (the euicc CLI) is not set; ctest sets it")

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([binary, *args], capture_output=True, text=True, timeout=60)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return run


@pytest.mark.pcsc
def test_cli_profile_lifecycle(cli, pcsc_reader, tmp_path):
    reader = ["--reader", pcsc_reader]
    package = tmp_path / "profile.der"
    cli("profile", "generate", "--iccid", GENERATED_ICCID, "--out", str(package))
    assert saip.read_header(package.read_bytes()).iccid == GENERATED_ICCID

    installed = json.loads(cli("profile", "install", str(package), "--quota", "32768", "--json", *reader).stdout)
    aid = installed["isdp_aid"]
    try:
        assert installed["iccid"] == GENERATED_ICCID and installed["ok"]
        listing = json.loads(cli("profile", "list", "--json", *reader).stdout)
        mine = [p for p in listing["profiles"] if p["aid"] == aid]
        assert mine and mine[0]["state"] == "disabled"

        result = cli("profile", "enable", aid, *reader)
        assert result.stdout.strip() == f"enabled ISD-P {aid}"
        assert "public lab test keyset" in result.stderr
        refused = cli("profile", "delete", aid, *reader, check=False)
        assert refused.returncode == 1
        assert "6985" in refused.stderr and "refused by the SGP.02 platform rules" in refused.stderr
        cli("profile", "disable", aid, *reader)
    finally:
        cli("profile", "delete", aid, *reader, check=False)
    listing = json.loads(cli("profile", "list", "--json", *reader).stdout)
    assert all(p["aid"] != aid for p in listing["profiles"])
