#!/usr/bin/env bash
# The main job: set up a fresh machine, then read an eUICC over real PC/SC and write a GSMTAP trace.
# Default: pcscd + the virtual eUICC on vpcd ("Virtual PCD 00 00"). With --reader NAME: that reader's card.
# usage: bash examples/demo.sh [--reader NAME] [--trace FILE.pcap]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
reader="" trace="$root/build/demo.pcap"
while [ $# -gt 0 ]; do
  case "$1" in
    --reader) reader=$2; shift 2 ;;
    --trace) trace=$2; shift 2 ;;
    *) echo "usage: $0 [--reader NAME] [--trace FILE.pcap]" >&2; exit 2 ;;
  esac
done

bash .ci/setup
euicc=$root/build/bin/euicc
source .ci/pcscd.sh
euicc_start_pcscd "$root/build/pcscd.log"
vcard_pid=""
cleanup() { [ -n "$vcard_pid" ] && kill "$vcard_pid" 2>/dev/null; wait 2>/dev/null; euicc_stop_pcscd; }
trap cleanup EXIT

if [ -z "$reader" ]; then
  reader="Virtual PCD 00 00"
  echo "== starting the virtual eUICC on '$reader'"
  "$euicc" vcard --port 35963 --state "$root/build/demo-card" --quiet &
  vcard_pid=$!
  for _ in $(seq 100); do
    "$euicc" readers --json | grep -q '"card_present": true' && break
    sleep 0.1
  done
fi

echo "== PC/SC readers"
"$euicc" readers
echo "== EID of the card in '$reader' (trace: $trace)"
"$euicc" eid --reader "$reader" --trace "$trace"
echo "== the trace, as tshark decodes it"
tshark -r "$trace" -Y gsm_sim 2>/dev/null
