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
python3 - "$BIN/counter" "$DB" "$RUNS" <<'PY'
import json, statistics, subprocess, sys, time
counter, db, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def timed(argv):
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), out
report_ms, report = timed([counter, "report", "fy", "--date", "2026-03-31", "--format", "json", "--db", db])
start_ms, _ = timed([counter, "--help"])
figures = json.loads(report)
# The same figures straight from the raw events, in one query: net fee payments by method (a cancellation takes its
# payment out), preprinted cases, kiosk and all copies of the counted kinds.
kinds = "'juminhyo-household','juminhyo-partial','juminhyo-personal','inkan','koseki-zenbu','koseki-kojin','fuhyo','kazei'"
sql = f"""
SELECT
 (SELECT COUNT(*) FROM ledger_entry p WHERE p.kind = 'payment' AND p.total_yen > 0 AND p.day BETWEEN '2025-04-01' AND '2026-03-31'
    AND NOT EXISTS (SELECT 1 FROM ledger_entry c WHERE c.kind = 'cancellation' AND c.original_id = p.id)),
 (SELECT COALESCE(SUM(p.total_yen), 0) FROM ledger_entry p WHERE p.kind = 'payment' AND p.total_yen > 0 AND p.day BETWEEN '2025-04-01' AND '2026-03-31'
    AND NOT EXISTS (SELECT 1 FROM ledger_entry c WHERE c.kind = 'cancellation' AND c.original_id = p.id)),
 (SELECT COUNT(*) FROM ledger_entry p WHERE p.kind = 'payment' AND p.total_yen > 0 AND p.method = 'cashless' AND p.day BETWEEN '2025-04-01' AND '2026-03-31'
    AND NOT EXISTS (SELECT 1 FROM ledger_entry c WHERE c.kind = 'cancellation' AND c.original_id = p.id)),
 (SELECT COUNT(*) FROM case_event WHERE kind = 'caseStarted' AND style = 'preprinted' AND day BETWEEN '2025-04-01' AND '2026-03-31'),
 (SELECT COALESCE(SUM(copies), 0) FROM certificate_log WHERE kind = 'issue' AND channel = 'kiosk' AND certificate_kind IN ({kinds}) AND day BETWEEN '2025-04-01' AND '2026-03-31'),
 (SELECT COALESCE(SUM(copies), 0) FROM certificate_log WHERE kind = 'issue' AND certificate_kind IN ({kinds}) AND day BETWEEN '2025-04-01' AND '2026-03-31');
"""
sql_ms, raw = timed(["sqlite3", db, sql])
payments, amount, cashless, preprinted, kiosk, copies = [int(x) for x in raw.strip().split("|")]
ours = (figures["payments"]["count"], figures["payments"]["amount"], figures["cashlessPayments"]["count"], figures["cases"]["preprinted"],
        figures["kioskShare"]["numerator"] - figures["convenienceCopies"], figures["kioskShare"]["denominator"] - figures["convenienceCopies"])
print(f"counter report fy (whole process)    median {report_ms:8.1f} ms  (n={runs})")
print(f"counter --help (process start)        median {start_ms:8.1f} ms")
print(f"sqlite3 one hand-written query        median {sql_ms:8.1f} ms  ratio report/sqlite3 = {report_ms / sql_ms:.3f}")
print(f"figures agree: {ours == (payments, amount, cashless, preprinted, kiosk, copies)}  ours={ours}  sqlite3={(payments, amount, cashless, preprinted, kiosk, copies)}")
PY
/usr/bin/time -f "counter report fy peak RSS: %M KiB" "$BIN/counter" report fy --date 2026-03-31 --format json --db "$DB" >/dev/null
