"""Copying a SQLite database file safely (the backup API into a ``.partial`` file, checked, then moved into
place). In db/ because opening a database copies it before a migration (db.migrate); services.backup builds
the user's backups and restores on top of it."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
from datetime import datetime
from pathlib import Path

from ..config import backup_dir, backup_stem
from ..domain.errors import DomainError

log = logging.getLogger("evidence_store.services.backup")  # the backup log, as before the move


def sqlite_backup(src_path: str, dest: Path) -> Path:
    """Copy through the backup API into a temporary file, check it, then move it into place,
    so a crash never leaves a half-written file under the backup's name.

    Issue #19 (the daily backup of a million-item database while the clerk works, the UI never blocked): the
    copy and its check run on a thread of their own at a lower CPU priority (Linux), so the window keeps its
    core; the temporary file is written without a journal and synced once at the end (a crash leaves only a
    ``.partial``, removed later), instead of a rollback journal and a sync per commit."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    clean_partials(dest.parent)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    outcome: list = []

    def work() -> None:
        lower_thread_priority()
        try:
            outcome.append(_copy_and_check(src_path, tmp))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=work, name="sqlite-backup", daemon=True)
    worker.start()
    worker.join()
    ok = outcome[0] if outcome else "backup thread ended without a result"
    if isinstance(ok, BaseException):
        tmp.unlink(missing_ok=True)
        raise ok
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise DomainError("backup_failed", reason=ok)
    os.replace(tmp, dest)
    return dest


def _copy_and_check(src_path: str, tmp: Path) -> str:
    """The backup API's copy of ``src_path`` (one consistent snapshot, WAL included) into ``tmp``, then
    ``PRAGMA quick_check`` of the copy and one fsync; returns quick_check's verdict."""
    src = sqlite3.connect(src_path)
    try:
        out = sqlite3.connect(str(tmp))
        try:
            out.execute("PRAGMA journal_mode=OFF")  # a fresh scratch file: nothing to roll back to
            out.execute("PRAGMA synchronous=OFF")  # synced once below, before it takes the backup's name
            src.backup(out)
            ok = out.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            out.close()
    finally:
        src.close()
    if ok == "ok":
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows syncs only a writable handle
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return ok


def lower_thread_priority() -> None:
    """Nice the calling thread (Linux: a thread id given to setpriority changes that thread only; elsewhere it
    would change the whole process, so nothing is done there)."""
    if sys.platform.startswith("linux") and hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            pass


STALE_PARTIAL_SECONDS = 600


def clean_partials(folder: Path, *, older_than: float = STALE_PARTIAL_SECONDS) -> list[Path]:
    """Remove ``*.partial`` files a crashed backup left behind (untouched for ``older_than`` seconds: a
    backup still being written by another process is left alone)."""
    import time
    removed = []
    now = time.time()
    for stale in Path(folder).glob("*.partial"):
        try:
            if now - stale.stat().st_mtime >= older_than:
                stale.unlink()
                removed.append(stale)
        except OSError:
            pass
    if removed:
        log.info("removed %d stale partial backup file(s)", len(removed))
    return removed


def backup_before_migration(db) -> Path:
    name = backup_stem(db.sqlite_path) + "-pre-migration-" + datetime.now().strftime("%Y%m%d-%H%M%S") + ".sqlite3"
    return sqlite_backup(db.sqlite_path, backup_dir(db.sqlite_path) / name)
