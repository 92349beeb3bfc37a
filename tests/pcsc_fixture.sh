#!/usr/bin/env bash
# ctest fixture: a virtual eUICC (`euicc vcard`) on vpcd slot 0 ("Virtual PCD 00 00") behind pcscd.
# usage: pcsc_fixture.sh start|stop EUICC_BIN WORKDIR
# Starts pcscd only if none is running, and then stops only the pcscd it started.
set -euo pipefail
action=$1 bin=$2 dir=$3
port=${EUICC_VCARD_PORT:-35963}
reader=${EUICC_VCARD_READER:-Virtual PCD 00 00}
mkdir -p "$dir"

pcscd_running() { [ -f /run/pcscd/pcscd.pid ] && kill -0 "$(tr -d '\0' </run/pcscd/pcscd.pid)" 2>/dev/null; }
card_present() {
  "$bin" readers --json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
want = sys.argv[1]
sys.exit(0 if any(r["name"] == want and r["card_present"] for r in json.load(sys.stdin)) else 1)' "$reader"
}
# pcscd notices a vanished card at its next presence poll; give it a moment before judging the slot.
wait_card_gone() { for _ in $(seq 50); do card_present || return 0; sleep 0.1; done; return 1; }

case "$action" in
start)
  if ! pcscd_running; then
    pcscd --foreground >"$dir/pcscd.log" 2>&1 &
    echo $! >"$dir/pcscd.pid"
    for _ in $(seq 50); do pcscd_running && break; sleep 0.1; done
  fi
  if [ -f "$dir/vcard.pid" ] && kill -0 "$(cat "$dir/vcard.pid")" 2>/dev/null; then
    kill "$(cat "$dir/vcard.pid")"; sleep 0.3
  fi
  rm -rf "$dir/state"
  # Another card on this slot would answer in place of ours and hide what we test.
  if ! wait_card_gone; then
    echo "fixture: '$reader' already has a card (another virtual card on port $port?); stop it first" >&2
    exit 1
  fi
  # A fixed seed makes the card's trigger access times reproducible run to run.
  "$bin" vcard --port "$port" --state "$dir/state" --seed 20240506 >"$dir/vcard.log" 2>&1 &
  echo $! >"$dir/vcard.pid"
  # pcscd polls vpcd slots for presence; wait until the reader shows our card.
  for _ in $(seq 100); do
    if ! kill -0 "$(cat "$dir/vcard.pid")" 2>/dev/null; then
      echo "fixture: euicc vcard exited" >&2; cat "$dir/vcard.log" >&2; exit 1
    fi
    if card_present; then
      echo "fixture: card present in '$reader'"; exit 0
    fi
    sleep 0.1
  done
  echo "fixture: no card appeared in '$reader' within 10 s" >&2
  cat "$dir/vcard.log" >&2 || true
  exit 1
  ;;
stop)
  if [ -f "$dir/vcard.pid" ]; then
    kill "$(cat "$dir/vcard.pid")" 2>/dev/null || true
    rm -f "$dir/vcard.pid"
    wait_card_gone || echo "fixture: '$reader' still shows a card after stopping ours" >&2
  fi
  if [ -f "$dir/pcscd.pid" ]; then kill "$(cat "$dir/pcscd.pid")" 2>/dev/null || true; rm -f "$dir/pcscd.pid"; fi
  ;;
*) echo "usage: $0 start|stop EUICC_BIN WORKDIR" >&2; exit 2 ;;
esac
