"""The measurements of DESIGN §7, each a function of an opened demo database returning plain numbers."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = ("dien thoai", "niem phong", "xe", "samsung", "điện thoại samsung", "xe mô tô honda", "ma túy",
            "nguyen van", "vang", "iphone 13", "kiếm", "29")


def p95(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def random_codes(db, n: int, seed: int = 1) -> list[str]:
    """Codes of ``n`` random stored items (ids drawn uniformly; a missing id is skipped)."""
    from sqlalchemy import text
    with db.reader.connect() as con:
        top = con.execute(text("SELECT max(id) FROM items")).scalar() or 0
        r = random.Random(seed)
        ids = [r.randrange(1, top + 1) for _ in range(n)] if top else []
        by_id = dict(con.execute(text("SELECT id, code FROM items WHERE id IN (%s)" % ",".join(map(str, set(ids)))))
                     .all()) if ids else {}
    return [by_id[i] for i in ids if by_id.get(i)]


def _timed_lookups(run, codes: list[str]) -> float:
    for c in codes[:500]:
        run(c)
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        for c in codes:
            run(c)
        runs.append((time.perf_counter() - t) / len(codes) * 1e6)
    return statistics.median(runs)


def raw_lookup_us(db, codes: list[str]) -> float:
    """Anchor of the scan figure: the bare driver's indexed lookup of one item by code (sqlite3 on the file;
    psycopg with a prepared statement on PostgreSQL), microseconds."""
    if db.is_sqlite:
        con = sqlite3.connect(db.sqlite_path)
        try:
            sql = "SELECT id, name, state FROM items WHERE code = ?"
            return _timed_lookups(lambda c: con.execute(sql, (c,)).fetchone(), codes)
        finally:
            con.close()
    import psycopg
    with psycopg.connect(_libpq(db.url), autocommit=True) as con:
        sql = "SELECT id, name, state FROM items WHERE code = %s"
        return _timed_lookups(lambda c: con.execute(sql, (c,), prepare=True).fetchone(), codes)


def _libpq(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def fts_unranked_p95_ms(db, rounds: int = 5) -> float:
    """Anchor of the search figure: the engine's own text index queried bare (FTS5 MATCH on SQLite, the GIN index
    of the words on PostgreSQL, every word a prefix — migration 0019), newest 50, no ranking, no rows fetched
    beyond the ids."""
    from evidence_store.domain.text import tokens
    samples = []
    if db.is_sqlite:
        con = sqlite3.connect(db.sqlite_path)
        try:
            for q in SEARCHES:
                words = [w for w in tokens(q) if w]
                match = " AND ".join(['"%s"' % w for w in words[:-1]] + ['"%s"*' % words[-1]])
                sql = "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT 50"
                con.execute(sql, (match,)).fetchall()
                for _ in range(rounds):
                    t = time.perf_counter()
                    con.execute(sql, (match,)).fetchall()
                    samples.append((time.perf_counter() - t) * 1000)
        finally:
            con.close()
        return p95(samples)
    import psycopg
    with psycopg.connect(_libpq(db.url), autocommit=True) as con:
        for q in SEARCHES:
            words = [w for w in tokens(q) if w]
            sql = ("SELECT id FROM (SELECT id FROM items WHERE search_words(search_text) @@ %s::tsquery OFFSET 0) h "
                   "ORDER BY id DESC LIMIT 50")
            params = (" & ".join(f"'{w}':*" for w in words),)
            con.execute(sql, params).fetchall()
            for _ in range(rounds):
                t = time.perf_counter()
                con.execute(sql, params).fetchall()
                samples.append((time.perf_counter() - t) * 1000)
    return p95(samples)


def hash_events_per_s(db, sample: int = 50_000) -> float:
    """Anchor of the verify figure: bare SHA-256 over the stored events' canonical bytes (the ledger's
    prev_hash + data of ``sample`` events, read beforehand), events per second on one core."""
    from sqlalchemy import text
    from evidence_store.domain.ledger import canonical, chain_hash
    with db.reader.connect() as con:
        rows = con.execute(text("SELECT seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, "
                                "document_id, handover_id, corrects_seq, data, prev_hash FROM custody_events "
                                "ORDER BY seq LIMIT :n"), {"n": sample}).all()
    blobs = [(r[-1], canonical(*r[:-1])) for r in rows]
    t = time.perf_counter()
    for prev, b in blobs:
        chain_hash(prev, b)
    return len(blobs) / max(time.perf_counter() - t, 1e-9)


def sequential_read_mb_s(path: str) -> float:
    """Anchor of the integrity check: reading the SQLite file start to end (1 MB blocks), MB/s."""
    t, n = time.perf_counter(), 0
    with open(path, "rb", buffering=0) as f:
        while chunk := f.read(1 << 20):
            n += len(chunk)
    return n / 2**20 / max(time.perf_counter() - t, 1e-9)


def scan_lookup_ms(db, actor, codes: list[str]) -> tuple[float, float]:
    """Scan → item + last 50 events, in the unit of work the app's scan gets (ui.operations.query → reader_for)."""
    from evidence_store.services import queries
    from evidence_store.services.context import reader_for
    for c in codes[:200]:
        with reader_for(db, actor, queries.item_by_code) as uow:
            queries.item_by_code(uow, c)
    samples = []
    for c in codes:
        t = time.perf_counter()
        with reader_for(db, actor, queries.item_by_code) as uow:
            queries.item_by_code(uow, c)
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), p95(samples)


