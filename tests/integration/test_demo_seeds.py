"""Issue #18: the demo generator is correct for EVERY seed, on both engines — it goes through the services (the real
rules: milestones in legal order, competent issuers, disposal powers, chronology, seals before shelving), so a seed
that breaks a rule fails here; and a demo killed half-way is built again from scratch, never left unusable."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from evidence_store.db.migrate import open_database
from evidence_store.demo.generate import generate
from evidence_store.domain.categories import needs_seal
from evidence_store.domain import milestones as milestone_rules
from evidence_store.services.verify import verify
from evidence_store.domain import chronology

ROOT = Path(__file__).resolve().parents[2]
BUDGET_S = {"sqlite": 45.0, "postgresql": 45.0}  # each engine's share of CI time (~60 s with its set-up)
MIN_SEEDS = 8  # run whatever the load: the first eight seeds, small and large sizes


def _seeds():
    """Seeds, sizes and "today": small and large seeds, sizes from a handful of items to a few cases, and days in
    the past (the ages of the cases, hence which workflows run, follow the day the demo is built)."""
    for seed in (7, 3, 11, 1, 2**31 - 1, 65_537, 2, 123, 4, 5, 6, 8, 9, 10, 12, 13, 17, 19, 23, 29, 31, 37, 41, 97,
                 1009):  # the seeds reported failing first (#18), then the largest
        yield seed, 8 + (seed * 7) % 37, chronology.today() - timedelta(days=(seed * 53) % 500)


def _fresh(backend, request, tmp_path, k: int) -> tuple[str, object]:
    """(url, world) of a new copy of the demo's base structure (agencies, locations, users)."""
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        template, world = request.getfixturevalue("pg_world_template")
        name, url = server.create(template=template)
        request.addfinalizer(lambda: server.drop(name))
        return url, world
    src, world = request.getfixturevalue("world_template")
    path = tmp_path / f"seed{k}.sqlite3"
    shutil.copy(src, path)
    return f"sqlite:///{path}", world


def entrusted_explosives(db) -> list[tuple[str, str]]:
    """(code, name) of every weapon or explosive the demo ever entrusted to a custodian — an owner, a commune, a
    rented private warehouse: those are kept by the military command, Bộ CHQS (ND 142/2024), never entrusted."""
    from evidence_store.demo.vocab import EXPLOSIVE_NAMES
    with db.reader.connect() as c:
        rows = c.execute(text("SELECT DISTINCT i.code, i.name, i.category FROM custody_events e "
                              "JOIN items i ON i.id = e.item_id WHERE e.kind = 'entrust'")).all()
    return [(code, name) for code, name, cat in rows
            if cat in ("weapon", "military_weapon") or name in EXPLOSIVE_NAMES]


def _check_demo(db, seed: int) -> None:
    result = verify(db)
    assert result.ok, (seed, result)
    assert entrusted_explosives(db) == [], seed
    with db.reader.connect() as c:
        cases = c.execute(text("SELECT id, stage, stage_origin FROM cases")).all()
        facts = c.execute(text("SELECT case_id, kind, occurred_on, issuing_agency_id, document_id "
                               "FROM case_milestones ORDER BY occurred_on, id")).all()
        shelved = c.execute(text("SELECT code, category, unit, sealed FROM items "
                                 "WHERE state = 'in_storage' AND location_id IS NOT NULL")).all()
    for case_id, stage, origin in cases:  # the stage is the milestones' stage, never typed
        mine = [milestone_rules.Fact(k, d if isinstance(d, date) else date.fromisoformat(str(d)), a, doc)
                for cid, k, d, a, doc in facts if cid == case_id]
        assert mine and mine[0].kind == "opening", (seed, case_id)
        assert milestone_rules.derive(origin, mine).stage.value == stage, (seed, case_id)
    # ND 127/2017: nothing that must be sealed stands unsealed on a shelf
    unsealed = [code for code, cat, unit, sealed in shelved if needs_seal(cat, unit, bool(sealed))]
    assert unsealed == [], (seed, unsealed)
    # each item's history reads in ledger order: no act entered after a later-dated one (the timeline flags it)
    with db.reader.connect() as c:
        events = c.execute(text("SELECT item_id, seq, occurred_at FROM custody_events WHERE item_id IS NOT NULL "
                                "ORDER BY item_id, seq")).all()
    latest, back_dated = {}, set()
    for item_id, _seq, moment in events:
        if item_id in latest and moment < latest[item_id]:
            back_dated.add(item_id)
        latest[item_id] = max(latest.get(item_id, moment), moment)
    assert not back_dated, (seed, sorted(back_dated)[:5], [(s, m) for i, s, m in events if i == min(back_dated or [0])][:12])


