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
