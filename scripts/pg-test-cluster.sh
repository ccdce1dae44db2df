#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (STACK-CHECK §1 recipe), as root or as any user.
#   source scripts/pg-test-cluster.sh start   → exports EVIDENCE_STORE_TEST_PG_URL
#   bash scripts/pg-test-cluster.sh stop
# Returns non-zero when no server binaries are installed or the server does not start; the PostgreSQL
# tests then skip, unless EVIDENCE_STORE_REQUIRE_PG=1 (CI), where the test run fails instead.
# As root, initdb and the server run as the "postgres" user (initdb refuses root); as any other user,
# as that user. The cluster lives in $KVC_PGROOT (default /tmp/kvc-pg-<uid>-<port>), fsync off.
# Several runs at once (developers sharing a machine) each get their own cluster: without an explicit
# KVC_PGPORT, start takes the first port from 54329 on that no server and no live cluster uses, and
# exports KVC_PGPORT and KVC_PGROOT so that the matching "stop" (inheriting them) stops only its own.
KVC_PGBIN=${KVC_PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
_kvc_root() { echo "/tmp/kvc-pg-$(id -u)-$1"; }

_kvc_as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
_kvc_fail() { echo "pg-test-cluster: $*" >&2; return 1; }

_kvc_live() {  # a cluster directory whose postmaster is still running
  local pid; pid=$(head -1 "$1/data/postmaster.pid" 2>/dev/null) || return 1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

_kvc_claim_port() {  # sets KVC_PGPORT and KVC_PGROOT, creating the (claimed) directory
  local port root
  for port in ${KVC_PGPORT:-$(seq 54329 54348)}; do
    root=${KVC_PGROOT:-$(_kvc_root "$port")}
    if [[ -z "${KVC_PGPORT:-}" ]]; then
      "$KVC_PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; [[ $? -eq 2 ]] || continue  # port in use
      _kvc_live "$root" && continue
      # a directory without a running server: stale if its server died, or if nobody finished
      # setting it up within two minutes; otherwise another run is starting its cluster there
      if [[ -d "$root" && ! -f "$root/data/postmaster.pid" && -z "$(find "$root" -maxdepth 0 -mmin +2)" ]]; then
        continue
      fi
    else
      KVC_PGROOT=$root _kvc_stop  # an explicit port: replace whatever cluster of ours was there
    fi
    rm -rf "$root" 2>/dev/null
    mkdir "$root" 2>/dev/null || continue  # another run claimed it a moment ago
    export KVC_PGPORT=$port KVC_PGROOT=$root
    return 0
  done
  return 1
}

_kvc_stop() {
  # never a guessed port: "stop" with neither variable once removed another developer's cluster on 54329
  [[ -n "${KVC_PGPORT:-}${KVC_PGROOT:-}" ]] \
    || { _kvc_fail "stop: which cluster? KVC_PGPORT=<port> bash $0 stop (start exports it); nothing stopped"; return 1; }
  KVC_PGROOT=${KVC_PGROOT:-$(_kvc_root "$KVC_PGPORT")}
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
  _kvc_claim_port || { _kvc_fail "no free port/directory for a test cluster (ports 54329-54348 busy?)"; return 1; }
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
      -c "CREATE ROLE kvc LOGIN PASSWORD 'kvc' CREATEDB CREATEROLE" \
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
