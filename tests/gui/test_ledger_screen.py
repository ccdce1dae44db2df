"""Sổ theo dõi as its users meet it: the check of the chain (valid, broken behind the app's back,
cancelled), the recent events (an officer sees own cases only), backups that a restore accepts or
refuses, the security log, and who sees which tab."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from evidence_store.db.migrate import open_database
from evidence_store.domain.errors import DomainError
from evidence_store.demo.base import build_base
from evidence_store.services import context as service_context
from evidence_store.services import ledger_read
from evidence_store.services.accounts import authenticate
from evidence_store.services.commands import CaseInput, ReceiveItems
from evidence_store.services.context import UnitOfWork
from evidence_store.services.intake import receive_items
from tests.integration.builders import deliverer, intake_order, phone, seizure_record

from ui.models.format import code_text

from .conftest import make_ctx


def _receive(db, world, case_number, officer, names, order):
    cmd = ReceiveItems(order=intake_order(order), items=tuple(phone(name=n) for n in names),
                       giver=deliverer(), seizure_record=seizure_record(),
                       new_case=CaseInput(case_number, offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                          handling_agency_id=3, officer_id=world.persons[officer]))
    with UnitOfWork(db, world.actor(db, "thukho")) as uow:
        return receive_items(uow, cmd)


@pytest.fixture(scope="session")
def ledger_template(tmp_path_factory):
    """Two cases: one of the officer 'canbo', one of the commander 'lanhdao'."""
    path = tmp_path_factory.mktemp("ledger") / "ledger.sqlite3"
    db = open_database(f"sqlite:///{path}")
    world = build_base(db)
    _receive(db, world, "125/2026/CSHS", "canbo", ["Điện thoại Samsung Galaxy A52", "Điện thoại iPhone 12"],
             "12/LNK-PC02")
    _receive(db, world, "87/2026/CSKT", "lanhdao", ["Đồng hồ Casio", "Máy tính xách tay Dell"], "13/LNK-PC03")
    db.dispose()
    return path, world


@pytest.fixture
def ledger_db(ledger_template, tmp_path):
    src, world = ledger_template
    path = tmp_path / "kho.sqlite3"
    shutil.copy(src, path)
    db = open_database(f"sqlite:///{path}")
    yield db, world, path
    db.dispose()


@pytest.fixture
def screen_for(qtbot, ledger_db, recorder):
    from ui.screens.ledger import LedgerScreen
    db, world, _path = ledger_db

    def build(username="kiemsat"):
        screen = LedgerScreen(make_ctx(db, world, username))
        qtbot.addWidget(screen)
        screen.show()
        return screen
    return build


def _run(qtbot, operation, timeout=20_000):
    qtbot.waitUntil(lambda: operation.result is not None, timeout=timeout)
    return operation.result


def _codes(db, case_number):
    with sqlite3.connect(db.sqlite_path) as raw:
        return [r[0] for r in raw.execute("SELECT items.code FROM items JOIN cases ON cases.id = items.case_id "
                                          "WHERE cases.number = ? ORDER BY items.id", (case_number,))]


def _tamper(path: Path, sql: str, *params) -> None:
    """What someone with the file and the sqlite3 shell could do: drop the guards, change a row."""
    raw = sqlite3.connect(str(path))
    try:
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            raw.execute(f'DROP TRIGGER "{name}"')
        raw.execute(sql, params)
        raw.commit()
    finally:
        raw.close()


def test_the_head_is_shown_as_printed_and_verify_says_the_ledger_is_valid(qtbot, screen_for, ledger_db):
    db, _world, _path = ledger_db
    screen = screen_for("kiemsat")
    tab = screen.ledger_tab
    with UnitOfWork(db, _world.actor(db, "kiemsat"), write=False) as uow:
        head = ledger_read.ledger_head(uow)
    assert head.seq > 0
    assert tab.head_label.text() == f"Sổ theo dõi đến sự kiện #{head.seq} (mã {head.hash[:12].upper()})"
    assert tab.model.rowCount() == head.seq
    newest = tab.model.row_at(0)
    assert newest.seq == head.seq and newest.item_code
    result = _run(qtbot, tab.start_verify())
    assert result.ok and result.value.ok
    assert tab.result_label.text().startswith(f"Sổ theo dõi hợp lệ: {head.seq} sự kiện, 4 vật chứng khớp")
    assert not tab.open_bad_button.isVisibleTo(screen)


def test_an_item_row_changed_behind_the_apps_back_is_named_and_can_be_opened(qtbot, screen_for, ledger_db):
    db, _world, path = ledger_db
    code = _codes(db, "87/2026/CSKT")[0]
    _tamper(path, "UPDATE items SET name = 'Đồng hồ giả' WHERE code = ?", code)
    screen = screen_for("kiemsat")
    tab = screen.ledger_tab
    opened = []
    screen.item_requested.connect(opened.append)
    _run(qtbot, tab.start_verify())
    text = tab.result_label.text()
    assert text.startswith("Sổ theo dõi bị sai lệch từ sự kiện #") and f"vật chứng {code_text(code)}" in text
    assert "dữ liệu vật chứng (name) khác với sổ" in text
    assert tab.open_bad_button.text() == f"Mở vật chứng {code_text(code)}" and tab.open_bad_button.isVisibleTo(screen)
    tab.open_bad_button.click()
    assert opened == [code]


def test_an_event_changed_behind_the_apps_back_breaks_the_chain_there(qtbot, screen_for, ledger_db):
    db, _world, path = ledger_db
    _tamper(path, "UPDATE custody_events SET workstation = 'MAY-LA' WHERE seq = 3")
    with sqlite3.connect(str(path)) as raw:
        item_id = raw.execute("SELECT item_id FROM custody_events WHERE seq = 3").fetchone()[0]
        code = raw.execute("SELECT code FROM items WHERE id = ?", (item_id,)).fetchone()[0]
    screen = screen_for("thukho")
    tab = screen.ledger_tab
    _run(qtbot, tab.start_verify())
    lines = tab.result_label.text().splitlines()
    assert lines[0] == (f"Sổ theo dõi bị sai lệch từ sự kiện #3, vật chứng {code_text(code)}: "
                        "nội dung sự kiện đã bị sửa (mã băm không khớp).")
    # the dropped triggers are reported apart (issue #14)
    assert lines[1].startswith("SAI LỆCH: thiếu lớp bảo vệ của cơ sở dữ liệu (trigger): custody_events_no_update")


def test_cancel_stops_the_check_without_a_verdict(qtbot, screen_for, ledger_db):
    db, world, _path = ledger_db
    partial = ledger_read.verify_ledger(db, world.actor(db, "kiemsat"), cancelled=lambda: True, batch=1)
    assert partial.events == 1  # the service stops after the batch it was in
    screen = screen_for("kiemsat")
    tab = screen.ledger_tab
    operation = tab.start_verify()
    operation.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    _run(qtbot, operation)
    assert tab.result_label.text() == "Đã dừng kiểm tra theo yêu cầu; chưa có kết luận."
    assert tab.verify_button.isEnabled() and tab.last_result is None


def test_an_officer_sees_only_the_events_of_own_cases(screen_for, ledger_db):
    db, _world, _path = ledger_db
    own, other = _codes(db, "125/2026/CSHS"), _codes(db, "87/2026/CSKT")
    officer = screen_for("canbo")
    tab = officer.ledger_tab
    seen = {tab.model.row_at(r).item_code for r in range(tab.model.rowCount())}
    assert seen == set(own)
    assert not seen & set(other)
    assert "Các sự kiện thuộc vụ án do bạn thụ lý" in tab.list_label.text()
    supervisor = screen_for("kiemsat")
    everyone = supervisor.ledger_tab
    assert {everyone.model.row_at(r).item_code for r in range(everyone.model.rowCount())} >= set(own + other)


def test_the_supervisor_sees_the_ledger_and_the_security_log_but_no_backup(screen_for):
    screen = screen_for("kiemsat")
    titles = [screen.tabs.tabText(i) for i in range(screen.tabs.count())]
    assert titles == ["Sổ theo dõi", "Nhật ký an ninh"]
    assert screen.backup_tab is None


def test_clerks_back_up_but_only_the_administrator_restores(screen_for):
    clerk = screen_for("thukho")
    assert [clerk.tabs.tabText(i) for i in range(clerk.tabs.count())] == ["Sổ theo dõi", "Sao lưu"]
    assert clerk.backup_tab.restore_button is None
    admin = screen_for("quantri")
    assert [admin.tabs.tabText(i) for i in range(admin.tabs.count())] == ["Sổ theo dõi", "Sao lưu", "Nhật ký an ninh"]
    assert admin.backup_tab.restore_button is not None


def test_the_security_log_lists_the_login_and_filters_by_kind(screen_for, ledger_db):
    db, _world, _path = ledger_db
    service_context.run(db, None, authenticate, "kiemsat", "KiemSat@2026")
    screen = screen_for("kiemsat")
    log = screen.security_tab
    log.reload()
    rows = [[log.table.item(r, c).text() for c in range(5)] for r in range(log.table.rowCount())]
    assert rows[0][1] == "kiemsat" and rows[0][3] == "Đăng nhập"
    assert ["quantri", "Tạo người dùng", "bởi: system; vai trò: Quản trị hệ thống"] in [r[1:2] + r[3:] for r in rows]
    log.kind_box.setCurrentIndex(log.kind_box.findData("user_created"))
    kinds = {log.table.item(r, 3).text() for r in range(log.table.rowCount())}
    assert kinds == {"Tạo người dùng"}


def test_the_security_log_reloads_on_a_visit_only_when_an_event_was_logged(screen_for, ledger_db, monkeypatch):
    """Issue #18: coming back to Sổ theo dõi reloads the security log only when something was logged since."""
    from evidence_store.services import user_admin
    db, _world, _path = ledger_db
    screen = screen_for("kiemsat")
    loads = []
    real = user_admin.security_log
    monkeypatch.setattr(user_admin, "security_log", lambda *a, **kw: loads.append(1) or real(*a, **kw))
    screen.activated()
    screen.activated()
    assert loads == []  # nothing new: the table stays as it was
    with pytest.raises(DomainError):  # a failed login, from another workstation
        service_context.run(db, None, authenticate, "kiemsat", "sai mật khẩu")
    screen.activated()
    log = screen.security_tab
    assert loads == [1] and log.table.item(0, 3).text() == "Đăng nhập không thành công"
    screen.activated()
    assert loads == [1]


