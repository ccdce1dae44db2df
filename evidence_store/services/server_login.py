"""A shared workstation on PostgreSQL (issue #14, docs/POSTGRESQL.md §3): the login screen connects to the
configured server as the typed user's own login role."""

from __future__ import annotations

from ..db.migrate import open_database
from ..db.pg_security import login_url
from ..domain.errors import DomainError
from ..domain.text import nfc
from .accounts import _admit_login
from .context import Actor, UnitOfWork
from .settings import apply_time_zone


def connect_as(server_url: str, username: str, password: str, workstation: str | None = None):
    """A shared workstation on PostgreSQL (docs/POSTGRESQL.md §3): connect to the configured server as the
    typed user's own login role — the server checks the password (SCRAM) — and open the session.
    Returns (Database, Actor); the caller disposes the Database at logout. A wrong password, an unknown
    name, a deactivated or locked account, a server down or a database missing each raise the DomainError
    the user reads (db.faults.pg_connect_error)."""
    username = nfc(username or "").strip().lower()[:60]
    if not username or not password:
        raise DomainError("login_failed")
    db = open_database(login_url(server_url, username, password), create=False, migrate=False)
    try:
        if not db.user_login or db.login_name != username:
            raise DomainError("login_not_an_account", user=username)  # e.g. the owner's role: not for the desk
        with UnitOfWork(db, Actor.system()) as uow:
            actor = _admit_login(uow, username, workstation or uow.actor.workstation)
        apply_time_zone(db)  # the warehouse's zone for everything this workstation shows
    except BaseException:
        db.dispose()
        raise
    return db, actor