def test_every_seed_builds_through_the_rules_and_verifies_on_both_engines(backend, request, tmp_path):
    """Many seeds at small sizes, within the engine's time budget (the seeds run are printed; at least
    eight always run): each demo verifies, stages follow milestones, shelved items that must be sealed are."""
    started, done = time.perf_counter(), []
    for k, (seed, items, today) in enumerate(_seeds()):
        if len(done) >= MIN_SEEDS and time.perf_counter() - started > BUDGET_S[backend]:
            break
        url, world = _fresh(backend, request, tmp_path, k)
        db = open_database(url)
        try:
            generate(db, items=items, seed=seed, world=world, today=today)
            _check_demo(db, seed)
        finally:
            db.dispose()
        done.append(seed)
    print(f"\n{backend}: {len(done)} seeds in {time.perf_counter() - started:.1f} s: {done}")
    assert len(done) >= MIN_SEEDS


def _empty_url(backend, request, tmp_path) -> str:
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        name, url = server.create()
        request.addfinalizer(lambda: server.drop(name))
        return url
    return f"sqlite:///{tmp_path / 'killed.sqlite3'}"


def test_a_demo_killed_half_way_is_built_again_from_scratch(backend, request, tmp_path, capsys):
    """A real interruption: ``demo`` is killed (SIGKILL) in the middle of its items; the next ``demo`` on the same
    database says it deleted the half-built data and builds a complete, verified demo; a third one is refused
    (a finished demo is never wiped)."""
    from evidence_store.cli import main
    url = _empty_url(backend, request, tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT), EVIDENCE_STORE_NO_LOGFILE="1")
    proc = subprocess.Popen([sys.executable, "-m", "evidence_store", "--db", url, "demo", "--items", "400",
                             "--seed", "5"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = b""
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # progress "n/400" on stderr: the items are being built
            chunk = os.read(proc.stderr.fileno(), 256)
            if not chunk:
                break
            seen += chunk
            counts = [int(p.split(b"/")[0]) for p in seen.replace(b"\r", b" ").split() if p.endswith(b"/400")
                      and p.split(b"/")[0].isdigit()]
            if counts and 0 < max(counts) < 400:
                break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
        proc.stderr.close()
    assert b"/400" in seen and proc.returncode == -signal.SIGKILL, seen[-300:]
    db = open_database(url, backup=False)
    from evidence_store.demo import marker
    assert marker.state(db) == "running"  # half-built, and recognised as such
    db.dispose()

    assert main(["--db", url, "demo", "--items", "30", "--seed", "5"]) == 0
    err = capsys.readouterr().err
    assert "Đã xóa dữ liệu mẫu dở dang của lần chạy trước (bị ngắt) và tạo lại từ đầu" in err
    db = open_database(url, backup=False)
    try:
        assert marker.state(db) == "initialised" and verify(db).ok
        with db.reader.connect() as c:
            assert c.execute(text("SELECT count(*) FROM items")).scalar() == 30
    finally:
        db.dispose()
    assert main(["--db", url, "demo", "--items", "30", "--seed", "5"]) == 2  # a finished demo is kept
