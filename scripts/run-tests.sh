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
    bash scripts/pg-test-cluster.sh stop
    if [[ "${EVIDENCE_STORE_REQUIRE_PG:-}" == 1 ]]; then
      echo "EVIDENCE_STORE_REQUIRE_PG=1: the PostgreSQL tests must run, but no test server could be started" >&2
      exit 3
    fi
    echo "No PostgreSQL test server: the postgresql variants of the tests will be skipped" >&2
  fi
fi
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest "$@"
