"""Migration tests' steps: a SQLite database at an older schema revision, and an upgrade to a given one (alembic on
the app's own configuration, as db.migrate runs it)."""

from __future__ import annotations


def migrate_to(db, revision: str) -> None:
    """Upgrade ``db`` to ``revision`` (no backup, no checks: the bare alembic step)."""
    from alembic import command

    from evidence_store.db.migrate import alembic_config
    cfg = alembic_config()
    with db.writer.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


def sqlite_at(path, revision: str):
    """A new SQLite database at ``path`` with the schema of ``revision`` (connected, not opened by the app)."""
    from evidence_store.db.engine import connect
    db = connect(f"sqlite:///{path}")
    migrate_to(db, revision)
    return db
