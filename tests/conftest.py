"""Shared test setup: Qt offscreen, no log files, a migrated database template copied per test.

Database fixtures (``db_url``, ``db``, and ``world`` in tests/integration) run each test twice: on
SQLite and on PostgreSQL (``--pg-url``, default $EVIDENCE_STORE_TEST_PG_URL; scripts/run-tests.sh
starts a throwaway server). Without a server the PostgreSQL variants skip, saying why; with
EVIDENCE_STORE_REQUIRE_PG=1 (CI) a missing server is an error. A test that is about SQLite itself
(file copies, PRAGMAs, FTS5, killing a writer on a file) carries ``@pytest.mark.sqlite_only``; one
about PostgreSQL alone carries ``@pytest.mark.postgres`` (and runs on PostgreSQL only)."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EVIDENCE_STORE_NO_LOGFILE", "1")

import pytest  # noqa: E402

from evidence_store.domain import chronology  # noqa: E402

# ---- one warehouse day for the whole run ------------------------------------------------------------------
# Tests fix their dates when imported (TODAY in the builders) while the services check "not before today" when
# called (a request's "needed on": needed_on_past). A run that crossed midnight (the CI run of the night of
# 6-7 December 2026) was refused "needed on TODAY" as past in its last minutes (9 failures). The run keeps the
# day it started on; the clock itself (the times of acts) runs on. chronology.today(now), given a moment, is the
# real function (REAL_TODAY: tests/integration/test_one_time_zone.py).
REAL_TODAY = chronology.today
RUN_DAY = REAL_TODAY()


def _run_day(now=None):
    return RUN_DAY if now is None else REAL_TODAY(now)


chronology.today = _run_day


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Keep data, backups and logs of every test inside pytest's temporary directory."""
    home = tmp_path_factory.getbasetemp() / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("EVIDENCE_STORE_DB", raising=False)


@pytest.fixture
def pg_cluster_lock(tmp_path_factory):
    """Held by a test that changes what the whole PostgreSQL test server shares, not only its own database: login
    and group roles (named after the demo accounts, cluster-wide), the benchmarks' databases of fixed names. Under
    pytest-xdist (scripts/run-tests.sh) the workers share one server, so such tests run one at a time; a single
    process needs no lock. The lock file is in the run's temporary directory, which every worker shares."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    import fcntl
    with open(tmp_path_factory.getbasetemp().parent / "pg-cluster.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(autouse=True)
def _pg_cluster_marked(request):
    """``@pytest.mark.pg_cluster``: the test takes ``pg_cluster_lock`` before any of its other fixtures."""
    if request.node.get_closest_marker("pg_cluster") is not None:
        request.getfixturevalue("pg_cluster_lock")


BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser):
    from tests.pg_support import PG_URL_ENV
    parser.addoption("--pg-url", default=os.environ.get(PG_URL_ENV, ""),
                     help=f"PostgreSQL server for the postgresql variants (default ${PG_URL_ENV})")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: runs on SQLite only (the test is about SQLite itself)")
    from tests.pg_support import NO_SERVER, REQUIRE_ENV, require_pg
    if require_pg() and not config.getoption("--pg-url"):
        raise pytest.UsageError(f"{REQUIRE_ENV}=1 but {NO_SERVER}")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        names = ("sqlite",) if marked("sqlite_only") else ("postgresql",) if marked("postgres") else BACKENDS
        metafunc.parametrize("backend", [pytest.param(n, marks=[pytest.mark.postgres] if n != "sqlite" else [])
                                         for n in names], indirect=True)


@pytest.fixture(scope="session")
def pg_server(pytestconfig):
    """The PostgreSQL test server (tests.pg_support.PgServer); skips, or fails in CI, without one."""
    from tests.pg_support import NO_SERVER, PgServer, require_pg
    url = pytestconfig.getoption("--pg-url")
    if not url:
        pytest.skip(NO_SERVER)
    server = PgServer(url)
    try:
        server.check()
    except Exception as exc:
        reason = f"PostgreSQL test server {url.split('@')[-1]} unreachable: {exc}".strip()
        if require_pg():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    yield server
    server.drop_all()


@pytest.fixture
def backend(request):
    """"sqlite" or "postgresql" (parametrised by pytest_generate_tests)."""
    name = getattr(request, "param", "sqlite")
    if name == "postgresql":
        request.getfixturevalue("pg_server")
    return name


@pytest.fixture(scope="session")
def pg_migrated_template(pg_server):
    from tests.pg_support import template_from
    name, _ = template_from(pg_server, f"kvc_tpl{os.getpid()}_migrated")
    return name


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """One SQLite file migrated to head per run; tests copy it (fast, and migrations stay tested)."""
    from evidence_store.db.migrate import open_database
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def world_template(tmp_path_factory):
    """The demo warehouse's structure (agencies, locations, one user per role) in a SQLite file, built once per
    process for the integration and the GUI tests alike (accounts hash slowly); tests copy it."""
    from tests.integration.builders import world_template_at
    return world_template_at(tmp_path_factory, "world")


@pytest.fixture(scope="session")
def pg_world_template(pg_server):
    """The same structure as a PostgreSQL template database: (its name, the World)."""
    from evidence_store.demo.base import build_base
    from tests.pg_support import template_from
    return template_from(pg_server, f"kvc_tpl{os.getpid()}_world", build_base)


@pytest.fixture
def db_url(backend, request, tmp_path):
    """URL of a fresh database migrated to head, on each backend."""
    if backend == "postgresql":
        from tests.pg_support import pg_database_from
        return pg_database_from(request, "pg_migrated_template")
    path = tmp_path / "kho.sqlite3"
    shutil.copy(request.getfixturevalue("migrated_template"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def db(db_url):
    from evidence_store.db.migrate import open_database
    database = open_database(db_url)
    yield database
    database.dispose()