def test_a_backup_is_written_and_a_restore_brings_it_back_then_returns_to_the_login(
        qtbot, main_window, recorder, ledger_db, tmp_path):
    from ui import app as gui_app
    db, world, path = ledger_db
    window = main_window("quantri")
    window.ctx.db = db  # main_window's structure-only world → this test's ledger
    window.ctx.actor = world.actor(db, "quantri")
    screen = window.navigate("ledger")
    assert screen is not None and "Sổ theo dõi" in window.nav_titles
    recorder.save_path = str(tmp_path / "sao-luu.sqlite3")
    _run(qtbot, screen.backup_tab.start_backup())
    assert Path(recorder.save_path).stat().st_size > 0
    assert recorder.texts("info")[-1].startswith(f"Đã sao lưu vào tệp {recorder.save_path}")
    assert screen.backup_tab.status.text() == recorder.texts("info")[-1]
    late = _receive(db, world, "201/2026/CSHS", "canbo", ["Xe máy Honda Wave"], "14/LNK-PC02")  # after the backup
    assert len(_codes(db, "201/2026/CSHS")) == 1

    signals = []
    window.database_replaced.connect(lambda: signals.append("replaced"))
    window.logged_out.connect(lambda: signals.append("logged_out"))
    recorder.open_files = [recorder.save_path]
    prepared = _run(qtbot, screen.backup_tab.start_restore())  # copied aside and verified: nothing changed yet
    lost = prepared.value.losses
    assert lost.same_history and lost.events >= 1 and lost.items == tuple(late.item_codes)
    assert lost.records == (late.handover_number,)
    restored = _run(qtbot, screen.backup_tab.apply_operation)
    assert recorder.texts("error") == []
    question = recorder.texts("confirm")[-1]  # what will be lost is said before (HANDS-ON 92)
    assert f"SẼ MẤT những gì ghi sau bản sao lưu: {lost.events} sự kiện" in question, question
    assert f"Biên bản lập sau bản sao lưu (1): {late.handover_number}" in question
    assert code_text(late.item_codes[0]) in question and "sẽ không được cấp lại" in question
    assert restored.value.safety_copy.exists()  # the database as it was, kept aside
    with sqlite3.connect(db.sqlite_path) as raw:
        assert raw.execute("SELECT username FROM security_events WHERE kind = 'database_restored'").fetchall() == [
            ("quantri",)]
    assert recorder.messages[-2][0] == "confirm" and "bản sao an toàn" in recorder.messages[-2][2]
    assert recorder.texts("info")[-1].startswith(f"Đã khôi phục từ tệp {recorder.save_path}")
    assert signals == ["replaced", "logged_out"]
    assert _codes(db, "201/2026/CSHS") == []  # the item received after the backup is gone
    assert len(_codes(db, "125/2026/CSHS")) == 2
    old = window.ctx.db
    assert gui_app.reopen_database(window.ctx)
    assert window.ctx.db is not old and window.ctx.actor is None
    window.ctx.db.dispose()


