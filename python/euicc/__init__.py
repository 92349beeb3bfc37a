# SPDX-License-Identifier: Apache-2.0
"""euicc: provision GSMA SGP.02 eUICCs through PC/SC readers or the virtual eUICC.

Bytes in and out (never lists of ints); errors are exceptions under :class:`euicc.Error`; blocking calls
release the GIL. The native core lives in ``euicc._euicc``; this package re-exports it and adds a few
conveniences written in Python::

    import euicc

    with euicc.connect("Virtual PCD 00 00") as ch:   # or "/regex/", an index, or None
        ch.add_tracer(euicc.log_tracer())
        ch.transmit(bytes.fromhex("00A4040010A0000005591010FFFFFFFF890000020000"))  # SELECT ECASD
        print(ch.transmit(bytes.fromhex("80CA005A00")))
"""

from __future__ import annotations

import logging
import os

from ._euicc import (
    ApduTracer,
    BerTlv,
    CardChannel,
    CardEndpoint,
    CardRemovedError,
    CodecError,
    CommandApdu,
    ComprehensionTlv,
    Error,
    GsmtapPcapTracer,
    InProcessChannel,
    NoCardError,
    ReaderError,
    RecordingTracer,
    ResponseApdu,
    ScriptedCard,
    SecurityError,
    StatusWordError,
    TextTracer,
    TimeoutError,
    TransportError,
    VirtualEuicc,
    VpcdLink,
    ber_encode,
    ber_encode_length,
    ber_encode_tag,
    ber_parse,
    ber_parse_one,
    carries_secret,
    channel_of_cla,
    cla_with_channel,
    ctlv_encode,
    ctlv_find,
    ctlv_parse,
    describe_sw,
    eid_from_bytes,
    eid_is_valid,
    eid_to_bytes,
    eid_with_check_digits,
    expect,
    from_hex,
    sw_is_success,
    to_hex,
)

try:  # absent when the core was built with EUICC_WITH_PCSC=OFF
    from ._euicc import (
        Disposition,
        PcscChannel,
        PcscContext,
        ReaderInfo,
        connect,
        readers,
        wait_for_card,
        wait_for_removal,
    )
except ImportError:  # pragma: no cover
    pass

__version__ = "0.1.0"


def virtual_channel(
    eid: str = "", *, state_dir: str | os.PathLike[str] = "", t0_procedure: bool = False
) -> InProcessChannel:
    """The virtual eUICC behind an in-process channel: the card ``euicc vcard`` serves over PC/SC, without
    pcscd. The channel keeps the card alive; ``t0_procedure=True`` makes it behave like a T=0 reader."""
    return InProcessChannel(VirtualEuicc(eid, state_dir), t0_procedure=t0_procedure)


def log_tracer(logger: logging.Logger | str = "euicc.apdu", level: int = logging.DEBUG) -> TextTracer:
    """A tracer that sends one line per APDU (``-> 80CA005A 00`` / ``<- 5A10... 9000``, key data
    redacted) to ``logger`` at ``level``. It runs on the thread that transmits."""
    log = logging.getLogger(logger) if isinstance(logger, str) else logger
    return TextTracer(lambda line: log.log(level, "%s", line))


__all__ = [
    "ApduTracer",
    "BerTlv",
    "CardChannel",
    "CardEndpoint",
    "CardRemovedError",
    "CodecError",
    "CommandApdu",
    "ComprehensionTlv",
    "Disposition",
    "Error",
    "GsmtapPcapTracer",
    "InProcessChannel",
    "NoCardError",
    "PcscChannel",
    "PcscContext",
    "ReaderError",
    "ReaderInfo",
    "RecordingTracer",
    "ResponseApdu",
    "ScriptedCard",
    "SecurityError",
    "StatusWordError",
    "TextTracer",
    "TimeoutError",
    "TransportError",
    "VirtualEuicc",
    "VpcdLink",
    "ber_encode",
    "ber_encode_length",
    "ber_encode_tag",
    "ber_parse",
    "ber_parse_one",
    "carries_secret",
    "channel_of_cla",
    "cla_with_channel",
    "connect",
    "ctlv_encode",
    "ctlv_find",
    "ctlv_parse",
    "describe_sw",
    "eid_from_bytes",
    "eid_is_valid",
    "eid_to_bytes",
    "eid_with_check_digits",
    "expect",
    "from_hex",
    "log_tracer",
    "readers",
    "sw_is_success",
    "to_hex",
    "virtual_channel",
    "wait_for_card",
    "wait_for_removal",
]
