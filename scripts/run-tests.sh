#!/usr/bin/env bash
# Sets everything up (system packages, .venv with the test tools), starts a throwaway PostgreSQL
# cluster on 127.0.0.1 so the integration tests also run against a real server, runs the whole
# suite, and stops the cluster. Extra arguments go to pytest. Exit status is pytest's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
if [[ -z "${EVIDENCE_STORE_TEST_PG_URL:-}" ]]; then
  if source scripts/pg-test-cluster.sh start; then
    trap 'bash scripts/pg-test-cluster.sh stop' EXIT
  else
    bash scripts/pg-test-cluster.sh stop || true  # nothing to stop when no port was claimed
    if [[ "${EVIDENCE_STORE_REQUIRE_PG:-}" == 1 ]]; then
      echo "EVIDENCE_STORE_REQUIRE_PG=1: the PostgreSQL tests must run, but no test server could be started" >&2
      exit 3
    fi
    echo "No PostgreSQL test server: the postgresql variants of the tests will be skipped" >&2
  fi
fi
export QT_QPA_PLATFORM=offscreen
# pytest-xdist: two worker processes, one per core of the project's machines (CI's run must stay under 20 min;
# in one process the suite took ~19 min of it). --dist loadfile sends each test file whole to one worker, so its
# module fixtures (demo databases, the private CUPS server) are built once. Each worker has its own SQLite files,
# PostgreSQL databases (named by process id) and temporary directory; the tests that touch what the whole test
# server shares (login roles) take a lock (tests/conftest.py: pg_cluster_lock). `-n 0` (an extra argument) runs
# everything in this one process, KVC_TEST_WORKERS=N sets another number of workers.
.venv/bin/python -m pytest -n "${KVC_TEST_WORKERS:-2}" --dist loadfile "$@"