def test_restore_shows_progress_and_hủy_stops_it_before_anything_changes(qtbot, screen_for, recorder, ledger_db,
                                                                        tmp_path, monkeypatch):
    """HANDS-ON 93: the check of the backup reports progress, and Hủy stops it; nothing is replaced. Answering
    no to the question (what would be lost) replaces nothing either."""
    db, _world, _path = ledger_db
    screen = screen_for("quantri")
    recorder.save_path = str(tmp_path / "sao-luu.sqlite3")
    _run(qtbot, screen.backup_tab.start_backup())
    before = _codes(db, "87/2026/CSKT")
    recorder.open_files = [recorder.save_path]
    import threading
    from evidence_store.services import backup as backup_service
    started, go, seen = threading.Event(), threading.Event(), []
    real_copy = backup_service._copy_sqlite

    def held_copy(*args, **kwargs):  # the copy waits until the user has pressed Hủy
        started.set()
        go.wait(10)
        return real_copy(*args, **kwargs)
    monkeypatch.setattr(backup_service, "_copy_sqlite", held_copy)
    operation = screen.backup_tab.start_restore()
    operation.bridge.progressed.connect(lambda done, total: seen.append((done, total)))
    assert started.wait(10)
    from PySide6.QtWidgets import QPushButton
    operation.dialog.findChild(QPushButton).click()  # Hủy
    go.set()
    result = _run(qtbot, operation)
    assert not result.ok and operation.cancelled
    assert all(total == 1000 for _d, total in seen)
    monkeypatch.undo()
    assert screen.backup_tab.status.text() == "Đã hủy khôi phục; cơ sở dữ liệu hiện tại được giữ nguyên."
    assert screen.backup_tab.apply_operation is None and recorder.texts("error") == []
    recorder.confirm_answer = False  # now to the question, and "no"
    operation = screen.backup_tab.start_restore()
    operation.bridge.progressed.connect(lambda done, total: seen.append((done, total)))
    _run(qtbot, operation)
    qtbot.waitUntil(lambda: (1000, 1000) in seen)  # the bar went to its end
    assert screen.backup_tab.apply_operation is None and "không mất gì" in recorder.texts("confirm")[-1]
    assert _codes(db, "87/2026/CSKT") == before and screen.ledger_tab.model.rowCount() > 0


