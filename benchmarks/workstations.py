"""Eight workstations at once (issue #19): N processes, each a clerk logged in under an account of his own (on
PostgreSQL through his own login role, as a shared workstation connects: services.server_login.connect_as; on
SQLite through the app's password check), doing a realistic mix for a fixed time through the real services —
scan lookups, moves of 1–3 items, intakes of 1–20 items, searches. Prints one JSON object: p50/p95 per
operation, ledger events appended per second in total, events lost or duplicated (each clerk's own record of
what he committed compared with the ledger), gaps in the sequence, and ``verify`` after the run.

    python -m benchmarks workstations [--engine sqlite|postgresql --url URL] [--items N] [--clerks 8]
                                      [--seconds 60] [--json FILE]
    (also python -m benchmarks.workstations …)

Targets (issue #19): scan p95 ≤ 5 ms, intake of 20 items p95 ≤ 0.5 s, ≥ 500 appended events/s in total."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

os.environ.setdefault("EVIDENCE_STORE_NO_LOGFILE", "1")

ROOT = Path(__file__).resolve().parent.parent
MIX = (("scan", 50), ("search", 15), ("move", 25), ("intake", 10))  # share of operations, in per cent
PASSWORD = "KhoBench@2026-{n:02d}"
# moves and intakes run as the app runs them (services.context.run: the shared write lock on PostgreSQL);
# KVC_WS_SERIAL=1 runs them serialised as before issue #19's change, for a paired comparison
CONCURRENT = os.environ.get("KVC_WS_SERIAL") != "1"
TARGETS = {"ws_scan_p95_ms": ("<=", 5), "ws_intake_16_20_p95_ms": ("<=", 500), "ws_events_per_s": (">=", 500)}


def clerk_name(n: int) -> str:
    return f"benchws{n:02d}"


def _p(samples: list[float], q: float) -> float | None:
    if not samples:
        return None
    s = sorted(samples)
    return round(s[min(len(s) - 1, int(round(q * (len(s) - 1))))], 2)


# --- set-up (the owner's connection) ---------------------------------------------------------------------------

def prepare_clerks(db, server_url: str | None, clerks: int) -> None:
    """One clerk account per workstation (and on PostgreSQL its own login role, pg-secure installed)."""
    from sqlalchemy import select
    from evidence_store.db.models import Agency, User
    from evidence_store.services import accounts
    from evidence_store.services.context import UnitOfWork
    with UnitOfWork(db) as uow:
        agency = uow.session.scalar(select(Agency.id).where(Agency.short_name == "PC10"))
        for n in range(1, clerks + 1):
            if uow.session.scalar(select(User.id).where(User.username == clerk_name(n))) is None:
                accounts.create_user(uow, clerk_name(n), PASSWORD.format(n=n), ["clerk"], agency_id=agency,
                                     full_name=f"Thủ kho ca {n}", must_change_password=False,
                                     check_permission=False)
        uow.commit()
    if not db.is_sqlite:
        from evidence_store.db import pg_security
        pg_security.install(db)
        for n in range(1, clerks + 1):
            pg_security.create_login(db, clerk_name(n), PASSWORD.format(n=n), ["clerk"])


def _work_lists(db, clerks: int, seed: int) -> list[dict]:
    """Per clerk: the items he moves (a share of the stored items of his own, so that two clerks never move the
    same item), the locations of each kind, codes to scan and the agency of the intake orders."""
    from sqlalchemy import text
    with db.reader.connect() as c:
        stored = c.execute(text("SELECT i.id, i.code, l.kind, l.code FROM items i JOIN locations l ON l.id = i.location_id "
                                "WHERE i.state = 'in_storage' AND l.kind IN ('bin', 'shelf', 'secure_room', "
                                "'safe', 'vehicle_yard', 'cold_store') "
                                # only what may be shelved: sealed, or exempt from sealing (ND 127/2017)
                                "AND (i.sealed = :t OR i.category IN ('perishable', 'papers')) ORDER BY i.id"),
                           {"t": True}).all()
        locations = c.execute(text("SELECT code, kind FROM locations WHERE active = :t AND kind IN ('bin', 'shelf', "
                                   "'secure_room', 'safe', 'vehicle_yard', 'cold_store')"), {"t": True}).all()
        codes = [r[0] for r in c.execute(text("SELECT code FROM items ORDER BY id"))]
        agency = c.execute(text("SELECT id FROM agencies WHERE short_name = 'PC02'")).scalar()
    by_kind: dict[str, list[str]] = {}
    for code, kind in locations:
        by_kind.setdefault(kind, []).append(code)
    r = random.Random(seed)
    out = []
    for n in range(clerks):
        mine = [(code, kind, at) for i, code, kind, at in stored if i % clerks == n and kind in by_kind]
        r.shuffle(mine)
        out.append({"move": mine[:2000], "scan": r.sample(codes, min(len(codes), 2000)), "agency": agency,
                    "locations": by_kind})
    return out


# --- one workstation (a process of its own) ------------------------------------------------------------------

def _login(url: str, n: int, workstation: str):
    from evidence_store.db.migrate import open_database
    if url.startswith("postgresql"):
        from evidence_store.services.server_login import connect_as
        return connect_as(url, clerk_name(n), PASSWORD.format(n=n), workstation)
    from evidence_store.services import accounts
    from evidence_store.services.context import UnitOfWork
    db = open_database(url, backup=False)
    with UnitOfWork(db) as uow:
        actor = accounts.authenticate(uow, clerk_name(n), PASSWORD.format(n=n), workstation)
    return db, actor


def _intake_command(stamp: str, k: int, size: int, agency: int, r: random.Random):
    from evidence_store.services.commands import CaseInput, DocumentInput, NewItem, PersonInput, ReceiveItems
    items = tuple(NewItem(category="phone", name=f"Điện thoại di động Samsung Galaxy A{r.randrange(90)}", quantity=1,
                          unit="chiếc", characteristics="Màu đen, đã niêm phong", condition="Đã qua sử dụng",
                          sealed=True, seal_state="intact", seal_number=f"WS-{stamp}-{k}-{i}", owner_name="Nguyễn Văn Nam",
                          attributes={"imei": f"35{abs(hash((stamp, k, i))) % 10**13:013d}"})
                  for i in range(size))
    return ReceiveItems(order=DocumentInput("intake_order", f"{stamp}-{k}/LNK-WS", date(2026, 11, 27), agency,
                                            "Phạm Quang Dũng", "Trưởng phòng"),
                        items=items, giver=PersonInput(full_name="Lê Văn Cường", rank="Đại úy", agency_id=agency,
                                                       id_number="001088012345", letter_number=f"{k}/GGT-WS",
                                                       letter_on=date(2026, 11, 27)),
                        # the papers every intake rests on (ND 142/2024 Điều 14)
                        seizure_record=DocumentInput("seizure_record", f"{stamp}-{k}/BB-TG", date(2026, 11, 26),
                                                     agency),
                        new_case=CaseInput(f"{stamp}-{k}/2026/WS", offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                           handling_agency_id=agency))


def worker(spec: dict) -> dict:
    """Run one clerk's mix until ``spec['until']``; return his timings and his record of committed events."""
    from evidence_store.services import item_search, queries, storage
    from evidence_store.services.commands import MoveItems
    from evidence_store.services.context import UnitOfWork, reader_for
    from evidence_store.services.intake import receive_items
    from .measure import SEARCHES
    n, ws = spec["n"], spec["workstation"]
    db, actor = _login(spec["url"], n, ws)
    r = random.Random(spec["seed"] * 100 + n)
    ops = [name for name, share in MIX for _ in range(share)]
    times: dict[str, list[float]] = {}
    errors: Counter = Counter()
    expected: Counter = Counter()  # (kind, item code, to location) → events this clerk committed
    moves, scans, k = list(spec["move"]), spec["scan"], 0
    location_of = {code: at for code, _kind, at in moves}
    cpu: dict[str, list[float]] = {}  # op → [client CPU s, server CPU s] (the server's: --cpu-per-op only)
    server_cpu = None
    if spec.get("cpu_per_op") and not db.is_sqlite:
        from .server_cpu import own_backends
        server_cpu = own_backends(db)
    while time.time() < spec["start"]:
        time.sleep(0.005)
    cpu_start = time.process_time()
    while time.time() < spec["until"]:
        op = r.choice(ops)
        k += 1
        s0 = server_cpu() if server_cpu else 0.0
        c0 = time.process_time()
        try:
            if op == "scan":
                code = r.choice(scans)
                t = time.perf_counter()
                with reader_for(db, actor, queries.item_by_code) as uow:  # as the app's scan (ui.operations)
                    queries.item_by_code(uow, code)
            elif op == "search":
                q = r.choice(SEARCHES)
                t = time.perf_counter()
                with UnitOfWork(db, actor, write=False) as uow:
                    item_search.search(uow, q)
            elif op == "move":
                picked = [moves[r.randrange(len(moves))]]
                kind = picked[0][1]
                picked += [m for m in (moves[r.randrange(len(moves))] for _ in range(r.randrange(3))) if m[1] == kind]
                codes = tuple(dict.fromkeys(c for c, _k, _at in picked))
                target = r.choice(spec["locations"][kind])
                t = time.perf_counter()
                with UnitOfWork(db, actor, concurrent=CONCURRENT) as uow:  # as services.context.run opens it
                    storage.move_items(uow, MoveItems(codes, target, allow_over_capacity=True))
                for c in codes:
                    if location_of[c] != target:  # an item already there gets no event
                        expected[("move", c, target)] += 1
                    location_of[c] = target
                op = f"move_{len(codes)}"
            else:
                size = r.randint(1, 20)
                cmd = _intake_command(f"{spec['stamp']}{n:02d}", k, size, spec["agency"], r)
                t = time.perf_counter()
                with UnitOfWork(db, actor, concurrent=CONCURRENT) as uow:
                    changes = receive_items(uow, cmd)
                for c in changes.item_codes:
                    expected[("receive", c, "")] += 1
                op = "intake_16_20" if size >= 16 else "intake_1_15"
            times.setdefault(op, []).append((time.perf_counter() - t) * 1000)
            used = cpu.setdefault(op, [0.0, 0.0])
            used[0] += time.process_time() - c0
            if server_cpu:
                used[1] += server_cpu() - s0
        except Exception as exc:  # noqa: BLE001 - counted and reported, the clerk goes on
            errors[f"{op}: {type(exc).__name__}: {str(exc)[:120]}"] += 1
    cpu_total = time.process_time() - cpu_start
    db.dispose()
    return {"n": n, "times": times, "errors": dict(errors), "cpu": cpu, "cpu_total": cpu_total,
            "expected": [[kind, code, to, count] for (kind, code, to), count in expected.items()]}


