#!/usr/bin/env bash
# Measures the card path through the real PC/SC stack (pcscd + vpcd + mynumber-card-sim):
#   - APDUs per 4-field read (from the simulator's trace)
#   - median wall time of `counter card read` (RUNS runs) next to the raw APDU round trip through pcscd
#   - process start time (`counter --help`, median) and peak memory (max RSS) of `counter card read`
# Not part of `make test`. Usage: scripts/bench-card.sh [RUNS]
# Env: COUNTER_BIN_DIR (default: swift build --show-bin-path), BENCH_PORT (35963), BENCH_READER ("Virtual PCD 00 00").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-20}"
BIN="${COUNTER_BIN_DIR:-$(cd "$ROOT" && swift build --show-bin-path)}"
PORT="${BENCH_PORT:-35963}"
READER="${BENCH_READER:-Virtual PCD 00 00}"
WORK="$(mktemp -d)"
SIM_PID=""
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

bash "$ROOT/scripts/start-pcscd.sh"
cp "$ROOT/seeds/demo/cards/takahashi-sakiko.json" "$WORK/profile.json"
"$BIN/mynumber-card-sim" serve --profile "$WORK/profile.json" --port "$PORT" --trace "$WORK/trace.log" &
SIM_PID=$!
for _ in $(seq 1 100); do
  "$BIN/counter" card status --reader "$READER" 2>/dev/null | grep -q "マイナンバーカード（" && break
  sleep 0.1
done

now_ns() { date +%s%N; }
median_ms() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m/1e6}'; }

# APDUs per read.
: > "$WORK/trace.log"
echo 1234 | "$BIN/counter" card read --reader "$READER" --pin-stdin --json >/dev/null
APDUS=$(wc -l < "$WORK/trace.log")

# counter card read, RUNS times.
for _ in $(seq 1 "$RUNS"); do
  start=$(now_ns)
  echo 1234 | "$BIN/counter" card read --reader "$READER" --pin-stdin --json >/dev/null
  echo $(( $(now_ns) - start ))
done | median_ms > "$WORK/read.ms"

# Raw APDU round trip: one opensc-tool process sending 1 vs 201 SELECTs; the difference / 200.
SELECT="00:A4:04:0C:0A:D3:92:10:00:31:00:01:01:04:08"
one_run() {
  local count=$1 args=()
  for _ in $(seq 1 "$count"); do args+=(-s "$SELECT"); done
  local start; start=$(now_ns)
  opensc-tool --reader "$READER" "${args[@]}" >/dev/null 2>&1
  echo $(( $(now_ns) - start ))
}
T1=$(for _ in 1 2 3 4 5; do one_run 1; done | median_ms)
T201=$(for _ in 1 2 3 4 5; do one_run 201; done | median_ms)
RAW=$(awk -v a="$T1" -v b="$T201" 'BEGIN {printf "%.3f", (b-a)/200}')

# Process start.
for _ in $(seq 1 "$RUNS"); do
  start=$(now_ns)
  "$BIN/counter" --help >/dev/null
  echo $(( $(now_ns) - start ))
done | median_ms > "$WORK/start.ms"

# Peak memory of one read.
echo 1234 | /usr/bin/time -v "$BIN/counter" card read --reader "$READER" --pin-stdin --json 2> "$WORK/time.txt" >/dev/null
RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")

echo "binaries:                          $BIN"
echo "APDUs per 4-field read:            $APDUS"
echo "counter card read (median of $RUNS): $(cat "$WORK/read.ms") ms"
echo "raw APDU round trip via pcscd:     $RAW ms (opensc-tool, 201 vs 1 SELECT)"
echo "counter --help (median of $RUNS):    $(cat "$WORK/start.ms") ms"
echo "counter card read max RSS:         ${RSS} KB"
