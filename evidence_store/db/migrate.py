"""Open a database for the app: back up, migrate to head, refuse a database newer than the app."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from ..domain.errors import DomainError
from .engine import Database, connect

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config  # alembic loads only when a migration runs (start-up, DESIGN §7)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@lru_cache(maxsize=1)
def shipped_head() -> str | None:
    """The head revision read straight from the migration files (``revision`` / ``down_revision`` lines),
    without importing alembic: opening an up-to-date database needs no more. None if unclear."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*=\s*["\']([^"\']+)["\']', source, re.M)
        down = re.search(r'^down_revision\s*=\s*(?:["\']([^"\']+)["\']|None)', source, re.M)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(db: Database) -> str | None:
    with db.reader.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _known(rev: str) -> bool:
    from alembic.script import ScriptDirectory
    script = ScriptDirectory.from_config(alembic_config())
    try:
        return script.get_revision(rev) is not None
    except Exception:
        return False


def upgrade(db: Database) -> None:
    from alembic import command
    cfg = alembic_config()
    with db.writer.connect() as conn:
        raw = conn.connection.dbapi_connection if db.is_sqlite else None
        if raw is not None:
            # A SQLite batch migration rebuilds a table (copy, drop, rename): with foreign keys enforced, dropping
            # a table other tables reference (handovers) fails on any database with data. The pragma only works
            # outside a transaction, so it is set on the driver's connection before Alembic begins; the keys are
            # checked once at the end instead (Alembic's documented SQLite procedure).
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            if raw is not None:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    conn.rollback()
                    raise DomainError("database_damaged", path=db.sqlite_path,
                                      reason=f"foreign key check after migration: {broken[:3]}")
            conn.commit()
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def open_database(url: str, *, migrate: bool = True, backup: bool = True, create: bool = True) -> Database:
    """Open (creating if needed) and migrate. A database written by a newer version is refused.

    Issue #14: with ``create=False`` (every command but init and demo) a SQLite path must name an existing
    database of this app — a mistyped path is refused instead of silently creating an empty database. A
    damaged, truncated, empty or wrong-kind file is refused with its reason; a read-only file is opened
    read-only (it can be verified, never migrated)."""
    from sqlalchemy.exc import SQLAlchemyError
    from .faults import database_error, sqlite_file_problem
    where = ""
    if url.startswith("sqlite"):
        where = make_url(url).database or ""
        if where and where != ":memory:":
            problem = sqlite_file_problem(where, must_exist=not create)
            if problem is not None:
                raise problem
    try:
        db = connect(url)
    except (SQLAlchemyError, OSError) as exc:
        raise database_error(exc, where) from None
    try:
        current = current_revision(db)
    except OperationalError as exc:  # server down, wrong password, no such database, TLS refused…
        db.dispose()
        if db.is_sqlite:
            raise database_error(exc, where) from None
        from .faults import pg_connect_error
        log.info("cannot connect to the server: %s", type(getattr(exc, "orig", None) or exc).__name__)
        raise pg_connect_error(exc, url) from None
    except (SQLAlchemyError, OSError) as exc:
        db.dispose()
        raise database_error(exc, where) from None
    try:
        if current is None and not create:
            raise DomainError("database_not_app", path=where or make_url(url).render_as_string(hide_password=True))
        if current is not None and current == shipped_head():
            pass  # up to date: alembic is not even imported
        elif current is not None and not _known(current):
            raise DomainError("database_newer", revision=current)
        elif migrate and current != head_revision():
            if db.read_only:
                raise DomainError("database_readonly_old", path=where, revision=current or "-")
            if backup and current is not None and db.is_sqlite:
                from .sqlite_copy import backup_before_migration
                backup_before_migration(db)
            upgrade(db)
            log.info("database migrated from %s to %s", current, head_revision())
        if not db.is_sqlite:
            _check_pg_collation(db)
            from .pg_security import session_info
            with db.reader.connect() as conn:
                db.user_login, db.login_name = session_info(conn)
            db.writer.kvc_user_login = db.user_login  # log_security reads it from the session's bind
    except DomainError:
        db.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        db.dispose()
        raise database_error(exc, where) from None
    return db


def _check_pg_collation(db: Database) -> None:
    """Sort keys (Vietnamese order) are byte-comparable: they need a database created with the C
    collation (LOCALE 'C.UTF-8', docs/POSTGRESQL.md); another collation only misorders lists."""
    from sqlalchemy import text
    with db.reader.connect() as conn:
        collation = conn.execute(text("SELECT datcollate FROM pg_database WHERE datname = current_database()")).scalar()
    if collation not in ("C", "POSIX", "C.UTF-8", "C.utf8"):
        log.warning("database collation is %s, not C.UTF-8: lists sorted by name may be misordered", collation)


def has_schema(db: Database) -> bool:
    return inspect(db.reader).has_table("items")


def stamp_time() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")
