#!/usr/bin/env bash
# Measures a certificate end to end through the real stack (not run by make test): card on the reader → the four
# fields read with the PIN → the certificate issued (payment + issuance + numbers in one transaction, rendered with
# its signed code) and submitted to CUPS, as whole `counter` processes; next to `lp` sending the same ready PDF.
# Usage: scripts/bench-certificate.sh [RUNS]   (needs `swift build`, pcscd, cupsd: run `make services` first)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-20}"
BIN="${COUNTER_BIN_DIR:-$(cd "$ROOT" && swift build -c "${BUILD_CONFIGURATION:-debug}" --show-bin-path)}"
WORK="$(mktemp -d)"
export COUNTER_SEEDS="$ROOT/seeds"
export XDG_DATA_HOME="$WORK/data"

cp "$ROOT/seeds/demo/cards/takahashi-sakiko.json" "$WORK/card.json"
"$BIN/mynumber-card-sim" serve --profile "$WORK/card.json" --port 35963 >/dev/null 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do "$BIN/counter" card status 2>/dev/null | grep -q '暗証番号 残り' && break; sleep 0.1; done
"$BIN/counter" residents import "$ROOT/seeds/demo/registry" --db "$WORK/c.sqlite" >/dev/null
"$BIN/counter" keys init --dir "$WORK/keys" >/dev/null

python3 - "$BIN/counter" "$WORK" "$RUNS" <<'PY'
import glob, statistics, subprocess, sys, time
counter, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
common = ["--db", f"{work}/c.sqlite", "--keys", f"{work}/keys", "--office", "kita", "--terminal", "BENCH",
          "--resident", "P90001", "--kind", "juminhyo-personal", "--clerk", "bench"]
serial = [0]
def issue(target):
    serial[0] += 1
    return [counter, "certificate", "issue", *common, "--request", f"B{serial[0]}", *target]
def card_then_issue():
    subprocess.run([counter, "card", "read", "--pin-stdin", "--json"], input="1234\n", text=True, check=True, capture_output=True)
    subprocess.run(issue(["--printer", "counter-pdf"]), check=True, capture_output=True)
subprocess.run(issue(["--out", f"{work}/ready"]), check=True, capture_output=True)
ready = sorted(glob.glob(f"{work}/ready/*.pdf"))[0]
cases = {
    "certificate issue -> PDF folder": lambda: subprocess.run(issue(["--out", f"{work}/pdf"]), check=True, capture_output=True),
    "certificate issue -> CUPS": lambda: subprocess.run(issue(["--printer", "counter-pdf"]), check=True, capture_output=True),
    "card read + certificate issue -> CUPS": card_then_issue,
    "baseline: lp of the same PDF -> CUPS": lambda: subprocess.run(["lp", "-d", "counter-pdf", ready], check=True,
                                                                    capture_output=True),
}
for name, run in cases.items():
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{name:40s} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   (n={runs})")
PY
