"""Copying a SQLite database file safely (the backup API into a ``.partial`` file, checked, then moved into
place). In db/ because opening a database copies it before a migration (db.migrate); services.backup builds
the user's backups and restores on top of it."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from ..config import backup_dir, backup_stem
from ..domain.errors import DomainError

log = logging.getLogger("evidence_store.services.backup")  # the backup log, as before the move


def sqlite_backup(src_path: str, dest: Path) -> Path:
    """Copy through the backup API into a temporary file, check it, then move it into place,
    so a crash never leaves a half-written file under the backup's name."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    clean_partials(dest.parent)
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