def search_ms(db, actor, extra: tuple[str, ...], rounds: int = 15) -> tuple[float, dict[str, float]]:
    from evidence_store.services import item_search
    from evidence_store.services.context import UnitOfWork
    samples, worst = [], {}
    for q in SEARCHES + extra:
        with UnitOfWork(db, actor, write=False) as uow:
            item_search.search(uow, q)
        per = []
        for _ in range(rounds):
            t = time.perf_counter()
            with UnitOfWork(db, actor, write=False) as uow:
                rows = item_search.search(uow, q)
            per.append((time.perf_counter() - t) * 1000)
        assert rows, f"no hit for {q!r}"
        samples += per
        worst[q] = max(per)
    return p95(samples), worst


def intake_100_s(db, actor, agency_id: int, runs: int = 3) -> float:
    from evidence_store.services.commands import CaseInput, DocumentInput, NewItem, PersonInput, ReceiveItems
    from evidence_store.services.context import UnitOfWork
    from evidence_store.services.intake import receive_items
    stamp = int(time.time() * 1000) % 10**9
    times = []
    for run in range(runs + 1):
        items = tuple(NewItem(category="phone", name=f"Điện thoại di động Samsung Galaxy A{i % 90}", quantity=1,
                              unit="chiếc", characteristics="Màu đen, đã niêm phong", condition="Đã qua sử dụng",
                              sealed=True, seal_state="intact", seal_number=f"BM-{stamp}-{run}-{i}", owner_name="Nguyễn Văn Nam",
                              attributes={"imei": f"35{stamp:09d}{i:04d}"[:15]}) for i in range(100))
        cmd = ReceiveItems(order=DocumentInput("intake_order", f"{stamp}-{run}/LNK-BENCH", date(2026, 11, 27),
                                               agency_id, "Phạm Quang Dũng", "Trưởng phòng"),
                           items=items, giver=PersonInput(full_name="Lê Văn Cường", rank="Đại úy", agency_id=agency_id,
                                                          id_number="001088012345", letter_number=f"{run}/GGT-BENCH",
                                                          letter_on=date(2026, 11, 27)),
                           seizure_record=DocumentInput("seizure_record", f"{stamp}-{run}/BB-TG", date(2026, 11, 26),
                                                        agency_id),  # the papers of an intake (ND 142/2024 Điều 14)
                           new_case=CaseInput(f"{stamp}-{run}/2026/BENCH", offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                              handling_agency_id=agency_id))
        t = time.perf_counter()
        with UnitOfWork(db, actor) as uow:
            receive_items(uow, cmd)
        if run:  # the first run warms caches
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def verify_rate(db) -> tuple[float, int, bool]:
    """The ledger's own check (hash chain + replay against the item rows), in events per second."""
    from evidence_store.services.verify import verify
    t = time.perf_counter()
    result = verify(db, integrity=False)
    return result.events / (time.perf_counter() - t), result.events, result.ok


def integrity_check_s(db) -> tuple[float, str]:  # SQLite only
    """SQLite's PRAGMA quick_check of the whole file (part of verify, reported apart: it scales with the
    file, not the ledger)."""
    from evidence_store.db.ledger_scan import quick_check
    t = time.perf_counter()
    status = quick_check(db.sqlite_path)
    return time.perf_counter() - t, status


def labels_s(runs: int = 3) -> float | None:
    try:
        from benchmarks.bench_labels import bench_labels
    except ImportError:
        return None
    bench_labels(50)
    return statistics.median(bench_labels(1000) for _ in range(runs))


def _child(code: str, timeout: float = 600) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EVIDENCE_STORE_NO_LOGFILE="1", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "child failed")
    return out.stdout.strip().splitlines()[-1]


def table_jump_ms(url: str, runs: int = 3) -> float | None:
    if not (ROOT / "benchmarks" / "bench_table.py").exists():
        return None
    code = ("from benchmarks.bench_table import bench_table_jump as b; import statistics; u=%r; b(u); "
            "print(statistics.median(b(u) for _ in range(%d)))" % (url, runs))
    return float(_child(code))


