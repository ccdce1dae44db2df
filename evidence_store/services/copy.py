"""Copy a whole database to another one (typically the SQLite file of one workstation to the
PostgreSQL server that several workstations will share).

The target is migrated to head and must be empty; every table is copied in dependency order in
batches, inside one transaction (all or nothing); ledger rows are copied value for value, so the
hash chain arrives byte-identical; PostgreSQL sequences are moved past the copied ids; then the
chain is verified on arrival and its head compared with the source's.

A PostgreSQL target is filled by COPY, its foreign keys and plain indexes put back after the rows (services.
copy_pg, issue #19); a SQLite target by INSERTs. A SQLite source is read through its DB-API cursor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

from ..db.engine import Database, connect
from ..db.migrate import current_revision, head_revision, open_database
from ..db.models import Base
from ..domain.errors import DomainError
from ..domain.ledger import GENESIS
from . import copy_pg
from .verify import VerifyResult, verify

BATCH = 5_000


@dataclass
class CopyResult:
    source: str
    target: str
    tables: dict[str, int] = field(default_factory=dict)  # table → rows copied
    source_head: tuple[int, str] = (0, "")
    verify: VerifyResult | None = None

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def ok(self) -> bool:
        return self.verify is not None and self.verify.ok and (
            (self.verify.head_seq, self.verify.head_hash) == self.source_head)


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


def copy_database(source_url: str, target_url: str, *, batch: int = BATCH, progress=None,
                  check: bool = True) -> CopyResult:
    """Copy ``source_url`` into the empty database ``target_url``; ``progress(table, done, total)``.
    ``check=False`` skips the verify on arrival (the benchmark verifies, timed, afterwards)."""
    if _same(source_url, target_url):
        raise DomainError("copy_same_database", url=_safe(target_url))
    if source_url.startswith("sqlite"):
        from sqlalchemy.engine import make_url
        from ..db.faults import sqlite_file_problem
        problem = sqlite_file_problem(make_url(source_url).database or "", must_exist=True)
        if problem is not None:
            raise problem
    source = connect(source_url)
    try:
        rev = current_revision(source)
        if rev != head_revision():
            raise DomainError("copy_source_not_current", url=_safe(source_url), revision=rev or "-",
                              head=head_revision())
        target = open_database(target_url, backup=False)
        try:
            return _copy(source, target, batch, progress, check)
        finally:
            target.dispose()
    finally:
        source.dispose()


def _same(a: str, b: str) -> bool:
    from sqlalchemy.engine import make_url
    ua, ub = make_url(a), make_url(b)
    return (ua.get_backend_name(), ua.host, ua.port, ua.database) == (ub.get_backend_name(), ub.host, ub.port,
                                                                       ub.database)


def _copy(source: Database, target: Database, batch: int, progress, check: bool = True) -> CopyResult:
    result = CopyResult(_safe(source.url), _safe(target.url))
    tables = Base.metadata.sorted_tables
    refused = _refused(target)
    with source.reader.connect() as src, target.writer.connect() as dst:
        if not source.is_sqlite:  # one snapshot of the source while other workstations write
            src = src.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        src.begin()  # SQLite: one read transaction is one snapshot (WAL)
        with dst.begin():
            for table in tables:
                if dst.execute(select(func.count()).select_from(table)).scalar_one():
                    raise DomainError("copy_target_not_empty", url=_safe(target.url), table=table.name)
            restore = [] if target.is_sqlite else copy_pg.set_checks_aside(dst, tables)
            for table in tables:
                try:
                    result.tables[table.name] = _copy_table(src, dst, table, batch, progress)
                except refused as exc:  # e.g. a value the target refuses (text longer than its column)
                    raise _failed(table.name, exc) from exc
            for name, sql in restore:  # the foreign keys checked, the indexes built, over the copied rows
                try:
                    dst.connection.driver_connection.execute(sql)
                except refused as exc:  # e.g. a row whose parent the source lacks
                    raise _failed(name, exc) from exc
            if not target.is_sqlite:
                _reset_sequences(dst, tables)
        head = src.execute(text("SELECT seq, hash FROM custody_events ORDER BY seq DESC LIMIT 1")).first()
        result.source_head = (head[0], head[1]) if head else (0, GENESIS)
    result.verify = verify(target) if check else None
    return result


def _failed(table: str, exc: Exception) -> DomainError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return DomainError("copy_failed", table=table, reason=reason[0] if reason else "")


def _refused(target: Database) -> tuple:
    """What a value the target refuses raises: SQLAlchemy's DBAPIError around an INSERT, psycopg's own error
    around a COPY (PostgreSQL); a SQLite source read through its DB-API cursor raises sqlite3's own."""
    import sqlite3
    if target.is_sqlite:
        return DBAPIError, sqlite3.Error
    import psycopg
    return DBAPIError, sqlite3.Error, psycopg.Error


