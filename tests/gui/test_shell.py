"""The application shell as a user meets it: first-run setup, login (wrong password, lockout, forced
password change), the navigation by role, scans of unknown and misread codes, the language switch."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from evidence_store.i18n import set_language
from evidence_store.services import accounts
from evidence_store.services.context import UnitOfWork
from ui.scan_feedback import Outcome
from ui.screens.login import ChangePasswordDialog, LoginDialog
from ui.screens.setup import SetupDialog

from .conftest import make_ctx, scanner_burst


def login(qtbot, ctx, username, password):
    dialog = LoginDialog(ctx, username=username)
    qtbot.addWidget(dialog)
    dialog.password.setText(password)
    return dialog, dialog.attempt()


def test_clerk_logs_in(qtbot, shell_world, recorder):
    db, world = shell_world
    dialog, ok = login(qtbot, make_ctx(db, world), "thukho", "ThuKho@2026")
    assert ok and dialog.actor.username == "thukho" and "clerk" in dialog.actor.roles
    assert recorder.messages == []


def test_wrong_password_is_told_and_the_field_cleared(qtbot, shell_world, recorder):
    db, world = shell_world
    dialog, ok = login(qtbot, make_ctx(db, world), "thukho", "sai-mat-khau1")
    assert not ok and dialog.actor is None
    assert recorder.texts() == ["Sai tên đăng nhập hoặc mật khẩu"]
    assert dialog.password.text() == ""


def test_five_failures_lock_the_account(qtbot, shell_world, recorder):
    db, world = shell_world
    ctx = make_ctx(db, world)
    for _ in range(5):
        login(qtbot, ctx, "thukho", "sai-mat-khau1")
    dialog, ok = login(qtbot, ctx, "thukho", "ThuKho@2026")  # even the right password now
    assert not ok
    assert recorder.texts()[-1] == "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 15 phút"


def test_empty_login_fields_are_marked_at_the_field(qtbot, shell_world, recorder):
    db, world = shell_world
    dialog, ok = login(qtbot, make_ctx(db, world), "", "")
    assert not ok and recorder.messages == []
    assert dialog.form.error("username") == "Cần nhập tên đăng nhập"
    assert dialog.form.error("password") == "Cần nhập mật khẩu"


def test_first_login_forces_a_new_password(qtbot, shell_world, recorder):
    db, world = shell_world
    with UnitOfWork(db) as uow:
        accounts.create_user(uow, "thukho2", "TamThoi@2026", ["clerk"], full_name="Đỗ Thị Mai",
                             check_permission=False)
        uow.commit()
    ctx = make_ctx(db, world)
    dialog, ok = login(qtbot, ctx, "thukho2", "TamThoi@2026")
    assert ok and dialog.actor.must_change_password
    change = ChangePasswordDialog(ctx, dialog.actor, forced=True, old_password=dialog.password_used)
    qtbot.addWidget(change)
    change.new.setText("MoiMoi@2027")
    change.again.setText("MoiMoi@2026")
    assert not change.attempt()
    assert change.form.error("again") == "Mật khẩu nhập lại không khớp"
    change.again.setText("MoiMoi@2027")
    assert change.attempt() and not change.actor.must_change_password
    assert login(qtbot, ctx, "thukho2", "MoiMoi@2027")[1]


def test_first_run_setup_creates_the_administrator(qtbot, db, recorder):
    from ui.context import AppContext, AppSignals
    ctx = AppContext(db, None, AppSignals())
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.create()
    assert dialog.form.error("warehouse_name") == "Cần nhập tên kho"
    values = {"warehouse_name": "Kho vật chứng Công an tỉnh Bắc Ninh", "code_prefix": "BN",
              "agency_name": "Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp", "agency_short_name": "PC10",
              "parent_agency_name": "Công an tỉnh Bắc Ninh", "admin_full_name": "Ngô Văn Đức",
              "admin_username": "quantri", "admin_password": "QuanTri@2026", "again": "QuanTri@2026"}
    for key, value in values.items():
        dialog.form.widget(key).setText(value)
    assert dialog.create(), recorder.messages
    assert dialog.username == "quantri"
    _dialog, ok = login(qtbot, ctx, "quantri", "QuanTri@2026")
    assert ok and _dialog.actor.roles == frozenset({"admin"})


def test_setup_refuses_a_prefix_an_input_method_would_mangle(qtbot, db, recorder):
    from ui.context import AppContext, AppSignals
    dialog = SetupDialog(AppContext(db, None, AppSignals()))
    qtbot.addWidget(dialog)
    for key, value in {"warehouse_name": "Kho", "code_prefix": "DA", "agency_name": "PC10",
                       "admin_full_name": "Ngô Văn Đức", "admin_username": "quantri",
                       "admin_password": "QuanTri@2026", "again": "QuanTri@2026"}.items():
        dialog.form.widget(key).setText(value)
    assert not dialog.create()
    assert dialog.form.error("code_prefix").startswith("Tiền tố mã không hợp lệ: DA")
    assert recorder.messages == []


def test_navigation_hides_administration_from_the_clerk(main_window):
    window = main_window("thukho")
    assert "Quản trị" not in window.nav_titles
    assert window.nav_titles[:3] == ["Trang chủ", "Nhập kho", "Xếp kệ"]


def test_administrator_sees_administration_but_no_custody_screens(main_window):
    window = main_window("quantri")
    assert "Nhập kho" not in window.nav_titles and "Xếp kệ" not in window.nav_titles
    from ui.screens import registry
    admin = next(e for e in registry.ENTRIES if e.key == "admin")
    assert registry.load(admin) is not None
    assert "Quản trị" in window.nav_titles


def test_function_keys_navigate(qtbot, main_window):
    window = main_window("thukho")
    window.navigate("intake")
    assert window.current_key == "intake"
    window._keys[0].activated.emit()  # F1
    assert window.current_key == "home"


def indicator_after_scan(window, code, scan_clock):
    scanner_burst(window.nav, code, scan_clock)
    return window.toolbar.indicator


def test_scan_of_an_unknown_code_says_not_found(main_window, scan_clock):
    from evidence_store.domain.codes import check_char
    window = main_window("thukho")
    code = "VC26999999" + check_char("VC26999999")
    indicator = indicator_after_scan(window, code, scan_clock)
    assert window.last_lookup.outcome is Outcome.UNKNOWN
    assert indicator.text() == f"Không tìm thấy mã VC-26-999999-{code[-1]}"  # the printed form (HANDS-ON 22)


def test_scan_with_a_wrong_check_character_says_invalid(main_window, scan_clock):
    from evidence_store.domain.codes import check_char
    window = main_window("thukho")
    body = "VC26000001"
    wrong = next(c for c in "BCFGHJK" if c != check_char(body))
    indicator = indicator_after_scan(window, body + wrong, scan_clock)
    assert window.last_lookup.outcome is Outcome.INVALID_CHECK
    assert indicator.text().startswith("Mã không hợp lệ")


def test_typed_code_in_the_toolbar_field_is_looked_up_too(main_window, recorder):
    window = main_window("thukho")
    window.toolbar.scan_field.setText("xyz-123")
    window.toolbar.scan_field.returnPressed.emit()
    assert window.last_lookup.outcome is Outcome.UNKNOWN
    assert recorder.messages == []


def test_language_switch_rebuilds_the_window_in_english(main_window):
    window = main_window("thukho")
    window.navigate("shelving")
    try:
        window.switch_language("en")
        assert window.nav_titles[:3] == ["Home", "Intake", "Shelving"]
        assert window.current_key == "shelving"
        assert any("User:" in label.text() for label in window.findChildren(QLabel))
    finally:
        set_language("vi")


def test_twenty_thousand_void_qt_calls_do_not_crash(qapp):
    """PySide6 6.12.0 on Python 3.11 aborts after a few thousand void calls (none_dealloc)."""
    label = QLabel()
    for i in range(20_000):
        label.setText(str(i))
    assert label.text() == "19999"


def test_a_hidden_screen_catches_up_when_shown_not_before(main_window):
    """Issue #18: a change refreshes the screen in view at once; a hidden one refreshes when it is shown again,
    with the changes it missed, and not at all when nothing changed meanwhile."""
    from evidence_store.services.results import Changes
    window = main_window("thukho")
    items = window.navigate("items")
    window.navigate("home")
    seen = []
    items.refresh = lambda changes=None: seen.append(changes)
    change = Changes(item_codes=("VC26000001Q",))
    window.ctx.signals.changes_applied.emit(change)
    assert seen == []  # hidden: nothing reloaded yet
    window.navigate("items")
    assert seen == [change]
    window.navigate("home")
    window.navigate("items")
    assert seen == [change]  # shown again with nothing new: no reload