def _gui_env() -> dict:
    """The GUI children's environment. Without PYTHONDONTWRITEBYTECODE: an installed app runs from compiled
    modules (the first, discarded run writes them), so start-up is not measured compiling every source file."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EVIDENCE_STORE_NO_LOGFILE="1", PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def gui_startup(url: str, runs: int = 3) -> tuple[float, float]:
    """(seconds from process start to the main window shown, RSS MB with the main lists open)."""
    env = _gui_env()
    starts, rss = [], []
    for _ in range(runs + 1):
        t0 = time.time()
        out = subprocess.run([sys.executable, "-m", "benchmarks.gui_probe", url], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            raise RuntimeError((out.stderr.strip().splitlines() or ["gui probe failed"])[-1])
        data = json.loads(out.stdout.strip().splitlines()[-1])
        starts.append(data["shown_at"] - t0)
        rss.append(data["rss_mb"])
    return statistics.median(starts[1:]), max(rss)


def gui_scan(url: str, scans: int = 100, *, backup: bool = False) -> dict:
    """benchmarks/gui_scan.py in a child process: scanner Enter → item view painted (and, with ``backup``, the
    daily backup while scanning); its JSON figures."""
    env = _gui_env()
    cmd = [sys.executable, "-m", "benchmarks.gui_scan", "--db-url", url, "--scans", str(scans)] + (["--backup"] if backup else [])
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        raise RuntimeError((out.stderr.strip().splitlines() or ["gui scan failed"])[-1])
    return json.loads(out.stdout.strip().splitlines()[-1])


def audit_scan_ms(db, actor, codes: list[str]) -> tuple[float, float]:
    """Blind counting: (p50, p95) ms of one scan through the service, committed (what the screen waits for)
    — a location scan every 20 items, the items of the random sample in between."""
    from evidence_store.services import audit_count, audit_plan
    from evidence_store.services.commands import AuditScanInput, PlanAudit
    from evidence_store.services.context import UnitOfWork
    with UnitOfWork(db, actor) as uow:
        root = uow.session.execute(__import__("sqlalchemy").text(
            "SELECT code FROM locations WHERE parent_id IS NULL ORDER BY id LIMIT 1")).scalar()
        locations = [r[0] for r in uow.session.execute(__import__("sqlalchemy").text(
            "SELECT code FROM locations WHERE parent_id IS NOT NULL ORDER BY id LIMIT 50"))]
        number = audit_plan.plan_audit(uow, PlanAudit("zone", location_code=root)).extra["audit_number"]
    samples = []
    for i, code in enumerate(codes):
        scan = locations[(i // 20) % len(locations)] if i % 20 == 0 else code
        t = time.perf_counter()
        with UnitOfWork(db, actor) as uow:
            audit_count.record_scan(uow, AuditScanInput(number, scan))
        samples.append((time.perf_counter() - t) * 1000)
    warm = samples[20:] or samples
    return statistics.median(warm), p95(warm)


def audit_reconcile_s(db, actor, size: int = 100_000) -> tuple[float, int, int]:
    """Reconciling an audit of ``size`` items (or every item in storage when fewer): the plan freezes the
    whole warehouse, the targets beyond ``size`` are dropped, 97 % are counted (scan rows written in bulk, a
    few at the wrong place), then ``reconcile`` — results, one ledger event per line — is timed.
    Returns (wall seconds, CPU seconds of this process, lines, targets)."""
    from sqlalchemy import text
    from evidence_store.services import audit_count, audit_plan
    from evidence_store.services.audit_reconcile import reconcile
    from evidence_store.services.commands import PlanAudit
    from evidence_store.services.context import UnitOfWork
    with UnitOfWork(db, actor) as uow:
        number = audit_plan.plan_audit(uow, PlanAudit("full")).extra["audit_number"]
    with db.writer.begin() as c:
        audit_id = c.execute(text("SELECT id FROM audits WHERE number = :n"), {"n": number}).scalar()
        cut = c.execute(text("SELECT id FROM audit_targets WHERE audit_id = :a ORDER BY id LIMIT 1 OFFSET :k"),
                        {"a": audit_id, "k": size}).scalar()
        if cut is not None:
            c.execute(text("DELETE FROM audit_targets WHERE audit_id = :a AND id >= :c"), {"a": audit_id, "c": cut})
        rows = c.execute(text("SELECT item_id, location_id FROM audit_targets WHERE audit_id = :a AND state = "
                              "'in_storage' ORDER BY id"), {"a": audit_id}).all()
        other = c.execute(text("SELECT id FROM locations ORDER BY id DESC LIMIT 1")).scalar()
        now = __import__("datetime").datetime.utcnow()
        scans = [{"a": audit_id, "i": item_id, "l": (other if n % 100 == 7 else loc), "t": now}
                 for n, (item_id, loc) in enumerate(rows) if n % 100 not in (3, 5, 9)]
        c.execute(text("INSERT INTO audit_scans (audit_id, user_id, workstation, scanned_at, source, code, kind, "
                       "outcome, location_id, item_id, measured, round) VALUES (:a, NULL, 'bench', :t, 'file', "
                       "'X', 'item', 'recorded', :l, :i, '', 1)"), scans)
        targets = c.execute(text("SELECT count(*) FROM audit_targets WHERE audit_id = :a"), {"a": audit_id}).scalar()
    t, cpu = time.perf_counter(), time.process_time()
    with UnitOfWork(db, actor) as uow:
        changes = reconcile(uow, number)
    return time.perf_counter() - t, time.process_time() - cpu, changes.extra["lines"], targets
