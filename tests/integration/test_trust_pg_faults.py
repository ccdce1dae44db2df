"""Issue #14, faults on the real PostgreSQL server: the server down, a host that does not exist, a database
missing, a wrong password, a login role without grants, a statement cancelled by statement_timeout, the
connection cut in the middle of a transaction. Every command gives one Vietnamese sentence and exit status 2,
never a traceback, and nothing is half-written; the service layer says the same and rolls back."""

from __future__ import annotations

import hashlib
import socket

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import make_url

from evidence_store import cli
from evidence_store.db import migrate
from evidence_store.db.models import Base
from evidence_store.error_texts import message
from evidence_store.services import copy as copy_service, storage
from evidence_store.services.commands import MoveItems
from evidence_store.services.context import run
from evidence_store.services.verify import verify
from tests.pg_logins import drop_roles, need_createrole

from .builders import phone, receive
from .test_trust_faults import command_lines

pytestmark = pytest.mark.postgres
NO_GRANTS = "kvc_t_khongquyen"

# the sentence each fault must produce (the start of the message after "Lỗi: ")
EXPECTED = {
    "server-down": "Không kết nối được máy chủ cơ sở dữ liệu",
    "unknown-host": "Không kết nối được máy chủ cơ sở dữ liệu",
    "database-missing": "Máy chủ ",
    "wrong-password": "Sai tên đăng nhập hoặc mật khẩu",
    "role-without-grants": "Tài khoản đăng nhập chưa được cấp quyền",
    "statement-timeout": "Máy chủ cơ sở dữ liệu đã hủy thao tác vì chạy quá thời gian cho phép",
    "connection-dropped": "Mất kết nối với máy chủ cơ sở dữ liệu giữa chừng",
}


def snapshot(db) -> str:
    digest = hashlib.sha256()
    with db.session(write=False) as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Killer:
    """Cuts a connection from the server side (pg_terminate_backend) the moment it executes a chosen statement:
    what a network cut or a server restart does to a workstation in the middle of its work."""

    def __init__(self, owner_db, when) -> None:
        self.owner_db, self.when, self.killed = owner_db, when, 0

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.when(statement):
            pid = conn.connection.dbapi_connection.info.backend_pid
            with self.owner_db.reader.connect() as admin:
                admin.execute(text("SELECT pg_terminate_backend(:p, 5000)"), {"p": pid})
            self.killed += 1


@pytest.fixture
def faulty(world, clerk, monkeypatch, tmp_path):
    """``url_for(fault)`` → (URL the commands use, cleanup); the good database stays as it was."""
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    url = make_url(db.url)
    held = []

    def url_for(fault: str) -> str:
        if fault == "server-down":
            return url.set(host="127.0.0.1", port=_free_port()).render_as_string(hide_password=False)
        if fault == "unknown-host":
            return url.set(host="kvc-khong-co-may-chu.invalid").render_as_string(hide_password=False)
        if fault == "database-missing":
            return url.set(database="kvc_khong_co_csdl").render_as_string(hide_password=False)
        if fault == "wrong-password":
            return url.set(password="sai-mat-khau").render_as_string(hide_password=False)
        if fault == "role-without-grants":  # a login role the owner made but never ran pg-login/pg-secure for
            need_createrole(db)
            with db.writer.connect() as conn:
                conn.info["ledger_maintenance"] = True
                conn.exec_driver_sql(f"DROP ROLE IF EXISTS {NO_GRANTS}")
                conn.exec_driver_sql(f"CREATE ROLE {NO_GRANTS} LOGIN PASSWORD 'KhongQuyen@2026'")
                conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {NO_GRANTS}")
                conn.commit()
            return url.set(username=NO_GRANTS, password="KhongQuyen@2026").render_as_string(hide_password=False)
        if fault == "statement-timeout":  # another session holds a lock longer than the server lets a statement wait
            lock = db.writer.connect()
            lock.info["ledger_maintenance"] = True
            lock.exec_driver_sql("LOCK TABLE alembic_version, custody_events, items IN ACCESS EXCLUSIVE MODE")
            held.append(lock)
            return url.update_query_dict({"options": "-c statement_timeout=300"}).render_as_string(
                hide_password=False)
        if fault == "connection-dropped":  # every connection dies the moment a command takes it to work
            def cut(dbapi_connection, record, proxy):
                with db.reader.connect() as admin:
                    admin.execute(text("SELECT pg_terminate_backend(:p, 5000)"),
                                  {"p": dbapi_connection.info.backend_pid})

            def arm(opened):
                for engine in (opened.writer, opened.reader):
                    event.listen(engine, "checkout", cut)
                return opened
            real_open, real_connect = migrate.open_database, copy_service.connect
            monkeypatch.setattr(migrate, "open_database", lambda *a, **k: arm(real_open(*a, **k)))
            monkeypatch.setattr(copy_service, "connect", lambda *a, **k: arm(real_connect(*a, **k)))
            return db.url
        raise AssertionError(fault)

    yield db, code, tmp_path, url_for, held
    for lock in held:
        lock.rollback()
        lock.close()
    drop_roles(db, [NO_GRANTS])


