#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (STACK-CHECK §1 recipe).
#   source scripts/pg-test-cluster.sh start   → exports EVIDENCE_STORE_TEST_PG_URL
#   bash scripts/pg-test-cluster.sh stop
# Returns non-zero (and the tests skip PostgreSQL) when no server binaries are installed.
PGPORT=${PGPORT:-54329}
PGROOT=${PGROOT:-/tmp/kvc-pg-$PGPORT}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
_as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    [[ -n "$PGBIN" && -x "$PGBIN/initdb" ]] || { echo "PostgreSQL server not installed"; return 1 2>/dev/null || exit 1; }
    "$PGBIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1 && _as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$PGROOT"; mkdir -p "$PGROOT"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$PGROOT"
    echo postgres > "$PGROOT/pw"; [[ $(id -u) -eq 0 ]] && chown postgres "$PGROOT/pw"
    _as_pg "$PGBIN/initdb" -D "$PGROOT/data" -A scram-sha-256 --pwfile="$PGROOT/pw" -E UTF8 --locale=C.UTF-8 -U postgres >/dev/null
    _as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null
    PGPASSWORD=postgres psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE ROLE kvc LOGIN PASSWORD 'kvc' CREATEDB" -c "CREATE DATABASE kvc OWNER kvc" >/dev/null
    export EVIDENCE_STORE_TEST_PG_URL="postgresql+psycopg://kvc:kvc@127.0.0.1:$PGPORT/kvc"
    echo "PostgreSQL test cluster on 127.0.0.1:$PGPORT"
    ;;
  stop)
    [[ -n "$PGBIN" ]] && _as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1
    rm -rf "$PGROOT"
    ;;
esac
