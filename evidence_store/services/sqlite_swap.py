"""A restore's last step on SQLite: the live database takes the verified copy's rows under its write lock (or, when
it is missing, damaged or of another version, is replaced as a file), after a safety copy of what it held."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from ..config import backup_dir, backup_stem
from ..domain.errors import DomainError
from ..db.sqlite_copy import sqlite_backup


def safety_copy(target: Path, name: str | None = None) -> Path | None:
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    if not target.exists():
        return None
    name = name or f"{backup_stem(target)}-before-restore-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    folder = backup_dir(target)
    try:
        return sqlite_backup(str(target), folder / name)
    except (sqlite3.DatabaseError, DomainError):
        # a damaged database is still kept, byte for byte, with its WAL
        dest = folder / (name + ".raw")
        shutil.copy2(target, dest)
        for suffix in ("-wal", "-shm"):
            if Path(str(target) + suffix).exists():
                shutil.copy2(str(target) + suffix, str(dest) + suffix)
        return dest


def _version(path: Path):
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    con = sqlite3.connect(str(path))
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()


def replace_locked(candidate: Path, target: Path) -> tuple[Path | None, tuple[int, str]]:
    """The live database takes the candidate's rows in one transaction that holds the write lock from
    before the safety copy; counters keep the higher value. Returns (safety copy, old chain head). A
    database that is missing, damaged or of another version is replaced as a file instead."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    from ..db.faults import sqlite_file_problem
    from ..domain.ledger import GENESIS
    if (not target.exists() or sqlite_file_problem(target, must_exist=True) is not None
            or _version(target) is None or _version(target) != _version(candidate)):
        return _replace_file(candidate, target), (0, GENESIS)
    con = sqlite3.connect(str(target), isolation_level=None, timeout=5)
    try:
        con.execute("PRAGMA foreign_keys = OFF")  # the rows arrive table by table; checked before commit
        con.execute("ATTACH DATABASE ? AS c", (str(candidate),))
        try:
            con.execute("BEGIN IMMEDIATE")  # from here on, every other writer waits
        except sqlite3.OperationalError as exc:
            raise DomainError("restore_failed", reason=str(exc)) from exc
        try:
            safety = safety_copy(target)  # another connection reads the state we hold: nothing can slip in
            head = con.execute("SELECT seq, hash FROM main.custody_events ORDER BY seq DESC LIMIT 1").fetchone()
            counters = con.execute("SELECT scope, next_value FROM main.code_sequences").fetchall()
            for (name,) in con.execute("SELECT name FROM main.sqlite_master WHERE type = 'trigger'").fetchall():
                con.execute(f'DROP TRIGGER main."{name}"')
            tables = [r[0] for r in con.execute(
                "SELECT name FROM c.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'items_fts%'").fetchall()]
            for table in tables:
                cols = ", ".join(f'"{r[1]}"' for r in con.execute(f'PRAGMA c.table_info("{table}")').fetchall())
                con.execute(f'DELETE FROM main."{table}"')
                con.execute(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM c."{table}"')
            for scope, value in counters:  # numbers already printed are never handed out again
                con.execute("INSERT INTO main.code_sequences (scope, next_value) VALUES (?, ?) ON CONFLICT (scope) "
                            "DO UPDATE SET next_value = max(next_value, excluded.next_value)", (scope, value))
            for (sql,) in con.execute("SELECT sql FROM c.sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
                                      ).fetchall():
                con.execute(sql)
            if con.execute("SELECT 1 FROM main.sqlite_master WHERE name = 'items_fts'").fetchone():
                con.execute("INSERT INTO main.items_fts(items_fts) VALUES ('rebuild')")
            if con.execute("PRAGMA main.foreign_key_check").fetchone():
                raise DomainError("restore_failed", reason="foreign keys")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        con.execute("DETACH DATABASE c")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return safety, ((head[0], head[1]) if head else (0, GENESIS))
    finally:
        con.close()


def _replace_file(candidate: Path, target: Path) -> Path | None:
    """Fallback for a target that is missing, damaged or of another version: safety copy, then the backup
    API (SQLite's own lock on the target for the copy)."""
    safety = safety_copy(target)
    _replace(candidate, target)
    return safety


def _replace(candidate: Path, target: Path) -> None:
    """Write the verified copy into the target through the backup API: one transaction on the
    target, and its WAL and shared-memory files stay consistent."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(candidate))
    try:
        out = sqlite3.connect(str(target), timeout=5)
        try:
            src.backup(out)
            out.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            out.close()
    except sqlite3.OperationalError as exc:  # locked: the app still has it open
        raise DomainError("restore_failed", reason=str(exc)) from exc
    except sqlite3.DatabaseError:  # the target is damaged beyond SQLite's reach: replace the file
        src.close()
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copy2(candidate, target)
    finally:
        src.close()
