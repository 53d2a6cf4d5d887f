#!/usr/bin/env bash
# Measures the KPI reports (not run by make test): `counter demo-data` writes a fiscal year for 24 ward offices
# (events per second), then the FY report is timed (median of RUNS whole `counter report` processes, peak memory) next
# to one hand-written SQL query in the `sqlite3` CLI computing the same figures from the raw events, and the figures
# are compared.
# Usage: scripts/bench-kpi.sh [RUNS] [DAYS]   (BUILD_CONFIGURATION=release for the figures of the closing note)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-5}"
DAYS="${2:-365}"
BIN="${COUNTER_BIN_DIR:-$(cd "$ROOT" && swift build -c "${BUILD_CONFIGURATION:-debug}" --show-bin-path)}"
WORK="${BENCH_WORK:-$(mktemp -d)}"
export COUNTER_SEEDS="$ROOT/seeds"
DB="$WORK/fy.sqlite"
if [ ! -f "$DB" ]; then
  /usr/bin/time -f "demo-data peak RSS: %M KiB" "$BIN/counter" demo-data --offices 24 --days "$DAYS" --seed 1 --until 2026-03-31 --db "$DB"
fi
sqlite3 "$DB" "SELECT 'case events: ' || COUNT(*) FROM case_event; SELECT 'ledger entries: ' || COUNT(*) FROM ledger_entry; SELECT 'certificate log: ' || COUNT(*) FROM certificate_log; SELECT 'rollup rows: day ' || (SELECT COUNT(*) FROM kpi_day) || ', month ' || (SELECT COUNT(*) FROM kpi_month) || ', case ' || (SELECT COUNT(*) FROM kpi_case);"
ls -la "$DB" | awk '{print "database size: " $5 " bytes"}'
python3 - "$BIN/counter" "$DB" "$RUNS" "$ROOT/scripts" <<'PY'
import json, sys
counter, db, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, sys.argv[4])
from fy_figures import query, ours, timed
report_ms, report = timed([counter, "report", "fy", "--date", "2026-03-31", "--format", "json", "--db", db], runs)
start_ms, _ = timed([counter, "--help"], runs)
mine = ours(json.loads(report))
sql_ms, raw = timed(["sqlite3", db, query("")], runs)
theirs = tuple(int(x) for x in raw.strip().split("|"))
print(f"counter report fy (whole process)    median {report_ms:8.1f} ms  (n={runs})")
print(f"counter --help (process start)        median {start_ms:8.1f} ms")
print(f"sqlite3 one hand-written query        median {sql_ms:8.1f} ms  ratio report/sqlite3 = {report_ms / sql_ms:.3f}")
print(f"figures agree: {mine == theirs}  ours={mine}  sqlite3={theirs}")
PY
/usr/bin/time -f "counter report fy peak RSS: %M KiB" "$BIN/counter" report fy --date 2026-03-31 --format json --db "$DB" >/dev/null
