"""Where data and logs live, and which database to open (shared by the GUI and the CLI)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import platformdirs

APP_NAME = "KhoVatChung"
ENV_DB = "EVIDENCE_STORE_DB"


def data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


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
