#!/usr/bin/env bash
# Sourced helpers: start pcscd (vpcd is its reader driver) if none runs; stop only the one we started.
EUICC_STARTED_PCSCD=""
euicc_pcscd_running() { [ -f /run/pcscd/pcscd.pid ] && kill -0 "$(tr -d '\0' </run/pcscd/pcscd.pid)" 2>/dev/null; }
euicc_start_pcscd() {
  if euicc_pcscd_running; then return 0; fi
  pcscd --foreground >"${1:-/tmp/euicc-pcscd.log}" 2>&1 &
  EUICC_STARTED_PCSCD=$!
  for _ in $(seq 50); do euicc_pcscd_running && return 0; sleep 0.1; done
  echo "pcscd did not start; see ${1:-/tmp/euicc-pcscd.log}" >&2
  return 1
}
euicc_stop_pcscd() {
  if [ -n "$EUICC_STARTED_PCSCD" ]; then kill "$EUICC_STARTED_PCSCD" 2>/dev/null || true; wait "$EUICC_STARTED_PCSCD" 2>/dev/null || true; fi
}
