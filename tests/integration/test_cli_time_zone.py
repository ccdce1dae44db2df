"""The CLI shows times in the warehouse's zone (one policy with the screens and paper: evidence_store.formatting)."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from evidence_store import formatting

pytestmark = pytest.mark.sqlite_only


def test_the_cli_history_prints_the_warehouses_time(tmp_path):
    """`history` on a machine set to UTC prints the time in Hà Nội, like the screens and the paper (issue #18)."""
    import subprocess
    import sys
    db = tmp_path / "kho.sqlite3"
    env = dict(os.environ, TZ="UTC")
    run = lambda *a: subprocess.run([sys.executable, "-m", "evidence_store", "--db", str(db), *a],  # noqa: E731
                                    capture_output=True, text=True, env=env)
    assert run("init").returncode == 0
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.base import build_base
    from tests.integration.builders import phone, receive
    database = open_database(f"sqlite:///{db}")
    try:
        world = build_base(database)
        code = receive(database, world.actor(database, "thukho"), [phone()]).item_codes[0]
        with database.reader.connect() as conn:
            from sqlalchemy import text
            stored = conn.execute(text("SELECT occurred_at FROM custody_events ORDER BY seq LIMIT 1")).scalar()
    finally:
        database.dispose()
    out = run("history", code)
    assert out.returncode == 0, out.stderr
    stored = datetime.fromisoformat(str(stored)) if not isinstance(stored, datetime) else stored
    assert formatting.datetime_text(stored) in out.stdout and formatting.datetime_text(stored) != f"{stored:%d/%m/%Y %H:%M}"
