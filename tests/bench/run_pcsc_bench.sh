#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs bench_pcsc_transmit (pcscd + vpcd + virtual eUICC must be up) and prints the ratio of medians ours/raw.
#
# Usage: tests/bench/run_pcsc_bench.sh [path/to/bench_pcsc_transmit|""] [extra Google Benchmark flags...]
#        (later flags win, e.g. --benchmark_repetitions=20 --benchmark_min_time=0.2 on a busy machine)
# Env:   EUICC_BENCH_READER (default "Virtual PCD 00 00"), EUICC_BUILD_DIR (default build) for the binary path.
# Both benchmarks run in one process, repetitions randomly interleaved, so machine drift hits both alike
# (absolute times drift on shared machines; the ratio is the number to compare).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bench=${1:-${EUICC_BUILD_DIR:-$here/../../build}/bench/bench_pcsc_transmit}
shift $(( $# > 0 ? 1 : 0 ))
[[ -x $bench ]] || { echo "run_pcsc_bench.sh: no benchmark binary at $bench" >&2; exit 2; }

out=$(mktemp --suffix=.json)
trap 'rm -f "$out"' EXIT

"$bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
         --benchmark_enable_random_interleaving=true \
         --benchmark_out="$out" --benchmark_out_format=json "$@"

/usr/bin/python3 - "$out" <<'PY'
import json, sys

with open(sys.argv[1]) as f:
    report = json.load(f)
medians = {}  # name -> (wall ns, client CPU ns) per APDU
for b in report["benchmarks"]:
    if b.get("error_occurred"):
        sys.exit(f"{b['run_name']}: {b.get('error_message')}")
    if b.get("aggregate_name") == "median":
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
        medians[b["run_name"].split("/")[0]] = (b["real_time"] * scale, b["cpu_time"] * scale)
if not {"BM_RawSCardTransmit", "BM_CardChannelTransmit"} <= medians.keys():
    sys.exit(f"missing medians (filtered out or failed?): {sorted(medians)}")
raw, ours = medians["BM_RawSCardTransmit"], medians["BM_CardChannelTransmit"]
print(f"median ns/APDU wall: raw SCardTransmit {raw[0]:.0f}, PcscChannel::transmit {ours[0]:.0f}, "
      f"ratio ours/raw {ours[0] / raw[0]:.3f}")
print(f"median ns/APDU client CPU: raw {raw[1]:.0f}, ours {ours[1]:.0f}, ratio ours/raw {ours[1] / raw[1]:.3f}")
PY
