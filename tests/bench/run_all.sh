#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the transport benchmarks end to end: starts pcscd (if none runs) and the virtual eUICC on
# "Virtual PCD 00 00", then the C++ (CardChannel vs raw SCardTransmit) and Python (transmit vs pyscard) loops and
# the end-to-end SGP.02 profile install (wall time, APDUs, host CPU per ~12 KB TS.48 profile), and the SCP81 admin
# server under 1,000 concurrent in-process virtual eUICCs (sessions/s, server CPU, memory per open session).
# Usage: bash tests/bench/run_all.sh     (after .ci/setup or tests/run.sh has built build/)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
euicc=$root/build/bin/euicc
EUICC_EXTRA_TARGETS="bench_pcsc_transmit bench_scp80 bench_scp03 bench_saip bench_profile_install bench_admin_sessions" bash .ci/setup
source .ci/pcscd.sh
euicc_start_pcscd "$root/build/pcscd-bench.log"
"$euicc" vcard --port 35963 --quiet &
vcard=$!
trap 'kill $vcard 2>/dev/null; wait $vcard 2>/dev/null; euicc_stop_pcscd' EXIT
for _ in $(seq 100); do "$euicc" readers --json | grep -q '"card_present": true' && break; sleep 0.1; done

[ -n "${SKIP_CPP:-}" ] || { echo "== C++: CardChannel::transmit vs raw SCardTransmit (per APDU over pcscd + vpcd)"
bash tests/bench/run_pcsc_bench.sh "" --benchmark_repetitions=${REPS:-9} --benchmark_min_time=0.2; }
echo "== Python: channel.transmit vs pyscard"
bash tests/bench/run_python_bench.sh
echo "== SCP80 wrap/unwrap (100-byte script, AES-128 CMAC + CBC; 3DES) and SCP03 wrap/unwrap, per operation"
build/bench/bench_scp80 --benchmark_repetitions=${REPS:-5} --benchmark_report_aggregates_only=true
build/bench/bench_scp03 --benchmark_repetitions=${REPS:-5} --benchmark_report_aggregates_only=true
echo "== SAIP package checks before an ES8 download (walk, header, ICCID, segments), TS48v1_A"
build/bench/bench_saip --benchmark_repetitions=${REPS:-5} --benchmark_report_aggregates_only=true
echo "== SGP.02 profile install (~12 KB TS.48 profile: create ISD-P, keys, SCP03t download, delete), per profile"
build/bench/bench_profile_install "${PROFILE_ITERATIONS:-20}"
echo "== SCP81 admin sessions on loopback (in-process virtual eUICCs triggered at once: PSK-TLS + 3-command script each)"
build/bench/bench_admin_sessions --cards "${ADMIN_CARDS:-1000}" --workers "${ADMIN_WORKERS:-2}"