# --- the run ---------------------------------------------------------------------------------------------------

def run(url: str, *, clerks: int = 8, seconds: float = 60, seed: int = 7, cpu_per_op: bool = False,
        log=print) -> dict:
    from sqlalchemy import text
    from evidence_store.db.migrate import open_database
    db = open_database(url, backup=False)
    try:
        prepare_clerks(db, url, clerks)
        lists = _work_lists(db, clerks, seed)
        with db.reader.connect() as c:
            start_seq = c.execute(text("SELECT coalesce(max(seq), 0) FROM custody_events")).scalar()
    finally:
        db.dispose()
    stamp = f"{int(time.time()) % 10**7}"
    start = time.time() + 4 + clerks * 0.5  # every process connected and logged in before the clock starts
    procs = []
    env = dict(os.environ, EVIDENCE_STORE_NO_LOGFILE="1", PYTHONPATH=str(ROOT))
    for n in range(1, clerks + 1):
        spec = dict(lists[n - 1], n=n, url=url, seed=seed, stamp=stamp, workstation=f"BENCH-WS{n:02d}-{stamp}",
                    start=start, until=start + seconds, cpu_per_op=cpu_per_op)
        p = subprocess.Popen([sys.executable, "-m", "benchmarks.workstations", "--worker"], cwd=ROOT, env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        p.stdin.write(json.dumps(spec))
        p.stdin.close()
        p.stdin = None  # sent; communicate() below only reads
        procs.append(p)
    load_during, stop = [], threading.Event()

    def sample_load():
        while not stop.wait(1):
            if start < time.time() < start + seconds:
                load_during.append(os.getloadavg()[0])

    server = {}

    def sample_server():  # the server's CPU over the timed window (a server on this machine only)
        from . import server_cpu
        from .pg import _libpq
        import psycopg
        from sqlalchemy.engine import make_url
        with psycopg.connect(_libpq(url, make_url(url).database), autocommit=True) as conn:
            time.sleep(max(0.0, start - time.time()))
            server["before"] = server_cpu.snapshot(conn)
            time.sleep(max(0.0, start + seconds - time.time()))
            server["after"] = server_cpu.snapshot(conn)

    sampler = threading.Thread(target=sample_load, daemon=True)
    sampler.start()
    server_sampler = threading.Thread(target=sample_server, daemon=True)
    if not url.startswith("sqlite"):
        server_sampler.start()
    # each clerk's output (every timing) can exceed a pipe's buffer: read it while the clerks finish, or a
    # clerk blocks writing it and the run never ends (seen on a quiet machine: ~20,000 operations per clerk)
    outputs = [p.communicate() for p in procs]
    stop.set()
    if server_sampler.is_alive():
        server_sampler.join(timeout=30)
    results = []
    for p, (out, err) in zip(procs, outputs):
        if p.returncode != 0:
            raise RuntimeError(f"workstation failed: {err.strip().splitlines()[-1:] or p.returncode}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    out = _check(url, results, start_seq, seconds, clerks, stamp, load_during, log)
    from .server_cpu import used
    out.update(_cpu_figures(results, used(server.get("before"), server.get("after")), out["ws_events"]))
    return out


def _cpu_figures(results, server_s, events) -> dict:
    """CPU, not wall (issue #19, a shared machine): the clerks' processes and the server's over the timed window,
    per appended event and per operation; ``ws_events_per_s_2cores`` = two free cores ÷ CPU per event, the rate
    the design reaches when nothing else runs (the machine's two cores; the server's part needs a local server)."""
    client_s = sum(res["cpu_total"] for res in results)
    out = {"ws_client_cpu_s": round(client_s, 2), "ws_server_cpu_s": None if server_s is None else round(server_s, 2)}
    per_op: dict[str, list[float]] = {}
    for res in results:
        for op, (c, srv) in res["cpu"].items():
            got = per_op.setdefault(op, [0, 0.0, 0.0])
            got[0] += len(res["times"].get(op, ()))
            got[1], got[2] = got[1] + c, got[2] + srv
    for op, (n, c, srv) in sorted(per_op.items()):
        out[f"ws_{op}_client_cpu_ms"] = round(c * 1000 / n, 2) if n else None
        if srv:
            out[f"ws_{op}_server_cpu_ms"] = round(srv * 1000 / n, 2) if n else None
    if events:
        total = client_s + (server_s or 0.0)
        out["ws_client_cpu_ms_per_event"] = round(client_s * 1000 / events, 3)
        if server_s is not None:
            out["ws_server_cpu_ms_per_event"] = round(server_s * 1000 / events, 3)
            out["ws_events_per_s_2cores"] = round(2 * events / total, 1)
    return out


def _check(url, results, start_seq, seconds, clerks, stamp, load_during, log) -> dict:
    from sqlalchemy import text
    from evidence_store.db.migrate import open_database
    from evidence_store.services.verify import verify
    times: dict[str, list[float]] = {}
    errors: Counter = Counter()
    expected: Counter = Counter()
    for res in results:
        for op, samples in res["times"].items():
            times.setdefault(op, []).extend(samples)
        errors.update(res["errors"])
        for kind, code, to, count in res["expected"]:
            expected[(kind, code, to)] += count
    db = open_database(url, backup=False)
    try:
        with db.reader.connect() as c:
            rows = c.execute(text("SELECT e.seq, e.kind, i.code, e.data, e.workstation FROM custody_events e "
                                  "JOIN items i ON i.id = e.item_id WHERE e.seq > :s ORDER BY e.seq"),
                             {"s": start_seq}).all()
        actual: Counter = Counter()
        for seq, kind, code, data, ws in rows:
            if ws.startswith("BENCH-WS") and ws.endswith(stamp) and kind in ("move", "receive"):
                actual[(kind, code, json.loads(data).get("to_code", "") if kind == "move" else "")] += 1
        seqs = [r[0] for r in rows]
        gaps = (seqs[-1] - seqs[0] + 1 - len(seqs)) if seqs else 0
        t = time.perf_counter()
        checked = verify(db)
        verify_s = time.perf_counter() - t
    finally:
        db.dispose()
    lost = sum(max(0, n - actual[k]) for k, n in expected.items())
    dup = sum(max(0, n - expected[k]) for k, n in actual.items())
    out = {"ws_engine": "sqlite" if url.startswith("sqlite") else "postgresql", "ws_clerks": clerks,
           "ws_seconds": seconds, "ws_load_1min": round(max(load_during), 2) if load_during else os.getloadavg()[0]}
    for op in sorted(times):
        out[f"ws_{op}_n"] = len(times[op])
        out[f"ws_{op}_p50_ms"], out[f"ws_{op}_p95_ms"] = _p(times[op], 0.5), _p(times[op], 0.95)
    for key in ("ws_scan_p95_ms", "ws_intake_16_20_p95_ms", "ws_search_p95_ms"):
        out.setdefault(key, None)
    out.update({"ws_events": len(seqs), "ws_events_per_s": round(len(seqs) / seconds, 1),
                "ws_operations": sum(len(v) for v in times.values()), "ws_errors": sum(errors.values()),
                "ws_lost": lost, "ws_duplicated": dup, "ws_sequence_gaps": gaps, "ws_verify_ok": checked.ok,
                "ws_verify_s": round(verify_s, 1), "ws_verify_events": checked.events})
    for e, n in errors.most_common(5):
        log(f"note: {n}× {e}")
    return out


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--worker"]:
        print(json.dumps(worker(json.loads(sys.stdin.read()))), flush=True)
        return 0
    p = argparse.ArgumentParser(prog="python -m benchmarks workstations", description=__doc__.splitlines()[0])
    p.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--url", help="PostgreSQL: the server (a login with CREATEDB and CREATEROLE)")
    p.add_argument("--items", type=int, default=100_000)
    p.add_argument("--events-per-item", type=int, default=10)
    p.add_argument("--seed", type=int, default=20261128)
    p.add_argument("--clerks", type=int, default=8)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--json", help="write the figures to this file")
    p.add_argument("--cpu-per-op", action="store_true",
                   help="also the server's CPU per operation (a local server: its processes' /proc, read around each)")
    args = p.parse_args(argv)
    if args.engine == "postgresql" and not args.url:
        p.error("--engine postgresql needs --url")
    from .cache import bench_url
    url, _build, _copy = bench_url(args.engine, args.url, args.items, args.events_per_item, args.seed)
    out = run(url, clerks=args.clerks, seconds=args.seconds, cpu_per_op=args.cpu_per_op)
    out["ws_items"] = args.items
    for key, (op, target) in TARGETS.items():
        value = out.get(key)
        if value is not None:
            ok = value <= target if op == "<=" else value >= target
            print(f"{key}: {value} (target {op} {target}: {'ok' if ok else 'MISSED'})")
    print(json.dumps(out))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
