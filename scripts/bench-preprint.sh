#!/usr/bin/env bash
# Measures 書かない窓口 end to end through the real stack (not run by make test):
#   card read alone, preprint from a JSON file alone, and card + preprint together, each as a whole
#   `counter` process; plus process start. Prints median and p95 in milliseconds.
# Usage: scripts/bench-preprint.sh [RUNS]   (needs `swift build`, pcscd, cupsd: run `make services` first)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-20}"
BIN="${COUNTER_BIN_DIR:-$(cd "$ROOT" && swift build -c "${BUILD_CONFIGURATION:-debug}" --show-bin-path)}"
WORK="$(mktemp -d)"
export COUNTER_SEEDS="$ROOT/seeds"
# Each preprint records its case: keep the database in the work folder, never the tester's.
export XDG_DATA_HOME="$WORK/data"
FORMS="juminhyo-koufu,idou-todoke"

cp "$ROOT/seeds/demo/cards/takahashi-sakiko.json" "$WORK/card.json"
"$BIN/mynumber-card-sim" serve --profile "$WORK/card.json" --port 35963 >/dev/null 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do "$BIN/counter" card status 2>/dev/null | grep -q '暗証番号 残り' && break; sleep 0.1; done
echo 1234 | "$BIN/counter" card read --pin-stdin --json > "$WORK/info.json"

python3 - "$BIN/counter" "$WORK" "$RUNS" "$FORMS" <<'PY'
import statistics, subprocess, sys, time
counter, work, runs, forms = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
cases = {
    "process start (counter --help)": ([counter, "--help"], None),
    "card read (4 fields, PIN)": ([counter, "card", "read", "--pin-stdin", "--json"], "1234\n"),
    "preprint 2 forms from JSON -> CUPS": ([counter, "preprint", "--info-json", f"{work}/info.json", "--forms", forms,
                                            "--printer", "counter-pdf", "--mode", "full"], None),
    "card + preprint 2 forms -> CUPS": ([counter, "preprint", "--from-card", "--pin-stdin", "--forms", forms,
                                        "--printer", "counter-pdf", "--mode", "full"], "1234\n"),
    "preprint 2 forms from JSON -> PDF folder": ([counter, "preprint", "--info-json", f"{work}/info.json", "--forms",
                                                  forms, "--out", f"{work}/pdf", "--mode", "full"], None),
}
# The baseline side by side: `lp` sending the same two ready PDFs to the same queue.
subprocess.run([counter, "preprint", "--info-json", f"{work}/info.json", "--forms", forms, "--out", f"{work}/ready",
                "--mode", "full"], check=True, capture_output=True)
import glob
ready = sorted(glob.glob(f"{work}/ready/*.pdf"))
cases["baseline: lp of the same 2 PDFs -> CUPS"] = (["sh", "-c", " && ".join(f"lp -d counter-pdf '{p}'" for p in ready)], None)
for name, (argv, stdin) in cases.items():
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, input=stdin, text=True, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{name:40s} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   (n={runs})")
PY
/usr/bin/time -f "peak RSS of counter card read: %M KiB" "$BIN/counter" card read --pin-stdin --json <<<"1234" >/dev/null
