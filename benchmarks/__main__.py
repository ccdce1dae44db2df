"""python -m benchmarks [--engine sqlite|postgresql --url URL] [--items N] [--events-per-item K] [--json FILE] …

Builds (or reuses from benchmarks/.cache/) a demo database with evidence_store.demo.bulk, measures the
targets of DESIGN §7 and issue #19 and prints a table; --json writes the figures. On PostgreSQL the same
database is copied to the server named by --url (benchmarks/pg.py) and measured there. Each figure is printed
beside its anchor measured in the same run (raw lookup, unranked text index, bare SHA-256, sequential read).
Never fails on a missed target. Also: ``python -m benchmarks workstations --help`` (8 clerks at once) and
``python -m benchmarks gui-scan --help`` (scanner Enter → item view painted) and ``python -m benchmarks reports
--help`` (each report's time at a million items) and ``python -m benchmarks verify-parts --help`` (verify's CPU
per event, step by step, beside bare SHA-256)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EVIDENCE_STORE_NO_LOGFILE", "1")

KEYS = ("engine", "items", "events", "build_s", "copy_s", "db_mb", "bytes_per_event", "load_1min",
        "raw_lookup_us", "scan_lookup_p50_ms", "scan_lookup_p95_ms", "scan_vs_raw",
        "search_p95_ms", "fts_unranked_p95_ms", "search_vs_fts", "intake_100_s",
        "verify_events_per_s", "hash_events_per_s", "verify_vs_hash", "integrity_check_s", "read_mb_s", "labels_1000_s", "startup_s",
        "table_jump_ms", "rss_mb", "report_summary_ms", "report_flow_ms", "report_age_ms", "report_backlog_ms",
        "report_stock_ms", "report_deadlines_ms", "report_overdue_ms", "report_agency_ms", "report_summary_pdf_ms",
        "import_100k_s", "audit_scan_p95_ms", "audit_reconcile_100k_s", "scan_to_paint_p50_ms", "scan_to_paint_p95_ms",
        "backup_s", "backup_mb_s", "backup_ui_stall_ms", "ui_stall_ms", "backup_scan_to_paint_p95_ms")
# issue #19's targets (one million items / ten million events)
TARGETS = {"scan_lookup_p95_ms": ("<=", 2), "search_p95_ms": ("<=", 20), "intake_100_s": ("<=", 0.2),
           "verify_events_per_s": (">=", 500_000), "labels_1000_s": ("<", 1.5), "startup_s": ("<=", 1.0),
           "rss_mb": ("<=", 150), "build_s": ("<=", 120), "bytes_per_event": ("<=", 300),
           **{k: ("<", 2000) for k in KEYS if k.startswith("report_")},  # issue #16: every report < 2 s
           "import_100k_s": ("<", 120),  # issue #16: 100,000 register rows imported in under 2 minutes
           "audit_scan_p95_ms": ("<", 50), "audit_reconcile_100k_s": ("<", 10),  # issue #15
           "scan_to_paint_p95_ms": ("<=", 30), "backup_s": ("<=", 60)}


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("workstations", "gui-scan", "reports", "verify-parts"):
        if argv[0] == "workstations":
            from .workstations import main as sub
        elif argv[0] == "reports":
            from .bench_reports import main as sub
        elif argv[0] == "verify-parts":
            from .verify_parts import main as sub
        else:
            from .gui_scan import main as sub
        return sub(argv[1:])
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--url", help="PostgreSQL: the server (postgresql+psycopg://user:pw@host:port/db; a login "
                                 "with CREATEDB); the benchmark's database is created beside that database")
    p.add_argument("--items", type=int, default=1_000_000)
    p.add_argument("--events-per-item", type=int, default=10)
    p.add_argument("--seed", type=int, default=20261128)
    p.add_argument("--json", help="write the figures to this file")
    p.add_argument("--rebuild", action="store_true", help="ignore the cached database")
    p.add_argument("--samples", type=int, default=1000, help="scan lookups measured")
    p.add_argument("--quick", action="store_true", help="fewer repetitions (smoke test)")
    p.add_argument("--import-rows", type=int, default=100_000, help="rows of the register import measured")
    p.add_argument("--skip", default="", help="comma-separated steps left out (import,report,labels,table,audit,gui,"
                                              "guiscan)")
    p.add_argument("--gui-scans", type=int, default=100, help="scanner Enter → item view painted: scans measured")
    args = p.parse_args(argv)
    if args.engine == "postgresql" and not args.url:
        p.error("--engine postgresql needs --url")
    skip = {x.strip() for x in args.skip.split(",") if x.strip()}
    from . import cache, measure
    started = time.perf_counter()
    out: dict = dict.fromkeys(KEYS)
    out["engine"] = args.engine
    out["load_1min"] = os.getloadavg()[0]
    url, build_s, copy_s = cache.bench_url(args.engine, args.url, args.items, args.events_per_item, args.seed,
                                           rebuild=args.rebuild)
    if copy_s is not None:
        out["copy_s"] = round(copy_s, 1)
        build_s += copy_s
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.base import World
    db = open_database(url, backup=False)
    notes: list[str] = [f"load average at start {os.getloadavg()}"]
    out["build_s"] = round(build_s, 1)
    if args.engine == "postgresql":
        notes.append(f"build_s = SQLite bulk build + copy to the server ({out['copy_s']} s, VACUUM ANALYZE included)")

    def step(key_names, fn):
        t = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # a benchmark reports, it does not fail
            notes.append(f"{'/'.join(key_names)}: {type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3, file=sys.stderr)
        print(f"  measured {', '.join(key_names)} in {time.perf_counter() - t:.1f} s", flush=True)

    actor = World().actor(db, "thukho")
    codes = measure.random_codes(db, max(200, args.samples))
    from sqlalchemy import text
    with db.reader.connect() as conn:
        agency = conn.execute(text("SELECT id FROM agencies WHERE short_name = 'PC02'")).scalar() or 1
        case_no = conn.execute(text("SELECT number FROM cases ORDER BY id DESC LIMIT 1")).scalar() or "1"

    def raw():
        out["raw_lookup_us"] = round(measure.raw_lookup_us(db, codes * (20_000 // len(codes) + 1)), 2)

    def scan():
        p50, p95 = measure.scan_lookup_ms(db, actor, codes)
        out["scan_lookup_p50_ms"], out["scan_lookup_p95_ms"] = round(p50, 3), round(p95, 3)
        if out["raw_lookup_us"]:
            out["scan_vs_raw"] = round(p95 * 1000 / out["raw_lookup_us"], 1)

    def search():
        value, worst = measure.search_ms(db, actor, (codes[0], case_no), rounds=3 if args.quick else 15)
        out["search_p95_ms"] = round(value, 2)
        notes.append("search worst per query (ms): " + ", ".join(f"{q!r} {v:.1f}" for q, v in worst.items()))
        out["fts_unranked_p95_ms"] = round(max(measure.fts_unranked_p95_ms(db, 2 if args.quick else 5), 0.001), 3)
        out["search_vs_fts"] = round(value / out["fts_unranked_p95_ms"], 1)

    def verify():
        rate, events, ok = measure.verify_rate(db)
        out["verify_events_per_s"] = round(rate)
        notes.append(f"verify ok={ok} over {events:,} events (hash chain + replay; quick_check apart)")
        out["hash_events_per_s"] = round(measure.hash_events_per_s(db))
        out["verify_vs_hash"] = round(out["hash_events_per_s"] / max(rate, 1), 1)
        if db.is_sqlite:
            seconds, status = measure.integrity_check_s(db)
            out["integrity_check_s"] = max(round(seconds, 3), 0.001)  # a tiny file checks in milliseconds
            out["read_mb_s"] = round(measure.sequential_read_mb_s(db.sqlite_path), 1)
            notes.append(f"integrity_check_s: PRAGMA quick_check = {status}")

    def intake():
        out["intake_100_s"] = round(measure.intake_100_s(db, actor, agency, runs=1 if args.quick else 3), 3)

    def labels():
        out["labels_1000_s"] = None if (v := measure.labels_s(1 if args.quick else 3)) is None else round(v, 3)

    def table():
        out["table_jump_ms"] = None if (v := measure.table_jump_ms(url, 1 if args.quick else 3)) is None else round(v, 1)

    def audit():
        p50, p95 = measure.audit_scan_ms(db, actor, codes[:max(100, min(len(codes), 400))])
        out["audit_scan_p95_ms"] = round(p95, 2)
        seconds, cpu, lines, targets = measure.audit_reconcile_s(db, actor, 100_000)
        out["audit_reconcile_100k_s"] = round(seconds, 2)
        notes.append(f"audit_scan: p50 {p50:.2f} ms (record_scan committed, blind count of a zone); "
                     f"audit_reconcile_100k_s: {targets:,} targets → {lines:,} result lines and ledger events "
                     f"in {seconds:.1f} s wall, {cpu:.1f} s CPU (at {args.items:,} items; the audit covers "
                     f"min(100,000, items in storage))")

    def gui():
        start, rss = measure.gui_startup(url, 1 if args.quick else 3)
        out["startup_s"], out["rss_mb"] = round(start, 3), round(rss, 1)
        notes.append("startup_s: benchmarks/gui_probe.py (ui.app start-up path + MainWindow for the demo clerk, "
                     "offscreen, every navigation screen opened for rss_mb)")

    def guiscan():
        figures = measure.gui_scan(url, 20 if args.quick else args.gui_scans, backup=db.is_sqlite)
        for key in KEYS:
            if key in figures:
                out[key] = figures[key]
        notes.append("scan_to_paint: benchmarks/gui_scan.py (offscreen 1366×768, home screen → scanner Enter → item "
                     f"view painted, {figures.get('scan_to_paint_n')} scans, load {figures.get('gui_load_1min')})")
        if figures.get("backup_s") is not None:
            notes.append(f"backup: the daily backup (ui.app.start_daily_backup) of {figures['backup_mb']} MB while "
                         f"scanning: {figures['backup_scans']} scans, UI's longest idle stall {figures['backup_ui_stall_ms']}"
                         f" ms (before: {figures['ui_stall_ms']} ms)")

    def report():
        from .bench_reports import report_ms
        out.update(report_ms(db, World().actor(db, "lanhdao"), runs=1 if args.quick else 3))

    def register_import():
        from .bench_import import import_s
        rows = 2_000 if args.quick else args.import_rows
        cpu: list = []
        out["import_100k_s"] = round(import_s(rows, cpu=cpu) * 100_000 / rows, 1)
        notes.append(f"import: {rows:,} rows into a fresh SQLite warehouse, {cpu[0]:.1f} s CPU"
                     + (", scaled to 100,000" if rows != 100_000 else ""))

    steps = [("report", ("report_*_ms",), report),
             ("raw", ("raw_lookup_us",), raw), ("scan", ("scan_lookup_p50_ms", "scan_lookup_p95_ms"), scan),
             ("search", ("search_p95_ms", "fts_unranked_p95_ms"), search),
             ("verify", ("verify_events_per_s", "hash_events_per_s", "integrity_check_s"), verify),
             ("intake", ("intake_100_s",), intake), ("labels", ("labels_1000_s",), labels),
             ("table", ("table_jump_ms",), table), ("audit", ("audit_scan_p95_ms", "audit_reconcile_100k_s"), audit),
             ("gui", ("startup_s", "rss_mb"), gui),
             ("guiscan", ("scan_to_paint_p95_ms", "backup_s"), guiscan),
             # last: the import of a fresh 100k warehouse in this process left the figures after it slower
             # (2026-12-06, quiet: scan p95 19.9 ms after it, 1.1 ms without it; verify 153k → 222k events/s)
             ("import", ("import_100k_s",), register_import)]
    if db.is_sqlite is False:  # the register import is measured on SQLite (the database a warehouse starts on)
        skip.add("import")
    for name, keys, fn in steps:
        if name not in skip:
            step(keys, fn)
    with db.reader.connect() as conn:
        out["items"] = conn.execute(text("SELECT count(*) FROM items")).scalar() or 0
        out["events"] = conn.execute(text("SELECT max(seq) FROM custody_events")).scalar() or 0
        if db.is_sqlite:
            size = sum(os.path.getsize(f"{db.sqlite_path}{s}") for s in ("", "-wal")
                       if os.path.exists(f"{db.sqlite_path}{s}"))
        else:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
    db.dispose()
    out["db_mb"] = round(size / 2**20, 1)
    out["bytes_per_event"] = round(size / max(out["events"], 1))
    notes.append(f"load average at end {os.getloadavg()}")
    _print(out, notes, args, time.perf_counter() - started)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
    return 0


def _print(out: dict, notes: list[str], args, seconds: float) -> None:
    print(f"\nKho Vật Chứng benchmarks on {args.engine}: {args.items:,} items × ~{args.events_per_item} events "
          f"(total {seconds:.0f} s, {os.cpu_count()} CPUs)")
    print(f"{'measure':<24}{'value':>14}  target")
    for key in KEYS:
        value = out[key]
        target = TARGETS.get(key)
        mark = ""
        if target and value is not None:
            ok = {"<": value < target[1], "<=": value <= target[1], ">=": value >= target[1]}[target[0]]
            mark = f"{target[0]} {target[1]:,}  {'ok' if ok else 'MISSED'}"
        shown = "—" if value is None else value if isinstance(value, str) else (f"{value:,.3f}" if isinstance(value, float) and value < 100 else f"{value:,}")
        print(f"{key:<24}{shown:>14}  {mark}")
    for n in notes:
        print("note:", n)


if __name__ == "__main__":
    sys.exit(main())
