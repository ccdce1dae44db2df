"""Who acts, and the unit of work every service runs in (cosmicpython style:
``with UnitOfWork(db, actor) as uow: ...; uow.commit()`` — rolls back unless committed)."""

from __future__ import annotations

import time

from sqlalchemy.exc import DBAPIError, OperationalError

from ..db.engine import Database
from ..db.ledger_repo import LedgerRepository
from ..domain.errors import ConcurrencyError, PermissionDenied
from ..domain.permissions import roles_of
from .actor import Actor  # noqa: F401  (re-exported: callers import it from here)


def reload_actor(session, actor: Actor, login: str | None = None) -> Actor:
    """The actor as the database knows it now, in this transaction (issue #14): a deactivated account, an
    unknown or mismatched id (a forged Actor) is refused; the rights are the account's current ones, not
    those the caller's Actor claims (a demoted user keeps no old right). One prepared read (every unit of
    work starts with it: issue #19's scan path)."""
    if login is not None and actor.user_id is None:  # PostgreSQL user login: "system" is the login's own account
        row = _ACTOR_BY_NAME.first(session, username=login)
        actor = Actor(row[0] if row else None, login, frozenset(), workstation=actor.workstation)
    if login is not None and actor.username != login:  # PostgreSQL: the connection's own login is the actor
        raise PermissionDenied("actor_unknown", action="*", user=actor.username)
    return checked_actor(actor, _ACTOR.first(session, user_id=actor.user_id) if actor.user_id is not None else None)


def checked_actor(actor: Actor, row: tuple | None) -> Actor:
    """``reload_actor``'s verdict on the account's row as read in this transaction (``_ACTOR``), or None."""
    if row is None or row[1] != actor.username:
        raise PermissionDenied("actor_unknown", action="*", user=actor.username)
    user_id, username, roles, active, must_change, person_id, agency_id, full_name = row
    if not active:
        raise PermissionDenied("account_inactive", action="*", user=actor.username)
    kwargs = {"workstation": actor.workstation} if actor.workstation else {}
    return Actor(user_id, username, frozenset(roles_of(roles)), person_id, agency_id,
                 full_name if person_id is not None and full_name is not None else username,
                 must_change_password=bool(must_change), **kwargs)


def _actor_statements():
    from sqlalchemy import bindparam, select
    from ..db.models import Person, User
    from ..db.prepared import Prepared
    U, P = User.__table__, Person.__table__
    # never password_hash: a user's own PostgreSQL login cannot read it (issue #14)
    by_id = (select(U.c.id, U.c.username, U.c.roles, U.c.active, U.c.must_change_password, U.c.person_id,
                    U.c.agency_id, P.c.full_name)
             .select_from(U.outerjoin(P, P.c.id == U.c.person_id)).where(U.c.id == bindparam("user_id")))
    by_name = select(U.c.id).where(U.c.username == bindparam("username"))
    return Prepared(by_id), Prepared(by_name)


_ACTOR, _ACTOR_BY_NAME = _actor_statements()


def checks_actor_with_first_read(fn):
    """Mark a read service whose first database access is ``uow.read_together`` (the item page: issue #19's scan):
    on PostgreSQL its unit of work (``reader_for``) sends the actor's reload in that same round trip instead of
    BEGIN and the reload each alone before it (and the ROLLBACK after it: ``read_together``). As strict: the
    account's row is read in the same transaction as the reads and checked before anything read is used."""
    fn.actor_with_first_read = True
    return fn


def reader_for(db: Database, actor: Actor | None, fn=None) -> "UnitOfWork":
    """A read-only unit of work to run ``fn`` in (``checks_actor_with_first_read`` honoured)."""
    return UnitOfWork(db, actor, write=False, actor_with_first_read=getattr(fn, "actor_with_first_read", False))


_UNCHECKED = "kvc_actor_unchecked"  # session.info: the unit of work whose actor is still to be checked


def _check_at_begin(session, _transaction, connection) -> None:
    """A unit of work whose actor is still to be checked (``UnitOfWork.read_together``) began its transaction some
    other way: the actor is checked now, before that first statement (the Session refuses to hand out its
    connection again from within this event: the account's row is read on ``connection`` itself)."""
    uow = session.info.get(_UNCHECKED)
    if uow is not None and not uow._folding:
        uow._note_checked(checked_actor(uow._actor, _ACTOR.first_on(connection, user_id=uow._actor.user_id)))


def _install_begin_check(db: Database) -> None:
    if not getattr(db, "_kvc_begin_check", False):
        from sqlalchemy import event
        event.listen(db.read_sessions, "after_begin", _check_at_begin)
        db._kvc_begin_check = True


