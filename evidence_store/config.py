"""Where data and logs live, and which database to open (shared by the GUI and the CLI)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import platformdirs

APP_NAME = "KhoVatChung"
ENV_DB = "EVIDENCE_STORE_DB"


def private_files() -> None:
    """Files this process creates are private to the OS user (issue #14): 0600 files, 0700 folders on
    POSIX — the database and its -wal/-shm (SQLite gives them the database's mode), backups, logs, PDFs.
    Windows has no umask: the data, log and settings folders live under the user's profile
    (%LOCALAPPDATA%), whose ACL already admits only that user, SYSTEM and administrators."""
    if os.name == "posix":
        os.umask(0o077)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; the app's own folders are made 0700 on POSIX."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        try:
            if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
                path.chmod(0o700)
        except OSError:
            pass
    return path


def data_dir() -> Path:
    return private_dir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def log_dir() -> Path:
    return private_dir(Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)))


def backup_dir(db_path: str | Path | None = None) -> Path:
    """Backups live beside their database: ``backups/`` in the database's folder (the data directory's
    for the default database)."""
    folder = Path(db_path).resolve().parent if db_path else data_dir()
    return private_dir(folder / "backups")


def backup_stem(db_path: str | Path) -> str:
    """File-name stem of a database's backups: its name and a short digest of its full path, so that two
    databases never share a backup name (kho.sqlite3 in two folders, or two folders' backups gathered)."""
    import hashlib
    path = Path(db_path).resolve()
    return f"{path.stem}-{hashlib.sha256(str(path).encode('utf-8')).hexdigest()[:8]}"


def default_db_path() -> Path:
    return data_dir() / "kho-vat-chung.sqlite3"


def workstation_settings_path() -> Path:
    """This workstation's own settings (JSON), e.g. {"database_url": "postgresql+psycopg://…"}:
    the database cannot hold the setting that says where the database is."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def workstation_setting(key: str, default=None):
    import json
    path = workstation_settings_path()
    try:
        return json.loads(path.read_text("utf-8")).get(key, default)
    except (OSError, ValueError, AttributeError):
        return default


def resolve_db_url(value: str | None = None) -> str:
    """A path or URL from --db, else EVIDENCE_STORE_DB, else "database_url" in the workstation's
    settings file, else the SQLite file in the data directory."""
    value = value or os.environ.get(ENV_DB) or workstation_setting("database_url") or str(default_db_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def workstation() -> str:
    return os.environ.get("EVIDENCE_STORE_WORKSTATION") or socket.gethostname()
