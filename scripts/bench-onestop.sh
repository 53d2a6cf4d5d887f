#!/usr/bin/env bash
# Measures the one-stop counter from the last answer to the last form submitted (not run by make test): the whole
# `counter onestop print` of 転入 with two other people, 国保 and 児童手当 (answers checked, the plan, the case and its
# events recorded, three forms rendered and submitted to CUPS), next to `lp` sending the same three ready PDFs.
# Usage: scripts/bench-onestop.sh [RUNS]   (needs `swift build`, cupsd: run `make services` first)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-20}"
BIN="${COUNTER_BIN_DIR:-$(cd "$ROOT" && swift build -c "${BUILD_CONFIGURATION:-debug}" --show-bin-path)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export COUNTER_SEEDS="$ROOT/seeds"
export XDG_DATA_HOME="$WORK/data"
cat >"$WORK/info.json" <<'JSON'
{"name": "髙橋　﨑子", "address": "京都府京都市中京区寺町通御池上る", "birthDate": "1985-04-12", "sex": "2"}
JSON
cat >"$WORK/answers.json" <<'JSON'
{"moveDate": "2026-11-28", "newAddress": "大阪市北区中之島１丁目３－２０", "householdHeadIsSelf": true, "movingMembers": 2,
 "memberName.2": "髙橋　一郎", "memberBirthDate.2": "S52.4.3", "memberRelationship.2": "夫",
 "memberName.3": "髙橋　陽菜", "memberBirthDate.3": "2018-06-15", "memberRelationship.3": "子",
 "joinsKokuho": true, "hasChildUnder18": true, "hasSchoolChild": false, "updateMyNumberCard": false,
 "registerSeal": {"skipped": "not-brought"}}
JSON
python3 - "$BIN/counter" "$WORK" "$RUNS" <<'PY'
import glob, statistics, subprocess, sys, time
counter, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
common = ["onestop", "print", "--event", "tennyu", "--answers", f"{work}/answers.json", "--info-json", f"{work}/info.json",
          "--office", "kita", "--date", "2026-12-02", "--db", f"{work}/bench.sqlite"]
subprocess.run([counter, *common, "--out", f"{work}/ready"], check=True, capture_output=True)
ready = sorted(glob.glob(f"{work}/ready/*.pdf"))
assert len(ready) == 3, ready
cases = {
    "onestop print 3 forms -> CUPS": [counter, *common, "--printer", "counter-pdf"],
    "onestop plan only (no printing)": [counter, "onestop", "plan", "--event", "tennyu", "--answers", f"{work}/answers.json",
                                        "--date", "2026-12-02", "--json"],
    "baseline: lp of the same 3 PDFs -> CUPS": ["sh", "-c", " && ".join(f"lp -d counter-pdf '{p}'" for p in ready)],
}
for name, argv in cases.items():
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{name:42s} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   (n={runs})")
PY
