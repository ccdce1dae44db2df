"""Engines and sessions. On SQLite: WAL, foreign keys, busy timeout, and BEGIN IMMEDIATE on the
writing engine so that "read the chain head, append the next event" is atomic across processes
(STACK-CHECK addendum). Readers use a second engine and never wait for writers.

On PostgreSQL the writing engine takes one transaction-level advisory lock when a transaction
begins: writers are serialised exactly as on SQLite (no lost updates of counters, one chain head),
while readers, and verify, run in parallel on their own snapshots. Lock waits give up after
``PG_LOCK_TIMEOUT_MS`` (the service runner retries, as for a busy SQLite file).

A service that locks the rows it changes itself (``services.context.concurrent``: moves, intakes) takes the
same lock in *shared* mode instead (issue #19): such transactions run side by side, while every other writer
still excludes them all. The ledger's (and the security log's) chain head is then guarded by a second, short
lock, ``PG_CHAIN_LOCK``, taken at a transaction's first append and held to its commit: one total order, one
chain, without a global lock held across the whole transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from . import guards, limits

log = logging.getLogger(__name__)

# Advisory lock keys on PostgreSQL: writing transactions (exclusive, or shared for the services that lock their own
# rows), and the chains' head (ledger_repo, security_log and the kvc_* functions of pg_functions take it to append).
PG_WRITE_LOCK = 7_270_001
PG_CHAIN_LOCK = 7_270_002
# (7_270_003 held intakes one at a time among themselves until they drew their numbers last: services.intake;
# services.concurrent_writes.PG_KEY_LOCKS is the two-key space of the rows found or created by a key)
PG_LOCK_TIMEOUT_MS = 30_000
WRITE_LOCK_OPTION = "kvc_write_lock"  # connection execution option: "shared" for a concurrent service's transaction


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql", "postgres:"))


def _pg_write_begin(conn) -> None:
    shared = conn.get_execution_options().get(WRITE_LOCK_OPTION) == "shared"
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock{'_shared' if shared else ''}({PG_WRITE_LOCK})")


def _pg_checkout(dbapi_connection, _record, _proxy) -> None:
    """The pool's liveness check without a round trip (issue #19: SQLAlchemy's pre-ping sent ";" to the server
    before every unit of work — one of a scan's six round trips, each a wait for a CPU on a loaded server). An idle
    connection has nothing to read: the server speaks unprompted only to end it (a restart, a terminated backend:
    a FATAL, then EOF). So a closed or broken connection, or a readable socket, is dead: the pool drops its
    connections and opens a new one, as after a failed ping. A connection cut silently (no FIN/RST yet) fails at
    its first statement; UnitOfWork retries the actor's reload once on a fresh connection (services/context.py)."""
    import select
    from sqlalchemy import exc
    pg = dbapi_connection.pgconn
    try:
        dead = dbapi_connection.closed or dbapi_connection.broken or pg.status != 0 or bool(
            select.select([pg.socket], [], [], 0)[0])  # 0: libpq CONNECTION_OK
    except Exception as error:  # a socket libpq no longer has (OSError, ValueError, psycopg.OperationalError)
        raise exc.InvalidatePoolError(f"connection unusable: {error}") from error
    if dead:
        raise exc.InvalidatePoolError("the server closed the connection")


def _pg_connect_args(url: str, *, writer: bool) -> dict:
    from sqlalchemy.engine import make_url
    query = make_url(url).query
    args: dict = {"application_name": query.get("application_name") or ("kho-vat-chung" + ("" if writer else "-read"))}
    if "options" not in query:
        args["options"] = f"-c lock_timeout={PG_LOCK_TIMEOUT_MS}"
    if "connect_timeout" not in query:
        args["connect_timeout"] = 10
    return args


# Page cache per connection, KiB. Issue #19 (resident memory with the main lists open ≤ 150 MB): the readers'
# caches filled to 64 MB each with the list counts and the reports' index scans (the UI thread's and the home
# screen's background count each hold one); the pages stay in the OS file cache anyway, and a page read from
# there costs ~1 µs (scan → item p50 unchanged at 200k items). 4 MB → 1 MB (2026-12-06): the home screen alone
# filled two readers' 4 MB (the dashboard, then the inbox on the other pooled connection), 8.6 MB of the 176 MB
# at 100k items; with 1 MB the same run is 6.3 MB smaller, scan p50 and search p95 unchanged (docs/PERFORMANCE.md).
# The writer keeps room for a large transaction.
READER_CACHE_KIB = 1_024
WRITER_CACHE_KIB = 65_536


