#!/usr/bin/env bash
# Starts the project's own PostgreSQL server for the city database (docs/scale.md): its data folder under
# var/postgres, loopback only, the first free port from 55432 (COUNTER_PG_PORT; kept in its configuration), run by the system user counterpg (PostgreSQL refuses to
# run as root; the user is made here when missing). On first start it creates the database `counter` and the roles
# (counter_admin owns the schema and runs the migrations; counter_report reads; counter_audit alone may alter history),
# with random passwords kept in var/postgres/credentials (0600). Idempotent; prints the admin's postgres:// URL.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VAR="${COUNTER_VAR:-$ROOT/var}"
PG="$VAR/postgres"
DATA="$PG/data"
PORT="${COUNTER_PG_PORT:-}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/postgres" ] || { echo "start-postgres: PostgreSQL is missing; install postgresql (scripts/install-deps.sh)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u counterpg -- "$@"; else "$@"; fi; }

if [ "$(id -u)" -eq 0 ] && ! id counterpg >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin counterpg
fi
mkdir -p "$PG"
chmod 0755 "$VAR" "$PG" 2>/dev/null || true
if [ "$(id -u)" -eq 0 ] && ! runuser -u counterpg -- test -x "$PG"; then
  echo "start-postgres: the user counterpg cannot reach $PG (a folder above it is closed to other users); clone the project where other users may enter, or set COUNTER_VAR" >&2
  exit 1
fi
if [ ! -s "$DATA/PG_VERSION" ]; then
  # The first free port from 55432 (another clone's server may hold one), kept in the server's configuration.
  if [ -z "$PORT" ]; then
    for candidate in $(seq 55432 55452); do
      if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$candidate" >/dev/null 2>&1 \
         && ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT="$candidate"; break; fi
    done
    [ -n "$PORT" ] || { echo "start-postgres: no free port in 55432-55452; set COUNTER_PG_PORT" >&2; exit 1; }
  fi
  rm -rf "$DATA"
  install -d -m 0700 -o "$( [ "$(id -u)" -eq 0 ] && echo counterpg || id -un)" "$DATA" "$PG/run" "$PG/log"
  as_pg "$BIN/initdb" -D "$DATA" -U counterpg --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG/initdb.log" 2>&1
  cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PG/run'
max_connections = 200
shared_buffers = 256MB
CONF
fi
PORT="$(awk -F' = ' '$1 == "port" { print $2 }' "$DATA/postgresql.conf" | tail -1)"
if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; then
    echo "start-postgres: port $PORT is served by another PostgreSQL (another clone's?); stop it or set COUNTER_PG_PORT" >&2
    exit 1
  fi
  rm -f "$DATA/postmaster.pid"
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$PG/log/server.log" -w -t 30 start >/dev/null
fi
psql_pg() { as_pg psql -X -q -h "$PG/run" -p "$PORT" -U counterpg -v ON_ERROR_STOP=1 "$@"; }
if [ ! -s "$PG/credentials" ]; then
  umask 077
  admin="$(openssl rand -hex 16)"; report="$(openssl rand -hex 16)"; audit="$(openssl rand -hex 16)"
  psql_pg -d postgres <<SQL
CREATE ROLE counter_admin LOGIN PASSWORD '$admin' CREATEROLE CREATEDB;
CREATE ROLE counter_report LOGIN PASSWORD '$report';
CREATE ROLE counter_audit LOGIN PASSWORD '$audit';
CREATE ROLE counter_terminal NOLOGIN;
CREATE DATABASE counter OWNER counter_admin;
SQL
  psql_pg -d counter -c "REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO counter_report, counter_audit, counter_terminal;"
  cat >"$PG/credentials" <<CRED
COUNTER_CITY_URL=postgres://counter_admin:$admin@127.0.0.1:$PORT/counter
COUNTER_CITY_REPORT_URL=postgres://counter_report:$report@127.0.0.1:$PORT/counter
COUNTER_CITY_AUDIT_URL=postgres://counter_audit:$audit@127.0.0.1:$PORT/counter
CRED
  chmod 0600 "$PG/credentials"
fi
grep '^COUNTER_CITY_URL=' "$PG/credentials" | sed 's/^COUNTER_CITY_URL=//; s#://\([^:]*\):[^@]*@#://\1:***@#'
