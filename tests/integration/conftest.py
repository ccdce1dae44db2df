"""Integration fixtures: a real SQLite file with the demo warehouse's structure (agencies,
locations, one user per role), built once per run and copied for each test."""

from __future__ import annotations

import shutil
import pytest

from evidence_store.db.migrate import open_database
from evidence_store.demo.base import World, build_base
from evidence_store.services.context import UnitOfWork


@pytest.fixture(scope="session")
def world_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("world") / "world.sqlite3"
    db = open_database(f"sqlite:///{path}")
    world = build_base(db)
    db.dispose()
    return path, world


@pytest.fixture
def world(world_template, tmp_path):
    """(db, world): a fresh copy of the structured database for this test."""
    src, w = world_template
    path = tmp_path / "kho.sqlite3"
    shutil.copy(src, path)
    database = open_database(f"sqlite:///{path}")
    yield database, w
    database.dispose()


@pytest.fixture
def clerk(world):
    db, w = world
    return w.actor(db, "thukho")
