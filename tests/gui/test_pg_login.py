"""A shared workstation on PostgreSQL, as its users meet it (issue #14): the workstation's settings name the
server and the database, no user. The login screen takes a name and a password and the app connects as that
user's own login role; a wrong password, a deactivated or a locked account and a server that is down each get
their sentence; Đăng xuất and the next user reconnects as the next user."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import text
from sqlalchemy.engine import make_url

from evidence_store.db.migrate import open_database
from evidence_store.db.models import User
from evidence_store.services.persistence import utcnow
from evidence_store.services.context import UnitOfWork
from tests.pg_logins import drop_roles, secure, server_url
from ui.context import AppContext, AppSignals
from ui.screens.login import LoginDialog

from .test_shell import login

pytestmark = [pytest.mark.postgres, pytest.mark.pg_cluster]  # login roles are cluster-wide


@pytest.fixture
def pg_shell(request, pg_world_template):
    """(owner db, world, server URL without a user) with the demo accounts' own login roles."""
    from tests.pg_support import pg_database_from
    db = open_database(pg_database_from(request, "pg_world_template"))
    secure(db)
    yield db, pg_world_template[1], server_url(db)
    db.dispose()


def _session_user(db) -> str:
    with db.reader.connect() as conn:
        return conn.execute(text("SELECT session_user")).scalar()


def test_the_login_screen_connects_as_the_user_and_says_why_not(qtbot, pg_shell, recorder):
    db, world, url = pg_shell
    ctx = AppContext(None, None, AppSignals(), server_url=url)
    dialog, ok = login(qtbot, ctx, "thukho", "sai-mat-khau1")
    assert not ok and ctx.db is None and dialog.password.text() == ""
    assert recorder.texts() == ["Sai tên đăng nhập hoặc mật khẩu"]
    parsed = make_url(url)
    assert dialog.server_label.text() == f"Máy chủ cơ sở dữ liệu: 127.0.0.1:{parsed.port}/{parsed.database}"
    with UnitOfWork(db) as uow:  # the commander's account is locked, the officer's deactivated
        uow.session.get(User, world.users["lanhdao"]).locked_until = utcnow() + timedelta(minutes=7)
        uow.commit()
    admin_ctx = AppContext(None, None, AppSignals(), server_url=url)
    _, ok = login(qtbot, admin_ctx, "quantri", "QuanTri@2026")
    assert ok and _session_user(admin_ctx.db) == "quantri"
    from evidence_store.services import accounts, user_admin
    from ui import operations
    admin_ctx.actor = accounts.session_actor(admin_ctx.db)
    assert operations.perform(admin_ctx, user_admin.deactivate_user, world.users["canbo"]).ok
    login(qtbot, ctx, "lanhdao", "LanhDao@2026")
    login(qtbot, ctx, "canbo", "CanBo@2026")
    assert recorder.texts()[1:] == ["Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 7 phút",
                                    "Tài khoản canbo đã ngừng sử dụng; liên hệ quản trị viên để kích hoạt lại"]
    # the server is down (nothing listens on the configured port): one sentence, no traceback
    down_url = parsed.set(port=1).render_as_string(hide_password=False)
    down = AppContext(None, None, AppSignals(), server_url=down_url)
    _, ok = login(qtbot, down, "thukho", "ThuKho@2026")
    assert not ok and recorder.texts()[-1] == ("Không kết nối được máy chủ cơ sở dữ liệu 127.0.0.1:1/"
                                               + parsed.database + ": máy chủ không chạy hoặc mạng không "
                                               "thông; hãy thử lại sau hoặc báo quản trị viên")
    assert all("Traceback" not in t and "Lỗi hệ thống" not in t for t in recorder.texts())
    # the database named in the settings does not exist; a login role the owner never gave any grant
    missing = AppContext(None, None, AppSignals(), server_url=parsed.set(database="kvc_khong_co").render_as_string(
        hide_password=False))
    _, ok = login(qtbot, missing, "thukho", "ThuKho@2026")
    assert not ok and recorder.texts()[-1] == (f"Máy chủ 127.0.0.1:{parsed.port}/kvc_khong_co không có cơ sở dữ "
                                               "liệu kvc_khong_co; kiểm tra tên cơ sở dữ liệu trong cài đặt của máy trạm")
    with db.writer.connect() as conn:
        conn.info["ledger_maintenance"] = True
        conn.exec_driver_sql("DROP ROLE IF EXISTS kvc_t_chuacap")
        conn.exec_driver_sql("CREATE ROLE kvc_t_chuacap LOGIN PASSWORD 'ChuaCap@2026'")
        conn.commit()
    try:
        _, ok = login(qtbot, ctx, "kvc_t_chuacap", "ChuaCap@2026")
    finally:
        drop_roles(db, ["kvc_t_chuacap"])
    assert not ok and recorder.texts()[-1].startswith("Tài khoản đăng nhập chưa được cấp quyền trên cơ sở dữ liệu")
    assert all("Traceback" not in t and "Lỗi hệ thống" not in t for t in recorder.texts())
    _, ok = login(qtbot, ctx, "thukho", "ThuKho@2026")
    assert ok and _session_user(ctx.db) == "thukho" and ctx.db.login_name == "thukho"
    for c in (ctx, admin_ctx):
        c.db.dispose()


def test_switching_user_reconnects_as_the_next_user(qtbot, qapp, pg_shell, recorder, monkeypatch):
    """The app's own session loop: the clerk logs in, works, Đăng xuất; the commander logs in on the same
    workstation and the connection is now the commander's; closing the window ends the app."""
    from ui import app as app_module
    from ui.main_window import MainWindow
    from ui.scan_feedback import ScanSounds
    db, world, url = pg_shell
    ctx = app_module.open_context(url)
    assert ctx.db is None and ctx.server_url == url  # nobody is connected before someone logs in
    turns = [("thukho", "ThuKho@2026", "logout"), ("lanhdao", "LanhDao@2026", "close")]
    seen: list[tuple[str, str, str]] = []
    windows: list[MainWindow] = []
    real_init = MainWindow.__init__

    def window_init(self, c, **kwargs):
        real_init(self, c, idle_minutes=0, sounds=ScanSounds(muted=True), **kwargs)
        qtbot.addWidget(self)  # destroyed by pytest-qt after the test, not by the garbage collector at random
        windows.append(self)
        seen.append((c.actor.username, _session_user(c.db), c.warehouse_name))
        _, _, then = turns[len(windows) - 1]
        QTimer.singleShot(0, (lambda: self.logout(ask=False)) if then == "logout" else self.close)

    monkeypatch.setattr(app_module, "MainWindow", type("W", (MainWindow,), {"__init__": window_init}))

    def fill_login():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
        name, password, _ = turns[len(windows)]
        dialog.username.setText(name)
        dialog.password.setText(password)
        dialog.login_button.click()

    real_exec = LoginDialog.exec

    def exec_(self):
        qtbot.addWidget(self)
        QTimer.singleShot(0, fill_login)
        return real_exec(self)

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    assert app_module.session_loop(qapp, ctx, "") == 0
    assert [s[:2] for s in seen] == [("thukho", "thukho"), ("lanhdao", "lanhdao")]
    assert seen[0][2] == "Kho vật chứng Công an thành phố Hà Nội"
    assert recorder.texts() == []
    if ctx.db is not None:
        ctx.db.dispose()
    for window in windows:  # closed windows go now, inside this test, not at a later test's event processing
        window.deleteLater()
    import gc
    gc.collect()
    QApplication.processEvents()
