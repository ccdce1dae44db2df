"""Backups: consistent copies of the SQLite file while the app runs (SQLite backup API)."""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from ..config import backup_dir


def sqlite_backup(src_path: str, dest: Path) -> Path:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(src_path)
    try:
        out = sqlite3.connect(str(dest))
        with out:
            src.backup(out)
        out.close()
    finally:
        src.close()
    return dest


def backup_before_migration(db) -> Path:
    name = Path(db.sqlite_path).stem + "-pre-migration-" + datetime.now().strftime("%Y%m%d-%H%M%S") + ".sqlite3"
    return sqlite_backup(db.sqlite_path, backup_dir() / name)
