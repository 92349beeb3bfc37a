# SPDX-License-Identifier: Apache-2.0
"""pytest fixtures: one `channel` fixture over two transports, the in-process virtual eUICC and PC/SC.

The pcsc variant needs pcscd with the vpcd driver and a virtual eUICC on EUICC_PCSC_READER (default
"Virtual PCD 00 00"); it runs only with EUICC_PCSC=1 (ctest sets it after starting both) and is skipped
with that reason otherwise, never passed silently.
"""

import os

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
