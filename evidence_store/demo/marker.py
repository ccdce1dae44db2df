"""Whether a demo build finished: a killed ``demo`` leaves a half-built database, recognised by the marker
written before anything else and cleared at the end, so the next ``demo`` starts it again from scratch."""

from __future__ import annotations

import json
import os

from sqlalchemy import func, select

from ..db.models import Setting, User

KEY = "demo_build"


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