def test_a_tampered_backup_is_refused_and_nothing_is_replaced(qtbot, screen_for, recorder, ledger_db, tmp_path):
    db, _world, _path = ledger_db
    screen = screen_for("quantri")
    recorder.save_path = str(tmp_path / "sao-luu.sqlite3")
    _run(qtbot, screen.backup_tab.start_backup())
    code = _codes(db, "87/2026/CSKT")[0]
    _tamper(Path(recorder.save_path), "UPDATE items SET state = 'returned' WHERE code = ?", code)
    recorder.open_files = [recorder.save_path]
    before = _codes(db, "87/2026/CSKT")
    result = _run(qtbot, screen.backup_tab.start_restore())
    assert not result.ok
    assert recorder.texts("error")[-1].startswith("Bản sao lưu không hợp lệ hoặc sổ theo dõi bị sai lệch:")
    assert code in recorder.texts("error")[-1]
    assert screen.backup_tab.status.text() == "Không khôi phục; cơ sở dữ liệu hiện tại được giữ nguyên."
    assert _codes(db, "87/2026/CSKT") == before
    assert screen.ledger_tab.model.rowCount() > 0  # the app goes on with its database
    with sqlite3.connect(db.sqlite_path) as raw:
        assert raw.execute("SELECT state FROM items WHERE code = ?", (code,)).fetchone()[0] != "returned"