def _copy_table(src, dst, table, batch: int, progress) -> int:
    """Rows in primary-key order, ``batch`` at a time. A column referring to its own table
    (agencies.parent_id, locations.parent_id) is filled in a second pass, so a parent with a higher
    id than its child never trips the foreign key."""
    total = src.execute(select(func.count()).select_from(table)).scalar_one()
    if not total:
        return 0
    step = lambda n: progress and progress(table.name, n, total)  # noqa: E731
    if dst.dialect.name == "postgresql":
        done, links = copy_pg.copy_rows(dst, table, _source_rows(src, table, batch), step)
    else:
        done, links = _insert_rows(src, dst, table, batch, step)
    for key, name, value in links:
        dst.execute(update(table).where(*[table.c[k] == v for k, v in key.items()]).values({name: value}))
    return done


def _insert_rows(src, dst, table, batch: int, progress) -> tuple[int, list]:
    """INSERT … VALUES, ``batch`` rows per executemany (a SQLite target)."""
    selfref, pk = copy_pg.self_references(table), list(table.primary_key.columns)
    done, links = 0, []
    result = src.execution_options(yield_per=batch).execute(select(table).order_by(*pk))
    for rows in result.partitions(batch):
        values = [dict(r._mapping) for r in rows]
        for v in values:
            for col in selfref:
                if v[col.name] is not None:
                    links.append(({c.name: v[c.name] for c in pk}, col.name, v[col.name]))
                    v[col.name] = None
        dst.execute(table.insert(), values)
        done += len(values)
        progress(done)
    return done, links


def _source_rows(src, table, batch: int):
    """The table's rows as tuples in column order, primary-key order, ``batch`` at a time, each value as
    SQLAlchemy reads it (its result processor: DateTime, Date, Boolean on SQLite). A SQLite source is read
    through the DB-API cursor of the snapshot's connection, processing only the columns whose type needs it."""
    stmt = select(table).order_by(*table.primary_key.columns)
    if src.dialect.name != "sqlite":  # a server-side cursor, as before
        for rows in src.execution_options(yield_per=batch).execute(stmt).partitions(batch):
            yield [tuple(r) for r in rows]
        return
    procs = [(i, p) for i, p in enumerate(c.type.dialect_impl(src.dialect).result_processor(src.dialect, None)
                                          for c in table.columns) if p is not None]
    cur = src.connection.driver_connection.cursor()
    try:
        cur.execute(str(stmt.compile(dialect=src.dialect)))
        while rows := cur.fetchmany(batch):
            if procs:
                rows = [list(r) for r in rows]
                for r in rows:
                    for i, proc in procs:
                        r[i] = proc(r[i])
            yield rows
    finally:
        cur.close()


def _reset_sequences(dst, tables) -> None:
    """PostgreSQL: serial columns continue after the copied ids (rows were inserted with their ids)."""
    for table in tables:
        for col in table.primary_key.columns:
            seq = dst.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": col.name}).scalar()
            if seq:
                dst.execute(text(f'SELECT setval(:s, COALESCE((SELECT max("{col.name}") FROM "{table.name}"), 0) + 1, '
                                 "false)"), {"s": seq})
