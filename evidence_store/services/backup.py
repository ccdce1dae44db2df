"""Backups: consistent copies of the SQLite file while the app runs (SQLite backup API, safe in WAL
mode, STACK-CHECK pitfall 15), automatically before every migration and once a day, and a
restore that proves a backup's ledger sound before it replaces anything."""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..config import backup_dir
from ..domain.errors import DomainError
from ..domain.permissions import require

log = logging.getLogger(__name__)
DAILY = "-daily-"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None  # the database as it was before the restore
    events: int
    items: int
    head_seq: int
    head_hash: str


def sqlite_backup(src_path: str, dest: Path) -> Path:
    """Copy through the backup API into a temporary file, check it, then move it into place,
    so a crash never leaves a half-written file under the backup's name."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(src_path)
    try:
        out = sqlite3.connect(str(tmp))
        try:
            src.backup(out)
            ok = out.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            out.close()
    finally:
        src.close()
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise DomainError("backup_failed", reason=ok)
    os.replace(tmp, dest)
    return dest


def _require_sqlite(db, code: str) -> None:
    if not db.is_sqlite:
        raise DomainError(code)


def backup(db, path, *, actor=None) -> BackupResult:
    """A manual backup to ``path`` (the app may keep running). PostgreSQL: use pg_dump."""
    if actor is not None:
        from .context import current_actor
        actor = current_actor(db, actor)  # the account as it is now (issue #14)
        require(actor, "backup")
    _require_sqlite(db, "backup_postgres")
    dest = Path(path).expanduser()
    if dest.resolve() == Path(db.sqlite_path).resolve():
        raise DomainError("backup_onto_database")
    sqlite_backup(db.sqlite_path, dest)
    _log_event(db, actor, "backup_created")
    log.info("backup written (%d bytes)", dest.stat().st_size)
    return BackupResult(dest, dest.stat().st_size)


def backup_before_migration(db) -> Path:
    name = Path(db.sqlite_path).stem + "-pre-migration-" + datetime.now().strftime("%Y%m%d-%H%M%S") + ".sqlite3"
    return sqlite_backup(db.sqlite_path, backup_dir() / name)


def daily_backup(db, *, today: date | None = None, keep: int | None = None, folder: Path | None = None) -> Path | None:
    """Called by the app at start: the first start of a day writes that day's copy and keeps the
    newest ``keep`` (setting ``backup_keep``, default 14). Returns the new file, or None."""
    if not db.is_sqlite:
        return None
    folder = Path(folder or backup_dir())
    stem = Path(db.sqlite_path).stem
    target = folder / f"{stem}{DAILY}{(today or date.today()):%Y%m%d}.sqlite3"
    if target.exists():
        return None
    sqlite_backup(db.sqlite_path, target)
    if keep is None:
        from .settings import read_setting
        with db.session(write=False) as session:
            keep = read_setting(session, "backup_keep")
    for old in sorted(folder.glob(f"{stem}{DAILY}*.sqlite3"), reverse=True)[max(1, keep):]:
        old.unlink(missing_ok=True)
    log.info("daily backup written")
    return target


def restore(db_url: str, backup_path, *, verify_only: bool = False, actor=None) -> RestoreResult:
    """Replace the database at ``db_url`` by a backup. The backup is first copied aside and its
    ledger verified (chain and replay); an invalid backup is refused and nothing is touched. The
    current database is kept as a safety copy. The app must not have the database open. With an
    ``actor``, the restored database's security log records who restored it and from which file."""
    if not db_url.startswith("sqlite"):
        raise DomainError("restore_postgres")
    if actor is not None:
        _require_restore(db_url, actor)
    source = Path(backup_path).expanduser()
    if not source.is_file():
        raise DomainError("backup_not_found", path=str(source))
    with tempfile.TemporaryDirectory(prefix="kvc-restore-") as tmp:
        candidate = Path(tmp) / "candidate.sqlite3"
        _copy_sqlite(source, candidate)
        figures = _verify_candidate(candidate)
        if verify_only:
            return RestoreResult(source, None, *figures)
        target = Path(db_url.split("///", 1)[1])
        safety = _safety_copy(target)
        _replace(candidate, target)
    from ..db.migrate import open_database
    restored = open_database(db_url)  # migrate an older backup to this version (with its own backup)
    try:
        if actor is not None:
            _log_event(restored, actor, "database_restored", file=source.name)
    finally:
        restored.dispose()
    log.info("database restored from a backup (%d events)", figures[0])
    return RestoreResult(source, safety, *figures)


def _require_restore(db_url: str, actor) -> None:
    """The account as the current database knows it must hold the right to restore (issue #14)."""
    from ..db.engine import connect
    from .context import current_actor
    from sqlalchemy.exc import SQLAlchemyError
    db = connect(db_url)
    try:
        actor = current_actor(db, actor)
    except SQLAlchemyError:  # the database to be replaced cannot be read (damaged): the rights the user logged in with
        log.warning("restore: the current database cannot be read; rights as at login")
    finally:
        db.dispose()
    require(actor, "restore")


def _copy_sqlite(source: Path, dest: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            out = sqlite3.connect(str(dest))
            with out:
                src.backup(out)
            out.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise DomainError("backup_not_database", path=str(source)) from exc


def _verify_candidate(candidate: Path) -> tuple[int, int, int, str]:
    from ..db.engine import connect
    from ..db.migrate import _known, current_revision, has_schema
    from .verify import verify
    db = connect(f"sqlite:///{candidate}")
    try:
        if not has_schema(db):
            raise DomainError("backup_not_database", path=candidate.name)
        revision = current_revision(db)
        if revision is None or not _known(revision):
            raise DomainError("database_newer", revision=revision)
        result = verify(db)
    finally:
        db.dispose()
    if not result.ok:
        where = result.first_bad_seq if result.first_bad_seq is not None else "-"
        raise DomainError("backup_invalid", reason=f"#{where} {result.first_bad_item or ''}".strip()
                          if result.integrity == "ok" else result.integrity)
    return result.events, result.items, result.head_seq, result.head_hash


def _safety_copy(target: Path) -> Path | None:
    if not target.exists():
        return None
    name = f"{target.stem}-before-restore-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    try:
        return sqlite_backup(str(target), backup_dir() / name)
    except (sqlite3.DatabaseError, DomainError):
        # a damaged database is still kept, byte for byte, with its WAL
        dest = backup_dir() / (name + ".raw")
        shutil.copy2(target, dest)
        for suffix in ("-wal", "-shm"):
            if Path(str(target) + suffix).exists():
                shutil.copy2(str(target) + suffix, str(dest) + suffix)
        return dest


def _replace(candidate: Path, target: Path) -> None:
    """Write the verified copy into the target through the backup API: one transaction on the
    target, and its WAL and shared-memory files stay consistent."""
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


def _log_event(db, actor, kind: str, **data) -> None:
    from .accounts import log_security
    try:
        with db.write_sessions() as session:
            log_security(session, kind, user_id=actor.user_id if actor else None,
                         username=actor.username if actor else "system",
                         workstation=actor.workstation if actor else "", **data)
            session.commit()
    except Exception:
        log.warning("could not record %s in the security log", kind, exc_info=True)
