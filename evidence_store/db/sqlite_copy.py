"""Copying a SQLite database file safely (one consistent snapshot — the file's bytes under a read transaction
that keeps checkpoints out, else the backup API — into a ``.partial`` file, checked, then moved into place).
In db/ because opening a database copies it before a migration (db.migrate); services.backup builds the
user's backups and restores on top of it."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from ..config import backup_dir, backup_stem
from ..domain.errors import DomainError

log = logging.getLogger("evidence_store.services.backup")  # the backup log, as before the move


def sqlite_backup(src_path: str, dest: Path) -> Path:
    """Copy one consistent snapshot (``_file_copy``, else the backup API) into a temporary file, check it,
    then move it into place, so a crash never leaves a half-written file under the backup's name.

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
    """One consistent snapshot of ``src_path`` into ``tmp`` (the file's bytes under a read transaction that
    freezes them, else the backup API), then ``PRAGMA quick_check`` of the copy and one fsync; returns
    quick_check's verdict."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    t0 = time.perf_counter()
    how = "file" if _file_copy(src_path, tmp) else "backup API"
    if how != "file":
        _api_copy(src_path, tmp)
    t1 = time.perf_counter()
    out = sqlite3.connect(str(tmp))
    try:
        ok = out.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        out.close()
    t2 = time.perf_counter()
    if ok == "ok":
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows syncs only a writable handle
        try:
            os.fsync(fd)
            if hasattr(os, "posix_fadvise"):  # the copy's pages leave the OS cache: the live database's stay
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    log.info("backup: copy (%s) %.1f s, quick_check %.1f s, sync %.1f s", how, t1 - t0, t2 - t1,
             time.perf_counter() - t2)
    return ok


def _api_copy(src_path: str, tmp: Path) -> None:
    """The backup API's copy (one step: one read transaction, WAL included)."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(src_path)
    try:
        out = sqlite3.connect(str(tmp))
        try:
            out.execute("PRAGMA journal_mode=OFF")  # a fresh scratch file: nothing to roll back to
            out.execute("PRAGMA synchronous=OFF")  # synced once by the caller, before it takes the backup's name
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()


FILE_COPY_TRIES = 3
LOCK_PAGE_OFFSET = 0x40000000  # SQLite's lock-byte page (never holds data; Windows may refuse to read it)


def _file_copy(src_path: str, tmp: Path) -> bool:
    """Issue #19: the database file's bytes copied by the kernel (copy_file_range) instead of page by page
    through the backup API (~2× less CPU, the window's core left alone), under a read transaction whose snapshot
    is the main file alone: in WAL mode, a reader that started with every WAL frame written back ("read mark
    0") holds WAL_READ_LOCK(0), which every checkpoint needs exclusively before it writes to the main file —
    so the file cannot change until the copy is done, while the other workstations go on writing to the WAL
    (sqlite.org/wal.html, wal.c walCheckpoint). That such a reader was started is seen from outside: the WAL
    is empty (a TRUNCATE checkpoint empties it; it cannot be emptied again while a reader holds a later
    mark). In a rollback journal mode the read lock (SHARED) keeps every writer out. False when the snapshot
    cannot be had this way (a writer in the way, another journal mode, a read-only medium): the caller then
    uses the backup API."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    try:
        # a short wait: a TRUNCATE checkpoint holds the write lock while it waits for the readers
        src = sqlite3.connect(src_path, isolation_level=None, timeout=0.05)
    except sqlite3.Error:
        return False
    try:
        mode = src.execute("PRAGMA journal_mode").fetchone()[0].lower()
        if mode not in ("wal", "delete", "truncate", "persist"):
            return False
        for attempt in range(FILE_COPY_TRIES if mode == "wal" else 1):
            if attempt:
                src.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # busy: reported in its row, tried again
            src.execute("BEGIN")
            pages = src.execute("PRAGMA page_count").fetchone()[0]  # starts the read transaction
            page_size = src.execute("PRAGMA page_size").fetchone()[0]
            size = pages * page_size
            if mode != "wal" or _wal_size(src_path) == 0:
                break
            src.execute("COMMIT")
            time.sleep(0.02 * (attempt + 1))  # ≤ ~0.2 s in all before the backup API takes over
        else:
            return False
        try:
            if os.path.getsize(src_path) < size:
                return False
            _copy_bytes(src_path, tmp, size, page_size)
            return True
        finally:
            src.execute("COMMIT")
    except (sqlite3.Error, OSError) as exc:
        log.info("backup: file copy not possible (%s); using the backup API", exc)
        tmp.unlink(missing_ok=True)
        return False
    finally:
        src.close()


def _wal_size(src_path: str) -> int:
    try:
        return os.path.getsize(src_path + "-wal")
    except FileNotFoundError:
        return 0


CHUNK = 64 << 20


def _copy_bytes(src_path: str, tmp: Path, size: int, page_size: int) -> None:
    """The first ``size`` bytes of ``src_path`` into a new ``tmp``, the lock-byte page as zeros."""
    with open(src_path, "rb", buffering=0) as src, open(tmp, "wb", buffering=0) as out:
        fin, fout = src.fileno(), out.fileno()
        lock_end = LOCK_PAGE_OFFSET + page_size
        ranges = [(0, min(size, LOCK_PAGE_OFFSET))] + ([(lock_end, size)] if size > lock_end else [])
        for start, end in ranges:
            _copy_range(fin, fout, start, end)
        if size > LOCK_PAGE_OFFSET:
            _write_at(fout, bytes(min(page_size, size - LOCK_PAGE_OFFSET)), LOCK_PAGE_OFFSET)
        os.ftruncate(fout, size)


def _copy_range(fin: int, fout: int, start: int, end: int) -> None:
    off = start
    fast = hasattr(os, "copy_file_range")
    while off < end:
        n = min(CHUNK, end - off)
        if fast:
            try:
                done = os.copy_file_range(fin, fout, n, off, off)
            except OSError:  # another file system, an older kernel: plain reads and writes
                done = 0
            if done == 0:  # (some file systems answer 0 instead of an error)
                fast = False
                continue
        else:
            data = os.pread(fin, n, off) if hasattr(os, "pread") else _read_at(fin, n, off)
            done = len(data)
            _write_at(fout, data, off)
        if done == 0:
            raise OSError(f"the database file ended early at byte {off}")
        off += done


def _read_at(fd: int, n: int, off: int) -> bytes:
    os.lseek(fd, off, os.SEEK_SET)
    return os.read(fd, n)


def _write_at(fd: int, data: bytes, off: int) -> None:
    view = memoryview(data)
    while view:
        if hasattr(os, "pwrite"):
            n = os.pwrite(fd, view, off)
        else:  # Windows
            os.lseek(fd, off, os.SEEK_SET)
            n = os.write(fd, view)
        view, off = view[n:], off + n


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
