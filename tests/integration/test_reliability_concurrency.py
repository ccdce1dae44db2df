"""Two workstations on one SQLite file receive and move items at the same time: no lost update, no
duplicate code, a valid chain; a busy database makes the operation wait and retry, never fail."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from evidence_store.services import storage
from evidence_store.services.commands import MoveItems
from evidence_store.services.context import run
from evidence_store.services.verify import verify

from .builders import phone, receive

pytestmark = [pytest.mark.sqlite_only]
ROOT = Path(__file__).resolve().parents[2]
OPS = 80


def spawn(path, name, seed, busy_ms, pool, locations) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), EVIDENCE_STORE_NO_LOGFILE="1", EVIDENCE_STORE_WORKSTATION=name)
    return subprocess.Popen([sys.executable, "-m", "tests.integration.reliability_workers", "workstation", path,
                             name, str(OPS), str(seed), str(busy_ms), ",".join(pool), ",".join(locations)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_workstations_at_once(world, clerk, capsys):
    db, w = world
    pool = receive(db, clerk, [phone(seal_number=f"NP-{i}") for i in range(10)]).item_codes
    locations = [w.locations[k] for k in ("bin_A111", "bin_A112", "bin_B111", "bin_B112")]
    children = [spawn(db.sqlite_path, f"KHO-{n}", n, 40, pool, locations) for n in (1, 2)]
    outputs = [c.communicate(timeout=120) for c in children]
    results = []
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0, err
        results.append([json.loads(line) for line in out.splitlines()])
    done = [r[-1] for r in results]
    assert [d["errors"] for d in done] == [0, 0]
    ops = [op for r in results for op in r[:-1]]
    assert not [op for op in ops if op["op"] == "error"]
    received = [c for op in ops if op["op"] == "receive" for c in op["codes"]]
    moves = [op for op in ops if op["op"] == "move"]
    con = sqlite3.connect(db.sqlite_path)
    try:
        codes = [r[0] for r in con.execute("SELECT code FROM items")]
        assert len(codes) == len(set(codes)) == len(pool) + len(received)  # no duplicate, none lost
        occupancy = con.execute("SELECT l.code, l.occupancy, (SELECT count(*) FROM items i WHERE i.location_id = l.id "
                                "AND i.state = 'in_storage') FROM locations l").fetchall()
        assert all(kept == actual for _code, kept, actual in occupancy), "lost update of a location's occupancy"
        move_events = con.execute("SELECT count(*) FROM custody_events WHERE kind = 'move'").fetchone()[0]
    finally:
        con.close()
    result = verify(db)
    assert result.ok and result.events == len(pool) + len(received) + move_events
    retries = sum(d["calls"] - d["ops"] for d in done)
    with capsys.disabled():
        print(f"\n[concurrency] 2 processes x {OPS} operations: {len(received)} items received, {len(moves)} moves "
              f"({move_events} changed a location), {retries} busy retries, 0 errors, "
              f"{len(codes)} unique codes, chain of {result.events} events valid")


def test_busy_database_is_retried_until_the_lock_is_released(world, clerk, monkeypatch):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes
    event.listen(db.writer, "connect", lambda c, _r: c.execute("PRAGMA busy_timeout=20"))
    db.writer.dispose()  # new connections get the short timeout
    other = sqlite3.connect(db.sqlite_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another workstation holds the write lock for 0.4 s
    threading.Timer(0.4, lambda: other.execute("COMMIT")).start()
    calls = []
    # each attempt is a new unit of work (its first statement, re-loading the actor, meets the lock)
    from evidence_store.services import context
    enter = context.UnitOfWork.__enter__

    def counted(self):
        calls.append(time.monotonic())
        return enter(self)
    monkeypatch.setattr(context.UnitOfWork, "__enter__", counted)

    def move(uow, cmd):
        return storage.move_items(uow, cmd)

    changes = run(db, clerk, move, MoveItems(code, w.locations["bin_A112"]))
    other.close()
    assert changes.item_codes == code and len(calls) > 1  # it was busy, waited, retried and succeeded
