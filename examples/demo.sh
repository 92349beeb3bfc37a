#!/usr/bin/env bash
# The main job: set up a fresh machine, then run a provisioning session over real PC/SC: read the EID, create an
# ISD-P, download and install a profile (SCP03t), enable it, audit, push an SM-SR trigger over SMS-PP (SCP80) and
# show the card's TIMER MANAGEMENT / OPEN CHANNEL, with a GSMTAP trace of it all.
# Default: pcscd + the virtual eUICC on vpcd ("Virtual PCD 00 00"). With --reader NAME: that reader's card (the
# platform steps then need its ISD-R keys: set EUICC_ISDR_KEYS=FILE and EUICC_OTA_KEYS=FILE).
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
cleanup() {
  # Wait for the card only: a bare `wait` would also wait for the pcscd this script started.
  if [ -n "$vcard_pid" ]; then kill "$vcard_pid" 2>/dev/null; wait "$vcard_pid" 2>/dev/null; fi
  euicc_stop_pcscd
}
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

isdr_keys=(); [ -n "${EUICC_ISDR_KEYS:-}" ] && isdr_keys=(--keys "$EUICC_ISDR_KEYS")
ota_keys=(); [ -n "${EUICC_OTA_KEYS:-}" ] && ota_keys=(--keys "$EUICC_OTA_KEYS")
if [ -z "${EUICC_OTA_KEYS:-}" ]; then
  # The virtual eUICC's public lab TEST keys (applet_spec/ota.md); never real keys.
  export EUICC_OTA_KIC_KEY=404142434445464748494A4B4C4D4E4F EUICC_OTA_KID_KEY=505152535455565758595A5B5C5D5E5F
fi
profile=$root/build/demo-profile.der
echo "== generate a test profile package (SAIP) and install it: create ISD-P, keys, SCP03t download"
"$euicc" profile generate --iccid 89882390000000000017 --out "$profile"
aid=$("$euicc" profile install --reader "$reader" "${isdr_keys[@]}" --json "$profile" 2>/dev/null |
      /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["isdp_aid"])')
echo "installed into ISD-P $aid"
echo "== enable it, and audit the card"
"$euicc" profile enable --reader "$reader" "${isdr_keys[@]}" "$aid" 2>/dev/null
"$euicc" profile list --reader "$reader" "${isdr_keys[@]}" 2>/dev/null
echo "== push an SM-SR trigger over SMS-PP (SCP80): access window 30 min, fast-forwarded"
"$euicc" trigger --reader "$reader" "${ota_keys[@]}" --counters "$root/build/demo-counters.json" \
                 --window 1800 --skip-timers --connect 127.0.0.1:8443
echo "== clean up: disable and delete the demo profile"
"$euicc" profile disable --reader "$reader" "${isdr_keys[@]}" "$aid" 2>/dev/null
"$euicc" profile delete --reader "$reader" "${isdr_keys[@]}" "$aid" 2>/dev/null
echo "demo done"
