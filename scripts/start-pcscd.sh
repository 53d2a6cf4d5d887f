#!/usr/bin/env bash
# Starts pcscd in the foreground (in the background of this shell) when none is running, so the
# vpcd "Virtual PCD" readers exist. Uses the running one otherwise. Idempotent.
set -euo pipefail
LOG_DIR="${COUNTER_VAR:-$(cd "$(dirname "$0")/.." && pwd)/var}"
mkdir -p "$LOG_DIR"

if pgrep -x pcscd >/dev/null 2>&1; then
  exit 0
fi
# A socket left behind by a pcscd that died keeps a new one from starting.
if [ -e /run/pcscd/pcscd.comm ]; then
  rm -f /run/pcscd/pcscd.comm
fi
if [ ! -e /etc/reader.conf.d/vpcd ]; then
  echo "start-pcscd: /etc/reader.conf.d/vpcd is missing; install vsmartcard-vpcd (scripts/install-deps.sh)" >&2
  exit 1
fi
mkdir -p /run/pcscd
setsid pcscd -f >"$LOG_DIR/pcscd.log" 2>&1 < /dev/null &
for _ in $(seq 1 50); do
  [ -S /run/pcscd/pcscd.comm ] && exit 0
  sleep 0.1
done
echo "start-pcscd: pcscd did not come up; see $LOG_DIR/pcscd.log" >&2
exit 1
