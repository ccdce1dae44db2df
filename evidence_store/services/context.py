"""Who acts, and the unit of work every service runs in (cosmicpython style:
``with UnitOfWork(db, actor) as uow: ...; uow.commit()`` — rolls back unless committed)."""

from __future__ import annotations

import time

from sqlalchemy.exc import OperationalError

from ..db.engine import Database
from ..db.ledger_repo import LedgerRepository
from ..domain.errors import ConcurrencyError, PermissionDenied
from .actor import Actor  # noqa: F401  (re-exported: callers import it from here)


def reload_actor(session, actor: Actor, login: str | None = None) -> Actor:
    """The actor as the database knows it now, in this transaction (issue #14): a deactivated account, an
    unknown or mismatched id (a forged Actor) is refused; the rights are the account's current ones, not
    those the caller's Actor claims (a demoted user keeps no old right)."""
    from ..db.models import User
    from .accounts import actor_for
    if login is not None and actor.user_id is None:  # PostgreSQL user login: "system" is the login's own account
        from sqlalchemy import select
        user = session.scalars(select(User).where(User.username == login)).first()
        actor = Actor(user.id if user else None, login, frozenset(), workstation=actor.workstation)
    if login is not None and actor.username != login:  # PostgreSQL: the connection's own login is the actor
        raise PermissionDenied("actor_unknown", action="*", user=actor.username)
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None or user.username != actor.username:
        raise PermissionDenied("actor_unknown", action="*", user=actor.username)
    if not user.active:
        raise PermissionDenied("account_inactive", action="*", user=actor.username)
    return actor_for(user, actor.workstation)


def current_actor(db: Database, actor: Actor) -> Actor:
    """``reload_actor`` in a short read transaction, for checks made outside a unit of work."""
    with UnitOfWork(db, actor, write=False) as uow:
        return uow.actor


class UnitOfWork:
    def __init__(self, db: Database, actor: Actor | None = None, *, write: bool = True) -> None:
        self.db = db
        self.actor = actor or Actor.system()
        self.write = write
        self.session = None
        self.ledger: LedgerRepository | None = None

    def __enter__(self) -> "UnitOfWork":
        self.session = self.db.session(self.write)
        self.ledger = LedgerRepository(self.session, self.db.is_sqlite, getattr(self.db, "user_login", False))
        if self.actor.user_id is not None or getattr(self.db, "user_login", False):
            try:
                login = self.db.login_name if getattr(self.db, "user_login", False) else None
                self.actor = reload_actor(self.session, self.actor, login)
            except BaseException as exc:
                self.__exit__(type(exc), exc, None)
                raise
        return self

    def __exit__(self, exc_type, exc, _tb) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        if isinstance(exc, PermissionDenied):
            # after the rollback, so the write lock is free; a separate short transaction
            # keeps the record although the refused work is undone (DESIGN §6)
            from .accounts import record_denial
            record_denial(self.db, self.actor, exc)

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
            with UnitOfWork(db, actor) as uow:
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
