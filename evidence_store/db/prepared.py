"""Prepared reads for the hot paths (scan → item, the actor's reload; issue #19).

A Core ``SELECT`` is compiled once per dialect and then run on the DBAPI connection of the caller's own
session (same transaction, same snapshot, same pool), skipping SQLAlchemy's per-execute work (cache-key
generation, the ORM's execute events, result metadata): ~15 µs per statement instead of ~150 µs. The rows'
values go through the very result processors SQLAlchemy would apply (dates and booleans on SQLite), so the
rows are those a Core ``execute`` returns. Pending ORM changes are flushed first (autoflush), as
``Session.execute`` does, so a service reading what it has just changed sees its change. On PostgreSQL psycopg prepares a statement run five times on a
connection by itself (server-side plan reused).

Reads only: nothing written goes through here (writes keep the session, its guards and the ledger)."""

from __future__ import annotations

from contextlib import contextmanager
from enum import Enum


class _Compiled:
    __slots__ = ("sql", "names", "defaults", "positional", "processors", "keys", "types", "dialect")

    def __init__(self, stmt, dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql = str(compiled)
        self.defaults = {k: (v.value if isinstance(v, Enum) else v) for k, v in compiled.construct_params(_check=False).items()}
        self.positional = compiled.positiontup is not None and dialect.paramstyle in ("qmark", "format", "numeric")
        self.names = tuple(compiled.positiontup or ())
        columns = list(stmt.selected_columns)
        self.keys = tuple(c.key for c in columns)
        self.types = [c.type for c in columns]
        self.dialect = dialect
        self.processors: tuple | None | bool = False  # known after the first execution (the driver's column types)

    def learn(self, description) -> None:
        """The result processors SQLAlchemy would pick for these columns as the driver describes them."""
        procs = [t._cached_result_processor(self.dialect, d[1]) for t, d in zip(self.types, description)]
        self.processors = tuple(procs) if any(procs) else None


def _connection(session):
    """The session's connection in its current transaction (begun like any execute would begin it), kept in
    ``session.info`` for the transaction's life: asking the session for it costs more than the query."""
    tx = session.get_transaction()
    held = session.info.get("_prepared_conn")
    if tx is not None and held is not None and held[0] is tx:
        return held[1]
    conn = session.connection()
    session.info["_prepared_conn"] = (session.get_transaction(), conn)
    return conn


class Prepared:
    """One SELECT, compiled per dialect on first use; ``all``/``first`` return tuples (``keys`` names them)."""

    __slots__ = ("stmt", "_by_dialect")

    def __init__(self, stmt) -> None:
        self.stmt = stmt
        self._by_dialect: dict[str, _Compiled] = {}

    def _compiled(self, dialect) -> _Compiled:
        c = self._by_dialect.get(dialect.name)
        if c is None:
            c = self._by_dialect[dialect.name] = _Compiled(self.stmt, dialect)
        return c

    def keys(self, session) -> tuple[str, ...]:
        return self._compiled(session.get_bind().dialect).keys

    def _send(self, session, conn, params: dict):
        c = self._compiled(conn.dialect)
        values = dict(c.defaults, **params) if params else c.defaults
        args = tuple(values[n] for n in c.names) if c.positional else values
        cursor = conn.connection.cursor()
        cursor.execute(c.sql, args)
        return c, cursor

    def _run(self, session, params: dict):
        c, cursor = self._send(session, _flushed_connection(session), params)
        if c.processors is False:
            c.learn(cursor.description)
        return c, cursor

    def all(self, session, **params) -> list[tuple]:
        return _rows(*self._run(session, params))

    def first(self, session, **params) -> tuple | None:
        return self._first(*self._run(session, params))

    def first_on(self, conn, **params) -> tuple | None:
        """``first`` on a SQLAlchemy ``Connection`` itself (a session's event, where asking the session for its
        connection again is refused)."""
        c, cursor = self._send(None, conn, params)
        if c.processors is False:
            c.learn(cursor.description)
        return self._first(c, cursor)

    @staticmethod
    def _first(c: _Compiled, cursor) -> tuple | None:
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None or c.processors is None:
            return None if row is None else tuple(row)
        return tuple(v if p is None or v is None else p(v) for p, v in zip(c.processors, row))

    def dicts(self, session, **params) -> list[dict]:
        keys = self.keys(session)
        return [dict(zip(keys, r)) for r in self.all(session, **params)]


def _flushed_connection(session):
    if session.autoflush and not session._flushing:  # as Session.execute: pending ORM changes are read
        session.flush()  # returns at once when nothing is pending
    return _connection(session)


def _rows(c: _Compiled, cursor) -> list[tuple]:
    try:
        rows = cursor.fetchall()
    finally:
        cursor.close()
    procs = c.processors
    if procs is None:
        return [tuple(r) for r in rows]
    return [tuple(v if p is None or v is None else p(v) for p, v in zip(procs, r)) for r in rows]


def all_together(session, queries, *, own_transaction: bool = False) -> list[list[tuple]]:
    """``[q.all(session, **params) for q, params in queries]``, sent to PostgreSQL at once (psycopg's pipeline
    mode: one round trip instead of one per statement — the scan's reads of the item page, issue #19, where each
    round trip costs a wait for a CPU on a loaded server). SQLite runs them one after the other.

    PostgreSQL, no transaction open yet: psycopg would send its BEGIN alone and wait for it (a round trip of its
    own); it goes in the pipeline instead, ahead of the reads. ``own_transaction``: no BEGIN at all — the batch is a
    transaction of its own, the implicit one PostgreSQL runs a pipeline's statements in until its Sync; nothing is
    left open to roll back, and a statement sent after it begins another transaction, as usual (a read unit of
    work's first reads: services.context.UnitOfWork.read_together)."""
    conn = _flushed_connection(session)
    raw = conn.connection.driver_connection
    if conn.dialect.name != "postgresql" or not pipeline_supported():
        return [q.all(session, **params) for q, params in queries]
    with driver_errors("pipeline"), raw.pipeline():
        if _begins_transaction(raw):
            # a connection set to begin otherwise (the copy's REPEATABLE READ READ ONLY) keeps its BEGIN
            plain = raw.isolation_level is None and raw.read_only is None and raw.deferrable is None
            sent = _unprompted(raw, lambda: [q._send(session, conn, params) for q, params in queries],
                               begin=not (own_transaction and plain))
        else:
            sent = [q._send(session, conn, params) for q, params in queries]
    out = []
    for c, cursor in sent:
        if c.processors is False:
            c.learn(cursor.description)
        out.append(_rows(c, cursor))
    return out


def _begins_transaction(raw) -> bool:
    """The pipeline's first statement would begin the transaction (psycopg, not in autocommit, begins one itself
    before the first statement after the last commit or rollback)."""
    from psycopg import pq
    return not raw.autocommit and raw.pgconn.transaction_status == pq.TransactionStatus.IDLE


def _unprompted(raw, send, *, begin: bool):
    """``send()`` without psycopg's own BEGIN, sent alone and waited for before the first statement unless the
    connection is in autocommit: for the time the statements are queued it is told it is. ``begin``: the BEGIN it
    would have sent (``_get_tx_start_command``: isolation level, read only) is queued first, so after the pipeline
    the connection is where psycopg's own BEGIN leaves it (in a transaction, not in autocommit); without it, it is
    idle after the pipeline's Sync. psycopg 3.3.9 (pinned); tests/integration/test_item_page_read.py counts the
    round trips on the wire."""
    raw._autocommit = True  # private, but psycopg's setter refuses to change it back inside the transaction
    try:
        if begin:
            raw.execute(raw._get_tx_start_command())  # prepared by psycopg at its fifth run, as any statement
        return send()
    finally:
        raw._autocommit = False


@contextmanager
def driver_errors(statement: str):
    """psycopg's own errors, raised where the session's connection is used directly (a pipeline), as SQLAlchemy
    raises them elsewhere: ``context.run`` retries a lock timeout or a deadlock, faults.database_error words them."""
    import psycopg
    from sqlalchemy.exc import DBAPIError
    try:
        yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


def pipeline_supported() -> bool:
    """psycopg 3 over a libpq with pipeline mode (14 or later; the wheels bundle a newer one)."""
    try:
        from psycopg import Pipeline
    except ImportError:
        return False
    return Pipeline.is_supported()
