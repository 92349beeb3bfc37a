#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs bench_python_transmit.py (pcscd + vpcd + virtual eUICC must be up) with the build's Python package.
#
# Usage: tests/bench/run_python_bench.sh [bench_python_transmit.py flags: --reader R -n N --rounds K --json F]
# Env:   EUICC_BENCH_READER (default "Virtual PCD 00 00"), EUICC_BUILD_DIR (default build): <dir>/python is
#        put on PYTHONPATH. Rounds alternate ours and pyscard in one process, so the ratio is the number to
#        compare (absolute times drift on shared machines).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${EUICC_BUILD_DIR:-$here/../../build}
[[ -d $build/python/euicc ]] || { echo "run_python_bench.sh: no Python package in $build/python (build _euicc first)" >&2; exit 2; }

PYTHONPATH="$build/python${PYTHONPATH:+:$PYTHONPATH}" exec /usr/bin/python3 "$here/bench_python_transmit.py" "$@"
