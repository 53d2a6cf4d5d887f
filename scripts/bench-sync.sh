#!/usr/bin/env bash
# Measures `counter sync` (not run by make test): one terminal's case events from a demo history into a fresh database
# of the project's PostgreSQL server (scripts/start-postgres.sh), rows per second at two batch sizes.
# Usage: scripts/bench-sync.sh [DAYS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DAYS="${1:-60}"
BIN="${COUNTER_BIN_DIR:-$(cd "$ROOT" && swift build -c "${BUILD_CONFIGURATION:-debug}" --show-bin-path)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export COUNTER_SEEDS="$ROOT/seeds"
bash "$ROOT/scripts/start-postgres.sh" >/dev/null
# shellcheck disable=SC1091
. "${COUNTER_VAR:-$ROOT/var}/postgres/credentials"
"$BIN/counter" demo-data --offices 1 --days "$DAYS" --seed 3 --until 2026-11-27 --db "$WORK/t.sqlite" >/dev/null
ROWS=$(sqlite3 "$WORK/t.sqlite" "SELECT COUNT(*) FROM case_event WHERE terminal_id = 'KITA-01'")
for BATCH in 500 5000; do
  psql -X -q "$COUNTER_CITY_URL" -c "DROP DATABASE IF EXISTS bench_sync_$BATCH" -c "CREATE DATABASE bench_sync_$BATCH"
  URL="${COUNTER_CITY_URL%/counter}/bench_sync_$BATCH"
  psql -X -q "$URL" -c "REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO counter_report, counter_audit, counter_terminal;"
  "$BIN/counter" city migrate --city "$URL" >/dev/null
  START=$(date +%s.%N)
  "$BIN/counter" sync --city "$URL" --terminal KITA-01 --db "$WORK/t.sqlite" --batch "$BATCH" >/dev/null
  END=$(date +%s.%N)
  python3 -c "import sys; rows, s = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f'sync batch {sys.argv[4]:>5}: {rows} rows in {s:.2f} s = {rows / s:,.0f} rows/s')" "$ROWS" "$START" "$END" "$BATCH"
  psql -X -q "${COUNTER_CITY_URL}" -c "DROP DATABASE bench_sync_$BATCH"
done
