"""Reports at scale (issue #16: every report opens in under 2 s at a million items): the time to build
each report kind of services.reports over the last year, as the Reports screen and ``report`` do.

``python -m benchmarks reports [--items N | --url URL] [--user lanhdao] [--runs 3]`` measures only these, on the
cached demo database of ``python -m benchmarks`` (or any database), and prints each report's wall and CPU time,
the machine's load, and an anchor measured in the same run: the bare driver counting every item by state over
its narrow index (one pass over a million index entries), so that each report reads as a multiple of it."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date

REPORT_KINDS = ("summary", "flow", "age", "backlog", "stock", "deadlines", "overdue")


def report_ms(db, actor, runs: int = 3, cpu: dict | None = None) -> dict[str, float]:
    """{"report_<kind>_ms": median milliseconds} for every kind, over the last twelve months, plus the summary
    filtered by one agency and the summary's PDF; ``cpu`` (when given) gets the median process CPU ms of each."""
    from evidence_store.services import report_files, reports
    from evidence_store.services.context import UnitOfWork
    today = date.today()
    flt = reports.ReportFilter(date(today.year - 1, today.month, 1), today)
    out: dict[str, float] = {}

    def timed(key, fn):
        samples, cpus = [], []
        for _ in range(runs + 1):
            t, c = time.perf_counter(), time.process_time()
            with UnitOfWork(db, actor, write=False) as uow:
                fn(uow)
            samples.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - c) * 1000)
        out[key] = round(statistics.median(samples[1:]), 1)
        if cpu is not None:
            cpu[key] = round(statistics.median(cpus[1:]), 1)

    for kind in REPORT_KINDS:
        timed(f"report_{kind}_ms", lambda uow, kind=kind: reports.build_report(uow, kind, flt))
    with UnitOfWork(db, actor, write=False) as uow:
        agency = uow.session.execute(reports.select(reports.Ag.c.id).order_by(reports.Ag.c.id)).scalar()
    timed("report_agency_ms", lambda uow: reports.build_report(
        uow, "agency", reports.ReportFilter(flt.date_from, flt.date_to, agency_id=agency)))
    timed("report_summary_pdf_ms", lambda uow: report_files.report_pdf(uow, "summary", flt))
    return out


def anchor_ms(db, runs: int = 3) -> float:
    """The bare driver's ``SELECT state, count(*) FROM items GROUP BY state`` (a pass over the narrow state
    index), median milliseconds: the unit the reports are compared with."""
    from sqlalchemy import text
    samples = []
    with db.reader.connect() as conn:
        for _ in range(runs + 1):
            t = time.perf_counter()
            conn.execute(text("SELECT state, count(*) FROM items GROUP BY state")).all()
            samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples[1:])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks reports",
                                description="Per-report times (issue #16), wall and CPU, beside the load and an anchor")
    p.add_argument("--items", type=int, default=1_000_000, help="the cached demo database of this size")
    p.add_argument("--events-per-item", type=int, default=10)
    p.add_argument("--seed", type=int, default=20261128)
    p.add_argument("--url", help="measure this database instead (migrated on opening)")
    p.add_argument("--user", default="lanhdao", help="the demo account that opens the reports")
    p.add_argument("--runs", type=int, default=3, help="timed runs per report after one warm-up (median)")
    args = p.parse_args(argv)
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.base import World
    url = args.url
    if url is None:
        from . import cache
        url = cache.bench_url("sqlite", None, args.items, args.events_per_item, args.seed)[0]
    t = time.perf_counter()
    db = open_database(url, backup=False)
    print(f"opened {url} in {time.perf_counter() - t:.1f} s (migrations included)")
    load = os.getloadavg()[0]
    anchor = anchor_ms(db, args.runs)
    cpu: dict = {}
    out = report_ms(db, World().actor(db, args.user), args.runs, cpu)
    with db.reader.connect() as conn:
        from sqlalchemy import text
        items = conn.execute(text("SELECT count(*) FROM items")).scalar()
    db.dispose()
    print(f"{items:,} items; load (1 min) {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; "
          f"anchor (bare count by state) {anchor:.1f} ms")
    print(f"{'report':<24}{'wall ms':>10}{'CPU ms':>10}{'÷ anchor':>10}  target < 2,000 ms")
    for key, value in out.items():
        print(f"{key:<24}{value:>10,.1f}{cpu[key]:>10,.1f}{value / max(anchor, 0.001):>10,.1f}  "
              f"{'ok' if value < 2000 else 'MISSED'}")
    return 0
