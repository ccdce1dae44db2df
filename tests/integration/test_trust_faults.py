"""Issue #14, faults: a damaged, truncated, zero-length, wrong-kind or read-only file gets one clear sentence
and exit status 2 from every command, never a traceback; a mistyped path creates nothing; a read-only copy
can be verified; restore holds the write lock, refuses an unprotected backup, keeps numbering monotonic;
backups live beside their database, named apart; stale .partial files are cleaned; files are private."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import threading
import time

import pytest

from evidence_store import cli
from evidence_store.config import backup_dir, backup_stem
from evidence_store.domain.errors import DomainError
from evidence_store.services import backup, sqlite_swap
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive

pytestmark = pytest.mark.sqlite_only


def command_lines(path: str, out: str, code: str) -> dict[str, list[str]]:
    """One invocation of every command that works on the database."""
    return {
        "competence": ["competence", "show"], "milestones": ["milestones", "1/2026"],
        "milestone-add": ["milestone-add", "1/2026", "opening", "--doc-kind", "case_opening", "--number", "1/KT",
                          "--date", "2026-01-02", "--issuer", "3"],
        "verify": ["verify"], "items": ["items"], "history": ["history", code], "search": ["search", "samsung"],
        "users": ["users"], "backup": ["backup", out + ".bak"], "user-add": ["user-add", "moi", "--role", "clerk",
                                                                             "--password", "MatKhau@2026"],
        "label": ["label", code, "-o", out], "location-label": ["location-label", "KHO", "-o", out],
        "handovers": ["handovers"], "record": ["record", "1/2026/BB-GN", "-o", out],
        "stock-card": ["stock-card", code, "-o", out], "custody-report": ["custody-report", code, "-o", out],
        "ledger-book": ["ledger-book", "--from", "2026-01-01", "--to", "2026-12-31", "-o", out],
        "print-settings": ["print-settings", "export", out + ".json"],
        "copy": ["copy", "--from", path, "--to", out + ".copy.sqlite3"], "restore": ["restore", path, "--check"],
        "pg-secure": ["pg-secure"], "pg-login": ["pg-login", "thukho"],
        "report": ["report", "--kind", "summary", "-o", out], "import": ["import", out + ".csv"],
        "audit": ["audit", "list"],
        "init": ["init"], "demo": ["demo", "--items", "1"],  # last: on an empty file they create the database
    }


@pytest.fixture
def good(world, clerk, tmp_path):
    db, _w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    path = db.sqlite_path
    db.dispose()
    return path, code, tmp_path


def damage(path: str, how: str) -> None:
    if how == "zero-length":
        open(path, "wb").close()
    elif how == "truncated":
        size = os.path.getsize(path)
        with open(path, "r+b") as f:
            f.truncate(size // 2 + 100)  # in the middle of a page
    elif how == "truncated-on-a-page":
        with open(path, "r+b") as f:
            f.truncate(4096 * 3)
    elif how == "damaged":
        with open(path, "r+b") as f:
            for page in range(2, os.path.getsize(path) // 4096):
                f.seek(page * 4096 + 8)
                f.write(os.urandom(600))
    elif how == "wrong-kind":
        with open(path, "wb") as f:
            f.write(b"%PDF-1.4\n" + os.urandom(5000))
    elif how == "a-folder":
        os.remove(path)
        os.mkdir(path)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


FAULTS = ["zero-length", "truncated", "truncated-on-a-page", "damaged", "wrong-kind", "a-folder"]


@pytest.mark.parametrize("how", FAULTS)
def test_every_command_gives_a_sentence_and_status_2_on_a_bad_file(good, how, capsys):
    path, code, tmp = good
    damage(path, how)
    (tmp / "out.pdf.csv").write_text("ma,ten\nVC1,Dao\n", "utf-8")
    results = {}
    for name, argv in command_lines(path, str(tmp / "out.pdf"), code).items():
        status = cli.main(["--db", path] + argv)
        err = capsys.readouterr().err
        results[name] = (status, err.strip().splitlines()[-1] if err.strip() else "")
    bad = {n: r for n, r in results.items() if r[0] != 2 or not r[1].startswith("Lỗi:") or "Traceback" in r[1]}
    if how == "zero-length":  # init and demo may turn an empty file into a database, as they would a new path
        bad = {n: r for n, r in bad.items() if not (n in ("init", "demo") and r[0] == 0)}
    assert not bad, bad
    assert set(results) == set(cli.COMMANDS), "a new command: add one invocation of it to command_lines()"


def test_a_mistyped_path_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "kho-vat-chnug.sqlite3"
    for argv in (["verify"], ["items"], ["users"], ["search", "x"]):
        assert cli.main(["--db", str(missing)] + argv) == 2
        assert "Không tìm thấy cơ sở dữ liệu" in capsys.readouterr().err
    assert not missing.exists() and not list(tmp_path.iterdir())


def test_a_read_only_copy_can_be_verified_and_is_never_written(good, capsys):
    path, code, tmp = good
    copy = tmp / "ban-sao.sqlite3"
    shutil.copy(path, copy)
    os.chmod(copy, 0o444)
    try:
        assert cli.main(["--db", str(copy), "verify"]) == 0, capsys.readouterr().err
        assert "Sổ theo dõi hợp lệ: 1 sự kiện" in capsys.readouterr().out
        before = copy.read_bytes()
        assert cli.main(["--db", str(copy), "label", code, "-o", str(tmp / "l.pdf")]) == 2
        assert "chỉ đọc" in capsys.readouterr().err
        assert copy.read_bytes() == before and not (tmp / "ban-sao.sqlite3-wal").exists()
    finally:
        os.chmod(copy, 0o644)


def test_restore_of_a_damaged_backup_is_a_sentence(good, capsys):
    path, code, tmp = good
    saved = tmp / "b.sqlite3"
    shutil.copy(path, saved)
    damage(str(saved), "damaged")
    before = open(path, "rb").read()
    assert cli.main(["--db", path, "restore", str(saved), "--yes"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: Bản sao lưu") and "Traceback" not in err
    assert open(path, "rb").read() == before


def test_restore_without_yes_and_without_a_terminal_says_so(good, capsys, monkeypatch):
    """HANDS-ON 94: stdin at its end (a script, a pipe) — nobody answered the question: a sentence, exit 2,
    the database untouched."""
    import io
    path, code, tmp = good
    saved = tmp / "b.sqlite3"
    shutil.copy(path, saved)
    before = open(path, "rb").read()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["--db", path, "restore", str(saved)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("Lỗi: Chưa phục hồi: cần xác nhận (gõ CO khi được hỏi, hoặc thêm --yes khi chạy không có "
                           "bàn phím); cơ sở dữ liệu không thay đổi")
    assert open(path, "rb").read() == before


def test_restore_refuses_a_backup_without_its_protections(world, clerk, tmp_path):
    db, _ = world
    receive(db, clerk, [phone()])
    saved = backup.backup(db, tmp_path / "b.sqlite3").path
    con = sqlite3.connect(saved)
    con.execute("DROP TRIGGER custody_events_no_replace")
    con.commit()
    con.close()
    with pytest.raises(DomainError) as err:
        backup.restore(db.url, saved)
    assert err.value.code == "backup_unprotected" and "custody_events_no_replace" in err.value.params["names"]


def test_restore_keeps_numbering_monotonic(world, clerk, tmp_path):
    db, _ = world
    first = receive(db, clerk, [phone()], case_number="1/2026/HS")
    saved = backup.backup(db, tmp_path / "b.sqlite3").path
    printed = receive(db, clerk, [phone(), phone()], case_number="2/2026/HS")  # numbers printed after the backup
    backup.restore(db.url, saved)
    again = receive(db, clerk, [phone(), phone()], case_number="3/2026/HS")
    assert not set(again.item_codes) & set(printed.item_codes + first.item_codes)
    assert again.handover_number not in (printed.handover_number, first.handover_number)
    assert verify(db).ok


def test_restore_holds_the_write_lock_so_no_write_is_lost(world, clerk, tmp_path):
    """A write that arrives while the restore runs waits for it and lands after it: never lost."""
    db, w = world
    receive(db, clerk, [phone()], case_number="1/2026/HS")
    saved = backup.backup(db, tmp_path / "b.sqlite3").path
    started, wrote = threading.Event(), []
    real = sqlite_swap.safety_copy

    def slow_safety_copy(target, name=None):
        started.set()
        time.sleep(0.3)  # the restore holds the lock while it copies; a writer tries meanwhile
        return real(target, name)

    def writer():
        started.wait(5)
        wrote.append(receive(db, clerk, [phone()], case_number="9/2026/HS").item_codes[0])

    sqlite_swap.safety_copy = slow_safety_copy
    try:
        t = threading.Thread(target=writer)
        t.start()
        result = backup.restore(db.url, saved)
        t.join(30)
    finally:
        sqlite_swap.safety_copy = real
    assert wrote, "the write did not complete"
    con = sqlite3.connect(db.sqlite_path)
    try:
        codes = [r[0] for r in con.execute("SELECT code FROM items")]
    finally:
        con.close()
    assert wrote[0] in codes  # landed after the restore, not overwritten by it
    assert result.safety_copy is not None and verify(db).ok


def test_backups_live_beside_their_database_named_apart(tmp_path):
    a, b = tmp_path / "kho1" / "kho.sqlite3", tmp_path / "kho2" / "kho.sqlite3"
    assert backup_dir(a) == tmp_path / "kho1" / "backups" and backup_dir(b) == tmp_path / "kho2" / "backups"
    assert backup_stem(a) != backup_stem(b) and backup_stem(a).startswith("kho-")


def test_stale_partial_files_are_cleaned(world, tmp_path):
    db, _ = world
    folder = tmp_path / "bk"
    folder.mkdir()
    stale, fresh = folder / "x.sqlite3.partial", folder / "y.sqlite3.partial"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    backup.backup(db, folder / "b.sqlite3")
    assert not stale.exists() and fresh.exists() and (folder / "b.sqlite3").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: the profile's ACL, docs)")
def test_files_and_folders_are_private(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        path = tmp_path / "rieng" / "kho.sqlite3"
        path.parent.mkdir()
        assert cli.main(["--db", str(path), "init"]) == 0
        assert cli.main(["--db", str(path), "backup", str(tmp_path / "rieng" / "b.sqlite3")]) == 0
        assert cli.main(["--db", str(path), "location-label", "KHO", "-o", str(tmp_path / "rieng" / "n.pdf")]) in (0, 2)
        created = [p for p in path.parent.iterdir() if p.is_file()]
        assert created and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in created), \
            [(p.name, oct(p.stat().st_mode)) for p in created]
        from evidence_store.config import data_dir
        assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700
        assert stat.S_IMODE(backup_dir(path).stat().st_mode) == 0o700
    finally:
        os.umask(old)


def test_restore_can_be_cancelled_while_the_backup_is_checked_and_lists_what_would_be_lost(world, clerk, tmp_path):
    """HANDS-ON 92/93: preparing a restore reports progress, stops when cancelled (nothing changed), and says what
    the current database holds that the backup does not."""
    db, _ = world
    receive(db, clerk, [phone()], case_number="1/2026/HS")
    saved = backup.backup(db, tmp_path / "b.sqlite3").path
    late = receive(db, clerk, [phone(), phone()], case_number="2/2026/HS")
    with pytest.raises(DomainError) as err:
        backup.prepare_restore(db.url, saved, cancelled=lambda: True)
    assert err.value.code == "restore_cancelled"
    steps = []
    prepared = backup.prepare_restore(db.url, saved, progress=lambda d, t: steps.append((d, t)))
    try:
        lost = prepared.losses
        assert lost.same_history and lost.items == tuple(late.item_codes) and lost.records == (late.handover_number,)
        assert lost.events == 2 and lost.since is not None
        assert steps[-1] == (1000, 1000) and [d for d, _t in steps] == sorted(d for d, _t in steps)
    finally:
        prepared.discard()
    assert not prepared.candidate.exists()
    result = backup.restore(db.url, saved)
    assert result.head_seq == prepared.figures[2]
