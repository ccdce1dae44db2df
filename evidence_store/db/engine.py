"""Engines and sessions. On SQLite: WAL, foreign keys, busy timeout, and BEGIN IMMEDIATE on the
writing engine so that "read the chain head, append the next event" is atomic across processes
(STACK-CHECK addendum). Readers use a second engine and never wait for writers.

On PostgreSQL the writing engine takes one transaction-level advisory lock when a transaction
begins: writers are serialised exactly as on SQLite (no lost updates of counters, one chain head),
while readers, and verify, run in parallel on their own snapshots. Lock waits give up after
``PG_LOCK_TIMEOUT_MS`` (the service runner retries, as for a busy SQLite file)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from . import guards, limits

log = logging.getLogger(__name__)

# Advisory lock key serialising writing transactions on PostgreSQL (ledger_repo uses the same key).
PG_WRITE_LOCK = 7_270_001
PG_LOCK_TIMEOUT_MS = 30_000


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql", "postgres:"))


def _pg_write_begin(conn) -> None:
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _pg_connect_args(url: str, *, writer: bool) -> dict:
    from sqlalchemy.engine import make_url
    query = make_url(url).query
    args: dict = {"application_name": query.get("application_name") or ("kho-vat-chung" + ("" if writer else "-read"))}
    if "options" not in query:
        args["options"] = f"-c lock_timeout={PG_LOCK_TIMEOUT_MS}"
    if "connect_timeout" not in query:
        args["connect_timeout"] = 10
    return args


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # let us issue BEGIN ourselves
    cur = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "busy_timeout=30000", "foreign_keys=ON", "synchronous=NORMAL",
                   "cache_size=-65536", "temp_store=MEMORY",
                   "recursive_triggers=ON"):  # REPLACE's implicit delete fires the append-only triggers
        cur.execute("PRAGMA " + pragma)
    cur.close()


def make_engine(url: str, *, writer: bool) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        begin = "BEGIN IMMEDIATE" if writer else "BEGIN"
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    elif is_postgres_url(url):
        engine = create_engine(url, pool_pre_ping=True,
                               connect_args=_pg_connect_args(url, writer=writer))
        if writer:
            event.listen(engine, "begin", _pg_write_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


@dataclass
class Database:
    """An opened database: the writing and reading engines and their session factories."""

    url: str
    writer: Engine
    reader: Engine
    write_sessions: sessionmaker = field(init=False)
    read_sessions: sessionmaker = field(init=False)

    def __post_init__(self) -> None:
        self.write_sessions = sessionmaker(self.writer, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.reader, expire_on_commit=False)
        guards.install(self.write_sessions)
        guards.install(self.read_sessions)
        limits.install(self.write_sessions)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_path(self) -> str | None:
        return self.writer.url.database if self.is_sqlite else None

    def dispose(self) -> None:
        self.writer.dispose()
        self.reader.dispose()

    def session(self, write: bool = True) -> Session:
        return (self.write_sessions if write else self.read_sessions)()


def connect(url: str) -> Database:
    """Engines only: no migration. Use evidence_store.db.migrate.open_database for the app."""
    return Database(url, make_engine(url, writer=True), make_engine(url, writer=False))
