#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Python transmit over pcscd+vpcd: euicc's channel.transmit(bytes) against pyscard (spec/vpcd.md "Measured").

The same APDU (GET DATA 5A, 80CA005A00, after SELECT ECASD) goes to the virtual eUICC on one reader through:
  euicc           channel.transmit(bytes) -> ResponseApdu   (one PC/SC transaction per connection)
  euicc_raw       channel.transmit_raw(bytes) -> bytes      (no 61xx/6Cxx procedure, no ResponseApdu)
  pyscard_scard   smartcard.scard.SCardTransmit, low level, one transaction held as ours does
  pyscard_conn    smartcard's high-level CardConnection.transmit (what most pyscard scripts use)
After an unmeasured warm-up, each round runs N APDUs per implementation in interleaved blocks (--block,
order rotated per block) so machine drift hits all alike; each block opens its own connection, since a held
transaction blocks other connections. Reports per implementation the median per-APDU latency over all
rounds and the median over rounds of (round median / pyscard_scard's round median): the headline ratio.
Not a test: no assertion on time.

usage: bench_python_transmit.py [--reader NAME] [-n 5000] [--rounds 5] [--json FILE]
       (PYTHONPATH=<build>/python; tests/bench/run_python_bench.sh sets it)
"""

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator

import euicc

SELECT_ECASD = bytes.fromhex("00A4040010A0000005591010FFFFFFFF890000020000")
GET_DATA_EID = bytes.fromhex("80CA005A00")


def check(ok: bool, what: str) -> None:
    if not ok:
        raise SystemExit(f"bench_python_transmit: unexpected answer: {what}")


def timed(n: int, call: Callable[[], object]) -> list[int]:
    """Per-call latencies in ns (perf_counter_ns costs ~0.1 us, under 0.2 % of an APDU over vpcd)."""
    clock = time.perf_counter_ns
    samples = [0] * n
    for i in range(n):
        t0 = clock()
        call()
        samples[i] = clock() - t0
    return samples


@contextlib.contextmanager
def euicc_session(reader: str, raw: bool) -> Iterator[tuple[Callable[[], object], bytes]]:
    with euicc.connect(reader) as ch:
        check(ch.transmit(SELECT_ECASD).sw == 0x9000, "SELECT ECASD")
        if raw:
            yield (lambda: ch.transmit_raw(GET_DATA_EID)), ch.transmit_raw(GET_DATA_EID)
        else:
            yield (lambda: ch.transmit(GET_DATA_EID)), ch.transmit(GET_DATA_EID).encode()


@contextlib.contextmanager
def pyscard_scard_session(reader: str) -> Iterator[tuple[Callable[[], object], bytes]]:
    from smartcard import scard  # type: ignore[import]  # pyscard ships no stubs

    hr, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    check(hr == 0, f"SCardEstablishContext {hr:#x}")
    try:
        hr, card, protocol = scard.SCardConnect(
            context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        check(hr == 0, f"SCardConnect {hr:#x}")
        check(scard.SCardBeginTransaction(card) == 0, "SCardBeginTransaction")  # as PcscChannel does
        try:
            hr, resp = scard.SCardTransmit(card, protocol, list(SELECT_ECASD))
            check(hr == 0 and resp[-2:] == [0x90, 0x00], "SELECT ECASD (pyscard)")
            command = list(GET_DATA_EID)  # pyscard takes and returns lists of ints
            hr, resp = scard.SCardTransmit(card, protocol, command)
            check(hr == 0, f"SCardTransmit {hr:#x}")
            yield (lambda: scard.SCardTransmit(card, protocol, command)), bytes(resp)
        finally:
            scard.SCardEndTransaction(card, scard.SCARD_LEAVE_CARD)
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    finally:
        scard.SCardReleaseContext(context)


@contextlib.contextmanager
def pyscard_conn_session(reader: str) -> Iterator[tuple[Callable[[], object], bytes]]:
    from smartcard.System import readers  # type: ignore[import]

    (target,) = [r for r in readers() if str(r) == reader]
    conn = target.createConnection()
    conn.connect()
    try:
        _, sw1, sw2 = conn.transmit(list(SELECT_ECASD))
        check((sw1, sw2) == (0x90, 0x00), "SELECT ECASD (CardConnection)")
        command = list(GET_DATA_EID)
        data, sw1, sw2 = conn.transmit(command)
        yield (lambda: conn.transmit(command)), bytes(data + [sw1, sw2])
    finally:
        conn.disconnect()


SESSIONS: dict[str, Callable[[str], contextlib.AbstractContextManager[tuple[Callable[[], object], bytes]]]] = {
    "euicc": lambda reader: euicc_session(reader, raw=False),
    "euicc_raw": lambda reader: euicc_session(reader, raw=True),
    "pyscard_scard": pyscard_scard_session,
    "pyscard_conn": pyscard_conn_session,
}


def measure(name: str, reader: str, n: int, answers: dict[str, bytes]) -> list[int]:
    """n APDUs on a fresh connection; connecting and SELECT are not timed."""
    with SESSIONS[name](reader) as (call, answer):
        answers[name] = answer
        return timed(n, call)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reader", default=os.environ.get("EUICC_BENCH_READER", "Virtual PCD 00 00"))
    parser.add_argument("-n", type=int, default=5000, help="APDUs per implementation per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--block", type=int, default=500, help="APDUs per connection; blocks interleave")
    parser.add_argument("--json", help="also write the JSON report to this file")
    args = parser.parse_args()
    check(args.n > 0 and args.rounds > 0 and args.block > 0, "n, rounds and block must be positive")

    names = list(SESSIONS)
    answers: dict[str, bytes] = {}
    for name in names:  # warm-up, not measured: first connections and cold caches skew round 1
        measure(name, args.reader, min(args.n, args.block), answers)
    samples: dict[str, list[int]] = {name: [] for name in names}
    round_medians: dict[str, list[float]] = {name: [] for name in names}
    for r in range(args.rounds):
        this_round: dict[str, list[int]] = {name: [] for name in names}
        done = 0
        while done < args.n:
            block = min(args.block, args.n - done)
            k = (r + done // args.block) % len(names)
            for name in names[k:] + names[:k]:  # rotate who goes first
                this_round[name] += measure(name, args.reader, block, answers)
            done += block
        for name in names:
            samples[name] += this_round[name]
            round_medians[name].append(statistics.median(this_round[name]) / 1000)
    check(len(set(answers.values())) == 1, f"implementations disagree: {answers}")

    median_us = {name: statistics.median(samples[name]) / 1000 for name in names}
    # Drift between rounds cancels in a per-round ratio; its median is the headline number.
    round_ratio = {
        name: statistics.median(a / b for a, b in zip(round_medians[name], round_medians["pyscard_scard"]))
        for name in names
    }
    report = {
        "benchmark": "python_transmit",
        "reader": args.reader,
        "apdu": GET_DATA_EID.hex().upper(),
        "response": answers["euicc"].hex().upper(),
        "n_per_round": args.n,
        "rounds": args.rounds,
        "python": platform.python_version(),
        "median_us": {k: round(v, 2) for k, v in median_us.items()},
        "p90_us": {k: round(statistics.quantiles(samples[k], n=10)[-1] / 1000, 2) for k in names},
        "round_medians_us": {k: [round(v, 2) for v in vs] for k, vs in round_medians.items()},
        "block": args.block,
        "median_of_round_ratios_to_pyscard_scard": {k: round(v, 3) for k, v in round_ratio.items()},
        "ratio_euicc_to_pyscard_scard": round(round_ratio["euicc"], 3),
        "ratio_euicc_to_pyscard_conn": round(round_ratio["euicc"] / round_ratio["pyscard_conn"], 3),
    }

    print(f"reader {args.reader!r}: {args.rounds} rounds x {args.n} APDUs of {report['apdu']}, medians per APDU")
    print(f"{'implementation':<16}{'median us':>11}{'p90 us':>9}{'vs pyscard_scard':>18}   round medians us")
    for name in names:
        ratio = round_ratio[name]
        rounds = " ".join(f"{v:.1f}" for v in round_medians[name])
        print(f"{name:<16}{median_us[name]:>11.1f}{report['p90_us'][name]:>9.1f}{ratio:>18.3f}   {rounds}")
    print(json.dumps(report))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
