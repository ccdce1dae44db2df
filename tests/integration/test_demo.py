"""The demo generator builds every lifecycle state through the services, deterministically."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from evidence_store.db.migrate import open_database
from evidence_store.demo.generate import generate
from evidence_store.domain.states import State
from evidence_store.services.verify import verify


@pytest.fixture(scope="module")
def demo_dbs(tmp_path_factory):
    out = []
    for name in ("a", "b"):
        db = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / name}.sqlite3")
        generate(db, items=300 if name == "a" else 60, seed=1)
        out.append(db)
    yield out
    for db in out:
        db.dispose()


def _rows(db, sql):
    with db.reader.connect() as c:
        return c.execute(text(sql)).all()


def test_every_state_and_a_valid_ledger(demo_dbs):
    db = demo_dbs[0]
    states = {r[0] for r in _rows(db, "SELECT DISTINCT state FROM items")}
    assert states == {s.value for s in State}
    assert _rows(db, "SELECT count(*) FROM items")[0][0] == 300
    assert _rows(db, "SELECT count(*) FROM deadlines WHERE kind = 'temporary_return' AND closed_at IS NULL "
                     "AND due_on < date('now')")[0][0] >= 1
    assert verify(db).ok


def test_no_demo_event_happens_in_the_future(demo_dbs):
    from datetime import UTC, datetime
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    latest = _rows(demo_dbs[0], "SELECT max(occurred_at) FROM custody_events")[0][0]
    assert latest <= now


def test_same_seed_same_codes_and_names(demo_dbs, tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    try:
        generate(db, items=60, seed=1)
        sql = "SELECT code, name, attributes FROM items ORDER BY id"
        assert _rows(db, sql) == _rows(demo_dbs[1], sql)
    finally:
        db.dispose()
