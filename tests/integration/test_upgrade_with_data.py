"""A warehouse already in use upgrades: the migrations that rebuild a referenced table (SQLite batch mode) ran
only on empty test databases, and 0012 failed on a real one with "foreign key constraint failed" — the app
refused to open the warehouse ("Tệp cơ sở dữ liệu … bị hỏng")."""

from __future__ import annotations

import pytest
from alembic import command

from evidence_store.db.migrate import alembic_config, open_database
from evidence_store.services.verify import verify

from .builders import phone, receive

pytestmark = pytest.mark.sqlite_only  # the batch rebuild is SQLite's; PostgreSQL alters in place


def _counts(db) -> tuple:
    with db.reader.connect() as conn:
        return tuple(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                     for t in ("handovers", "handover_lines", "signatures", "custody_events", "items"))


def test_a_warehouse_with_records_upgrades_to_the_newest_schema(world):
    db, w = world
    receive(db, w.actor(db, "thukho"), [phone(), phone()])
    before = _counts(db)
    assert before[0] >= 1 and before[1] == 2
    url = db.writer.url.render_as_string(hide_password=False)
    # back to the schema of the previous release, as a warehouse using it would have it
    with db.writer.connect() as conn:
        raw = conn.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011")
        conn.commit()
        raw.execute("PRAGMA foreign_keys=ON")
    db.dispose()
    upgraded = open_database(url, backup=False)  # what starting the new version does
    try:
        with upgraded.reader.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() != "0011"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert _counts(upgraded) == before
        assert verify(upgraded).ok
    finally:
        upgraded.dispose()

