"""The benchmark's database on a PostgreSQL server (issue #19): the same demo database as on SQLite — built once
by evidence_store.demo.bulk into the SQLite cache, then copied value for value by services.copy (the tool a
warehouse uses to move to a server), so both engines hold the same items, events and hash chain.

The database is named after its parameters (``kvcbench_<items>_<k>_<seed>_<source key>``) on the server named by
``--url`` and reused while it exists; the seconds the copy took are kept as the database's comment. The login of
the URL needs CREATEDB (and CREATEROLE for the workstations' own logins: scripts/pg-test-cluster.sh grants both)."""

from __future__ import annotations

import json
import time

from sqlalchemy.engine import make_url

from . import cache


def _libpq(url: str, database: str) -> str:
    return make_url(url).set(drivername="postgresql", database=database).render_as_string(hide_password=False)


def _admin(url: str):
    import psycopg
    return psycopg.connect(_libpq(url, make_url(url).database or "postgres"), autocommit=True, connect_timeout=10)


def database_name(items: int, k: int, seed: int) -> str:
    return f"kvcbench_{items}_{k}_{seed}_{cache._source_key()}"


def demo_database(server_url: str, items: int, k: int, seed: int, *, rebuild: bool = False,
                  log=print) -> tuple[str, float, float]:
    """(SQLAlchemy URL, SQLite build seconds, copy seconds) of the benchmark database on the server."""
    path, build_s = cache.demo_database(items, k, seed, rebuild=rebuild, log=log)
    name = database_name(items, k, seed)
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    with _admin(server_url) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           (name,)).fetchone()
        if row and row[0] and not rebuild:
            log(f"reusing PostgreSQL database {name}")
            return url, build_s, json.loads(row[0])["copy_s"]
        for old in [r[0] for r in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                               (f"kvcbench_{items}_{k}_{seed}_%",))]:
            conn.execute(f'DROP DATABASE "{old}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    from evidence_store.services.copy import copy_database
    t0, last = time.perf_counter(), [0.0]

    def progress(table, done, total):
        now = time.perf_counter()
        if now - last[0] > 10 or done == total:
            last[0] = now
            log(f"  copy {table}: {done:,}/{total:,} ({now - t0:.0f} s)")

    result = copy_database(f"sqlite:///{path}", url, progress=progress, check=False)
    import psycopg
    with psycopg.connect(_libpq(url, name), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # fresh statistics, as a server's autovacuum would have by then
    copy_s = time.perf_counter() - t0
    with _admin(server_url) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps({'copy_s': copy_s, 'rows': result.rows})}'")
    log(f"copied {result.rows:,} rows to PostgreSQL in {copy_s:.1f} s")
    return url, build_s, copy_s


def drop(server_url: str, name: str) -> None:
    with _admin(server_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