def current_actor(db: Database, actor: Actor) -> Actor:
    """``reload_actor`` in a short read transaction, for checks made outside a unit of work."""
    with UnitOfWork(db, actor, write=False) as uow:
        return uow.actor


def concurrent(fn):
    """Mark a service that locks every row it reads to change (``concurrent_writes.lock_rows``) and appends its ledger
    events at its end: on PostgreSQL, ``run`` gives it a unit of work with the shared write lock, so that such
    services run side by side and hold the chain lock only for their final appends (issue #19, db.engine)."""
    fn.concurrent_writes = True
    return fn


def _installed_functions(db: Database) -> tuple[bool, bool]:
    """PostgreSQL, a user's own login: (the installed kvc_* functions append under the chain lock, the batch
    function kvc_append_events is installed). A database secured by an older version appends under the write
    lock itself and one event per call: its writers stay serialised until pg-secure is run again."""
    found = getattr(db, "_kvc_functions", None)
    if found is None:
        from sqlalchemy import text
        from ..db.engine import PG_CHAIN_LOCK
        with db.reader.connect() as conn:
            rows = dict(conn.execute(text("SELECT proname, prosrc FROM pg_proc WHERE proname IN "
                                          "('kvc_append_event', 'kvc_log_security', 'kvc_append_events')")).all())
        lock = f"pg_advisory_xact_lock({PG_CHAIN_LOCK})"
        chain = lock in rows.get("kvc_append_event", "") and lock in rows.get("kvc_log_security", "")
        found = db._kvc_functions = (chain, "kvc_append_events" in rows)
    return found


def _shared_lock_ok(db: Database) -> bool:
    return _installed_functions(db)[0]


def _connection_lost(exc: BaseException) -> bool:
    """The server is gone, not a statement refused: SQLAlchemy invalidated the connection, or psycopg (a
    prepared read on the raw connection: db/prepared.py) lost it — an error without a SQLSTATE, or class 08."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(orig, "sqlstate", "")
    return type(orig).__module__.startswith("psycopg") and type(orig).__name__ == "OperationalError" and (
        state is None or state.startswith("08"))


def _end_read(session) -> None:
    """PostgreSQL: a read's transaction is rolled back by libpq itself, not by psycopg's ``rollback()``, which also
    forgets every prepared statement of the connection (a precaution against DDL undone by the rollback; a read
    does no DDL): the scan's statements were parsed and planned again in every unit of work and never reached
    psycopg's fifth run, which prepares them (issue #19: most of the server's ~2.3 ms of CPU per scan). The
    statements prepared on the server outlive a ROLLBACK; SQLAlchemy's rollback after this one sends nothing."""
    if session.get_transaction() is None:  # nothing was read
        return
    from psycopg import pq
    raw = session.connection().connection.driver_connection
    if raw.info.transaction_status in (pq.TransactionStatus.INTRANS, pq.TransactionStatus.INERROR):
        raw.pgconn.exec_(b"ROLLBACK")  # should it fail, psycopg's own rollback below still runs


