"""Start the GUI: QApplication with the bundled fonts, the language, the database, first-run
setup or login, then the main window (again after a logout)."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from evidence_store.config import APP_NAME, resolve_db_url
from evidence_store.db.engine import Database
from evidence_store.db.migrate import open_database
from evidence_store.db.pg_security import needs_login
from evidence_store.i18n import LANGUAGES, _, set_language
from evidence_store.services import backup, lookups, settings, setup

from . import dialogs, operations, qt_translations
from .context import AppContext, AppSignals
from .main_window import MainWindow
from .screens.login import ChangePasswordDialog, LoginDialog
from .screens.setup import SetupDialog, discard_half_built

log = logging.getLogger("ui.app")
FONTS_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
UI_FONT = "Liberation Sans"
UI_POINT_SIZE = 10


def load_fonts() -> list[str]:
    """Register the bundled TTFs so the app never depends on system fonts (STACK-CHECK §2.2)."""
    families: set[str] = set()
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.update(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(families)


def make_application() -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    return app


def apply_font(app: QApplication) -> QFont:
    load_fonts()
    font = QFont(UI_FONT, UI_POINT_SIZE)
    app.setFont(font)
    return font


def preferences() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)


def choose_language(lang: str | None) -> str:
    chosen = lang or str(preferences().value("language", "vi"))
    chosen = chosen if chosen in LANGUAGES else "vi"
    set_language(chosen)
    qt_translations.install(chosen)  # Qt's own dialogs and buttons too (HANDS-ON 67)
    return chosen


def remember_language(lang: str) -> None:
    preferences().setValue("language", lang)


def open_context(db: str | None) -> AppContext | None:
    """Open and migrate the database; a refusal (e.g. database_newer) is shown, not raised."""
    url = resolve_db_url(db)
    if needs_login(url):  # a shared workstation: nobody is connected until someone logs in as themself
        return AppContext(None, None, AppSignals(), server_url=url)
    try:
        database: Database = open_database(url)
        settings.apply_time_zone(database)  # screens and paper show times in the warehouse's zone (the setting)
    except Exception as error:  # the start-up boundary: DomainError as a sentence, else logged
        dialogs.report(error)
        return None
    return AppContext(database, None, AppSignals())


def warehouse_name(ctx: AppContext) -> str:
    result = operations.query(ctx, lookups.warehouse_info)
    return result.value.name if result.ok and result.value else ""


def first_run(ctx: AppContext) -> str | None:
    """The setup wizard when the database is empty. Returns the username to offer, "" when set up
    already, None when the user gave up."""
    half = operations.query(ctx, setup.demo_half_built)
    if not half.ok:
        return None
    if half.value:  # a demo build was killed half-way: its database is not a warehouse
        if not dialogs.confirm(_("Lần nạp dữ liệu mẫu trước bị ngắt giữa chừng nên cơ sở dữ liệu này chưa dùng "
                                  "được. Xóa dữ liệu dở dang và thiết lập lại từ đầu?"),
                                yes=_("Xóa và thiết lập lại"), no=_("Thoát")):
            return None
        if not discard_half_built(ctx):
            return None
    result = operations.query(ctx, setup.is_initialised)
    if not result.ok:
        return None
    if result.value:
        return ""
    dialog = SetupDialog(ctx)
    return dialog.username if dialog.exec() == QDialog.DialogCode.Accepted else None


def login(ctx: AppContext, username: str = ""):
    """The logged-in actor (after a forced password change when required), or None."""
    dialog = LoginDialog(ctx, username=username)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    actor = dialog.actor
    if actor.must_change_password:
        change = ChangePasswordDialog(ctx, actor, forced=True, old_password=dialog.password_used)
        if change.exec() != QDialog.DialogCode.Accepted or change.actor is None:
            return None
        actor = change.actor
    return actor


def session_loop(app: QApplication, ctx: AppContext, username: str) -> int:
    """Login → main window, until the user quits instead of logging out."""
    while True:
        actor = login(ctx, username)
        if actor is None:
            return 0
        ctx.actor = actor
        if ctx.server_url:
            ctx.warehouse_name = warehouse_name(ctx)
        window = MainWindow(ctx)
        logged_out: list[bool] = []
        replaced: list[bool] = []
        window.logged_out.connect(lambda: logged_out.append(True))
        window.database_replaced.connect(lambda: replaced.append(True))
        window.language_changed.connect(remember_language)
        window.show()
        app.exec()
        if replaced and not reopen_database(ctx):
            return 1
        if not logged_out:
            return 0
        ctx.actor, username = None, ""
        if ctx.server_url and ctx.db is not None:  # the next user connects as themself
            ctx.db.dispose()
            ctx.db = None


def reopen_database(ctx: AppContext) -> bool:
    """After a restore (the main window's ``database_replaced``): drop the engines that knew the old
    file and open the restored one afresh (migrated, checked) in the same context, so the login that
    follows and every screen after it read the restored data. False when it cannot be opened."""
    url = ctx.db.url
    ctx.db.dispose()
    ctx.actor = None  # the restored database may not even know this user
    try:
        ctx.db = open_database(url)
        settings.apply_time_zone(ctx.db)  # the restored database's own setting
    except Exception as error:  # the start-up boundary again: shown, then the app ends
        dialogs.report(error)
        return False
    ctx.warehouse_name = warehouse_name(ctx)
    return True


def start_daily_backup(ctx: AppContext, folder: Path | None = None) -> threading.Thread:
    """The first start of a day copies the database (kept N days), off the UI thread so start-up
    stays instant; db.sqlite_copy gives a consistent copy while the app works (WAL). ``folder``:
    elsewhere than beside the database (the benchmark)."""
    def work() -> None:
        try:
            backup.daily_backup(ctx.db, folder=folder)
        except Exception:  # a failed backup must not stop the clerk; it is logged for the administrator
            log.exception("daily backup failed")

    thread = threading.Thread(target=work, name="daily-backup", daemon=True)
    thread.start()
    return thread


def run(db: str | None = None, lang: str | None = None) -> int:
    app = make_application()
    apply_font(app)
    choose_language(lang)
    app.setApplicationDisplayName(_("Kho Vật Chứng"))
    ctx = open_context(db)
    if ctx is None:
        return 1
    try:
        if ctx.server_url:  # the server was set up by its owner (docs/POSTGRESQL.md §3); backups are the server's
            return session_loop(app, ctx, "")
        username = first_run(ctx)
        if username is None:
            return 0
        ctx.warehouse_name = warehouse_name(ctx)
        start_daily_backup(ctx)
        return session_loop(app, ctx, username)
    finally:
        if ctx.db is not None:
            ctx.db.dispose()
