#!/usr/bin/env bash
# Measures the city on the project's PostgreSQL (not run by make test; part of make bench):
#  1. a fiscal year of 24 wards' demo history (>= 3 million case events, as bench-kpi.sh) synced by `counter sync`, every
#     terminal, four at a time: rows per second;
#  2. `counter city rollup` over all of it;
#  3. the city FY report (`counter report fy --source`, whole process, median of RUNS) next to one hand-written SQL query
#     in psql over the synced records computing the same figures; the figures compared;
#  4. the registry: 2.8 million persons, lookup(card:) by 100 clients at once (city-registry-bench), next to pgbench
#     running the same query with 100 clients.
# Usage: scripts/bench-city.sh [RUNS] [DAYS] [PERSONS]   (BUILD_CONFIGURATION=release; BENCH_WORK keeps the history)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-5}"
DAYS="${2:-365}"
PERSONS="${3:-2800000}"
BIN="${COUNTER_BIN_DIR:-$(cd "$ROOT" && swift build -c "${BUILD_CONFIGURATION:-debug}" --show-bin-path)}"
WORK="${BENCH_WORK:-$(mktemp -d)}"
export COUNTER_SEEDS="$ROOT/seeds"
bash "$ROOT/scripts/start-postgres.sh" >/dev/null
# shellcheck disable=SC1091
. "${COUNTER_VAR:-$ROOT/var}/postgres/credentials"
fresh() {  # fresh NAME: a new migrated database; prints its admin URL
  psql -X -q "$COUNTER_CITY_URL" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  local url="${COUNTER_CITY_URL%/counter}/$1"
  psql -X -q "$url" -c "REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO counter_report, counter_audit, counter_terminal;" >/dev/null
  "$BIN/counter" city migrate --city "$url" >/dev/null
  echo "$url"
}

DB="$WORK/fy.sqlite"
if [ ! -f "$DB" ]; then
  "$BIN/counter" demo-data --offices 24 --days "$DAYS" --seed 1 --until 2026-03-31 --db "$DB" >/dev/null
fi
ROWS=$(sqlite3 "$DB" "SELECT (SELECT COUNT(*) FROM case_event) + (SELECT COUNT(*) FROM ledger_entry) + (SELECT COUNT(*) FROM certificate_log)")
EVENTS=$(sqlite3 "$DB" "SELECT COUNT(*) FROM case_event")
echo "history: $EVENTS case events, $ROWS records in all, $(sqlite3 "$DB" "SELECT COUNT(DISTINCT terminal_id) FROM case_event") terminals"

URL="$(fresh bench_city)"
START=$(date +%s.%N)
sqlite3 "$DB" "SELECT DISTINCT terminal_id FROM case_event" \
  | xargs -P 4 -I{} "$BIN/counter" sync --city "$URL" --terminal {} --db "$DB" --batch 5000 >/dev/null
END=$(date +%s.%N)
python3 -c "import sys; rows, s = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f'sync, every terminal, 4 at a time: {rows} records in {s:.1f} s = {rows / s:,.0f} records/s')" "$ROWS" "$START" "$END"
/usr/bin/time -f "counter city rollup: %e s, peak RSS %M KiB" "$BIN/counter" city rollup --city "$URL"
psql -X -q "$URL" -c "ANALYZE" >/dev/null 2>&1  # the shared catalogs are the superuser's: their warnings are noise
echo "terminal database: $(stat -c %s "$DB") bytes; city database: $(psql -X -A -t "$URL" -c "SELECT pg_database_size(current_database())") bytes"
/usr/bin/time -f "counter city verify: %e s" "$BIN/counter" city verify --city "$URL" | tail -1
REPORT_URL="${COUNTER_CITY_REPORT_URL%/counter}/bench_city"
python3 - "$BIN/counter" "$REPORT_URL" "$URL" "$RUNS" "$ROOT/scripts" <<'PY'
import json, sys
counter, report_url, admin_url, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, sys.argv[5])
from fy_figures import query, ours, timed
report_ms, report = timed([counter, "report", "fy", "--date", "2026-03-31", "--format", "json", "--source", report_url], runs)
mine = ours(json.loads(report))
sql_ms, raw = timed(["psql", "-X", "-A", "-t", "-F", "|", admin_url, "-c", query("city_")], runs)
theirs = tuple(int(x) for x in raw.strip().split("|"))
print(f"counter report fy --source (whole process)  median {report_ms:8.1f} ms  (n={runs})")
print(f"psql one hand-written query                 median {sql_ms:8.1f} ms  ratio report/psql = {report_ms / sql_ms:.3f}")
print(f"figures agree: {mine == theirs}  ours={mine}  psql={theirs}")
PY
/usr/bin/time -f "counter report fy --source peak RSS: %M KiB" "$BIN/counter" report fy --date 2026-03-31 --format json --source "$REPORT_URL" >/dev/null 2>&1 || true
psql -X -q "$COUNTER_CITY_URL" -c "DROP DATABASE bench_city" >/dev/null

# The registry: ours, then pgbench with the same first query of lookup(card:) (exact name and birth date), each
# transaction picking a person by id first (pgbench cannot compute a synthetic name).
REGISTRY="$(fresh bench_registry)"
(cd "$ROOT" && swift run -c release --package-path Benchmarks city-registry-bench "$REGISTRY" "$PERSONS" 100 50)
echo "registry: $(psql -X -A -t "$REGISTRY" -c "SELECT pg_total_relation_size('registry_person') + pg_total_relation_size('registry_household')") bytes for $PERSONS persons"
cat >"$WORK/lookup.sql" <<SQL
\set i random(0, $((PERSONS - 1)))
SELECT p.id, p.name, p.birth_date, p.address FROM registry_person p
 WHERE (p.name, p.birth_date) = (SELECT name, birth_date FROM registry_person WHERE id = 'P' || :i) ORDER BY p.id;
SQL
(cd "$WORK" && pgbench -n -c 100 -j 2 -t 50 -l --log-prefix=pgbench -f "$WORK/lookup.sql" "$REGISTRY" 2>&1 | grep -E "tps|number of transactions")
python3 - "$WORK" <<'PY'
import glob, sys
times = sorted(int(line.split()[2]) / 1000 for name in glob.glob(sys.argv[1] + "/pgbench.*") for line in open(name))
print(f"pgbench same query 100 clients x 50: p50 {times[len(times) // 2]:.2f} ms  p95 {times[min(len(times) - 1, len(times) * 95 // 100)]:.2f} ms")
PY
psql -X -q "$COUNTER_CITY_URL" -c "DROP DATABASE bench_registry" >/dev/null
