"""Opening databases: migrations from empty to head, a backup before upgrading, a newer database
refused with a clear message; the command line's user errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from evidence_store.db.migrate import current_revision, head_revision, open_database
from evidence_store.domain.errors import DomainError
from evidence_store.error_texts import message


def run_cli(*args, env_db=None):
    cmd = [sys.executable, "-m", "evidence_store", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_empty_file_migrates_to_head(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert current_revision(db) == head_revision()
    finally:
        db.dispose()


def test_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(DomainError) as exc:
        open_database(f"sqlite:///{path}")
    assert exc.value.code == "database_newer"
    assert "phiên bản mới hơn" in message(exc.value)
    result = run_cli("--db", str(path), "verify")
    assert result.returncode == 2
    assert "phiên bản mới hơn" in result.stderr and "Traceback" not in result.stderr


def test_upgrade_from_an_older_revision_backs_up_first(tmp_path, monkeypatch):
    from .migration_steps import sqlite_at
    path = tmp_path / "old.sqlite3"
    sqlite_at(path, "0001").dispose()
    backups = tmp_path / "backups"
    monkeypatch.setattr("evidence_store.db.sqlite_copy.backup_dir", lambda *_a: backups)
    upgraded = open_database(f"sqlite:///{path}")
    try:
        assert current_revision(upgraded) == head_revision()
    finally:
        upgraded.dispose()
    copies = list(backups.glob("old-*-pre-migration-*.sqlite3"))  # name + digest of the path (issue #14)
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"


def test_cli_user_errors_are_sentences_not_tracebacks(tmp_path):
    db = str(tmp_path / "cli.sqlite3")
    assert run_cli("--db", db, "init").returncode == 0  # read commands never create a database (issue #14)
    bad = run_cli("--db", db, "history", "VC26000001K")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "không hợp lệ" in bad.stderr
    english = run_cli("--lang", "en", "--db", db, "history", "VC26000001K")
    assert english.returncode == 2 and "Invalid code" in english.stderr
    unwritable = run_cli("--db", str(tmp_path / "missing-dir" / "x" / "y.sqlite3"), "verify")
    assert unwritable.returncode == 2 and "Traceback" not in unwritable.stderr
    assert "Không tìm thấy cơ sở dữ liệu" in unwritable.stderr