class UnitOfWork:
    """``actor_with_first_read`` (a read whose first database access is ``read_together``: see
    ``checks_actor_with_first_read``): on PostgreSQL the actor's reload waits for that first batch and goes with it;
    ``uow.actor`` read before it, any other statement sent before it (the Session's ``after_begin``) or a unit of
    work left without any read check the actor at once, as every other unit of work does at its start."""

    def __init__(self, db: Database, actor: Actor | None = None, *, write: bool = True,
                 concurrent: bool = False, actor_with_first_read: bool = False) -> None:
        self.db = db
        self._actor = actor or Actor.system()
        self._unchecked = False  # the actor's reload still owed: sent with the first reads (read_together)
        self._folding = False
        self._first_read = actor_with_first_read and not write and not db.is_sqlite
        self.write = write
        # PostgreSQL: the shared write lock, for a service marked ``concurrent`` only (see there)
        self.concurrent = concurrent and write and not db.is_sqlite and (
            not getattr(db, "user_login", False) or _shared_lock_ok(db))
        self.session = None
        self.ledger: LedgerRepository | None = None

    def __enter__(self) -> "UnitOfWork":
        try:
            return self._enter()
        except Exception as exc:
            # a pooled PostgreSQL connection found dead at its first statement (cut without a word, so the pool's
            # checkout did not see it: db.engine._pg_checkout): the pool drops it; once more, on a new one
            if self.db.is_sqlite or not _connection_lost(exc):
                raise
            if self.session is not None:
                self.session.close()
        return self._enter()

    def _enter(self) -> "UnitOfWork":
        self.session = self.db.session(self.write)
        if self.concurrent:
            from ..db.engine import WRITE_LOCK_OPTION
            self.session.connection(execution_options={WRITE_LOCK_OPTION: "shared"})
        user_login = getattr(self.db, "user_login", False)
        self.ledger = LedgerRepository(self.session, self.db.is_sqlite, user_login,
                                       batch_function=user_login and _installed_functions(self.db)[1])
        if self._actor.user_id is not None or getattr(self.db, "user_login", False):
            login = self.db.login_name if getattr(self.db, "user_login", False) else None
            if self._first_read and self._actor.user_id is not None and login in (None, self._actor.username):
                from ..db.prepared import pipeline_supported
                if pipeline_supported():
                    self._unchecked = True
                    self.session.info[_UNCHECKED] = self
                    _install_begin_check(self.db)
                    return self
            try:
                self._actor = reload_actor(self.session, self._actor, login)
            except BaseException as exc:
                self.__exit__(type(exc), exc, None)
                raise
        return self

    @property
    def actor(self) -> Actor:
        """The actor as the database knows it now (``reload_actor``)."""
        if self._unchecked:
            self._check_now()
        return self._actor

    @property
    def actor_pending(self) -> bool:
        """The actor is to be checked with the first ``read_together`` (nothing read yet)."""
        return self._unchecked

    def _check_now(self) -> None:
        self._folding = True  # reload_actor's own read must not be checked first by _check_at_begin
        try:
            actor = reload_actor(self.session, self._actor)
        finally:
            self._folding = False
        self._note_checked(actor)

    def _note_checked(self, actor: Actor) -> None:
        self._actor, self._unchecked = actor, False
        self.session.info.pop(_UNCHECKED, None)

    def read_together(self, reads) -> list[list[tuple]]:
        """``prepared.all_together(self.session, reads)``: one round trip on PostgreSQL. The unit of work's first
        reads, when its actor is still to be checked: the account's row goes in the same pipeline and is checked
        before anything read is returned, and the pipeline is a transaction of its own (PostgreSQL's implicit one,
        ended by its Sync: no BEGIN sent before it, no ROLLBACK after it; a statement sent later begins another).
        Nothing a reader sees changes: under READ COMMITTED each statement sees what was committed when it began,
        in one transaction or in two. A pooled connection found dead there is replaced once, as ``__enter__``
        does."""
        from ..db.prepared import all_together
        if not self._unchecked:
            return all_together(self.session, reads)
        batch = [(_ACTOR, {"user_id": self._actor.user_id}), *reads]
        self._folding = True
        try:
            try:
                account, *results = all_together(self.session, batch, own_transaction=True)
            except Exception as exc:
                if not _connection_lost(exc):
                    raise
                self.session.invalidate()  # the pool drops the dead connection; the same session begins anew
                account, *results = all_together(self.session, batch, own_transaction=True)
        finally:
            self._folding = False
        self._note_checked(checked_actor(self._actor, account[0] if account else None))
        return results

    def __exit__(self, exc_type, exc, _tb) -> None:
        if self._unchecked and exc is None:  # nothing was read: the actor is checked all the same
            try:
                self._check_now()
            except BaseException as refused:
                self.__exit__(type(refused), refused, None)
                raise
        try:
            if not self.write and not self.db.is_sqlite:
                try:
                    _end_read(self.session)
                except Exception:  # a connection already lost: SQLAlchemy's rollback below deals with it
                    pass
            self.session.rollback()
        finally:
            self.session.info.pop(_UNCHECKED, None)
            self.session.close()
        if isinstance(exc, PermissionDenied):
            # after the rollback, so the write lock is free; a separate short transaction
            # keeps the record although the refused work is undone (DESIGN §6)
            from .accounts import record_denial
            record_denial(self.db, self._actor, exc)

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


def run(db: Database, actor: Actor | None, fn, *args, retries: int = 8, **kwargs):
    """Run ``fn(uow, *args)`` in its own unit of work, retrying when the database is busy
    (SQLite lock contention, PostgreSQL serialisation failures), so the user sees a short wait."""
    from .persistence import check_input_sizes
    for arg in list(args) + list(kwargs.values()):  # every command a screen or the CLI sends (issue #14)
        if isinstance(arg, str) or hasattr(arg, "__dataclass_fields__"):
            check_input_sizes(arg, "")
    delay = 0.05
    for attempt in range(retries + 1):
        try:
            with UnitOfWork(db, actor, concurrent=getattr(fn, "concurrent_writes", False)) as uow:
                return fn(uow, *args, **kwargs)
        except OperationalError as exc:
            text = str(exc).lower()
            busy = "locked" in text or "busy" in text or "lock timeout" in text  # SQLite / PostgreSQL
            if attempt == retries or not (busy or "serializ" in text or "deadlock" in text):
                if busy:
                    raise ConcurrencyError("busy") from exc
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