def test_on_postgresql_the_backup_buttons_show_the_services_message(screen_for, recorder, monkeypatch):
    from evidence_store.db.engine import Database
    screen = screen_for("quantri")
    monkeypatch.setattr(Database, "is_sqlite", property(lambda self: False))
    monkeypatch.setattr(screen.ctx.db, "url", "postgresql+psycopg://kho@db.local/kho")
    assert screen.backup_tab.start_backup() is None
    assert screen.backup_tab.start_restore() is None
    errors = recorder.texts("error")
    assert "pg_dump" in errors[0] and "pg_restore" in errors[1]


def test_the_check_reports_protections_attachments_and_security_log_apart(qtbot, screen_for, ledger_db):
    """Issue #14: the GUI's check is the same verify; its figures for the database's protections, the
    attachments and the security log each get their own line."""
    import os
    db, _world, path = ledger_db
    screen = screen_for("thukho")
    tab = screen.ledger_tab
    _run(qtbot, tab.start_verify())
    lines = tab.result_label.text().splitlines()
    assert lines[0].startswith("Sổ theo dõi hợp lệ") and len(lines) == 4
    assert lines[1] == "Lớp bảo vệ của cơ sở dữ liệu (trigger chỉ ghi thêm): đủ"
    assert lines[2].startswith("Tệp đính kèm (ảnh, bản quét biên bản đã ký): ")
    assert lines[3].startswith("Nhật ký an ninh: ") and lines[3].endswith("chuỗi băm hợp lệ")
    _tamper(path, "UPDATE security_events SET username = 'ai-do' WHERE id = 1")
    _run(qtbot, tab.start_verify())
    lines = tab.result_label.text().splitlines()
    assert lines[0].startswith("Sổ theo dõi hợp lệ")  # the custody ledger itself is intact
    assert lines[1].startswith("SAI LỆCH: thiếu lớp bảo vệ") and lines[-1].startswith(
        "SAI LỆCH: nhật ký an ninh bị sửa tại mục #1: nội dung đã bị sửa")
    if os.environ.get("KVC_SHOT_DIR"):
        screen.resize(1366, 768)
        screen.grab().save(os.path.join(os.environ["KVC_SHOT_DIR"], "verify-security-log-altered.png"))
