#!/usr/bin/env bash
# Measures the kiosk (not run by make test): serves the demo card on pcscd + vpcd, starts payment-terminal-sim, and
# runs kiosk-bench (PIN entered -> certificate submitted with its parts apart, next to lp; the UI's first frame and
# key -> redraw at 200x60; memory over whole UI sessions).
# Usage: scripts/bench-kiosk.sh [SESSIONS]   (run `make services` first; builds the release benchmarks)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SESSIONS="${1:-100}"
BIN="${COUNTER_BIN_DIR:-$(cd "$ROOT" && swift build -c release --show-bin-path)}"
BENCH="$(cd "$ROOT" && swift build -c release --package-path Benchmarks --product kiosk-bench >&2 && swift build -c release --package-path Benchmarks --show-bin-path)"
WORK="$(mktemp -d)"
# A copy of the seeds whose kiosk is open all day, so the measurement runs at any hour.
cp -r "$ROOT/seeds" "$WORK/seeds"
python3 - "$WORK/seeds/kiosk/schedule.json" <<'PY'
import json, sys
schedule = json.load(open(sys.argv[1]))
schedule.update(opens="00:00", closes="24:00", closedDays=[])
json.dump(schedule, open(sys.argv[1], "w"), ensure_ascii=False)
PY
export COUNTER_SEEDS="$WORK/seeds"
cp "$ROOT/seeds/demo/cards/takahashi-sakiko.json" "$WORK/card.json"
"$BIN/mynumber-card-sim" serve --profile "$WORK/card.json" --port 35963 >/dev/null 2>&1 &
SIM=$!
"$BIN/payment-terminal-sim" --socket "$WORK/pay.sock" --journal "$WORK/pay.jsonl" --brand paypay >/dev/null 2>&1 &
PAY=$!
trap 'kill $SIM $PAY 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -S "$WORK/pay.sock" ] && "$BIN/counter" card status 2>/dev/null | grep -q '暗証番号 残り' && break; sleep 0.1; done
PRINTER=()
if lpstat -p counter-pdf >/dev/null 2>&1; then PRINTER=(--printer counter-pdf); fi
"$BENCH/kiosk-bench" "$WORK/pay.sock" "$SESSIONS" "${PRINTER[@]}"
