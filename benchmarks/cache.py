"""The benchmark's demo database: built by evidence_store.demo.bulk, cached under benchmarks/.cache/
(git-ignored; ``KVC_BENCH_CACHE=/other/folder`` puts it elsewhere, e.g. /tmp for the 5–6 GB million-item file),
keyed by its parameters and the generator's source."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

CACHE = Path(os.environ.get("KVC_BENCH_CACHE") or Path(__file__).resolve().parent / ".cache")
ROOT = Path(__file__).resolve().parent.parent


def _source_key() -> str:
    h = hashlib.sha256()
    for name in ("bulk.py", "bulk_sim.py", "bulk_actions.py", "bulk_vocab.py", "bulk_writer.py", "base.py"):
        h.update((ROOT / "evidence_store" / "demo" / name).read_bytes())
    return h.hexdigest()[:10]


def demo_database(items: int, k: int, seed: int, *, rebuild: bool = False, log=print) -> tuple[Path, float]:
    """(path, build seconds) of a cached demo database, building it when missing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{items}-{k}-{seed}-{_source_key()}.sqlite3"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists() and not rebuild:
        log(f"reusing {path.name}")
        return path, json.loads(meta.read_text())["build_s"]
    for old in CACHE.glob(f"demo-{items}-{k}-{seed}-*"):
        old.unlink()
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.bulk import build
    t0 = time.perf_counter()
    db = open_database(f"sqlite:///{path}", backup=False)
    last = [0.0]

    def progress(phase, done, total):
        now = time.perf_counter()
        if now - last[0] > 10 or phase != "ledger":
            last[0] = now
            log(f"  build {phase}: {done:,}/{total:,} ({now - t0:.0f} s)")

    result = build(db, items, k, seed=seed, progress=progress)
    db.dispose()
    seconds = time.perf_counter() - t0
    meta.write_text(json.dumps({"build_s": seconds, "events": result.events, "pid": os.getpid()}))
    log(f"built {items:,} items, {result.events:,} events in {seconds:.1f} s")
    return path, seconds


def bench_url(engine: str, server_url: str | None, items: int, k: int, seed: int, *, rebuild: bool = False,
              log=print) -> tuple[str, float, float | None]:
    """(URL, build seconds, copy seconds or None) of the benchmark database on ``engine``: the cached SQLite
    file, or its copy on the PostgreSQL server ``server_url`` (benchmarks/pg.py)."""
    if engine == "postgresql":
        from . import pg
        return pg.demo_database(server_url, items, k, seed, rebuild=rebuild, log=log)
    path, build_s = demo_database(items, k, seed, rebuild=rebuild, log=log)
    return f"sqlite:///{path}", build_s, None