def _sqlite_pragmas(dbapi_connection, _record, cache_kib: int = WRITER_CACHE_KIB) -> None:
    dbapi_connection.isolation_level = None  # let us issue BEGIN ourselves
    cur = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "busy_timeout=30000", "foreign_keys=ON", "synchronous=NORMAL",
                   f"cache_size=-{cache_kib}", "temp_store=MEMORY",
                   "recursive_triggers=ON"):  # REPLACE's implicit delete fires the append-only triggers
        cur.execute("PRAGMA " + pragma)
    cur.close()


def _sqlite_reader_pragmas(dbapi_connection, record) -> None:
    _sqlite_pragmas(dbapi_connection, record, READER_CACHE_KIB)


def _sqlite_read_only_engine(path: str) -> Engine:
    """A file the user made read-only (a copy handed over for an audit): opened with mode=ro, never
    written, never migrated. Should SQLite refuse (a WAL file without its -shm in a folder it cannot
    write), the file is opened as immutable — nobody writes a read-only copy."""
    import sqlite3
    from urllib.parse import quote
    base = "file:" + quote(str(Path(path).resolve()))

    # without a -wal beside it everything is in the file: immutable reads it without creating -wal/-shm files
    # (nothing is written beside a read-only copy); with one, mode=ro reads the WAL's committed pages too
    tries = ("?mode=ro", "?mode=ro&immutable=1") if Path(path + "-wal").exists() else ("?mode=ro&immutable=1",)

    def creator():
        for params in tries:
            con = sqlite3.connect(base + params, uri=True, timeout=30, check_same_thread=False)
            try:
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return con
            except sqlite3.OperationalError:
                con.close()
                if "immutable" in params:
                    raise
        raise AssertionError("unreachable")

    def pragmas(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        for pragma in ("query_only=ON", "foreign_keys=ON", f"cache_size=-{READER_CACHE_KIB}", "temp_store=MEMORY"):
            cur.execute("PRAGMA " + pragma)
        cur.close()

    engine = create_engine("sqlite://", creator=creator, hide_parameters=True)
    event.listen(engine, "connect", pragmas)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def make_engine(url: str, *, writer: bool) -> Engine:
    if url.startswith("sqlite"):
        from .models.custody import partial_indexes
        partial_indexes("sqlite")
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas if writer else _sqlite_reader_pragmas)
        begin = "BEGIN IMMEDIATE" if writer else "BEGIN"
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    elif is_postgres_url(url):
        from .models.custody import partial_indexes
        partial_indexes("postgresql")
        # use_native_hstore: no hstore column here; SQLAlchemy's default looked its type up at each engine's first
        # connection (a savepoint, a catalog query, its release: three more round trips at start-up)
        engine = create_engine(url, hide_parameters=True, connect_args=_pg_connect_args(url, writer=writer),
                               use_native_hstore=False)
        event.listen(engine.pool, "checkout", _pg_checkout)  # instead of pool_pre_ping's round trip
        if writer:
            event.listen(engine, "begin", _pg_write_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    return engine


@dataclass
class Database:
    """An opened database: the writing and reading engines and their session factories."""

    url: str
    writer: Engine
    reader: Engine
    read_only: bool = False  # a read-only SQLite file: every write is refused by SQLite itself
    user_login: bool = False  # PostgreSQL: connected as a user's own login role (db.pg_security)
    login_name: str = ""
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
        if not self.is_sqlite:
            return None
        from sqlalchemy.engine import make_url
        return make_url(self.url).database

    def dispose(self) -> None:
        self.writer.dispose()
        self.reader.dispose()

    def session(self, write: bool = True) -> Session:
        return (self.write_sessions if write else self.read_sessions)()


def connect(url: str) -> Database:
    """Engines only: no migration. Use evidence_store.db.migrate.open_database for the app."""
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url
        from .faults import read_only_file
        path = make_url(url).database
        if path and path != ":memory:" and read_only_file(path):
            engine = _sqlite_read_only_engine(path)
            return Database(url, engine, engine, read_only=True)
    return Database(url, make_engine(url, writer=True), make_engine(url, writer=False))
