"""Where verify's CPU goes (issue #19: ≥ 500,000 events/s on two cores = 4 µs of CPU per event for chain and replay
together). ``python -m benchmarks verify-parts --db FILE.sqlite3 [--runs 2] [--limit N]`` times, in one process and
in CPU seconds (``time.process_time``: the machine is shared, wall time is not the code's), each step that the
two-core verify (services/verify_parallel) runs over the whole ledger, and the anchors beside them:

- fetch: SQLite building the canonical bytes (db.ledger_scan.CANONICAL) and handing the rows to Python, nothing else;
- sha256: bare SHA-256 over those bytes (prev || canonical, hex compared), the floor of any chain check in Python;
- chain: db.ledger_scan.scan_chain (fetch, hash, links, the events that may name a file);
- replay: db.ledger_scan.replay_part (counts, the "set" events fetched, parsed, merged per item);
- compare: db.ledger_scan.compare_part (every item row against its replayed state);
- verify: services.verify.verify(integrity=False) as the benchmark runs it (wall and CPU of both processes).

Each figure is printed in µs of CPU per ledger event; "total" is the CPU of chain + replay + compare, which the
two processes share; "2-core bound" is the events/s two fully available cores would give at that CPU."""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import resource
import sqlite3
import time


def _cpu(fn):
    t = time.process_time()
    value = fn()
    return time.process_time() - t, value


def parts(path: str, limit: int | None = None) -> dict[str, float]:
    """{step: CPU seconds} over the ledger's first ``limit`` events (all when None), plus "events"."""
    from evidence_store.db.ledger_scan import CANONICAL, compare_part, replay_part, scan_chain
    from evidence_store.services.persistence import TRACKED
    con = sqlite3.connect(path)
    con.execute("PRAGMA query_only=ON")
    con.execute("BEGIN")
    gc_was = gc.isenabled()
    gc.disable()  # as verify runs
    try:
        head = con.execute("SELECT max(seq) FROM custody_events").fetchone()[0] or 0
        head = min(head, limit) if limit else head
        out: dict[str, float] = {"events": head}

        def fetch():
            cur, n = con.execute(CANONICAL, (head,)), 0
            while rows := cur.fetchmany(50_000):
                n += len(rows)
            return n

        out["fetch"], _ = _cpu(fetch)
        sample = con.execute(CANONICAL + " LIMIT 200000", (head,)).fetchall()
        sha, fromhex = hashlib.sha256, bytes.fromhex

        def bare():
            for _seq, canon, prev, stored in sample:
                sha(fromhex(prev) + canon).hexdigest() != stored
        seconds, _ = _cpu(bare)
        out["sha256"] = seconds * head / max(len(sample), 1)
        sample.clear()
        out["chain"], _ = _cpu(lambda: scan_chain(con, head, 50_000, []))
        out["replay"], (state, counts) = _cpu(lambda: replay_part(con, head, "1 = 1"))
        # compare only the items whose events were replayed (all of them when the whole ledger is)
        where = "1 = 1" if not limit else f"id IN (SELECT DISTINCT item_id FROM custody_events WHERE seq <= {int(head)})"
        out["compare"], _ = _cpu(lambda: compare_part(con, where, state, counts, TRACKED))
        return out
    finally:
        if gc_was:
            gc.enable()
        con.close()


def verify_run(path: str) -> tuple[float, int, bool, float]:
    """(events/s by the wall clock, events, ok, CPU seconds of this process and its children)."""
    from evidence_store.db.migrate import open_database
    from evidence_store.services.verify import verify
    db = open_database(f"sqlite:///{path}", backup=False, migrate=False)
    try:
        before = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        t = time.perf_counter()
        result = verify(db, integrity=False)
        wall = time.perf_counter() - t
        after = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before))
        return result.events / max(wall, 1e-9), result.events, result.ok, cpu
    finally:
        db.dispose()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks verify-parts", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", required=True, help="a SQLite demo database (benchmarks/.cache or KVC_BENCH_CACHE)")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--limit", type=int, default=None, help="only the first N events (parts only)")
    p.add_argument("--no-verify", action="store_true", help="the parts only, not services.verify itself")
    args = p.parse_args(argv)
    for run in range(1, args.runs + 1):
        load = os.getloadavg()[0]
        out = parts(args.db, args.limit)
        n = out.pop("events")
        us = {k: v / max(n, 1) * 1e6 for k, v in out.items()}
        total = us["chain"] + us["replay"] + us["compare"]
        print(f"run {run}: {n:,} events, load {load:.1f}; CPU µs per event: "
              + ", ".join(f"{k} {v:.2f}" for k, v in us.items())
              + f"; total {total:.2f} (2-core bound {2e6 / total:,.0f} ev/s; bare sha256 {1e6 / us['sha256']:,.0f} ev/s)")
        if not args.no_verify:
            rate, events, ok, cpu = verify_run(args.db)
            print(f"run {run}: verify {rate:,.0f} ev/s ({events:,} events, ok={ok}), CPU {cpu / max(events, 1) * 1e6:.2f}"
                  f" µs per event in both processes, load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
