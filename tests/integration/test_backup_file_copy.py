"""The backup's fast path (issue #19): the database file copied as bytes under a read transaction that keeps
every checkpoint out, so the copy is one consistent snapshot even while other workstations write and
checkpoint; the backup API when that snapshot cannot be had."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest

from evidence_store.db import sqlite_copy

pytestmark = pytest.mark.sqlite_only

ROWS = 3000


def make_db(path) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    con.execute("CREATE INDEX t_v ON t (v)")
    con.execute("BEGIN")
    con.executemany("INSERT INTO t (id, v) VALUES (?, ?)", ((i, f"cu-{i:06d}-" + "x" * 200) for i in range(ROWS)))
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def values(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return {r[0][:2] for r in con.execute("SELECT v FROM t")}
    finally:
        con.close()


def test_file_copy_is_a_snapshot_while_others_write_and_checkpoint(tmp_path, monkeypatch):
    src, dest = tmp_path / "kho.sqlite3", tmp_path / "sao-luu" / "kho.sqlite3"
    make_db(src)
    other = sqlite3.connect(src, isolation_level=None, check_same_thread=False)
    other.execute("INSERT INTO t (id, v) VALUES (?, 'cu-wal')", (ROWS,))  # a WAL frame: the copy must empty the WAL
    monkeypatch.setattr(sqlite_copy, "CHUNK", 8 * 4096)  # many small copies, the writes land between them
    real = sqlite_copy._copy_range
    calls, checkpoints = [], []

    def copy_range(fin, fout, start, end):
        if not calls:  # after the copy has begun: another workstation rewrites every row, then checkpoints
            other.execute("UPDATE t SET v = 'moi-' || id")
            checkpoints.append(other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
        calls.append(start)
        return real(fin, fout, start, end)

    monkeypatch.setattr(sqlite_copy, "_copy_range", copy_range)
    used = []
    real_file_copy = sqlite_copy._file_copy
    monkeypatch.setattr(sqlite_copy, "_file_copy", lambda *a: used.append(real_file_copy(*a)) or used[-1])
    try:
        sqlite_copy.sqlite_backup(str(src), dest)
    finally:
        other.close()
    assert used == [True]  # the fast path was taken
    assert checkpoints and checkpoints[0][2] < checkpoints[0][1]  # the checkpoint could not write back the update
    assert values(dest) == {"cu"}  # every row as before the update: not a single newer page
    con = sqlite3.connect(dest)
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == ROWS + 1  # the frame committed before the copy
    con.close()
    assert values(src) == {"mo"}  # the live database kept the update


def test_backup_api_when_the_wal_cannot_be_emptied(tmp_path):
    src, dest = tmp_path / "kho.sqlite3", tmp_path / "kho-copy.sqlite3"
    make_db(src)
    busy = sqlite3.connect(src, isolation_level=None, check_same_thread=False)
    busy.execute("INSERT INTO t (id, v) VALUES (?, 'cu-wal')", (ROWS,))
    busy.execute("BEGIN IMMEDIATE")  # a writer keeps the write lock for the whole backup
    busy.execute("UPDATE t SET v = 'chua-luu'")
    try:
        assert sqlite_copy._file_copy(str(src), dest) is False
        sqlite_copy.sqlite_backup(str(src), dest)
    finally:
        busy.execute("COMMIT")
        busy.close()
    assert values(dest) == {"cu"}  # committed data only
    con = sqlite3.connect(dest)
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == ROWS + 1
    con.close()


def test_rollback_journal_database_copied_as_a_file(tmp_path):
    src, dest = tmp_path / "old.sqlite3", tmp_path / "old-copy.sqlite3"
    con = sqlite3.connect(src)
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    con.executemany("INSERT INTO t (v) VALUES (?)", (("cu",) for _ in range(500)))
    con.commit()
    con.close()
    tmp = dest.with_name("scratch")
    assert sqlite_copy._file_copy(str(src), tmp) is True
    assert tmp.read_bytes() == src.read_bytes()


@pytest.mark.parametrize("kernel", ["error", "zero"])
def test_lock_byte_page_written_as_zeros_and_plain_reads_when_the_kernel_cannot_copy(tmp_path, monkeypatch, kernel):
    src, out = tmp_path / "src.bin", tmp_path / "out.bin"
    data = os.urandom(40 * 4096)
    src.write_bytes(data)
    monkeypatch.setattr(sqlite_copy, "LOCK_PAGE_OFFSET", 16 * 4096)
    monkeypatch.setattr(sqlite_copy, "CHUNK", 3 * 4096 + 17)

    def refuse(*_a):
        if kernel == "zero":  # some file systems copy nothing and say so
            return 0
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    sqlite_copy._copy_bytes(str(src), out, 36 * 4096, 4096)
    copied = out.read_bytes()
    assert len(copied) == 36 * 4096  # the database's pages only, not what follows them in the file
    assert copied[:16 * 4096] == data[:16 * 4096]
    assert copied[16 * 4096:17 * 4096] == bytes(4096)
    assert copied[17 * 4096:] == data[17 * 4096:36 * 4096]


def test_daily_backup_thread_leaves_no_scratch_files(tmp_path):
    src, dest = tmp_path / "kho.sqlite3", tmp_path / "sao-luu" / "kho-daily.sqlite3"
    make_db(src)
    done = threading.Event()
    result = []
    threading.Thread(target=lambda: (result.append(sqlite_copy.sqlite_backup(str(src), dest)), done.set())).start()
    assert done.wait(30)
    assert result == [dest] and values(dest) == {"cu"}
    assert sorted(p.name for p in dest.parent.iterdir()) == ["kho-daily.sqlite3"]  # no .partial, -wal or -shm