@pytest.mark.pg_cluster  # the login role without grants (cluster-wide), dropped after each fault
@pytest.mark.parametrize("fault", list(EXPECTED))
def test_every_command_gives_a_sentence_and_status_2_on_a_server_fault(faulty, fault, capsys, monkeypatch):
    db, code, tmp, url_for, held = faulty
    before = snapshot(db)
    bad = url_for(fault)
    monkeypatch.setenv(cli.ENV_PASSWORD, "ThuKho@2026")  # pg-login would otherwise ask for one
    (tmp / "out.pdf.csv").write_text("ma,ten\nVC1,Dao\n", "utf-8")
    results = {}
    for name, argv in command_lines(bad, str(tmp / "out.pdf"), code).items():
        if name == "restore":  # restore checks a backup file first: here a file that is there, then the server
            argv = ["restore", str(tmp / "out.pdf.csv"), "--check"]
        status = cli.main(["--db", bad] + argv)
        err = capsys.readouterr().err.strip()
        results[name] = (status, err.splitlines()[-1] if err else "", err)
    wrong = {n: r[:2] for n, r in results.items()
             if r[0] != 2 or not r[1].startswith("Lỗi: ") or "Traceback" in r[2] or len(r[2].splitlines()) != 1}
    assert not wrong, wrong
    expected = EXPECTED[fault]
    told = {n: r[1] for n, r in results.items() if not r[1].startswith("Lỗi: " + expected)}
    told.pop("restore", None)  # a text file is no backup: that is said first, before any server is asked
    if "pg_dump" in told.get("backup", ""):  # on PostgreSQL, backups are pg_dump's: said before any work
        told.pop("backup")
    assert not told, told
    for _name, (_s, line, _e) in results.items():
        assert "kvc:kvc" not in line and "sai-mat-khau" not in line and "KhongQuyen@2026" not in line
    assert set(results) == set(cli.COMMANDS)
    while held:  # the other session's lock ends: nothing was written by any of the commands
        lock = held.pop()
        lock.rollback()
        lock.close()
    monkeypatch.undo()
    assert snapshot(db) == before and verify(db).ok
    with capsys.disabled():
        print(f"\n[pg-faults] {fault}: {len(results)} commands, all exit 2 with «{results['items'][1][:90]}»")


def test_a_transaction_cut_in_the_middle_writes_nothing(world, clerk, capsys):
    """A move of three items: the connection dies when their ledger events are being appended, after the items'
    locations were already updated in that transaction. The user reads one sentence; the server rolled
    everything back; the next attempt (a fresh connection from the pool) succeeds."""
    db, w = world
    codes = receive(db, clerk, [phone(seal_number=f"NP-{i}") for i in range(3)]).item_codes
    before = snapshot(db)
    seen = {"updates": 0}

    def second_append(statement: str) -> bool:
        if statement.lstrip().upper().startswith("UPDATE ITEMS"):
            seen["updates"] += 1
        return "custody_events" in statement and "INSERT" in statement.upper() and seen["updates"] > 0
    killer = Killer(db, second_append)
    event.listen(db.writer, "before_cursor_execute", killer)
    try:
        with pytest.raises(Exception) as err:
            run(db, clerk, storage.move_items, MoveItems(tuple(codes), w.locations["bin_A112"]))
    finally:
        event.remove(db.writer, "before_cursor_execute", killer)
    from evidence_store.db.faults import database_error
    assert killer.killed == 1 and seen["updates"] >= 1  # cut in the middle: items already updated
    cut = database_error(err.value)
    assert cut.code == "connection_lost"
    assert message(cut) == ("Mất kết nối với máy chủ cơ sở dữ liệu giữa chừng; thao tác không được ghi "
                            "(không có gì ghi dở), hãy thử lại")
    assert snapshot(db) == before  # nothing half-written: no location changed, no event appended
    assert verify(db).ok
    run(db, clerk, storage.move_items, MoveItems(tuple(codes), w.locations["bin_A112"]))
    assert verify(db).ok and snapshot(db) != before


def test_a_statement_timeout_in_the_middle_writes_nothing(world, clerk):
    """The server cancels a statement that waits too long (statement_timeout) after the transaction already
    changed rows: one sentence, everything rolled back."""
    db, w = world
    codes = receive(db, clerk, [phone()]).item_codes
    before = snapshot(db)
    url = make_url(db.url).update_query_dict({"options": "-c statement_timeout=300"}).render_as_string(
        hide_password=False)
    short = migrate.open_database(url, create=False)
    lock = db.writer.connect()
    try:
        lock.info["ledger_maintenance"] = True
        lock.exec_driver_sql("LOCK TABLE custody_events IN ACCESS EXCLUSIVE MODE")  # the ledger append waits
        with pytest.raises(Exception) as err:
            run(short, clerk, storage.move_items, MoveItems(tuple(codes), w.locations["bin_A112"]))
    finally:
        lock.rollback()
        lock.close()
        short.dispose()
    from evidence_store.db.faults import database_error
    assert database_error(err.value).code == "statement_timeout"
    assert snapshot(db) == before and verify(db).ok
