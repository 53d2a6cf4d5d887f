#!/usr/bin/env bash
# Starts pcscd in the foreground (in the background of this shell) with the project's reader configuration:
# two vpcd devices, so four readers: "Virtual PCD 00 00"/"00 01" (ports 35963/35964, as Debian's
# /etc/reader.conf.d/vpcd) and "Virtual PCD B 00 00"/"B 00 01" (ports 35965/35966), which lets two serialized test
# suites run side by side. A pcscd already running with that configuration is used; one started otherwise (Debian's
# own, one device) is replaced. Idempotent.
set -euo pipefail
LOG_DIR="${COUNTER_VAR:-$(cd "$(dirname "$0")/.." && pwd)/var}"
CONF_DIR=/run/counter-pcscd/reader.conf.d
mkdir -p "$LOG_DIR"

if [ ! -e /etc/reader.conf.d/vpcd ]; then
  echo "start-pcscd: /etc/reader.conf.d/vpcd is missing; install vsmartcard-vpcd (scripts/install-deps.sh)" >&2
  exit 1
fi
if pgrep -f "^pcscd .*-c $CONF_DIR" >/dev/null 2>&1; then
  exit 0
fi
if pgrep -x pcscd >/dev/null 2>&1; then
  pkill -x pcscd || true
  for _ in $(seq 1 50); do pgrep -x pcscd >/dev/null 2>&1 || break; sleep 0.1; done
fi
LIBPATH="$(awk '$1 == "LIBPATH" { print $2; exit }' /etc/reader.conf.d/vpcd)"
mkdir -p "$CONF_DIR"
# vpcd keeps its readers' state in static variables indexed by slot, so two devices of one loaded driver would
# share it: device B loads its own copy of the driver (another file, so dlopen maps it apart).
LIBPATH_B="$(dirname "$CONF_DIR")/libifdvpcd-b.so"
cp "$LIBPATH" "$LIBPATH_B"
cat >"$CONF_DIR/vpcd" <<CONF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      $LIBPATH
CHANNELID    0x8C7B

FRIENDLYNAME "Virtual PCD B"
DEVICENAME   /dev/null:0x8C7D
LIBPATH      $LIBPATH_B
CHANNELID    0x8C7D
CONF
# A socket left behind by a pcscd that died keeps a new one from starting.
rm -f /run/pcscd/pcscd.comm
mkdir -p /run/pcscd
setsid pcscd -f -c "$CONF_DIR" >"$LOG_DIR/pcscd.log" 2>&1 < /dev/null &
for _ in $(seq 1 50); do
  [ -S /run/pcscd/pcscd.comm ] && exit 0
  sleep 0.1
done
echo "start-pcscd: pcscd did not come up; see $LOG_DIR/pcscd.log" >&2
exit 1
