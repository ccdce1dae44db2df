"""One SQLite → PostgreSQL copy (services.copy, issue #19) into a fresh database, measured: wall, this process's CPU,
the server's CPU (postmaster and backends, from /proc: run it on the server's machine), rows/s per table; the
database is dropped afterwards. Compare two trees (this file copied into the old one), alternating:

    cd <tree> && PYTHONPATH=$PWD nice -n 19 python -m benchmarks.copy_pg SOURCE.sqlite3 postgresql+psycopg://… PGDATA"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from . import pg

TICK = os.sysconf("SC_CLK_TCK")


def server_cpu(pgdata: str) -> float:
    """CPU seconds of the postmaster, its live children and its reaped children (cutime)."""
    master = int(Path(pgdata, "postmaster.pid").read_text().split()[0])
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(pid) == master:
            total += sum(int(x) for x in f[11:15]) / TICK  # utime, stime, cutime, cstime
        elif int(f[1]) == master:
            total += (int(f[11]) + int(f[12])) / TICK
    return total


def main(source: str, server_url: str, pgdata: str) -> None:
    from evidence_store.services import copy
    name = f"copybench_{os.getpid()}"
    with pg._admin(server_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    ends: dict[str, tuple[float, int]] = {}

    def progress(table, done, total):
        if done == total:
            ends[table] = (time.perf_counter(), total)

    load = os.getloadavg()
    cpu0, srv0, t0 = resource.getrusage(resource.RUSAGE_SELF), server_cpu(pgdata), time.perf_counter()
    try:
        result = copy.copy_database(f"sqlite:///{source}", url, progress=progress, check=False)
        wall = time.perf_counter() - t0
        cpu1, srv1 = resource.getrusage(resource.RUSAGE_SELF), server_cpu(pgdata)
    finally:
        pg.drop(server_url, name)
    client = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    print(f"code={Path(copy.__file__).parents[2]} rows={result.rows:,} wall={wall:.1f}s client_cpu={client:.1f}s "
          f"server_cpu={srv1 - srv0:.1f}s load={load[0]:.2f},{load[1]:.2f},{load[2]:.2f}")
    last = t0
    for table, (end, n) in sorted(ends.items(), key=lambda e: e[1][0]):
        if n >= 10_000:
            print(f"  {table:<18} {n:>10,} rows {end - last:7.1f} s {n / (end - last):>9,.0f} rows/s")
        last = end
    print(f"  after the last table (foreign keys, indexes, sequences): {t0 + wall - last:.1f} s")


if __name__ == "__main__":
    main(*sys.argv[1:4])
