"""Integration fixtures: a real database with the demo warehouse's structure (agencies,
locations, one user per role), built once per run and copied for each test — a SQLite file, and
a PostgreSQL template database (``world`` is parametrised over both; the templates are in tests/conftest.py)."""

from __future__ import annotations

import shutil
import pytest

from evidence_store.db.migrate import open_database


@pytest.fixture
def world(backend, request, tmp_path):
    """(db, world): a fresh copy of the structured database for this test, on each backend."""
    if backend == "postgresql":
        from tests.pg_support import pg_database_from
        w = request.getfixturevalue("pg_world_template")[1]
        url = pg_database_from(request, "pg_world_template")
    else:
        src, w = request.getfixturevalue("world_template")
        path = tmp_path / "kho.sqlite3"
        shutil.copy(src, path)
        url = f"sqlite:///{path}"
    database = open_database(url)
    yield database, w
    database.dispose()


@pytest.fixture
def clerk(world):
    db, w = world
    return w.actor(db, "thukho")
