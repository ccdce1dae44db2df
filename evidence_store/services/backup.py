"""Backups: consistent copies of the SQLite file while the app runs (db.sqlite_copy: the file's bytes under a
read transaction that keeps every checkpoint out, else the SQLite backup API; safe in WAL mode, STACK-CHECK
pitfall 15), automatically before every migration and once a day, and a restore that proves a backup's
ledger sound before it replaces anything."""
from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..config import backup_dir, backup_stem
from ..domain.errors import DomainError
from ..domain.permissions import require

from ..db.sqlite_copy import (  # noqa: F401  (re-exported: callers import them from here)
    STALE_PARTIAL_SECONDS, backup_before_migration, clean_partials, sqlite_backup)
from .sqlite_swap import replace_locked
from ..domain import chronology

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


def daily_backup(db, *, today: date | None = None, keep: int | None = None, folder: Path | None = None) -> Path | None:
    """Called by the app at start: the first start of a day writes that day's copy and keeps the
    newest ``keep`` (setting ``backup_keep``, default 14). Returns the new file, or None."""
    if not db.is_sqlite or db.read_only:
        return None
    folder = Path(folder or backup_dir(db.sqlite_path))
    stem = backup_stem(db.sqlite_path)
    target = folder / f"{stem}{DAILY}{(today or chronology.today()):%Y%m%d}.sqlite3"
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


@dataclass(frozen=True)
class RestoreLosses:
    """What the database holds today that the backup does not (HANDS-ON 92): shown before a restore."""
    same_history: bool  # the backup's last event is this database's event of that number (a plain step back)
    current_head_seq: int
    events: int  # ledger events recorded after the backup
    since: str | None  # when the first of them was recorded
    records: tuple[str, ...]  # record numbers issued after the backup (they are never issued again)
    items: tuple[str, ...]  # item codes received after the backup


@dataclass
class PreparedRestore:
    """A backup copied aside and verified, waiting for the user's go-ahead (``apply_restore``) or ``discard()``."""
    source: Path
    candidate: Path
    figures: tuple[int, int, int, str]  # events, items, head seq, head hash of the backup
    losses: RestoreLosses | None  # None when the current database cannot be read
    _tmp: tempfile.TemporaryDirectory

    def discard(self) -> None:
        self._tmp.cleanup()


