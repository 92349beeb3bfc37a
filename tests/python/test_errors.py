# SPDX-License-Identifier: Apache-2.0
"""The C++ error hierarchy (euicc/error.hpp) arrives 1:1 in Python, with its attributes."""

import builtins

import pytest

import euicc

HIERARCHY = {
    "Error": Exception,
    "CodecError": euicc.Error,
    "SecurityError": euicc.Error,
    "TransportError": euicc.Error,
    "StatusWordError": euicc.Error,
    "NoCardError": euicc.TransportError,
    "CardRemovedError": euicc.TransportError,
    "ReaderError": euicc.TransportError,
    "TimeoutError": euicc.TransportError,
}


@pytest.mark.parametrize("name,base", HIERARCHY.items())
def test_hierarchy(name, base):
    cls = getattr(euicc, name)
    assert cls.__bases__ == (base,)
    assert cls.__module__ == "euicc" and cls.__name__ == name


def test_timeout_error_is_ours_not_the_builtin():
    assert euicc.TimeoutError is not builtins.TimeoutError
    assert not issubclass(euicc.TimeoutError, builtins.TimeoutError)


def test_codec_error_carries_context_and_offset():
    with pytest.raises(euicc.Error) as info:  # the root catches everything
        euicc.ber_parse(bytes.fromhex("5A0501"))
    e = info.value
    assert type(e) is euicc.CodecError and (e.context, e.offset) == ("BER-TLV", 1)


def test_status_word_error_from_a_channel():
    ch = euicc.InProcessChannel(euicc.VirtualEuicc())
    with pytest.raises(euicc.StatusWordError) as info:
        ch.close_logical_channel(7)  # never opened
    assert isinstance(info.value.sw, int) and info.value.sw == 0x6881
    assert info.value.command.startswith("MANAGE CHANNEL")


def test_python_error_crosses_cpp_unchanged():
    """A Python card's exception travels through InProcessChannel (C++) back to the caller as itself."""

    class Gone(euicc.CardEndpoint):
        def atr(self):
            raise euicc.CardRemovedError("gone")

        def process(self, command):
            return b"\x90\x00"

    with pytest.raises(euicc.TransportError) as info:
        euicc.InProcessChannel(Gone()).reset()  # the reset reads the new ATR for the tracers
    assert type(info.value) is euicc.CardRemovedError and str(info.value) == "gone"


def test_bad_arguments_are_value_errors_not_euicc_errors():
    with pytest.raises(ValueError) as info:
        euicc.VirtualEuicc("89049032123451234512345678901234")  # wrong check digits
    assert not isinstance(info.value, euicc.Error)
