"""Shared test setup: Qt offscreen, no log files, a migrated SQLite template copied per test."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("EVIDENCE_STORE_NO_LOGFILE", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Keep data, backups and logs of every test inside pytest's temporary directory."""
    home = tmp_path_factory.getbasetemp() / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("EVIDENCE_STORE_DB", raising=False)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """One SQLite file migrated to head per run; tests copy it (fast, and migrations stay tested)."""
    from evidence_store.db.migrate import open_database
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    return path


@pytest.fixture
def db_url(migrated_template, tmp_path):
    path = tmp_path / "kho.sqlite3"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def db(db_url):
    from evidence_store.db.migrate import open_database
    database = open_database(db_url)
    yield database
    database.dispose()