def prepare_restore(db_url: str, backup_path, *, actor=None, progress=None,
                    cancelled=lambda: False) -> PreparedRestore:
    """Copy the backup aside and verify it (chain, replay, protections, attachments, security log); compare it
    with the current database. ``progress(done, total)`` in thousandths; ``cancelled()`` stops it with
    "restore_cancelled" — nothing has been changed until ``apply_restore``."""
    from ..db.faults import sqlite_file_problem
    if not db_url.startswith("sqlite"):
        raise DomainError("restore_postgres")
    if actor is not None:
        _require_restore(db_url, actor)
    source = Path(backup_path).expanduser()
    if not source.is_file():
        raise DomainError("backup_not_found", path=str(source))
    problem = sqlite_file_problem(source, must_exist=True)
    if problem is not None:
        raise DomainError("backup_damaged" if problem.code == "database_damaged" else "backup_not_database",
                          path=str(source))
    tmp = tempfile.TemporaryDirectory(prefix="kvc-restore-")
    try:
        candidate = Path(tmp.name) / "candidate.sqlite3"
        step = progress or (lambda done, total: None)
        _copy_sqlite(source, candidate, progress=lambda d, t: step(d * 300 // max(t, 1), 1000), cancelled=cancelled)
        if cancelled():
            raise DomainError("restore_cancelled")
        figures = _verify_candidate(candidate, source, progress=lambda d, t: step(300 + d * 650 // max(t, 1), 1000),
                                    cancelled=cancelled)
        if cancelled():
            raise DomainError("restore_cancelled")
        losses = _losses(Path(db_url.split("///", 1)[1]), candidate, figures)
        step(1000, 1000)
    except BaseException:
        tmp.cleanup()
        raise
    return PreparedRestore(source, candidate, figures, losses, tmp)


def apply_restore(db_url: str, prepared: PreparedRestore, *, actor=None) -> RestoreResult:
    """Replace the database by the prepared backup (no way back from here; the old one is kept as a safety
    copy). Issue #14: the replacement holds the database's write lock from before the safety copy to the end,
    in ONE transaction (a workstation's write either lands before — and is in the safety copy — or waits and
    lands after); numbers already handed out (item codes, record numbers) are never handed out again: each
    counter keeps the higher of its two values. With an ``actor``, who may ``restore``, the restored
    database's security log records who, from which file, the chain heads before and after, and how many
    events of the old ledger the restore dropped."""
    if actor is not None:
        _require_restore(db_url, actor)
    source, candidate, figures = prepared.source, prepared.candidate, prepared.figures
    target = Path(db_url.split("///", 1)[1])
    _migrate_candidate(candidate)
    safety, before = replace_locked(candidate, target)
    from ..db.migrate import open_database
    restored = open_database(db_url)  # a file-level replacement may still need migrating
    try:
        if actor is not None:
            lost = prepared.losses.events if prepared.losses is not None else None
            _log_event(restored, actor, "database_restored", file=source.name,
                       head_before=f"#{before[0]} {before[1][:16]}", head_after=f"#{figures[2]} {figures[3][:16]}",
                       events_dropped=lost)
    finally:
        restored.dispose()
    log.info("database restored from a backup (%d events)", figures[0])
    return RestoreResult(source, safety, *figures)


def restore(db_url: str, backup_path, *, verify_only: bool = False, actor=None, progress=None,
            cancelled=lambda: False) -> RestoreResult:
    """Replace the database at ``db_url`` by a backup: ``prepare_restore`` then ``apply_restore`` (an invalid
    or damaged backup is refused and nothing is touched; the current database is kept as a safety copy)."""
    prepared = prepare_restore(db_url, backup_path, actor=actor, progress=progress, cancelled=cancelled)
    try:
        if verify_only:
            return RestoreResult(prepared.source, None, *prepared.figures)
        return apply_restore(db_url, prepared, actor=actor)
    finally:
        prepared.discard()


def _losses(target: Path, candidate: Path, figures) -> RestoreLosses | None:
    """Events, records and items of the current database that the backup lacks."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    if not target.is_file():
        return RestoreLosses(True, 0, 0, None, (), ())
    try:
        con = sqlite3.connect(f"file:{target}?mode=ro", uri=True, timeout=30)
    except sqlite3.DatabaseError:
        return None
    try:
        con.execute("ATTACH DATABASE ? AS c", (str(candidate),))
        head = con.execute("SELECT coalesce(max(seq), 0) FROM main.custody_events").fetchone()[0]
        at_backup_head = con.execute("SELECT hash FROM main.custody_events WHERE seq = ?", (figures[2],)).fetchone()
        same = figures[2] == 0 or (at_backup_head is not None and at_backup_head[0] == figures[3])
        later = con.execute("SELECT count(*), min(recorded_at) FROM main.custody_events WHERE seq > ?",
                            (figures[2] if same else 0,)).fetchone()
        records = tuple(r[0] for r in con.execute(
            "SELECT number FROM main.handovers WHERE number NOT IN (SELECT number FROM c.handovers) ORDER BY id"))
        items = tuple(r[0] for r in con.execute(
            "SELECT code FROM main.items WHERE code NOT IN (SELECT code FROM c.items) ORDER BY id"))
        return RestoreLosses(same, head, later[0] if same else head, later[1], records, items)
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()


def _migrate_candidate(candidate: Path) -> None:
    """Bring the verified copy to this version, so its tables are the live database's tables."""
    from ..db.migrate import open_database
    open_database(f"sqlite:///{candidate}", backup=False).dispose()


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


def _copy_sqlite(source: Path, dest: Path, *, progress=None, cancelled=lambda: False) -> None:
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    def step(_status, remaining, total):
        if progress is not None:
            progress(total - remaining, total)
        if cancelled():
            raise DomainError("restore_cancelled")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            out = sqlite3.connect(str(dest))
            with out:
                src.backup(out, pages=2048, progress=step)
            out.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise DomainError("backup_not_database", path=str(source)) from exc


def _verify_candidate(candidate: Path, source: Path, *, progress=None,
                      cancelled=lambda: False) -> tuple[int, int, int, str]:
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    from sqlalchemy.exc import SQLAlchemyError
    from ..db.engine import connect
    from ..db.migrate import _known, current_revision, has_schema
    from .verify import verify
    db = connect(f"sqlite:///{candidate}")
    try:
        if not has_schema(db):
            raise DomainError("backup_not_database", path=str(source))
        revision = current_revision(db)
        if revision is None or not _known(revision):
            raise DomainError("database_newer", revision=revision)
        result = verify(db, progress=progress, cancelled=cancelled)
        if not result.complete:
            raise DomainError("restore_cancelled")
    except (sqlite3.DatabaseError, SQLAlchemyError):  # pages the copy could not read: a damaged backup
        raise DomainError("backup_damaged", path=str(source)) from None
    finally:
        db.dispose()
    if result.integrity != "ok":
        raise DomainError("backup_damaged", path=str(source))
    if not result.ledger_ok:
        where = result.first_bad_seq if result.first_bad_seq is not None else "-"
        raise DomainError("backup_invalid", reason=f"#{where} {result.first_bad_item or ''}".strip())
    if result.protections_missing:
        raise DomainError("backup_unprotected", path=str(source), names=", ".join(result.protections_missing))
    if not result.ok:
        raise DomainError("backup_invalid", reason="attachments" if result.attachment_problems else "security_log")
    return result.events, result.items, result.head_seq, result.head_hash


def _log_event(db, actor, kind: str, **data) -> None:
    from .security_log import log_security
    try:
        with db.write_sessions() as session:
            log_security(session, kind, user_id=actor.user_id if actor else None,
                         username=actor.username if actor else "system",
                         workstation=actor.workstation if actor else "", **data)
            session.commit()
    except Exception:
        log.warning("could not record %s in the security log", kind, exc_info=True)
