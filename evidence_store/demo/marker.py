"""Whether a demo build finished: a killed or cancelled ``demo`` leaves a half-built database, recognised by
the marker written before anything else and cleared at the end, so the next ``demo`` (command line or the
first-run screen) starts it again from scratch instead of opening a half-built warehouse."""

from __future__ import annotations

import json
import os

from sqlalchemy import func, select

from ..db.models import Setting, User
from ..domain.errors import ValidationError
from ..services.setup import DEMO_BUILD_KEY as KEY


class DemoCancelled(ValidationError):
    """The user cancelled the build: the half-built database is wiped by the caller."""

    def __init__(self) -> None:
        super().__init__("demo_cancelled", field="setup")


def state(db) -> str:
    """"fresh" (nothing yet), "running" (a build started and never finished), or "initialised"."""
    with db.session(write=False) as s:
        row = s.get(Setting, KEY)
        users = s.scalar(select(func.count()).select_from(User)) or 0
    if row is not None and json.loads(row.value) == "running":
        return "running"
    return "initialised" if users else "fresh"


def mark(db, value: str) -> None:
    with db.session() as s:
        row = s.get(Setting, KEY)
        if row is None:
            s.add(Setting(key=KEY, value=json.dumps(value)))
        else:
            row.value = json.dumps(value)
        s.commit()


def wipe_sqlite(db) -> str:
    """Delete the half-built SQLite file (and its WAL); returns its URL to open it again."""
    url = db.writer.url.render_as_string(hide_password=False)
    path = db.sqlite_path
    db.dispose()
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return url


def wipe_postgresql(db) -> str:
    """Drop the tables of a half-built demo on PostgreSQL (the demo's own database, owned by the login that built
    it); the functions and extensions stay (the migrations create or replace them). Returns the URL to open it again
    — the migrations then run from the start. The caller checked the marker: a warehouse is never wiped."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError
    url = db.writer.url.render_as_string(hide_password=False)
    try:
        with db.writer.connect() as conn:
            conn.info["ledger_maintenance"] = True
            tables = list(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                                            "ORDER BY tablename")).scalars())
            for table in tables:
                conn.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
            conn.commit()
    except SQLAlchemyError:  # not the owner (an app login): say so, drop nothing
        raise ValidationError("demo_half_built", field="setup", login=db.writer.url.username or "") from None
    db.dispose()
    return url


def secured(db) -> bool:
    """Whether the PostgreSQL grants were installed (pg-secure): after a wipe they are installed again."""
    from sqlalchemy import text
    with db.reader.connect() as conn:
        return bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kvc_staff') AND "
                                      "has_schema_privilege('kvc_staff', current_schema(), 'USAGE')")).scalar())


def wipe(db):
    """The half-built demo database wiped and opened again, empty and migrated (SQLite: the file deleted;
    PostgreSQL: its tables dropped, the grants installed again when they were)."""
    from ..db.migrate import open_database
    if db.is_sqlite:
        return open_database(wipe_sqlite(db), backup=False)
    was_secured = secured(db)
    fresh = open_database(wipe_postgresql(db), backup=False)
    if was_secured:
        from ..db import pg_security
        pg_security.install(fresh)
    return fresh


def build(db, items: int, seed: int = 1, progress=None, cancelled=None, bulk: bool = False):
    """The demo warehouse, marked "running" until it is complete. ``cancelled()`` is asked at each step of
    progress; a cancellation raises ``DemoCancelled`` and leaves the marker, so the database reads as half-built."""
    def step(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise DemoCancelled()
        if progress is not None:
            progress(done, total)

    mark(db, "running")
    if bulk:  # DESIGN §7: 1M items in minutes needs the raw bulk path (demo/bulk.py)
        from .bulk import build as bulk_build
        result = bulk_build(db, items, seed=seed, progress=lambda _phase, done, total: step(done, total))
    else:
        from .generate import generate
        result = generate(db, items=items, seed=seed, progress=step)
    mark(db, "done")
    return result
