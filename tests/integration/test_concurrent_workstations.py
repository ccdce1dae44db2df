"""Several workstations on one PostgreSQL database at the same time (DESIGN §5 Storage): four
processes, each receiving items and moving them about. Required: unique codes, a valid chain, and
no lost update (every operation present; each item where its last move put it; location occupancy
counters equal to the items actually there). Two workstations on one SQLite file:
test_reliability_concurrency.py."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from evidence_store.services.verify import verify

from .workstation_worker import workstation

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
PROCESSES = 4
ROUNDS = 6
ROOT = Path(__file__).resolve().parents[2]


def _run_workstations(url: str, processes: int, bins: list[str]) -> list[dict]:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=workstation, args=(url, k, ROUNDS, bins, start, results))
             for k in range(1, processes + 1)]
    for p in procs:
        p.start()
    reports = [results.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    errors = [r["error"] for r in reports if "error" in r]
    assert not errors, errors[0]
    return reports


def test_workstations_at_the_same_time(world, capsys):
    db, w = world
    processes = PROCESSES
    bins = [w.locations[k] for k in ("bin_A111", "bin_A112", "bin_A121", "bin_B111", "bin_B212")]
    reports = _run_workstations(db.url, processes, bins)

    final = {code: loc for r in reports for code, loc in r["final"].items()}
    expected_events = {code: n for r in reports for code, n in r["events"].items()}
    assert len(final) == sum(len(r["final"]) for r in reports) == processes * ROUNDS * 2  # codes unique

    with db.reader.connect() as c:
        rows = c.execute(text("SELECT i.code, l.code, i.event_count, i.location_id FROM items i "
                              "JOIN locations l ON l.id = i.location_id")).all()
        by_ws = dict(c.execute(text("SELECT workstation, count(*) FROM custody_events GROUP BY workstation")).all())
        occupancy = dict(c.execute(text("SELECT id, occupancy FROM locations WHERE occupancy > 0")).all())
    assert {code: loc for code, loc, _, _ in rows} == final  # each item where its last move put it
    assert {code: n for code, _, n, _ in rows} == expected_events  # every operation is in the ledger
    assert by_ws == {f"ws-{r['k']}": sum(r["events"].values()) for r in reports}
    assert occupancy == dict(Counter(loc_id for *_, loc_id in rows))  # no lost counter update

    result = verify(db)
    assert result.ok and result.events == sum(expected_events.values())
    out = subprocess.run([sys.executable, "-m", "evidence_store", "--db", db.url, "verify"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    with capsys.disabled():
        print(f"\n[concurrency] {processes} processes x {ROUNDS} rounds on PostgreSQL, {len(final)} unique codes; "
              f"verify: {out.stdout.strip()}")
    assert out.returncode == 0, out.stdout + out.stderr
