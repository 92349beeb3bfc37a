# SPDX-License-Identifier: Apache-2.0
"""pytest fixtures: one `channel` fixture over two transports, the in-process virtual eUICC and PC/SC.

The pcsc variant needs pcscd with the vpcd driver and a virtual eUICC on EUICC_PCSC_READER (default
"Virtual PCD 00 00"); it runs only with EUICC_PCSC=1 (ctest sets it after starting both) and is skipped
with that reason otherwise, never passed silently.
"""

import os
import pathlib
import time

import pytest

import euicc

PCSC_READER = os.environ.get("EUICC_PCSC_READER", "Virtual PCD 00 00")
PCSC_ENABLED = os.environ.get("EUICC_PCSC") == "1"
PCSC_SKIP_REASON = (
    f"needs pcscd + vpcd with a virtual eUICC on '{PCSC_READER}': set EUICC_PCSC=1 "
    "(ctest does, after starting both)"
)


@pytest.fixture
def pcsc_channel():
    if not PCSC_ENABLED:
        pytest.skip(PCSC_SKIP_REASON)
    with euicc.connect(PCSC_READER) as ch:
        # The card outlives each test's connection: a warm reset closes logical channels and
        # selections left by an earlier test, as a fresh in-process card starts.
        ch.reset()
        yield ch


@pytest.fixture
def inproc_channel():
    return euicc.InProcessChannel(euicc.VirtualEuicc())


@pytest.fixture(params=["inproc", pytest.param("pcsc", marks=pytest.mark.pcsc)])
def channel(request):
    """The same test body runs over both transports."""
    return request.getfixturevalue(f"{request.param}_channel")


@pytest.fixture
def pcsc_reader():
    if not PCSC_ENABLED:
        pytest.skip(PCSC_SKIP_REASON)
    return PCSC_READER


# --- OTA over SMS-PP (test_ota.py, test_trigger.py) ------------------------------------------------------

LAB_COUNTER_KEY = euicc.make_counter_key("89049032123451234512345678901235", euicc.scp80.Tar(), euicc.LAB_KVN)


def _fixture_counter_file():
    """The counter file the ctest pcsc fixture's other OTA tests (tests/e2e, C++) use for the same card, so both
    reserve from one sequence and neither falls behind the card's stored counter; None outside ctest."""
    explicit = os.environ.get("EUICC_PCSC_COUNTERS")
    if explicit:
        return pathlib.Path(explicit)
    binary = os.environ.get("EUICC_BIN")  # <build>/bin/euicc, set by ctest
    if binary:
        fixture_dir = pathlib.Path(binary).resolve().parents[1] / "tests" / "pcsc_fixture"
        if fixture_dir.is_dir():
            return fixture_dir / "host-counters.json"
    return None


# Far ahead of any counter a card of an earlier run stored, and well below scp80.max_counter (2^40 - 1).
_COUNTER_FLOOR = [int(time.time() * 100)]


@pytest.fixture
def ota_counters(channel, tmp_path):
    """A FileCounterStore ahead of the card's stored counter for the lab keyset (key LAB_COUNTER_KEY).

    In-process: a fresh card (counter 0) and a fresh file in tmp_path. Over pcscd the card keeps its counter
    for the whole fixture run: share the fixture's counter file when ctest runs us, else start far ahead
    (counter mode "higher" accepts gaps; the value stays well below scp80.max_counter)."""
    if not isinstance(channel, euicc.PcscChannel):
        return euicc.FileCounterStore(tmp_path / "counters.json")
    shared = _fixture_counter_file()
    if shared is not None:
        return euicc.FileCounterStore(shared)
    store = euicc.FileCounterStore(tmp_path / "counters.json")
    # Each test starts 1000 above the previous one (tests of one run may start within the same clock tick).
    _COUNTER_FLOOR[0] += 1000
    store.ensure_at_least(LAB_COUNTER_KEY, _COUNTER_FLOOR[0])
    return store
