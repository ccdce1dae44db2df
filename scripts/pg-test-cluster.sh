#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (STACK-CHECK §1 recipe), as root or as any user.
#   source scripts/pg-test-cluster.sh start   → exports EVIDENCE_STORE_TEST_PG_URL
#   bash scripts/pg-test-cluster.sh stop
# Returns non-zero when no server binaries are installed or the server does not start; the PostgreSQL
# tests then skip, unless EVIDENCE_STORE_REQUIRE_PG=1 (CI), where the test run fails instead.
# As root, initdb and the server run as the "postgres" user (initdb refuses root); as any other user,
# as that user. The cluster lives in $PGROOT (default /tmp/kvc-pg-<uid>-<port>), fsync off.
KVC_PGPORT=${KVC_PGPORT:-54329}
KVC_PGROOT=${KVC_PGROOT:-/tmp/kvc-pg-$(id -u)-$KVC_PGPORT}
KVC_PGBIN=${KVC_PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}

_kvc_as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
_kvc_fail() { echo "pg-test-cluster: $*" >&2; return 1; }

_kvc_stop() {
  if [[ -n "$KVC_PGBIN" && -f "$KVC_PGROOT/data/postmaster.pid" ]]; then
    _kvc_as_pg "$KVC_PGBIN/pg_ctl" -D "$KVC_PGROOT/data" -m fast -w stop >/dev/null 2>&1 \
      || _kvc_as_pg "$KVC_PGBIN/pg_ctl" -D "$KVC_PGROOT/data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$KVC_PGROOT"
}

_kvc_start() {
  [[ -n "$KVC_PGBIN" && -x "$KVC_PGBIN/initdb" ]] \
    || { _kvc_fail "PostgreSQL server not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)"; return 1; }
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    _kvc_fail "running as root but there is no 'postgres' user to run the server"; return 1
  fi
  _kvc_stop
  mkdir -p "$KVC_PGROOT" || { _kvc_fail "cannot create $KVC_PGROOT"; return 1; }
  chmod 700 "$KVC_PGROOT"
  echo postgres > "$KVC_PGROOT/pw"
  [[ $(id -u) -eq 0 ]] && chown -R postgres: "$KVC_PGROOT"
  _kvc_as_pg "$KVC_PGBIN/initdb" -D "$KVC_PGROOT/data" -A scram-sha-256 --pwfile="$KVC_PGROOT/pw" -E UTF8 \
      --locale=C.UTF-8 -U postgres >"$KVC_PGROOT/initdb.log" 2>&1 \
    || { cat "$KVC_PGROOT/initdb.log" >&2; _kvc_fail "initdb failed"; return 1; }
  _kvc_as_pg "$KVC_PGBIN/pg_ctl" -D "$KVC_PGROOT/data" -l "$KVC_PGROOT/log" -w -t 30 -o "-p $KVC_PGPORT \
      -k $KVC_PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
      -c full_page_writes=off -c autovacuum=off -c max_connections=100" start >/dev/null 2>&1 \
    || { tail -5 "$KVC_PGROOT/log" >&2; _kvc_fail "server did not start (port $KVC_PGPORT busy?)"; return 1; }
  PGPASSWORD=postgres "$KVC_PGBIN/psql" -q -X -h 127.0.0.1 -p "$KVC_PGPORT" -U postgres -d postgres \
      -c "CREATE ROLE kvc LOGIN PASSWORD 'kvc' CREATEDB" \
      -c "GRANT pg_signal_backend TO kvc" -c "CREATE DATABASE kvc OWNER kvc" >/dev/null \
    || { _kvc_fail "could not create the test role"; return 1; }
  export EVIDENCE_STORE_TEST_PG_URL="postgresql+psycopg://kvc:kvc@127.0.0.1:$KVC_PGPORT/kvc"
  echo "PostgreSQL test cluster on 127.0.0.1:$KVC_PGPORT ($("$KVC_PGBIN/postgres" --version | awk '{print $3}'))"
}

case "${1:-start}" in
  start) _kvc_start ;;
  stop) _kvc_stop ;;
  *) _kvc_fail "usage: source $0 start | bash $0 stop" ;;
esac
