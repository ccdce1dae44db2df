"""Backups while the app runs, daily copies, and a restore that refuses an unsound backup."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from evidence_store.cli import main
from evidence_store.domain.errors import DomainError, PermissionDenied
from evidence_store.services import backup
from evidence_store.services import settings
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive

pytestmark = pytest.mark.sqlite_only


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def items_in(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        con.close()


def test_backup_while_another_workstation_writes(world, clerk, tmp_path):
    db, w = world
    receive(db, clerk, [phone(), phone()])
    busy = sqlite3.connect(db.sqlite_path, isolation_level=None, check_same_thread=False)
    busy.execute("BEGIN IMMEDIATE")  # another workstation is in the middle of a write
    busy.execute("UPDATE items SET name = 'chưa lưu' WHERE id = 1")
    # the backup's snapshot is taken within ~0.2 s (issue #19: it first tries to empty the WAL for the file
    # copy); a write committed before that is rightly in the backup, so the write is held well past it
    timer = threading.Timer(1.5, lambda: busy.execute("COMMIT"))
    timer.start()
    try:
        result = backup.backup(db, tmp_path / "sao-luu" / "kho.sqlite3", actor=w.actor(db, "quantri"))
    finally:
        timer.join()
        busy.close()
    con = sqlite3.connect(result.path)
    assert con.execute("SELECT name FROM items WHERE id = 1").fetchone()[0] != "chưa lưu"  # committed data only
    con.close()
    assert items_in(result.path) == 2
    assert backup.restore(db.url, result.path, verify_only=True).events == 2


def test_backup_rules(world, tmp_path):
    db, w = world
    with pytest.raises(PermissionDenied):
        backup.backup(db, tmp_path / "x.sqlite3", actor=w.actor(db, "kiemsat"))
    with pytest.raises(DomainError) as exc:
        backup.backup(db, db.sqlite_path)
    assert exc.value.code == "backup_onto_database"
    with pytest.raises(DomainError) as exc:
        backup.backup(SimpleNamespace(is_sqlite=False), tmp_path / "pg.dump")
    assert exc.value.code == "backup_postgres"
    with pytest.raises(DomainError) as exc:
        backup.restore("postgresql+psycopg://u@h/db", tmp_path / "pg.dump")
    assert exc.value.code == "restore_postgres"


def test_daily_backup_once_a_day_keeping_n(world, tmp_path):
    db, w = world
    folder = tmp_path / "daily"
    start = date(2026, 3, 1)
    assert backup.daily_backup(db, today=start, folder=folder) is not None
    assert backup.daily_backup(db, today=start, folder=folder) is None  # second start that day
    with UnitOfWork(db, w.actor(db, "quantri")) as uow:
        settings.set_setting(uow, "backup_keep", 3)
    for day in range(1, 6):
        backup.daily_backup(db, today=start + timedelta(days=day), folder=folder)
    kept = sorted(p.name for p in folder.glob("*.sqlite3"))
    from evidence_store.config import backup_stem
    stem = backup_stem(db.sqlite_path)  # the database's name and its path's digest: two databases never collide
    assert kept == [f"{stem}-daily-202603{d:02d}.sqlite3" for d in (4, 5, 6)] and stem.startswith("kho-")


def test_restore_replaces_after_verifying_and_keeps_a_safety_copy(world, clerk, tmp_path):
    db, w = world
    receive(db, clerk, [phone()])
    saved = backup.backup(db, tmp_path / "b.sqlite3").path
    receive(db, clerk, [phone(), phone()], case_number="2/2026")
    url = db.url
    db.dispose()
    result = backup.restore(url, saved)
    assert items_in(url.split("///")[1]) == 1 and items_in(result.safety_copy) == 3
    from evidence_store.db.migrate import open_database
    again = open_database(url)
    try:
        assert verify(again).ok
    finally:
        again.dispose()


def tamper(path, sql):
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER IF EXISTS custody_events_no_update")
    con.execute(sql)
    con.commit()
    con.close()


@pytest.mark.parametrize("sql", [
    "UPDATE items SET state = 'destroyed' WHERE id = 1",
    "UPDATE custody_events SET data = replace(data, 'NP-0001', 'NP-0002') WHERE seq = 1",
])
def test_an_unsound_backup_is_refused_and_nothing_is_touched(world, clerk, tmp_path, sql):
    db, w = world
    receive(db, clerk, [phone()])
    saved = backup.backup(db, tmp_path / "b.sqlite3").path
    tamper(saved, sql)
    url = db.url
    db.dispose()
    before = digest(url.split("///")[1])
    with pytest.raises(DomainError) as exc:
        backup.restore(url, saved)
    assert exc.value.code == "backup_invalid" and "#1" in exc.value.params["reason"]
    assert digest(url.split("///")[1]) == before


def test_restore_refuses_what_is_not_a_backup(world, tmp_path):
    db, _ = world
    junk = tmp_path / "anh.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not a database" * 100)
    for path, code in ((junk, "backup_not_database"), (tmp_path / "khong-co.sqlite3", "backup_not_found")):
        with pytest.raises(DomainError) as exc:
            backup.restore(db.url, path)
        assert exc.value.code == code


def test_restore_over_a_damaged_database(world, clerk, tmp_path):
    db, w = world
    receive(db, clerk, [phone()])
    saved = backup.backup(db, tmp_path / "b.sqlite3").path
    url, path = db.url, Path(db.sqlite_path)
    db.dispose()
    path.write_bytes(b"hong" * 5000)
    result = backup.restore(url, saved)
    assert items_in(path) == 1 and result.safety_copy.name.endswith(".raw")


def test_cli_backup_restore_users(world, clerk, tmp_path, capsys):
    db, w = world
    receive(db, clerk, [phone()])
    path = db.sqlite_path
    db.dispose()
    out = tmp_path / "cli.sqlite3"
    assert main(["--db", path, "backup", str(out)]) == 0
    assert main(["--db", path, "user-add", "Hoa.Tran", "--role", "clerk", "--role", "officer",
                 "--full-name", "Trần Thị Hoa", "--password", "Tam@12345"]) == 0
    assert main(["--db", path, "user-add", "x", "--role", "clerk", "--password", "ngan"]) == 2
    assert main(["--db", path, "users"]) == 0
    assert main(["--db", path, "restore", str(out), "--yes"]) == 0
    text = capsys.readouterr()
    assert "hoa.tran" in text.out and "Trần Thị Hoa" in text.out and "Mật khẩu phải có ít nhất 8" in text.err
    assert "Bản sao lưu hợp lệ: 1 sự kiện, 1 vật chứng" in text.out
    assert main(["--db", path, "users"]) == 0
    assert "hoa.tran" not in capsys.readouterr().out  # the restore brought back the earlier state
